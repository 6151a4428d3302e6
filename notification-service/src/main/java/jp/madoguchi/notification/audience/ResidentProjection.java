package jp.madoguchi.notification.audience;

import static com.mongodb.client.model.Updates.addToSet;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

import java.util.Date;
import java.util.List;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.ApplicationSubmitted;
import jp.madoguchi.platform.events.contracts.ResidentAttributesChanged;
import jp.madoguchi.platform.events.contracts.ResidentFollowed;
import jp.madoguchi.platform.events.contracts.ResidentUnfollowed;
import jp.madoguchi.platform.messaging.IntegrationEventConsumer;
import jp.madoguchi.platform.messaging.IntegrationEventConsumers;
import jp.madoguchi.platform.messaging.IntegrationEventHandler;
import jp.madoguchi.platform.tenancy.TenantId;
import org.bson.Document;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Resident events (follow, unfollow, attributes) and applications into the {@code residents} projection, and
 * each resulting state into the town's bitmap index. The index only ever takes what the projection stored.
 */
@Component
class ResidentProjection implements IntegrationEventHandler {

    private final ResidentStore store;
    private final ResidentIndex index;

    ResidentProjection(ResidentStore store, ResidentIndex index) {
        this.store = store;
        this.index = index;
    }

    @Override
    public boolean handles(Record payload) {
        return payload instanceof ResidentFollowed || payload instanceof ResidentUnfollowed
                || payload instanceof ResidentAttributesChanged || payload instanceof ApplicationSubmitted;
    }

    @Override
    public Mono<Void> handle(EventEnvelope envelope, Record payload) {
        TenantId tenant = TenantId.of(envelope.tenantId());
        long seq = envelope.sequence();
        Mono<ResidentState> updated;
        if (payload instanceof ResidentFollowed e) {
            updated = store.updateGuarded(tenant, e.residentId(), seq, combine(set("channel", e.channel()),
                    set("channelUserId", e.channelUserId()), set("following", true), set("followedAt", Date.from(e.followedAt())), set("seq", seq)));
        } else if (payload instanceof ResidentUnfollowed e) {
            updated = store.updateGuarded(tenant, e.residentId(), seq, combine(set("channel", e.channel()), set("following", false),
                    set("unfollowedAt", Date.from(e.unfollowedAt())), set("seq", seq)));
        } else if (payload instanceof ResidentAttributesChanged e) {
            updated = store.updateGuarded(tenant, e.residentId(), seq, combine(set("channel", e.channel()),
                    set("channelUserId", e.channelUserId()), set("attributes", new Document(e.attributes())), set("seq", seq)));
        } else if (payload instanceof ApplicationSubmitted e) {
            // another aggregate's stream: its sequence says nothing about the resident's, and a set needs no guard
            updated = store.update(tenant, e.residentId(), addToSet("procedures", e.procedureId()));
        } else {
            return Mono.empty();
        }
        return updated.doOnNext(state -> index.town(tenant).put(state)).then();
    }

    @Configuration(proxyBeanMethods = false)
    static class ConsumerConfiguration {

        /** Renaming this consumer rebuilds the projection from the start of the topics. */
        @Bean
        IntegrationEventConsumer residentIndexConsumer(IntegrationEventConsumers consumers, ResidentProjection projection) {
            return consumers.create("notification-residents-v1", List.of(Topics.CONVERSATION_EVENTS, Topics.PROCEDURE_EVENTS), projection);
        }
    }
}
