package jp.madoguchi.analytics.kpi;

import static com.mongodb.client.model.Filters.eq;
import static jp.madoguchi.analytics.kpi.KpiQueries.number;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.madoguchi.platform.fiscal.FiscalYear;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Reads {@link KpiDetails} and the survey's free-text answers from a town's year counters: one document each. */
@Component
class KpiBreakdowns {

    /** The most recent comments a page lists (and the projection keeps per year). */
    static final int COMMENTS_LIMIT = 200;

    private final TenantMongo mongo;

    public KpiBreakdowns(TenantMongo mongo) {
        this.mongo = mongo;
    }

    /** A survey answer with free text: its 5-point score and what the resident wrote (no resident id). */
    public record Comment(int score, String comment, long answeredAtMs) {
    }

    public Mono<KpiDetails> details(TenantId tenant, FiscalYear year) {
        return Mono.from(mongo.database(tenant).getCollection(KpiCounters.COLLECTION).find(eq("_id", year.year())).first())
                .defaultIfEmpty(new Document()).map(c -> {
                    long added = number(c, "friends", "added"), blocked = number(c, "friends", "blocked");
                    long completed = number(c, "processing", "completed");
                    Double meanHours = completed == 0 ? null
                            : Math.round(number(c, "processing", "millis") / 36_000.0 / completed) / 100.0;
                    Document applications = group(c, "applications");
                    return new KpiDetails(tenant.code(), year.year(), new KpiDetails.Friends(added, blocked, added - blocked),
                            new KpiDetails.Broadcasts(number(c, "broadcasts", "sent"), number(c, "broadcasts", "recipients")),
                            new KpiDetails.Applications(number(c, "applications", "received"), counts(group(applications, "byProcedure")),
                                    counts(group(applications, "byChannel"))),
                            new KpiDetails.Processing(completed, meanHours), funnels(group(c, "funnels")));
                });
    }

    /** Free-text answers of the year's survey, newest first: what residents find lacking (不満点) or ask for. */
    public Mono<List<Comment>> comments(TenantId tenant, FiscalYear year) {
        return Mono.from(mongo.database(tenant).getCollection(KpiCounters.COMMENTS).find(eq("_id", year.year())).first())
                .map(d -> d.getList("items", Document.class).stream()
                        .map(i -> new Comment(i.get("score", Number.class).intValue(), i.getString("comment"),
                                i.get("answeredAtMs", Number.class).longValue()))
                        .toList())
                .defaultIfEmpty(List.of());
    }

    /** One funnel per procedure that had conversations begun in the year, by procedure id. */
    private static List<KpiDetails.Funnel> funnels(Document funnels) {
        List<KpiDetails.Funnel> list = new ArrayList<>();
        new TreeMap<>(counts(funnels, KpiBreakdowns::group)).forEach((procedure, f) -> {
            long started = count(f, "started"), completed = count(f, "completed"), abandoned = count(f, "abandoned");
            if (started == 0) {
                return;
            }
            Map<String, Long> atStep = counts(group(f, "steps"));
            String worst = atStep.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
            list.add(new KpiDetails.Funnel(procedure, started, started - completed - abandoned, completed, abandoned, atStep, worst));
        });
        return list;
    }

    /** A map of counters by (encoded) key, without the zeros a change back leaves behind, in key order. */
    private static Map<String, Long> counts(Document d) {
        Map<String, Long> counts = new TreeMap<>();
        counts(d, KpiBreakdowns::count).forEach((k, n) -> {
            if (n != 0) {
                counts.put(k, n);
            }
        });
        return counts;
    }

    private static <T> Map<String, T> counts(Document d, java.util.function.BiFunction<Document, String, T> value) {
        Map<String, T> values = new TreeMap<>();
        d.keySet().forEach(k -> values.put(KpiCounters.unkey(k), value.apply(d, k)));
        return values;
    }

    private static Document group(Document d, String field) {
        Document g = d.get(field, Document.class);
        return g == null ? new Document() : g;
    }

    private static long count(Document d, String field) {
        Number n = d.get(field, Number.class);
        return n == null ? 0 : n.longValue();
    }
}
