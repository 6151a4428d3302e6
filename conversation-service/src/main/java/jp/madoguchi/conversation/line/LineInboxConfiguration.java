package jp.madoguchi.conversation.line;

import jp.madoguchi.platform.config.MadoguchiProperties;
import jp.madoguchi.platform.messaging.parking.Parking;
import jp.madoguchi.platform.messaging.parking.ParkedRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.CommonErrorHandler;

/** The {@link LineInbox}'s two topics (main and flooded lane) and the error handler both lanes' listeners share. */
@Configuration(proxyBeanMethods = false)
class LineInboxConfiguration {

    /** The inbox keeps raw events a week: long enough to recover from any outage of the processor. */
    @Bean
    NewTopic lineInboxFloodedTopic(MadoguchiProperties props) {
        return TopicBuilder.name(LineInbox.FLOODED_TOPIC)
                .partitions(props.kafka().partitions())
                .replicas(props.kafka().replicationFactor())
                .config("retention.ms", String.valueOf(7L * 24 * 3600 * 1000))
                .build();
    }

    @Bean
    NewTopic lineInboxTopic(MadoguchiProperties props) {
        return TopicBuilder.name(LineInbox.INBOX_TOPIC)
                .partitions(props.kafka().partitions())
                .replicas(props.kafka().replicationFactor())
                .config("retention.ms", String.valueOf(7L * 24 * 3600 * 1000))
                .build();
    }

    /**
     * Both lanes' listeners: a database or broker briefly away is retried without limit (nothing acknowledged is
     * lost); anything else a few times, then the record is parked for an operator, the resident is told once to
     * send it again, and the partition moves on (see {@link Parking}).
     */
    @Bean
    CommonErrorHandler kafkaErrorHandler(Parking parking, LineEventReader reader, LineInbox inbox) {
        // a record that cannot be read at all is described as unknown (null)
        return parking.errorHandler(LineInbox.GROUP, record -> record.value() instanceof String value
                ? reader.tryRead(value).map(in -> new ParkedRecord(in.tenant().code(), in.event().webhookEventId(), in.eventType()))
                        .orElse(null)
                : null, inbox::parked);
    }
}
