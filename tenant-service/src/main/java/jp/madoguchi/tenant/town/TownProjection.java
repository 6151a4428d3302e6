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
import jp.madoguchi.tenant.town.TownMessages.DistrictsSet;
import jp.madoguchi.tenant.town.TownMessages.FeaturesSet;
import jp.madoguchi.tenant.town.TownMessages.KpiTargetsSet;
import jp.madoguchi.tenant.town.TownMessages.LineChannelConfigured;
import jp.madoguchi.tenant.town.TownMessages.TownOnboarded;
import jp.madoguchi.tenant.town.TownMessages.TownReactivated;
import jp.madoguchi.tenant.town.TownMessages.TownSuspended;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The town read model: one document per town in the town's own database, plus the operators'
 * list of towns in the platform database. Every update is a single-document upsert that sets
 * absolute values, so replaying an event again changes nothing. A channel's sealed credentials are
 * kept apart, in {@value #CREDENTIALS}, which no API returns: only the channel check opens them.
 */
@Component
@ProcessingGroup("town-view")
class TownProjection {

    static final String COLLECTION = "town";
    static final String CREDENTIALS = "line_channel_credentials";
    /** In the platform database: one line per town for operators. */
    static final String TOWN_LIST = "tenant_towns";
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
                Updates.set("population", event.population()),
                Updates.set("status", TownView.ACTIVE)));
        upsertListed(event.tenantId(), Updates.combine(
                Updates.set("name", event.name()),
                Updates.set("prefecture", event.prefecture()),
                Updates.set("status", TownView.ACTIVE)));
    }

    @EventHandler
    void on(LineChannelConfigured event) {
        upsert(event.tenantId(), Updates.set("lineChannel", new Document()
                .append("channelId", event.channelId())
                .append("fingerprint", event.fingerprint())
                .append("configuredAt", java.util.Date.from(event.at()))));
        Mono.from(mongo.database(TenantId.of(event.tenantId())).getCollection(CREDENTIALS).updateOne(eq("_id", event.tenantId()),
                Updates.combine(
                        Updates.set("channelId", event.channelId()),
                        Updates.set("sealedChannelSecret", event.sealedChannelSecret()),
                        Updates.set("sealedAccessToken", event.sealedAccessToken())),
                new UpdateOptions().upsert(true))).block(WRITE_TIMEOUT);
    }

    @EventHandler
    void on(DistrictsSet event) {
        upsert(event.tenantId(), Updates.set("districts", event.districts().stream()
                .map(d -> new Document("code", d.code()).append("name", d.name())).toList()));
    }

    @EventHandler
    void on(FeaturesSet event) {
        upsert(event.tenantId(), Updates.set("features", event.features()));
    }

    @EventHandler
    void on(TownSuspended event) {
        upsert(event.tenantId(), Updates.combine(Updates.set("status", TownView.SUSPENDED), Updates.set("suspendedReason", event.reason())));
        upsertListed(event.tenantId(), Updates.set("status", TownView.SUSPENDED));
    }

    @EventHandler
    void on(TownReactivated event) {
        upsert(event.tenantId(), Updates.combine(Updates.set("status", TownView.ACTIVE), Updates.unset("suspendedReason")));
        upsertListed(event.tenantId(), Updates.set("status", TownView.ACTIVE));
    }

    /** A channel's sealed credentials, for the channel check only; never part of a response. */
    public record SealedChannel(String channelId, String sealedChannelSecret, String sealedAccessToken) {
        @Override
        public String toString() {
            return "SealedChannel[channelId=" + channelId + "]";
        }
    }

    public Mono<SealedChannel> sealedChannel(TenantId tenant) {
        return Mono.from(mongo.database(tenant).getCollection(CREDENTIALS).find(eq("_id", tenant.code())).first())
                .map(d -> new SealedChannel(d.getString("channelId"), d.getString("sealedChannelSecret"), d.getString("sealedAccessToken")));
    }

    /** Every onboarded town, by code, for operators. */
    public Flux<TownView.Summary> all() {
        return Flux.from(mongo.platform().getCollection(TOWN_LIST).find().sort(new Document("_id", 1)))
                .map(d -> new TownView.Summary(d.getString("_id"), d.getString("name"), d.getString("prefecture"), d.getString("status")));
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

    private void upsertListed(String tenantId, org.bson.conversions.Bson update) {
        Mono.from(mongo.platform().getCollection(TOWN_LIST).updateOne(eq("_id", tenantId), update, new UpdateOptions().upsert(true)))
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
        List<TownView.DistrictView> districts = doc.getList("districts", Document.class, List.of()).stream()
                .map(d -> new TownView.DistrictView(d.getString("code"), d.getString("name"))).toList();
        List<String> features = doc.getList("features", String.class, List.of());
        Document channel = doc.get("lineChannel", Document.class);
        TownView.LineChannelView lineChannel = channel == null ? null : new TownView.LineChannelView(channel.getString("channelId"),
                channel.getString("fingerprint"), channel.getDate("configuredAt") == null ? null : channel.getDate("configuredAt").toInstant());
        return new TownView(doc.getString("_id"), doc.getString("name"), doc.getString("nameKana"), doc.getString("prefecture"),
                population == null ? null : population.longValue(), doc.getString("status") == null ? TownView.ACTIVE : doc.getString("status"),
                years, districts, List.copyOf(features), lineChannel);
    }

    private static long number(Document doc, String key) {
        return ((Number) doc.get(key)).longValue();
    }
}
