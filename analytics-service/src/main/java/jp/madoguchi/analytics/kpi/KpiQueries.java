package jp.madoguchi.analytics.kpi;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.reactivestreams.client.MongoDatabase;
import jp.madoguchi.platform.fiscal.FiscalYear;
import jp.madoguchi.platform.kpi.KpiReport;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Reads a town's KPI report from its projection. */
@Component
class KpiQueries {

    private final TenantMongo mongo;

    public KpiQueries(TenantMongo mongo) {
        this.mongo = mongo;
    }

    public Mono<KpiReport> report(TenantId tenant, FiscalYear year) {
        MongoDatabase db = mongo.database(tenant);
        Mono<Long> friends = Mono.from(db.getCollection(KpiProjection.FRIENDS).countDocuments(eq("following", true)));
        Mono<Long> broadcasts = Mono.from(db.getCollection(KpiProjection.BROADCASTS).countDocuments(eq("fiscalYear", year.year())));
        Mono<Long> applications = Mono.from(db.getCollection(KpiProjection.APPLICATIONS).countDocuments(eq("fiscalYear", year.year())));
        Mono<Document> targets = Mono.from(db.getCollection(KpiProjection.TARGETS).find(eq("_id", String.valueOf(year.year()))).first())
                .defaultIfEmpty(new Document());
        Mono<java.util.List<Integer>> scores = reactor.core.publisher.Flux.from(db.getCollection(KpiProjection.SATISFACTION)
                        .find(eq("fiscalYear", year.year()))).map(d -> d.get("score", Number.class).intValue()).collectList();
        return Mono.zip(friends, broadcasts, applications, targets, scores).map(t -> {
            Document target = t.getT4();
            java.util.List<Integer> answers = t.getT5();
            Double mean = answers.isEmpty() ? null
                    : Math.round(answers.stream().mapToInt(Integer::intValue).average().orElse(0) * 100.0) / 100.0;
            return new KpiReport(tenant.code(), year.year(),
                    KpiReport.Kpi.of(t.getT1(), longOrNull(target, "friends")),
                    KpiReport.Kpi.of(t.getT2(), longOrNull(target, "broadcasts")),
                    KpiReport.Kpi.of(t.getT3(), longOrNull(target, "applications")),
                    new KpiReport.Satisfaction(mean, target.get("satisfaction", Number.class) == null ? null
                            : target.get("satisfaction", Number.class).doubleValue(), answers.size()));
        });
    }

    private static Long longOrNull(Document d, String field) {
        Number n = d.get(field, Number.class);
        return n == null ? null : n.longValue();
    }
}
