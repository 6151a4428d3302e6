package jp.madoguchi.conversation.resident;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.UpdateOptions;
import java.util.List;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.TenantDistrictsSet;
import jp.madoguchi.platform.messaging.IntegrationEventConsumer;
import jp.madoguchi.platform.messaging.IntegrationEventConsumers;
import jp.madoguchi.platform.messaging.IntegrationEventHandler;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Keeps each town's districts ({@code TenantDistrictsSet}), the choices of the resident attribute "district". */
@Component
class TownDistricts implements IntegrationEventHandler {

    static final String COLLECTION = "town_districts";

    private final TenantMongo mongo;

    public TownDistricts(TenantMongo mongo) {
        this.mongo = mongo;
    }

    @Override
    public Mono<Void> handle(EventEnvelope envelope, Record payload) {
        if (!(payload instanceof TenantDistrictsSet e)) {
            return Mono.empty();
        }
        List<Document> districts = e.districts().stream().map(d -> new Document("code", d.code()).append("name", d.name())).toList();
        // a later list wins: the filter misses an older one, whose upsert then fails as a duplicate (already applied)
        return Mono.from(mongo.platform().getCollection(COLLECTION).updateOne(
                        and(eq("_id", envelope.tenantId()), or(exists("seq", false), lt("seq", envelope.sequence()))),
                        combine(set("districts", districts), set("seq", envelope.sequence())), new UpdateOptions().upsert(true)))
                .onErrorResume(MongoWriteException.class,
                        x -> x.getError().getCategory() == ErrorCategory.DUPLICATE_KEY ? Mono.empty() : Mono.error(x))
                .then();
    }

    @Configuration(proxyBeanMethods = false)
    static class ConsumerConfiguration {

        @Bean
        IntegrationEventConsumer townDistrictsConsumer(IntegrationEventConsumers consumers, TownDistricts handler) {
            return consumers.create("conversation-districts-v1", List.of(Topics.TENANT_EVENTS), handler);
        }
    }
}
