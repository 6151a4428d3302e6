package jp.madoguchi.notification.audience;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Instant;
import java.util.Date;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A town's named segments ({@value #COLLECTION}): the definition is kept, never the members, which change every day. */
@Component
public class SavedSegments {

    static final String COLLECTION = "segments";

    /** One saved segment. */
    public record Saved(String id, String name, Segment definition, String savedBy, Instant savedAt) {
    }

    private final TenantMongo mongo;

    SavedSegments(TenantMongo mongo) {
        this.mongo = mongo;
    }

    Mono<Saved> save(TenantId tenant, Saved segment) {
        Document doc = new Document("_id", segment.id()).append("name", segment.name())
                .append("definition", Document.parse(SegmentJson.write(segment.definition()).toString()))
                .append("savedBy", segment.savedBy()).append("savedAt", Date.from(segment.savedAt()));
        return Mono.from(collection(tenant).replaceOne(eq("_id", segment.id()), doc, new ReplaceOptions().upsert(true))).thenReturn(segment);
    }

    public Mono<Saved> find(TenantId tenant, String id) {
        return Mono.from(collection(tenant).find(eq("_id", id)).first()).map(SavedSegments::saved);
    }

    Flux<Saved> all(TenantId tenant) {
        return Flux.from(collection(tenant).find().sort(Sorts.ascending("name"))).map(SavedSegments::saved);
    }

    Mono<Boolean> delete(TenantId tenant, String id) {
        return Mono.from(collection(tenant).deleteOne(eq("_id", id))).map(r -> r.getDeletedCount() > 0);
    }

    private static Saved saved(Document d) {
        Segment definition = SegmentJson.read(JsonDocuments.tree(d.get("definition", Document.class)));
        return new Saved(d.getString("_id"), d.getString("name"), definition, d.getString("savedBy"), d.getDate("savedAt").toInstant());
    }

    private MongoCollection<Document> collection(TenantId tenant) {
        return mongo.database(tenant).getCollection(COLLECTION);
    }
}
