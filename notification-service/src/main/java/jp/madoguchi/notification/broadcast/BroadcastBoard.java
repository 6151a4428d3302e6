package jp.madoguchi.notification.broadcast;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Duration;
import java.util.Date;
import jp.madoguchi.notification.broadcast.BroadcastMessages.BroadcastApproved;
import jp.madoguchi.notification.broadcast.BroadcastMessages.BroadcastCancelled;
import jp.madoguchi.notification.broadcast.BroadcastMessages.BroadcastChunkSent;
import jp.madoguchi.notification.broadcast.BroadcastMessages.BroadcastCompleted;
import jp.madoguchi.notification.broadcast.BroadcastMessages.BroadcastDrafted;
import jp.madoguchi.notification.broadcast.BroadcastMessages.BroadcastScheduled;
import jp.madoguchi.notification.broadcast.BroadcastMessages.BroadcastSendingStarted;
import jp.madoguchi.notification.broadcast.BroadcastMessages.Status;
import jp.madoguchi.platform.tenancy.TenantContext;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What staff see of each broadcast, live while it is sent: one document per broadcast in the town's {@value #COLLECTION}
 * (content, audience, status, who drafted and approved it, progress per chunk), and the platform's {@link SendQueue}.
 * Every write sets fields to what the event says, so applying an event again, or replaying all, gives the same documents.
 */
@Component
@ProcessingGroup(BroadcastBoard.PROCESSING_GROUP)
class BroadcastBoard {

    static final String PROCESSING_GROUP = "broadcast-board";
    static final String COLLECTION = "broadcasts";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final TenantMongo mongo;
    private final SendQueue queue;

    BroadcastBoard(TenantMongo mongo, SendQueue queue) {
        this.mongo = mongo;
        this.queue = queue;
    }

    @EventHandler
    void on(BroadcastDrafted e) {
        BroadcastContent c = e.content();
        write(e.tenantId(), e.broadcastId(), Updates.combine(
                Updates.set("title", e.title()),
                Updates.set("content", new Document("text", c.text()).append("imageUrl", c.imageUrl())
                        .append("procedureId", c.procedureId()).append("buttonLabel", c.buttonLabel())),
                Updates.set("audience", new Document("definition", e.audience().definition()).append("name", e.audience().name())),
                Updates.set("approvalRequired", e.approvalRequired()),
                Updates.set("status", Status.DRAFT.name()),
                Updates.set("draftedBy", e.by()),
                Updates.set("draftedAt", Date.from(e.at()))));
    }

    @EventHandler
    void on(BroadcastApproved e, @MetaDataValue(TenantContext.KEY) String tenant) {
        write(tenant, e.broadcastId(), Updates.combine(Updates.set("approvedBy", e.by()), Updates.set("approvedAt", Date.from(e.at()))));
    }

    @EventHandler
    void on(BroadcastScheduled e, @MetaDataValue(TenantContext.KEY) String tenant) {
        write(tenant, e.broadcastId(), Updates.combine(Updates.set("status", Status.SCHEDULED.name()), Updates.set("sendAt", Date.from(e.sendAt()))));
        queue.scheduled(e.broadcastId(), tenant, e.sendAt());
    }

    @EventHandler
    void on(BroadcastCancelled e, @MetaDataValue(TenantContext.KEY) String tenant) {
        write(tenant, e.broadcastId(), Updates.combine(Updates.set("status", Status.CANCELLED.name()), Updates.set("cancelledBy", e.by()),
                Updates.set("cancelledAt", Date.from(e.at()))));
        queue.remove(e.broadcastId());
    }

    @EventHandler
    void on(BroadcastSendingStarted e, @MetaDataValue(TenantContext.KEY) String tenant) {
        write(tenant, e.broadcastId(), Updates.combine(Updates.set("status", Status.SENDING.name()), Updates.set("recipients", e.recipients()),
                Updates.set("chunks", e.chunks()), Updates.set("startedAt", Date.from(e.at()))));
        queue.sending(e.broadcastId(), tenant);
    }

    @EventHandler
    void on(BroadcastChunkSent e, @MetaDataValue(TenantContext.KEY) String tenant) {
        write(tenant, e.broadcastId(), Updates.set("progress." + e.chunk(),
                new Document("delivered", e.delivered()).append("failed", e.failed()).append("skipped", e.skipped())));
    }

    @EventHandler
    void on(BroadcastCompleted e, @MetaDataValue(TenantContext.KEY) String tenant) {
        write(tenant, e.broadcastId(), Updates.combine(Updates.set("status", Status.SENT.name()), Updates.set("delivered", e.delivered()),
                Updates.set("failed", e.failed()), Updates.set("skipped", e.skipped()), Updates.set("sentAt", Date.from(e.at()))));
        queue.remove(e.broadcastId());
    }

    Mono<Document> find(TenantId tenant, String broadcastId) {
        return Mono.from(collection(tenant).find(eq("_id", broadcastId)).first());
    }

    /** The town's broadcasts, newest first. */
    Flux<Document> recent(TenantId tenant, int limit) {
        return Flux.from(collection(tenant).find().sort(Sorts.descending("draftedAt")).limit(limit));
    }

    private void write(String tenant, String broadcastId, Bson update) {
        Mono.from(collection(TenantId.of(tenant)).updateOne(eq("_id", broadcastId), update, new UpdateOptions().upsert(true))).block(TIMEOUT);
    }

    private MongoCollection<Document> collection(TenantId tenant) {
        return mongo.database(tenant).getCollection(COLLECTION);
    }
}
