package jp.madoguchi.conversation.notice;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import jp.madoguchi.conversation.procedure.PublishedProcedures;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.contracts.ApplicationStatusChanged;
import jp.madoguchi.platform.events.contracts.ApplicationSubmitted;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Each resident's applications as they see them (receipt number, procedure, status), in the town's
 * database ({@value #COLLECTION}, one document per application). Updates are guarded by the event's
 * sequence in the application's stream, so a redelivered or replayed event changes nothing.
 */
@Component
class ResidentApplications {

    static final String COLLECTION = "resident_applications";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final TenantMongo mongo;
    private final PublishedProcedures procedures;

    public ResidentApplications(TenantMongo mongo, PublishedProcedures procedures) {
        this.mongo = mongo;
        this.procedures = procedures;
    }

    Mono<Void> on(EventEnvelope envelope, ApplicationSubmitted e) {
        TenantId tenant = TenantId.of(envelope.tenantId());
        String title = procedures.flow(tenant, e.procedureId(), e.procedureVersion()).map(f -> f.title())
                .or(() -> procedures.latest(tenant, e.procedureId()).map(PublishedProcedures.Published::title))
                .orElse(e.procedureId());
        return guarded(tenant, e.applicationId(), envelope.sequence(), Updates.combine(
                Updates.set("residentId", e.residentId()),
                Updates.set("receiptNumber", e.receiptNumber()),
                Updates.set("procedureId", e.procedureId()),
                Updates.set("procedureTitle", title),
                Updates.set("status", "RECEIVED"),
                Updates.set("submittedAt", Date.from(e.submittedAt())),
                Updates.set("sequence", envelope.sequence())));
    }

    Mono<Void> on(EventEnvelope envelope, ApplicationStatusChanged e) {
        TenantId tenant = TenantId.of(envelope.tenantId());
        return guarded(tenant, e.applicationId(), envelope.sequence(), Updates.combine(
                Updates.set("residentId", e.residentId()),
                Updates.set("receiptNumber", e.receiptNumber()),
                Updates.set("procedureId", e.procedureId()),
                Updates.set("status", e.to()),
                Updates.set("updatedAt", Date.from(e.changedAt())),
                Updates.set("sequence", envelope.sequence())));
    }

    /** The procedure's name as stored with the application, if the application is known. */
    Mono<String> title(TenantId tenant, String applicationId) {
        return Mono.from(collection(tenant).find(eq("_id", applicationId)).first()).mapNotNull(d -> d.getString("procedureTitle"));
    }

    /** The resident's applications, newest first, at most {@code limit}. */
    public List<NoticeTexts.Line> of(TenantId tenant, String residentId, int limit) {
        return Flux.from(collection(tenant).find(eq("residentId", residentId)).sort(Sorts.descending("receiptNumber")).limit(limit))
                .map(d -> new NoticeTexts.Line(d.getString("receiptNumber"),
                        d.getString("procedureTitle") == null ? d.getString("procedureId") : d.getString("procedureTitle"), d.getString("status")))
                .collectList()
                .block(TIMEOUT);
    }

    private Mono<Void> guarded(TenantId tenant, String applicationId, long sequence, Bson update) {
        Bson olderOrMissing = and(eq("_id", applicationId), or(exists("sequence", false), lt("sequence", sequence)));
        return Mono.from(collection(tenant).updateOne(olderOrMissing, update, new UpdateOptions().upsert(true)))
                // a later event is already applied: the filter missed and the upsert hit the same _id
                .onErrorResume(MongoWriteException.class, x -> x.getError().getCategory() == ErrorCategory.DUPLICATE_KEY ? Mono.empty() : Mono.error(x))
                .then();
    }

    private MongoCollection<Document> collection(TenantId tenant) {
        return mongo.database(tenant).getCollection(COLLECTION);
    }
}
