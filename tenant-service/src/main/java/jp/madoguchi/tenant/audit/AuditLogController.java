package jp.madoguchi.tenant.audit;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import jp.madoguchi.platform.security.AuditLog;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A town admin reads the town's audit log, newest first: every service writes its commands there. */
@RestController
class AuditLogController {

    public record AuditEntry(Instant at, String service, String actor, String actorName, String role, String actorTown,
                             String action, String target, int status, String outcome) {
    }

    public record AuditPage(List<AuditEntry> items, int page, int size, long total) {
    }

    private final TenantMongo mongo;

    public AuditLogController(TenantMongo mongo) {
        this.mongo = mongo;
    }

    @GetMapping("/api/towns/{tenantId}/audit-log")
    @PreAuthorize("hasRole('ADMIN')")
    public Mono<AuditPage> auditLog(@PathVariable String tenantId, @RequestParam(defaultValue = "0") int page,
                                    @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > 200) {
            return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, "page must be 0 or more and size between 1 and 200"));
        }
        MongoCollection<Document> log = mongo.database(TenantId.of(tenantId)).getCollection(AuditLog.COLLECTION);
        Mono<List<AuditEntry>> items = Flux.from(log.find(Filters.empty()).sort(Sorts.descending("at")).skip(page * size).limit(size))
                .map(AuditLogController::entry)
                .collectList();
        return Mono.zip(items, Mono.from(log.countDocuments())).map(t -> new AuditPage(t.getT1(), page, size, t.getT2()));
    }

    private static AuditEntry entry(Document d) {
        Date at = d.getDate("at");
        return new AuditEntry(at == null ? null : at.toInstant(), d.getString("service"), d.getString("actor"), d.getString("actorName"),
                d.getString("role"), d.getString("actorTown"), d.getString("action"), d.getString("target"),
                d.getInteger("status", 0), d.getString("outcome"));
    }
}
