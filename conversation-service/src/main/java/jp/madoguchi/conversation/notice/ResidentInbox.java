package jp.madoguchi.conversation.notice;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Notices for residents of the web chat, who cannot be pushed to: kept per resident in the town's
 * database ({@value #COLLECTION}) for the web chat to show. One document per notice, named by what
 * caused it, so a redelivered event stores nothing new. The web chat calls {@link #recent}.
 */
@Component
public class ResidentInbox {

    static final String COLLECTION = "resident_inbox";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** One notice: {@code noticeId} is stable (e.g. {@code notice:<eventId>}), {@code text} is what to show. */
    public record Notice(String noticeId, String applicationId, String receiptNumber, String text, Instant at) {
    }

    private final TenantMongo mongo;

    public ResidentInbox(TenantMongo mongo) {
        this.mongo = mongo;
    }

    public Mono<Void> keep(TenantId tenant, String residentId, Notice notice) {
        return Mono.from(mongo.database(tenant).getCollection(COLLECTION).updateOne(eq("_id", notice.noticeId()), Updates.combine(
                        Updates.setOnInsert("residentId", residentId),
                        Updates.setOnInsert("applicationId", notice.applicationId()),
                        Updates.setOnInsert("receiptNumber", notice.receiptNumber()),
                        Updates.setOnInsert("text", notice.text()),
                        Updates.setOnInsert("at", Date.from(notice.at()))), new UpdateOptions().upsert(true)))
                .then();
    }

    /** The resident's notices, newest first, at most {@code limit}. For the web chat. */
    public List<Notice> recent(TenantId tenant, String residentId, int limit) {
        return Flux.from(mongo.database(tenant).getCollection(COLLECTION).find(eq("residentId", residentId)).sort(Sorts.descending("at")).limit(limit))
                .map(d -> new Notice(d.getString("_id"), d.getString("applicationId"), d.getString("receiptNumber"), d.getString("text"),
                        d.getDate("at").toInstant()))
                .collectList()
                .block(TIMEOUT);
    }
}
