package jp.madoguchi.notification.audience;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import jp.madoguchi.platform.tenancy.TenantId;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The projection {@value #COLLECTION} in each town's database: one document per resident, the state the index
 * is built from. Resident-stream updates are guarded by that stream's sequence, so a redelivered or
 * republished event changes nothing; procedures are a set, so an application counted twice is still one.
 */
@Component
class ResidentStore {

    static final String COLLECTION = "residents";
    static final Duration REBUILD_TIMEOUT = Duration.ofMinutes(10);
    private static final FindOneAndUpdateOptions UPSERT_AFTER = new FindOneAndUpdateOptions().upsert(true)
            .returnDocument(ReturnDocument.AFTER);

    private final MongoClient client;

    ResidentStore(MongoClient client) {
        this.client = client;
    }

    MongoClient client() {
        return client;
    }

    /** Applies a resident-stream update unless a later one was applied; answers the resulting state, or empty. */
    Mono<ResidentState> updateGuarded(TenantId tenant, String residentId, long sequence, Bson update) {
        Bson olderOrMissing = and(eq("_id", residentId), or(exists("seq", false), lt("seq", sequence)));
        return Mono.from(collection(tenant).findOneAndUpdate(olderOrMissing, update, UPSERT_AFTER))
                // a later event is already applied: the filter missed and the upsert hit the same _id (findAndModify
                // reports it as a command error, not a write error)
                .onErrorResume(MongoException.class, x -> ErrorCategory.fromErrorCode(x.getCode()) == ErrorCategory.DUPLICATE_KEY
                        ? Mono.empty() : Mono.error(x))
                .map(ResidentStore::state);
    }

    Mono<ResidentState> update(TenantId tenant, String residentId, Bson update) {
        return Mono.from(collection(tenant).findOneAndUpdate(eq("_id", residentId), update, UPSERT_AFTER)).map(ResidentStore::state);
    }

    Flux<ResidentState> all(TenantId tenant) {
        return Flux.from(collection(tenant).find().batchSize(10_000)).map(ResidentStore::state);
    }

    private MongoCollection<Document> collection(TenantId tenant) {
        return client.getDatabase(tenant.mongoDatabase()).getCollection(COLLECTION);
    }

    static ResidentState state(Document d) {
        Map<String, String> attributes = new HashMap<>();
        Document stored = d.get("attributes", Document.class);
        if (stored != null) {
            stored.forEach((k, v) -> attributes.put(k, String.valueOf(v)));
        }
        List<String> procedures = d.getList("procedures", String.class, List.of());
        java.util.Date followedAt = d.getDate("followedAt");
        return new ResidentState(d.getString("_id"), d.getString("channel"), d.getString("channelUserId"),
                Boolean.TRUE.equals(d.getBoolean("following")), followedAt == null ? null : followedAt.toInstant(), attributes,
                new HashSet<>(procedures));
    }
}
