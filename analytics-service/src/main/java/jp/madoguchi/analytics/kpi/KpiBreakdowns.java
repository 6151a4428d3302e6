package jp.madoguchi.analytics.kpi;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.madoguchi.platform.fiscal.FiscalYear;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads {@link KpiDetails} and the survey's free-text answers from a town's KPI projection. */
@Component
class KpiBreakdowns {

    /** The most recent comments a page lists; the CSV of applications holds every answer. */
    static final int COMMENTS_LIMIT = 200;

    private final TenantMongo mongo;

    public KpiBreakdowns(TenantMongo mongo) {
        this.mongo = mongo;
    }

    /** A survey answer with free text: its 5-point score and what the resident wrote (no resident id). */
    public record Comment(int score, String comment, long answeredAtMs) {
    }

    public Mono<KpiDetails> details(TenantId tenant, FiscalYear year) {
        MongoDatabase db = mongo.database(tenant);
        Bson inYear = eq("fiscalYear", year.year());
        Mono<Map<String, Long>> changes = countBy(db, KpiProjection.FRIEND_CHANGES, inYear, "$kind");
        Mono<Document> broadcasts = group(db, KpiProjection.BROADCASTS, inYear, new Document("_id", null)
                .append("sent", new Document("$sum", 1)).append("recipients", new Document("$sum", "$recipients")));
        Mono<Map<String, Long>> byProcedure = countBy(db, KpiProjection.APPLICATIONS, inYear, "$procedureId");
        Mono<Map<String, Long>> byChannel = countBy(db, KpiProjection.APPLICATIONS, inYear, "$channel");
        Mono<Document> processing = group(db, KpiProjection.APPLICATIONS, and(inYear, exists("completedAtMs")), new Document("_id", null)
                .append("completed", new Document("$sum", 1))
                .append("millis", new Document("$sum", new Document("$subtract", List.of("$completedAtMs", "$submittedAtMs")))));
        Mono<List<KpiDetails.Funnel>> funnels = funnels(db, inYear);
        return Mono.zip(changes, broadcasts, byProcedure, byChannel, processing, funnels).map(t -> {
            long added = t.getT1().getOrDefault("added", 0L), blocked = t.getT1().getOrDefault("blocked", 0L);
            long completed = number(t.getT5(), "completed");
            Double meanHours = completed == 0 ? null : Math.round(number(t.getT5(), "millis") / 36_000.0 / completed) / 100.0;
            return new KpiDetails(tenant.code(), year.year(), new KpiDetails.Friends(added, blocked, added - blocked),
                    new KpiDetails.Broadcasts(number(t.getT2(), "sent"), number(t.getT2(), "recipients")),
                    new KpiDetails.Applications(t.getT3().values().stream().mapToLong(Long::longValue).sum(), t.getT3(), t.getT4()),
                    new KpiDetails.Processing(completed, meanHours), t.getT6());
        });
    }

    /** Free-text answers of the year's survey, newest first: what residents find lacking (不満点) or ask for. */
    public Mono<List<Comment>> comments(TenantId tenant, FiscalYear year) {
        return Flux.from(mongo.database(tenant).getCollection(KpiProjection.SATISFACTION)
                        .find(and(eq("fiscalYear", year.year()), com.mongodb.client.model.Filters.gt("comment", "")))
                        .sort(new Document("answeredAtMs", -1)).limit(COMMENTS_LIMIT))
                .map(d -> new Comment(d.get("score", Number.class).intValue(), d.getString("comment"), number(d, "answeredAtMs")))
                .collectList();
    }

    /** Conversations by procedure and outcome, and abandonments by step, folded into one funnel per procedure. */
    private static Mono<List<KpiDetails.Funnel>> funnels(MongoDatabase db, Bson inYear) {
        Document key = new Document("procedureId", "$procedureId").append("state", "$state").append("step", "$step");
        return Flux.from(db.getCollection(KpiProjection.CONVERSATIONS).aggregate(List.of(Aggregates.match(inYear),
                        Aggregates.group(key, Accumulators.sum("n", 1))))).collectList().map(groups -> {
            Map<String, long[]> counts = new TreeMap<>();
            Map<String, Map<String, Long>> steps = new TreeMap<>();
            for (Document g : groups) {
                Document id = g.get("_id", Document.class);
                String procedure = String.valueOf(id.get("procedureId"));
                long n = number(g, "n");
                long[] c = counts.computeIfAbsent(procedure, p -> new long[3]);
                switch (String.valueOf(id.get("state"))) {
                    case "completed" -> c[1] += n;
                    case "abandoned" -> {
                        c[2] += n;
                        String step = id.get("step") == null || "".equals(id.get("step")) ? "(unknown)" : id.getString("step");
                        steps.computeIfAbsent(procedure, p -> new TreeMap<>()).merge(step, n, Long::sum);
                    }
                    default -> c[0] += n;
                }
            }
            List<KpiDetails.Funnel> funnels = new ArrayList<>();
            counts.forEach((procedure, c) -> {
                Map<String, Long> atStep = steps.getOrDefault(procedure, Map.of());
                String worst = atStep.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
                funnels.add(new KpiDetails.Funnel(procedure, c[0] + c[1] + c[2], c[0], c[1], c[2], atStep, worst));
            });
            return funnels;
        });
    }

    private static Mono<Map<String, Long>> countBy(MongoDatabase db, String collection, Bson filter, String field) {
        return Flux.from(db.getCollection(collection).aggregate(List.of(Aggregates.match(filter),
                        Aggregates.group(field, Accumulators.sum("n", 1)))))
                .collectMap(d -> String.valueOf(d.get("_id")), d -> number(d, "n"), TreeMap::new);
    }

    private static Mono<Document> group(MongoDatabase db, String collection, Bson filter, Document group) {
        return Mono.from(db.getCollection(collection).aggregate(List.of(Aggregates.match(filter), new Document("$group", group))).first())
                .defaultIfEmpty(new Document());
    }

    private static long number(Document d, String field) {
        Number n = d.get(field, Number.class);
        return n == null ? 0 : n.longValue();
    }
}
