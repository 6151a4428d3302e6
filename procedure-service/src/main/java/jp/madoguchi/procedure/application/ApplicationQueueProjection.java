package jp.madoguchi.procedure.application;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import jp.madoguchi.platform.tenancy.TenantContext;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import jp.madoguchi.procedure.application.ApplicationMessages.ApplicationAssigned;
import jp.madoguchi.procedure.application.ApplicationMessages.ApplicationStatusChanged;
import jp.madoguchi.procedure.application.ApplicationMessages.ApplicationSubmitted;
import jp.madoguchi.procedure.application.ApplicationMessages.InternalNoteAdded;
import jp.madoguchi.procedure.application.ApplicationMessages.MessageSentToResident;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The town's work queue: one document per application in the town's own database
 * ({@value #COLLECTION}), with its current state and its whole history. Each event is applied with
 * one single-document update guarded by the event's sequence number in its application, so an
 * event seen again (a replay, a crash before the token was saved) changes nothing.
 */
@Component
@ProcessingGroup(ApplicationQueueProjection.PROCESSING_GROUP)
public class ApplicationQueueProjection {

    public static final String PROCESSING_GROUP = "application-queue";
    static final String COLLECTION = "applications";
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final TenantMongo mongo;

    public ApplicationQueueProjection(TenantMongo mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(ApplicationSubmitted e, @SequenceNumber long seq) {
        Document answers = new Document();
        e.answers().forEach(answers::append);
        Bson update = Updates.combine(
                Updates.set("receiptNumber", e.receiptNumber()),
                Updates.set("conversationId", e.conversationId()),
                Updates.set("procedureId", e.procedureId()),
                Updates.set("procedureVersion", e.procedureVersion()),
                Updates.set("residentId", e.residentId()),
                Updates.set("channel", e.channel()),
                Updates.set("channelUserId", e.channelUserId()),
                Updates.set("answers", answers),
                Updates.set("attachments", e.attachments()),
                Updates.set("status", ApplicationStatus.RECEIVED.name()),
                Updates.set("submittedAt", Date.from(e.submittedAt())),
                Updates.set("updatedAt", Date.from(e.submittedAt())),
                Updates.set("history", List.of(entry(seq, "SUBMITTED", e.submittedAt(), Actor.SYSTEM,
                        e.channel() + "から申請を受け付けました（受付番号 " + e.receiptNumber() + "）")
                        .append("to", ApplicationStatus.RECEIVED.name()))),
                Updates.set("seq", seq));
        try {
            Mono.from(applications(TenantId.of(e.tenantId())).updateOne(and(eq("_id", e.applicationId()), lt("seq", seq)), update,
                    new UpdateOptions().upsert(true))).block(WRITE_TIMEOUT);
        } catch (MongoWriteException ex) {
            // the document already reflects this event: the upsert's insert met the existing id
            if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw ex;
            }
        }
    }

    @EventHandler
    void on(ApplicationStatusChanged e, @SequenceNumber long seq, @MetaDataValue(TenantContext.KEY) String tenant) {
        String text = e.from().label() + " → " + e.to().label() + (e.reason().isEmpty() ? "" : "：" + e.reason());
        List<Bson> updates = new ArrayList<>(List.of(Updates.set("status", e.to().name())));
        if (e.to().isClosed()) {
            updates.add(Updates.set("closedAt", Date.from(e.at())));
        }
        apply(tenant, e.applicationId(), seq, e.at(), updates, entry(seq, "STATUS_CHANGED", e.at(), e.actor(), text)
                .append("from", e.from().name()).append("to", e.to().name()).append("reason", e.reason()));
    }

    @EventHandler
    void on(ApplicationAssigned e, @SequenceNumber long seq, @MetaDataValue(TenantContext.KEY) String tenant) {
        apply(tenant, e.applicationId(), seq, e.at(),
                List.of(Updates.set("assigneeId", e.staffId()), Updates.set("assigneeName", e.staffName())),
                entry(seq, "ASSIGNED", e.at(), e.actor(), "担当者を " + e.staffName() + " にしました").append("staffId", e.staffId()));
    }

    @EventHandler
    void on(InternalNoteAdded e, @SequenceNumber long seq, @MetaDataValue(TenantContext.KEY) String tenant) {
        apply(tenant, e.applicationId(), seq, e.at(), List.of(), entry(seq, "NOTE", e.at(), e.author(), e.text()));
    }

    @EventHandler
    void on(MessageSentToResident e, @SequenceNumber long seq, @MetaDataValue(TenantContext.KEY) String tenant) {
        apply(tenant, e.applicationId(), seq, e.at(), List.of(),
                entry(seq, "MESSAGE", e.at(), e.sender(), e.text()).append("messageId", e.messageId()));
    }

    /** Only when the document has not seen this event yet; it exists, since its submission comes first. */
    private void apply(String tenant, String applicationId, long seq, Instant at, List<Bson> changes, Document historyEntry) {
        List<Bson> updates = new ArrayList<>(changes);
        updates.add(Updates.set("updatedAt", Date.from(at)));
        updates.add(Updates.set("seq", seq));
        updates.add(Updates.push("history", historyEntry));
        Mono.from(applications(TenantId.of(tenant)).updateOne(and(eq("_id", applicationId), lt("seq", seq)), Updates.combine(updates)))
                .block(WRITE_TIMEOUT);
    }

    private static Document entry(long seq, String type, Instant at, Actor actor, String text) {
        return new Document("seq", seq)
                .append("type", type)
                .append("at", Date.from(at))
                .append("actorKind", actor.kind().name())
                .append("actorId", actor.id())
                .append("actorName", actor.name())
                .append("text", text);
    }

    MongoCollection<Document> applications(TenantId tenant) {
        return mongo.database(tenant).getCollection(COLLECTION);
    }
}
