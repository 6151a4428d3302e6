package jp.madoguchi.procedure.application;

import java.util.List;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.messaging.IntegrationEventConsumer;
import jp.madoguchi.platform.messaging.IntegrationEventConsumers;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires applications to the platform: completed conversations in, the work queue's processor. */
@Configuration(proxyBeanMethods = false)
class ApplicationConfiguration {

    /** Renaming the consumer would re-read the topic from the start (harmless: submissions are idempotent). */
    static final String CONSUMER = "procedure-applications-v1";

    @Bean
    IntegrationEventConsumer conversationCompletedConsumer(IntegrationEventConsumers consumers, ConversationCompletedHandler handler) {
        return consumers.create(CONSUMER, List.of(Topics.CONVERSATION_EVENTS), handler);
    }

    /** A failing update (e.g. Mongo briefly away) stops and retries the queue instead of skipping the event, Axon's default. */
    @Bean
    ConfigurerModule applicationQueueErrorHandling() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerListenerInvocationErrorHandler(ApplicationQueueProjection.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance()));
    }
}
