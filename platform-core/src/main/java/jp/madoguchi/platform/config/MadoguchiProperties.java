package jp.madoguchi.platform.config;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Platform settings every service shares, under {@code madoguchi.*}.
 *
 * @param publishTopic the Kafka topic this service publishes its integration events to; none: it publishes nothing
 * @param kafka        how the platform's topics are created
 * @param mongoTokenProcessors tracking processors (processing-group names) that project into Mongo and so keep
 *                     their token in Mongo beside the projection ({@code madoguchi_platform.axon_tokens}) instead
 *                     of PostgreSQL; names must be unique across services sharing the Mongo server. Never the
 *                     integration-event publisher, whose token belongs beside the event store
 */
@ConfigurationProperties("madoguchi")
public record MadoguchiProperties(String publishTopic, @DefaultValue Kafka kafka, @DefaultValue List<String> mongoTokenProcessors) {

    /**
     * @param partitions        partitions per topic (order is kept per aggregate id, the record key)
     * @param replicationFactor 1 on the embedded broker, 3 in production
     */
    public record Kafka(@DefaultValue("3") int partitions, @DefaultValue("1") short replicationFactor) {
    }
}
