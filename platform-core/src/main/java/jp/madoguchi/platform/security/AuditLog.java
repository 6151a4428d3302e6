package jp.madoguchi.platform.security;

import com.mongodb.reactivestreams.client.MongoDatabase;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The platform's audit log: one entry per staff or operator command (who, town, what, when,
 * outcome) and per read of residents' personal data (with how many rows), in the town's own database, or the platform database for operator acts on no town.
 * Request bodies are never recorded: they may hold residents' data or secrets.
 */
public class AuditLog {

    public static final String COLLECTION = "audit_log";
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final Pattern TOWN_PATH = Pattern.compile("^/api/(?:operator/)?towns/(\\d{6})(?:/|$)");

    private final TenantMongo mongo;
    private final String service;

    public AuditLog(TenantMongo mongo, String service) {
        this.mongo = mongo;
        this.service = service;
    }

    /** @param action what was asked, e.g. {@code PUT /api/towns/{tenantId}/kpi-targets/{fiscalYear}} */
    public Mono<Void> record(Optional<StaffPrincipal> actor, String action, String path, int status, Instant at) {
        return write(entry(actor, action, path, status, at), action, path);
    }

    /**
     * A read of residents' personal data (an application, an export): who read it, what, and how
     * many records they got ({@code rows}; for a stream, how many were sent before it ended).
     */
    public Mono<Void> recordRead(Optional<StaffPrincipal> actor, String action, String path, long rows, Instant at) {
        return write(entry(actor, action, path, 200, at).append("kind", "read").append("rows", rows), action, path);
    }

    /**
     * A streamed read (an export): {@code render} turns the {@code rows} into what is sent (a header, lines), and the
     * read is recorded with the rows sent, however the stream ends: before its end, or when it fails or the reader
     * gives up (a browser cancelling a download).
     */
    public <T, L> Flux<L> streamedRead(Optional<StaffPrincipal> actor, String action, String path, Flux<T> rows,
                                       Function<Flux<T>, Flux<L>> render) {
        AtomicLong sent = new AtomicLong();
        Supplier<Mono<Void>> recorded = () -> recordRead(actor, action, path, sent.get(), Instant.now());
        return render.apply(rows.doOnNext(row -> sent.incrementAndGet()))
                .concatWith(Mono.defer(recorded).then(Mono.<L>empty()))
                .onErrorResume(e -> recorded.get().then(Mono.<L>error(e)))
                .doOnCancel(() -> recorded.get().subscribe());
    }

    private Document entry(Optional<StaffPrincipal> actor, String action, String path, int status, Instant at) {
        Document entry = new Document("at", java.util.Date.from(at))
                .append("service", service)
                .append("actor", actor.map(StaffPrincipal::subject).orElse(null))
                .append("actorName", actor.map(StaffPrincipal::displayName).orElse(null))
                .append("role", actor.map(p -> p.role().claim()).orElse(null))
                .append("actorTown", actor.flatMap(StaffPrincipal::town).map(TenantId::code).orElse(null))
                .append("action", action)
                .append("target", path)
                .append("status", status)
                .append("outcome", outcome(status));
        return entry;
    }

    private Mono<Void> write(Document entry, String action, String path) {
        Optional<TenantId> town = townOf(path);
        MongoDatabase db = town.map(mongo::database).orElseGet(mongo::platform);
        return Mono.from(db.getCollection(COLLECTION).insertOne(entry))
                // the command itself already happened: a lost audit line is logged, not turned into a failed request
                .doOnError(e -> log.error("event=audit-write-failed service={} action=\"{}\" reason={}", service, action, e.toString()))
                .onErrorResume(e -> Mono.empty())
                .then();
    }

    public static Optional<StaffPrincipal> principalOf(java.security.Principal principal) {
        return principal instanceof JwtAuthenticationToken jwt ? Optional.of(StaffPrincipal.from(jwt.getToken())) : Optional.empty();
    }

    static Optional<TenantId> townOf(String path) {
        Matcher m = TOWN_PATH.matcher(path);
        return m.find() && TenantId.problemWith(m.group(1)) == null ? Optional.of(TenantId.of(m.group(1))) : Optional.empty();
    }

    static String outcome(int status) {
        if (status == 401 || status == 403) {
            return "denied";
        }
        return status < 400 ? "succeeded" : "failed";
    }
}
