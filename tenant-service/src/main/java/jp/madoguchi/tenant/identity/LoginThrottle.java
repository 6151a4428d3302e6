package jp.madoguchi.tenant.identity;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Consecutive failed logins per (town, loginId), kept in the platform database so every instance
 * sees the same count. Known and unknown login ids are counted alike, so the answers tell nothing apart.
 */
@Component
class LoginThrottle {

    static final String COLLECTION = "login_failures";

    /** Where an attempt stands after a failure: how many in a row, and until when it is locked (if it is). */
    record Failure(long failures, Optional<Instant> lockedUntil) {
    }

    private final TenantMongo mongo;
    private final IdentityProperties.Lockout lockout;

    LoginThrottle(TenantMongo mongo, IdentityProperties props) {
        this.mongo = mongo;
        this.lockout = props.lockout();
    }

    static String key(String tenantId, String loginId) {
        return (tenantId == null ? "operator" : tenantId) + "/" + loginId;
    }

    /** The end of a running lock; a lock that has run out is forgotten, and counting starts again. */
    Mono<Instant> lockedUntil(String key) {
        return Mono.from(failures().find(eq("_id", key)).first())
                .flatMap(doc -> {
                    Date until = doc.getDate("lockedUntil");
                    if (until == null) {
                        return Mono.empty();
                    }
                    if (until.toInstant().isAfter(Instant.now())) {
                        return Mono.just(until.toInstant());
                    }
                    return reset(key).then(Mono.empty());
                });
    }

    Mono<Failure> recordFailure(String key) {
        return Mono.from(failures().findOneAndUpdate(eq("_id", key), Updates.combine(Updates.inc("failures", 1L),
                                Updates.set("lastFailureAt", new Date())),
                        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)))
                .flatMap(doc -> {
                    long failures = ((Number) doc.get("failures")).longValue();
                    if (failures < lockout.lockAfter()) {
                        return Mono.just(new Failure(failures, Optional.empty()));
                    }
                    Instant until = Instant.now().plus(lockout.lockDuration());
                    return Mono.from(failures().updateOne(eq("_id", key), Updates.set("lockedUntil", Date.from(until))))
                            .thenReturn(new Failure(failures, Optional.of(until)));
                });
    }

    Mono<Void> reset(String key) {
        return Mono.from(failures().deleteOne(eq("_id", key))).then();
    }

    java.time.Duration delayFor(long failures) {
        return lockout.delayFor(failures);
    }

    private MongoCollection<Document> failures() {
        return mongo.platform().getCollection(COLLECTION);
    }
}
