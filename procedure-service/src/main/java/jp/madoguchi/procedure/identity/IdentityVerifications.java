package jp.madoguchi.procedure.identity;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.ReplaceOptions;
import java.util.Date;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Runs a verification through the configured {@link IdentityVerifier} and keeps only its result with
 * the application, in the town's database ({@value #COLLECTION}, {@code _id} = applicationId): verified,
 * method, verifiedAt, providerReference. A later check replaces an earlier one.
 */
@Component
class IdentityVerifications {

    static final String COLLECTION = "identity_verifications";

    private final IdentityVerifier verifier;
    private final TenantMongo mongo;

    public IdentityVerifications(IdentityVerifier verifier, TenantMongo mongo) {
        this.verifier = verifier;
        this.mongo = mongo;
    }

    public Mono<IdentityVerification> verifyAndRecord(TenantId tenant, String applicationId, String providerToken) {
        return verifier.verify(tenant.code(), applicationId, providerToken).flatMap(result -> Mono.from(
                mongo.database(tenant).getCollection(COLLECTION).replaceOne(eq("_id", applicationId), new Document("_id", applicationId)
                        .append("verified", result.verified())
                        .append("method", result.method())
                        .append("verifiedAt", Date.from(result.verifiedAt()))
                        .append("providerReference", result.providerReference()), new ReplaceOptions().upsert(true))).thenReturn(result));
    }

    public Mono<IdentityVerification> of(TenantId tenant, String applicationId) {
        return Mono.from(mongo.database(tenant).getCollection(COLLECTION).find(eq("_id", applicationId)).first())
                .map(d -> new IdentityVerification(d.getBoolean("verified"), d.getString("method"), d.getDate("verifiedAt").toInstant(),
                        d.getString("providerReference")));
    }
}
