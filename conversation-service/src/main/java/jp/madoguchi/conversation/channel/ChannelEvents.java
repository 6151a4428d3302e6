package jp.madoguchi.conversation.channel;

import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

import java.util.List;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.TenantChannelConfigured;
import jp.madoguchi.platform.events.contracts.TenantOnboarded;
import jp.madoguchi.platform.events.contracts.TenantReactivated;
import jp.madoguchi.platform.events.contracts.TenantSuspended;
import jp.madoguchi.platform.messaging.IntegrationEventConsumer;
import jp.madoguchi.platform.messaging.IntegrationEventConsumers;
import jp.madoguchi.platform.messaging.InOrderUpsert;
import jp.madoguchi.platform.messaging.IntegrationEventHandler;
import jp.madoguchi.platform.tenancy.TenantId;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Learns each town's channel from tenant-service: its name on onboarding (and its database is
 * provisioned), its sealed credentials, whether it is suspended. Each group of fields carries the
 * sequence of the event that set it, so a replayed or late older event never overwrites a newer one.
 */
@Component
class ChannelEvents implements IntegrationEventHandler {

    private static final Logger log = LoggerFactory.getLogger(ChannelEvents.class);

    private final ChannelDirectory directory;
    private final TownProvisioning provisioning;

    public ChannelEvents(ChannelDirectory directory, TownProvisioning provisioning) {
        this.directory = directory;
        this.provisioning = provisioning;
    }

    @Override
    public Mono<Void> handle(EventEnvelope envelope, Record payload) {
        String town = envelope.tenantId();
        long seq = envelope.sequence();
        Mono<Void> write;
        if (payload instanceof TenantOnboarded e) {
            write = provisioning.provision(TenantId.of(town))
                    .then(applyInOrder(town, "townSeq", seq, set("townName", e.name())));
        } else if (payload instanceof TenantChannelConfigured e) {
            write = applyInOrder(town, "channelSeq", seq, combine(set("channelId", e.channelId()),
                    set("sealedChannelSecret", e.sealedChannelSecret()), set("sealedAccessToken", e.sealedAccessToken()),
                    set("fingerprint", e.fingerprint())));
        } else if (payload instanceof TenantSuspended e) {
            write = applyInOrder(town, "statusSeq", seq, combine(set("status", "SUSPENDED"), set("suspendedReason", e.reason())));
        } else if (payload instanceof TenantReactivated) {
            write = applyInOrder(town, "statusSeq", seq, combine(set("status", "ACTIVE"), set("suspendedReason", null)));
        } else {
            return Mono.empty();
        }
        return write.then(directory.reload(town))
                .doOnSuccess(v -> log.info("event=line-channel-updated tenant={} type={}", town, envelope.type()));
    }

    private Mono<Void> applyInOrder(String town, String seqField, long seq, Bson update) {
        return InOrderUpsert.apply(directory.collection(), town, seqField, seq, update);
    }

    @Configuration(proxyBeanMethods = false)
    static class ConsumerConfiguration {

        @Bean
        IntegrationEventConsumer channelEventsConsumer(IntegrationEventConsumers consumers, ChannelEvents handler) {
            return consumers.create("conversation-channels-v1", List.of(Topics.TENANT_EVENTS), handler);
        }
    }
}
