package jp.madoguchi.notification.daily;

import com.mongodb.reactivestreams.client.MongoClient;
import jp.madoguchi.platform.tenancy.TenantId;
import org.bson.Document;
import org.bson.conversions.Bson;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The towns a daily job looks at: those whose own database ({@code madoguchi_t_<code>}) holds what the job needs. */
public final class TownDatabases {

    private static final String TOWN_DATABASE = "madoguchi_t_";

    private TownDatabases() {
    }

    /** Every town with at least one document matching {@code filter} in its {@code collection}. */
    public static Flux<TenantId> having(MongoClient client, String collection, Bson filter) {
        return Flux.from(client.listDatabaseNames())
                .filter(name -> name.startsWith(TOWN_DATABASE) && TenantId.problemWith(name.substring(TOWN_DATABASE.length())) == null)
                .map(name -> TenantId.of(name.substring(TOWN_DATABASE.length())))
                .filterWhen(tenant -> Mono.from(client.getDatabase(tenant.mongoDatabase()).getCollection(collection, Document.class)
                        .countDocuments(filter)).map(n -> n > 0));
    }
}
