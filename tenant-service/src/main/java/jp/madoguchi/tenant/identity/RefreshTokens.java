package jp.madoguchi.tenant.identity;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import jp.madoguchi.platform.security.Role;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Opaque refresh tokens, stored only as SHA-256 with their owner, family and expiry. Each use
 * rotates the token; presenting one that was already rotated means it leaked, so its whole family
 * (every token descended from the same login) is revoked.
 */
@Component
class RefreshTokens {

    private static final Logger log = LoggerFactory.getLogger(RefreshTokens.class);
    static final String COLLECTION = "refresh_tokens";

    /** The owner of a refresh token that was valid and has now been used up. */
    record Used(String family, Account owner) {
    }

    private final TenantMongo mongo;
    private final IdentityProperties props;

    RefreshTokens(TenantMongo mongo, IdentityProperties props) {
        this.mongo = mongo;
        this.props = props;
    }

    /** A new token for {@code owner}; a new family unless {@code family} continues one. */
    Mono<String> issue(Account owner, String family) {
        String token = Secrets.newCode();
        Document doc = new Document("_id", Secrets.sha256(token))
                .append("family", family == null ? UUID.randomUUID().toString() : family)
                .append("subject", owner.subject())
                .append("tenantId", owner.tenantId())
                .append("loginId", owner.loginId())
                .append("displayName", owner.displayName())
                .append("role", owner.role().claim())
                .append("issuedAt", new Date())
                .append("expiresAt", Date.from(Instant.now().plus(props.refreshTokenLifetime())));
        return Mono.from(tokens().insertOne(doc)).thenReturn(token);
    }

    /**
     * Uses up {@code token}: its owner when it was valid, empty when unknown, expired or revoked.
     * A revoked token coming back revokes its family.
     */
    Mono<Used> use(String token) {
        String hash = Secrets.sha256(token);
        return Mono.from(tokens().find(eq("_id", hash)).first())
                .flatMap(doc -> {
                    String family = doc.getString("family");
                    if (doc.getDate("revokedAt") != null) {
                        log.warn("event=refresh-token-reuse action=family-revoked subject={}", doc.getString("subject"));
                        return revokeFamily(family).then(Mono.empty());
                    }
                    if (!doc.getDate("expiresAt").toInstant().isAfter(Instant.now())) {
                        return Mono.empty();
                    }
                    // only the request that flips revokedAt wins; a concurrent second use counts as reuse
                    return Mono.from(tokens().updateOne(and(eq("_id", hash), eq("revokedAt", null)), Updates.set("revokedAt", new Date())))
                            .flatMap(result -> result.getModifiedCount() == 1
                                    ? Mono.just(new Used(family, owner(doc)))
                                    : revokeFamily(family).then(Mono.empty()));
                });
    }

    /** Logout: the token's whole family stops working. */
    Mono<Void> revoke(String token) {
        return Mono.from(tokens().find(eq("_id", Secrets.sha256(token))).first())
                .flatMap(doc -> revokeFamily(doc.getString("family")));
    }

    Mono<Void> revokeFamily(String family) {
        return Mono.from(tokens().updateMany(and(eq("family", family), eq("revokedAt", null)), Updates.set("revokedAt", new Date()))).then();
    }

    private static Account owner(Document doc) {
        return new Account(doc.getString("subject"), doc.getString("tenantId"), doc.getString("loginId"), doc.getString("displayName"),
                Role.fromClaim(doc.getString("role")));
    }

    private MongoCollection<Document> tokens() {
        return mongo.platform().getCollection(COLLECTION);
    }
}
