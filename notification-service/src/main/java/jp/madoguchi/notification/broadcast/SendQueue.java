package jp.madoguchi.notification.broadcast;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Broadcasts waiting to be sent or being sent, across towns, in the platform database ({@value #COLLECTION}): written
 * by {@link BroadcastBoard} from the aggregate's events, taken by {@link BroadcastDispatcher} under a lease so that one
 * instance sends a broadcast at a time and another takes over when that instance dies.
 */
@Component
class SendQueue {

    static final String COLLECTION = "broadcast_queue";
    static final Duration LEASE = Duration.ofSeconds(60);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A broadcast to work on: {@code sending} once its audience was taken. */
    record Due(String broadcastId, String tenantId, boolean sending) {
    }

    private final TenantMongo mongo;

    SendQueue(TenantMongo mongo) {
        this.mongo = mongo;
    }

    void scheduled(String broadcastId, String tenantId, Instant sendAt) {
        upsert(broadcastId, Updates.combine(Updates.set("tenantId", tenantId), Updates.set("sendAt", Date.from(sendAt)),
                Updates.set("state", "SCHEDULED")));
    }

    void sending(String broadcastId, String tenantId) {
        upsert(broadcastId, Updates.combine(Updates.set("tenantId", tenantId), Updates.set("state", "SENDING")));
    }

    void remove(String broadcastId) {
        Mono.from(collection().deleteOne(eq("_id", broadcastId))).block(TIMEOUT);
    }

    /** Leases the next broadcast that is due or being sent and whose lease (if any) ran out. */
    Optional<Due> take(Instant now, String owner) {
        Document doc = Mono.from(collection().findOneAndUpdate(
                and(or(eq("state", "SENDING"), and(eq("state", "SCHEDULED"), lte("sendAt", Date.from(now)))),
                        or(exists("leaseUntil", false), lt("leaseUntil", Date.from(now)))),
                Updates.combine(Updates.set("leaseUntil", Date.from(now.plus(LEASE))), Updates.set("owner", owner)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))).block(TIMEOUT);
        return Optional.ofNullable(doc).map(d -> new Due(d.getString("_id"), d.getString("tenantId"), "SENDING".equals(d.getString("state"))));
    }

    /** Keeps the lease while chunks are still being sent. */
    void renew(String broadcastId, Instant now) {
        Mono.from(collection().updateOne(eq("_id", broadcastId), Updates.set("leaseUntil", Date.from(now.plus(LEASE))))).block(TIMEOUT);
    }

    /** Gives the broadcast back, to be taken again after {@code retryAfter} (e.g. while the town's channel is not configured). */
    void release(String broadcastId, Instant retryAt) {
        Mono.from(collection().updateOne(eq("_id", broadcastId), Updates.set("leaseUntil", Date.from(retryAt)))).block(TIMEOUT);
    }

    private void upsert(String broadcastId, org.bson.conversions.Bson update) {
        Mono.from(collection().updateOne(eq("_id", broadcastId), update, new UpdateOptions().upsert(true))).block(TIMEOUT);
    }

    private MongoCollection<Document> collection() {
        return mongo.platform().getCollection(COLLECTION);
    }
}
