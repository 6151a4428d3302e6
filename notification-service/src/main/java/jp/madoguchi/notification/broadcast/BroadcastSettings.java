package jp.madoguchi.notification.broadcast;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.ReplaceOptions;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** A town's broadcast rules, set by its admins: whether a second staff member must approve each broadcast before it is sent. */
@Component
class BroadcastSettings {

    static final String COLLECTION = "broadcast_settings";

    private final TenantMongo mongo;

    BroadcastSettings(TenantMongo mongo) {
        this.mongo = mongo;
    }

    Mono<Boolean> approvalRequired(TenantId tenant) {
        return Mono.from(mongo.database(tenant).getCollection(COLLECTION).find(eq("_id", "settings")).first())
                .map(d -> d.getBoolean("approvalRequired", false))
                .defaultIfEmpty(false);
    }

    Mono<Boolean> setApprovalRequired(TenantId tenant, boolean required) {
        return Mono.from(mongo.database(tenant).getCollection(COLLECTION).replaceOne(eq("_id", "settings"),
                new Document("_id", "settings").append("approvalRequired", required), new ReplaceOptions().upsert(true))).thenReturn(required);
    }
}
