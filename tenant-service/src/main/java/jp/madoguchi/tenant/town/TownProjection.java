package jp.madoguchi.tenant.town;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import jp.madoguchi.tenant.town.TownMessages.KpiTargetsSet;
import jp.madoguchi.tenant.town.TownMessages.TownOnboarded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The town read model: one document per town in the town's own database. Every update is a
 * single-document upsert that sets absolute values, so replaying an event again changes nothing.
 */
@Component
@ProcessingGroup("town-view")
public class TownProjection {

    static final String COLLECTION = "town";
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final TenantMongo mongo;

    public TownProjection(TenantMongo mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(TownOnboarded event) {
        upsert(event.tenantId(), Updates.combine(
                Updates.set("name", event.name()),
                Updates.set("nameKana", event.nameKana()),
                Updates.set("prefecture", event.prefecture()),
                Updates.set("population", event.population())));
    }

    @EventHandler
    void on(KpiTargetsSet event) {
        // Keyed by year inside the document, so resetting a year's targets replaces them in place.
        upsert(event.tenantId(), Updates.set("kpiTargets.fy" + event.fiscalYear(), new Document()
                .append("fiscalYear", event.fiscalYear())
                .append("friends", event.friends())
                .append("broadcasts", event.broadcasts())
                .append("applications", event.applications())
                .append("satisfaction", event.satisfaction())));
    }

    /** The town as staff see it; empty when it has not been onboarded (or not yet projected). */
    public Mono<TownView> find(TenantId tenant) {
        return Mono.from(towns(tenant).find(eq("_id", tenant.code())).first()).map(TownProjection::view);
    }

    private void upsert(String tenantId, org.bson.conversions.Bson update) {
        Mono.from(towns(TenantId.of(tenantId)).updateOne(eq("_id", tenantId), update, new UpdateOptions().upsert(true)))
                .block(WRITE_TIMEOUT);
    }

    private MongoCollection<Document> towns(TenantId tenant) {
        return mongo.database(tenant).getCollection(COLLECTION);
    }

    private static TownView view(Document doc) {
        List<TownView.YearTargets> years = new ArrayList<>();
        Document targets = doc.get("kpiTargets", Document.class);
        if (targets != null) {
            for (Object value : targets.values()) {
                Document y = (Document) value;
                years.add(new TownView.YearTargets(y.getInteger("fiscalYear"), number(y, "friends"), number(y, "broadcasts"),
                        number(y, "applications"), ((Number) y.get("satisfaction")).doubleValue()));
            }
        }
        years.sort(Comparator.comparingInt(TownView.YearTargets::fiscalYear));
        Number population = (Number) doc.get("population");
        return new TownView(doc.getString("_id"), doc.getString("name"), doc.getString("nameKana"), doc.getString("prefecture"),
                population == null ? null : population.longValue(), years);
    }

    private static long number(Document doc, String key) {
        return ((Number) doc.get(key)).longValue();
    }
}
