package jp.madoguchi.procedure.catalogue;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.List;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.TenantOnboarded;
import jp.madoguchi.platform.messaging.IntegrationEventConsumer;
import jp.madoguchi.platform.messaging.IntegrationEventConsumers;
import jp.madoguchi.platform.messaging.IntegrationEventHandler;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Town names for the catalogue ("苫前町が公開"), learned from {@code TenantOnboarded}: the platform
 * collection {@value #TOWNS}. Only the name; nothing else about a town is kept here.
 */
@Component
class CatalogueTowns implements IntegrationEventHandler {

    static final String TOWNS = "catalogue_towns";

    private final TenantMongo mongo;

    public CatalogueTowns(TenantMongo mongo) {
        this.mongo = mongo;
    }

    @Override
    public Mono<Void> handle(EventEnvelope envelope, Record payload) {
        if (!(payload instanceof TenantOnboarded onboarded)) {
            return Mono.empty();
        }
        return Mono.from(mongo.platform().getCollection(TOWNS).updateOne(eq("_id", envelope.tenantId()),
                Updates.set("name", onboarded.name()), new UpdateOptions().upsert(true))).then();
    }

    /** The town's name, or its code when the onboarding event has not arrived (yet). */
    public Mono<String> name(String tenantId) {
        return Mono.from(mongo.platform().getCollection(TOWNS).find(eq("_id", tenantId)).first())
                .map(doc -> doc.getString("name"))
                .defaultIfEmpty(tenantId);
    }

    @Configuration(proxyBeanMethods = false)
    static class ConsumerConfiguration {

        @Bean
        IntegrationEventConsumer catalogueTownsConsumer(IntegrationEventConsumers consumers, CatalogueTowns handler) {
            return consumers.create("procedure-catalogue-towns-v1", List.of(Topics.TENANT_EVENTS), handler);
        }
    }
}
