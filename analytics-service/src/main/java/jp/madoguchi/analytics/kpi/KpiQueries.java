package jp.madoguchi.analytics.kpi;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;

import com.mongodb.reactivestreams.client.MongoDatabase;
import jp.madoguchi.platform.fiscal.FiscalYear;
import jp.madoguchi.platform.kpi.KpiReport;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads a town's KPI report from its year counters: the year's document, the targets, and for friends the changes
 * of every year up to it (the number following at the year's end; for the current year, now).
 */
@Component
class KpiQueries {

    private final TenantMongo mongo;

    public KpiQueries(TenantMongo mongo) {
        this.mongo = mongo;
    }

    public Mono<KpiReport> report(TenantId tenant, FiscalYear year) {
        MongoDatabase db = mongo.database(tenant);
        Mono<Long> friends = Flux.from(db.getCollection(KpiCounters.COLLECTION).find(lte("_id", year.year())))
                .map(d -> number(d, "friends", "following")).reduce(0L, Long::sum);
        Mono<Document> counts = Mono.from(db.getCollection(KpiCounters.COLLECTION).find(eq("_id", year.year())).first())
                .defaultIfEmpty(new Document());
        Mono<Document> targets = Mono.from(db.getCollection(KpiProjection.TARGETS).find(eq("_id", String.valueOf(year.year()))).first())
                .defaultIfEmpty(new Document());
        return Mono.zip(friends, counts, targets).map(t -> {
            Document c = t.getT2(), target = t.getT3();
            long answers = number(c, "satisfaction", "answers");
            Double mean = answers == 0 ? null : Math.round(number(c, "satisfaction", "sum") * 100.0 / answers) / 100.0;
            Number satisfactionTarget = target.get("satisfaction", Number.class);
            return new KpiReport(tenant.code(), year.year(),
                    KpiReport.Kpi.of(t.getT1(), longOrNull(target, "friends")),
                    KpiReport.Kpi.of(number(c, "broadcasts", "sent"), longOrNull(target, "broadcasts")),
                    KpiReport.Kpi.of(number(c, "applications", "received"), longOrNull(target, "applications")),
                    new KpiReport.Satisfaction(mean, satisfactionTarget == null ? null : satisfactionTarget.doubleValue(), answers));
        });
    }

    /** A counter of a year's document ({@code group.field}); absent is 0. */
    static long number(Document d, String group, String field) {
        Document g = d.get(group, Document.class);
        Number n = g == null ? null : g.get(field, Number.class);
        return n == null ? 0 : n.longValue();
    }

    private static Long longOrNull(Document d, String field) {
        Number n = d.get(field, Number.class);
        return n == null ? null : n.longValue();
    }
}
