package jp.madoguchi.notification.broadcast;

import java.time.Clock;
import java.util.Optional;
import jp.madoguchi.notification.broadcast.BroadcastMessages.BroadcastCompleted;
import jp.madoguchi.platform.events.contracts.BroadcastSent;
import jp.madoguchi.platform.messaging.IntegrationEventTranslator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of broadcasts, and what notification-service tells the rest of the platform about them. */
@Configuration(proxyBeanMethods = false)
class BroadcastConfiguration {

    /** The clock broadcasts are scheduled and sent by; tests replace it to send "tomorrow evening" now. */
    @Bean
    Clock broadcastClock() {
        return Clock.systemUTC();
    }

    /** A completed broadcast is published as {@code BroadcastSent}: it counts towards the town's 情報発信回数. */
    @Bean
    IntegrationEventTranslator notificationIntegrationEvents() {
        return domainEvent -> domainEvent instanceof BroadcastCompleted e
                ? Optional.of(new BroadcastSent(e.broadcastId(), e.title(), e.audienceName(), e.recipients(), e.delivered(), e.failed(), e.at()))
                : Optional.empty();
    }
}
