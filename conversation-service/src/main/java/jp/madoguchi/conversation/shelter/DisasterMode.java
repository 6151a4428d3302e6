package jp.madoguchi.conversation.shelter;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Whether a town is in disaster mode (災害モード), kept in its own database ({@value #COLLECTION}, {@code _id} current):
 * while on, menus put 「避難所をさがす」 first and the channel's default rich menu is the shelters-first one
 * ({@code richMenuId}); off, the town's normal menu is back.
 */
@Component
public class DisasterMode {

    static final String COLLECTION = "disaster_mode";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The town's mode; {@code richMenuId} is the shelters-first menu while on (null without a LINE channel). */
    public record State(boolean on, String richMenuId, Instant changedAt, String changedBy) {
    }

    private final TenantMongo mongo;

    DisasterMode(TenantMongo mongo) {
        this.mongo = mongo;
    }

    public boolean on(TenantId tenant) {
        return state(tenant).on();
    }

    public State state(TenantId tenant) {
        Document d = Mono.from(collection(tenant).find(eq("_id", "current")).first()).block(TIMEOUT);
        if (d == null) {
            return new State(false, null, null, null);
        }
        return new State(d.getBoolean("on", false), d.getString("richMenuId"), d.getDate("changedAt").toInstant(), d.getString("changedBy"));
    }

    public State set(TenantId tenant, boolean on, String richMenuId, String by) {
        Instant now = Instant.now();
        Mono.from(collection(tenant).replaceOne(eq("_id", "current"), new Document("_id", "current").append("on", on)
                .append("richMenuId", richMenuId).append("changedAt", Date.from(now)).append("changedBy", by),
                new ReplaceOptions().upsert(true))).block(TIMEOUT);
        return new State(on, richMenuId, now, by);
    }

    private MongoCollection<Document> collection(TenantId tenant) {
        return mongo.database(tenant).getCollection(COLLECTION);
    }
}
