package jp.madoguchi.tenant.identity;

import static com.mongodb.client.model.Filters.eq;

import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Whether a town may use the platform, read from the town read model (status SUSPENDED shuts its staff out). */
@Component
class TownStatus {

    private final TenantMongo mongo;

    TownStatus(TenantMongo mongo) {
        this.mongo = mongo;
    }

    Mono<Boolean> isSuspended(TenantId tenant) {
        return Mono.from(mongo.database(tenant).getCollection("town").find(eq("_id", tenant.code())).first())
                .map(doc -> "SUSPENDED".equals(doc.getString("status")))
                .defaultIfEmpty(false);
    }
}
