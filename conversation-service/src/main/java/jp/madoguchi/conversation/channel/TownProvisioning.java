package jp.madoguchi.conversation.channel;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoDatabase;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Prepares a newly onboarded town's database ({@code madoguchi_t_<code>}) for conversation-service,
 * so the town works at once. Creating an index that exists is a no-op, so this is safe to repeat.
 */
@Component
class TownProvisioning {

    private record Index(String collection, Bson keys, String name) {
    }

    /** The indexes conversation-service's per-town collections rely on; a new collection adds its own here. */
    private static final java.util.List<Index> INDEXES = java.util.List.of(
            // the consumers' processed-event markers, looked up by type when investigating a town
            new Index("processed_events", Indexes.ascending("type"), "type"));

    private final TenantMongo mongo;

    public TownProvisioning(TenantMongo mongo) {
        this.mongo = mongo;
    }

    public Mono<Void> provision(TenantId tenant) {
        MongoDatabase db = mongo.database(tenant);
        return Flux.fromIterable(INDEXES)
                .concatMap(i -> Mono.from(db.getCollection(i.collection()).createIndex(i.keys(), new IndexOptions().name(i.name()))))
                .then();
    }
}
