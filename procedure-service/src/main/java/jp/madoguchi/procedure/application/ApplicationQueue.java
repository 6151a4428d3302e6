package jp.madoguchi.procedure.application;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.madoguchi.platform.fiscal.FiscalYear;
import jp.madoguchi.platform.tenancy.TenantId;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads a town's work queue: filtered pages (newest first), one application in full, or every match for export. */
@Component
class ApplicationQueue {

    /**
     * What staff filter the queue by; null means any. {@code from}/{@code to} are days in Japan
     * (inclusive) of the submission; {@code assignee} is a staff id, or {@value #UNASSIGNED}.
     */
    public record Filter(String procedureId, ApplicationStatus status, LocalDate from, LocalDate to, String assignee) {
        public static final String UNASSIGNED = "none";
    }

    public record HistoryEntry(String type, Instant at, String actorKind, String actorId, String actorName, String text,
                               String from, String to, String reason) {
    }

    public record Summary(String applicationId, String receiptNumber, String procedureId, int procedureVersion, String status,
                          String statusLabel, String channel, Instant submittedAt, Instant updatedAt, String assigneeId,
                          String assigneeName) {
    }

    public record Detail(String applicationId, String receiptNumber, String procedureId, int procedureVersion, String status,
                         String statusLabel, String channel, String residentId, String conversationId, Instant submittedAt,
                         Instant updatedAt, Instant closedAt, String assigneeId, String assigneeName, Map<String, String> answers,
                         List<String> attachments, List<HistoryEntry> history) {
    }

    public record Page(List<Summary> items, int page, int size, long total) {
    }

    private final ApplicationQueueProjection projection;

    public ApplicationQueue(ApplicationQueueProjection projection) {
        this.projection = projection;
    }

    public Mono<Page> find(TenantId tenant, Filter filter, int page, int size) {
        Bson query = query(filter);
        Mono<List<Summary>> items = Flux.from(projection.applications(tenant).find(query).sort(newestFirst())
                        .skip(page * size).limit(size))
                .map(ApplicationQueue::summary)
                .collectList();
        Mono<Long> total = Mono.from(projection.applications(tenant).countDocuments(query));
        return Mono.zip(items, total).map(t -> new Page(t.getT1(), page, size, t.getT2()));
    }

    /** Every match, newest first, with answers: what the CSV export writes. */
    public Flux<Detail> all(TenantId tenant, Filter filter) {
        return Flux.from(projection.applications(tenant).find(query(filter)).sort(newestFirst())).map(ApplicationQueue::detail);
    }

    /** The answer keys of every match, in the order they first appear (newest first): the CSV's answer columns. Reads only the answers. */
    public Mono<Set<String>> answerKeys(TenantId tenant, Filter filter) {
        return Flux.from(projection.applications(tenant).find(query(filter)).sort(newestFirst()).projection(Projections.include("answers")))
                .reduce(new LinkedHashSet<String>(), (keys, d) -> {
                    Document a = d.get("answers", Document.class);
                    if (a != null) {
                        keys.addAll(a.keySet());
                    }
                    return keys;
                })
                .map(keys -> (Set<String>) keys);
    }

    public Mono<Detail> get(TenantId tenant, String applicationId) {
        return Mono.from(projection.applications(tenant).find(eq("_id", applicationId)).first()).map(ApplicationQueue::detail);
    }

    private static Bson newestFirst() {
        return Sorts.orderBy(Sorts.descending("submittedAt"), Sorts.descending("receiptNumber"));
    }

    private static Bson query(Filter f) {
        List<Bson> parts = new ArrayList<>();
        if (f.procedureId() != null) {
            parts.add(eq("procedureId", f.procedureId()));
        }
        if (f.status() != null) {
            parts.add(eq("status", f.status().name()));
        }
        if (f.from() != null) {
            parts.add(gte("submittedAt", Date.from(f.from().atStartOfDay(FiscalYear.JAPAN).toInstant())));
        }
        if (f.to() != null) {
            parts.add(lt("submittedAt", Date.from(f.to().plusDays(1).atStartOfDay(FiscalYear.JAPAN).toInstant())));
        }
        if (f.assignee() != null) {
            parts.add(eq("assigneeId", Filter.UNASSIGNED.equals(f.assignee()) ? null : f.assignee()));
        }
        return parts.isEmpty() ? new Document() : and(parts);
    }

    private static Summary summary(Document d) {
        ApplicationStatus status = ApplicationStatus.valueOf(d.getString("status"));
        return new Summary(d.getString("_id"), d.getString("receiptNumber"), d.getString("procedureId"), d.getInteger("procedureVersion", 0),
                status.name(), status.label(), d.getString("channel"), instant(d, "submittedAt"), instant(d, "updatedAt"),
                d.getString("assigneeId"), d.getString("assigneeName"));
    }

    private static Detail detail(Document d) {
        ApplicationStatus status = ApplicationStatus.valueOf(d.getString("status"));
        Map<String, String> answers = new LinkedHashMap<>();
        Document a = d.get("answers", Document.class);
        if (a != null) {
            a.forEach((k, v) -> answers.put(k, v == null ? null : v.toString()));
        }
        List<HistoryEntry> history = d.getList("history", Document.class, List.of()).stream()
                .map(h -> new HistoryEntry(h.getString("type"), instant(h, "at"), h.getString("actorKind"), h.getString("actorId"),
                        h.getString("actorName"), h.getString("text"), h.getString("from"), h.getString("to"), h.getString("reason")))
                .toList();
        return new Detail(d.getString("_id"), d.getString("receiptNumber"), d.getString("procedureId"), d.getInteger("procedureVersion", 0),
                status.name(), status.label(), d.getString("channel"), d.getString("residentId"), d.getString("conversationId"),
                instant(d, "submittedAt"), instant(d, "updatedAt"), instant(d, "closedAt"), d.getString("assigneeId"),
                d.getString("assigneeName"), answers, d.getList("attachments", String.class, List.of()), history);
    }

    private static Instant instant(Document d, String key) {
        Date date = d.getDate(key);
        return date == null ? null : date.toInstant();
    }
}
