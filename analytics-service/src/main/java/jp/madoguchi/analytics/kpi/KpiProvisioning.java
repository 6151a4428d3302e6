package jp.madoguchi.analytics.kpi;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.util.List;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.TenantOnboarded;
import jp.madoguchi.platform.messaging.IntegrationEventConsumer;
import jp.madoguchi.platform.messaging.IntegrationEventConsumers;
import jp.madoguchi.platform.messaging.IntegrationEventHandler;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Prepares a newly onboarded town's database for its KPIs: the indexes {@link KpiQueries} counts
 * with. Creating an index that exists is a no-op, so a replayed onboarding changes nothing.
 */
@Component
class KpiProvisioning implements IntegrationEventHandler {

    private static final Logger log = LoggerFactory.getLogger(KpiProvisioning.class);

    private record Index(String collection, Bson keys, String name) {
    }

    static final List<Index> INDEXES = List.of(
            new Index(KpiProjection.FRIENDS, Indexes.ascending("following"), "following"),
            new Index(KpiProjection.BROADCASTS, Indexes.ascending("fiscalYear"), "fiscalYear"),
            new Index(KpiProjection.APPLICATIONS, Indexes.ascending("fiscalYear"), "fiscalYear"));

    private final TenantMongo mongo;

    public KpiProvisioning(TenantMongo mongo) {
        this.mongo = mongo;
    }

    @Override
    public Mono<Void> handle(EventEnvelope envelope, Record payload) {
        if (!(payload instanceof TenantOnboarded)) {
            return Mono.empty();
        }
        MongoDatabase db = mongo.database(TenantId.of(envelope.tenantId()));
        return Flux.fromIterable(INDEXES)
                .concatMap(i -> Mono.from(db.getCollection(i.collection()).createIndex(i.keys(), new IndexOptions().name(i.name()))))
                .then()
                .doOnSuccess(v -> log.info("event=town-provisioned tenant={} indexes={}", envelope.tenantId(), INDEXES.size()));
    }

    @Configuration(proxyBeanMethods = false)
    static class ConsumerConfiguration {

        @Bean
        IntegrationEventConsumer kpiProvisioningConsumer(IntegrationEventConsumers consumers, KpiProvisioning provisioning) {
            return consumers.create("analytics-provisioning-v1", List.of(Topics.TENANT_EVENTS), provisioning);
        }
    }
}
