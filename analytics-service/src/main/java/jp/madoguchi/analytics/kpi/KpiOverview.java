package jp.madoguchi.analytics.kpi;

import static jp.madoguchi.analytics.kpi.KpiQueries.number;

import com.mongodb.reactivestreams.client.MongoClient;
import java.time.Instant;
import java.util.List;
import jp.madoguchi.platform.fiscal.FiscalYear;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every town's activity for the vendor's operators, from the towns' year counters (a few documents per town): friends
 * now, applications and conversations begun this fiscal year, and when the projection last counted an event.
 */
@Component
class KpiOverview {

    private static final String TOWN_DATABASE = "madoguchi_t_";

    /** One town's activity; {@code lastActivityAt} is null when nothing has been counted yet. */
    record TownActivity(String tenantId, int fiscalYear, long friends, long applications, long conversations, Instant lastActivityAt) {
    }

    private final MongoClient client;

    KpiOverview(MongoClient client) {
        this.client = client;
    }

    Mono<List<TownActivity>> towns(FiscalYear year) {
        return Flux.from(client.listDatabaseNames()).filter(db -> db.startsWith(TOWN_DATABASE)).sort()
                .concatMap(db -> Flux.from(client.getDatabase(db).getCollection(KpiCounters.COLLECTION).find()).collectList()
                        .map(years -> activity(db.substring(TOWN_DATABASE.length()), year, years)))
                .collectList();
    }

    private static TownActivity activity(String tenantId, FiscalYear year, List<Document> years) {
        long friends = 0, applications = 0, conversations = 0, last = 0;
        for (Document y : years) {
            friends += number(y, "friends", "following");
            Number at = y.get("lastEventAtMs", Number.class);
            last = at == null ? last : Math.max(last, at.longValue());
            if (year.year() == ((Number) y.get("_id")).intValue()) {
                applications = number(y, "applications", "received");
                Document funnels = y.get("funnels", Document.class);
                if (funnels != null) {
                    for (String procedure : funnels.keySet()) {
                        Number started = funnels.get(procedure, Document.class).get("started", Number.class);
                        conversations += started == null ? 0 : started.longValue();
                    }
                }
            }
        }
        return new TownActivity(tenantId, year.year(), friends, applications, conversations, last == 0 ? null : Instant.ofEpochMilli(last));
    }
}
