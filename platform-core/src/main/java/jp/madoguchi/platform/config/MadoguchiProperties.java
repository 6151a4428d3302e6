package jp.madoguchi.platform.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Platform settings every service shares, under {@code madoguchi.*}.
 *
 * @param publishTopic the Kafka topic this service publishes its integration events to; none: it publishes nothing
 * @param kafka        how the platform's topics are created
 */
@ConfigurationProperties("madoguchi")
public record MadoguchiProperties(String publishTopic, @DefaultValue Kafka kafka) {

    /**
     * @param partitions        partitions per topic (order is kept per aggregate id, the record key)
     * @param replicationFactor 1 on the embedded broker, 3 in production
     */
    public record Kafka(@DefaultValue("3") int partitions, @DefaultValue("1") short replicationFactor) {
    }
}
