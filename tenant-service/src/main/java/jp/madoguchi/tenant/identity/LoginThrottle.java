package jp.madoguchi.tenant.identity;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lte;

import com.mongodb.MongoException;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Brute-force protection for logins, kept in the platform database so every instance sees the same
 * counts. Every attempt is counted atomically before its password is checked, so parallel guesses
 * cannot slip past the limit: per (town, loginId) consecutive failures lock the account for a while,
 * and per source (client address) failures within a window shut that source out, so one source can
 * neither spray many accounts nor lock an account again and again. While an account is locked, a
 * source with no failures of its own may still try (a few times per lock): the admin at the town hall
 * is not kept out by a stranger. Known and unknown login ids are counted alike.
 * See docs/staff-identity.md.
 */
@Component
class LoginThrottle {

    static final String COLLECTION = "login_failures";
    static final String SOURCES = "login_sources";

    /** A reserved attempt whose password may now be checked. */
    record Attempt(long failures, boolean duringLock) {
    }

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

    /**
     * Counts the attempt against its source and its account before anything is checked; answers the
     * attempt to evaluate, or an error (429 for a source over its limit, 423 for a locked account).
     */
    Mono<Attempt> reserve(String key, String source) {
        return reserveSource(source).flatMap(sourceCount -> {
            long count = ((Number) sourceCount.get("failures")).longValue();
            if (count > lockout.sourceLimit()) {
                return Mono.error(IdentityErrors.sourceBlocked(sourceCount.getDate("windowEnds").toInstant()));
            }
            return reserveAccount(key, count == 1);
        });
    }

    /** A correct password: the account's count starts again, and the source's reservation is given back. */
    Mono<Void> succeeded(String key, String source) {
        return Mono.from(failures().deleteOne(eq("_id", key)))
                .then(Mono.from(sources().updateOne(and(eq("_id", source), gt("failures", 0L)), Updates.inc("failures", -1L))))
                .then();
    }

    /** A wrong password: the reserved count stands; reaching the limit locks the account from now on. */
    Mono<Failure> failed(String key, Attempt attempt) {
        if (attempt.duringLock() || attempt.failures() < lockout.lockAfter()) {
            return Mono.just(new Failure(attempt.failures(), Optional.empty()));
        }
        Instant until = Instant.now().plus(lockout.lockDuration());
        return Mono.from(failures().updateOne(eq("_id", key), Updates.set("lockedUntil", Date.from(until))))
                .thenReturn(new Failure(attempt.failures(), Optional.of(until)));
    }

    Duration delayFor(long failures) {
        return lockout.delayFor(failures);
    }

    /** The source's count in its current window, this attempt included; an expired window starts again. */
    private Mono<Document> reserveSource(String source) {
        Date now = new Date();
        Date windowEnds = Date.from(now.toInstant().plus(lockout.sourceWindow()));
        return Mono.from(sources().updateOne(and(eq("_id", source), lte("windowEnds", now)),
                        Updates.combine(Updates.set("failures", 0L), Updates.set("windowEnds", windowEnds))))
                .then(upsertInc(sources(), source, Updates.combine(Updates.inc("failures", 1L), Updates.setOnInsert("windowEnds", windowEnds))));
    }

    private Mono<Attempt> reserveAccount(String key, boolean cleanSource) {
        return Mono.from(failures().find(eq("_id", key)).first())
                .flatMap(doc -> Mono.justOrEmpty(doc.getDate("lockedUntil")).map(Date::toInstant))
                .flatMap(until -> until.isAfter(Instant.now())
                        ? lockedAttempt(key, until, cleanSource)
                        // a lock that has run out is forgotten (once, however many ask at the same time), and counting starts again
                        : Mono.from(failures().deleteOne(and(eq("_id", key), eq("lockedUntil", Date.from(until))))).then(Mono.empty()))
                .switchIfEmpty(Mono.defer(() -> upsertInc(failures(), key, Updates.inc("failures", 1L)).flatMap(doc -> {
                    long failures = ((Number) doc.get("failures")).longValue();
                    if (failures <= lockout.lockAfter()) {
                        return Mono.just(new Attempt(failures, false));
                    }
                    // over the limit while the attempt that reached it is still being checked: locked from now on either way
                    Date until = Date.from(Instant.now().plus(lockout.lockDuration()));
                    return Mono.from(failures().updateOne(and(eq("_id", key), exists("lockedUntil", false)), Updates.set("lockedUntil", until)))
                            .then(Mono.error(IdentityErrors.locked(doc.getDate("lockedUntil") == null ? until.toInstant()
                                    : doc.getDate("lockedUntil").toInstant())));
                })));
    }

    private Mono<Attempt> lockedAttempt(String key, Instant until, boolean cleanSource) {
        if (!cleanSource) {
            return Mono.error(IdentityErrors.locked(until));
        }
        return upsertInc(failures(), key, Updates.inc("triesDuringLock", 1L))
                .flatMap(doc -> ((Number) doc.get("triesDuringLock")).longValue() <= lockout.lockAfter()
                        ? Mono.just(new Attempt(((Number) doc.get("failures")).longValue(), true))
                        : Mono.error(IdentityErrors.locked(until)));
    }

    /** One atomic increment; two first attempts racing to create the document retry once as an update. */
    private static Mono<Document> upsertInc(MongoCollection<Document> collection, String id, org.bson.conversions.Bson update) {
        return Mono.from(collection.findOneAndUpdate(eq("_id", id), update,
                        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)))
                .retryWhen(Retry.max(1).filter(e -> e instanceof MongoException m && m.getCode() == 11000));
    }

    private MongoCollection<Document> failures() {
        return mongo.platform().getCollection(COLLECTION);
    }

    private MongoCollection<Document> sources() {
        return mongo.platform().getCollection(SOURCES);
    }
}
