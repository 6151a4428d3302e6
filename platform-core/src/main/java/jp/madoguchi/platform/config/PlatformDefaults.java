package jp.madoguchi.platform.config;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Settings every service shares, added with the lowest precedence so a service's own
 * application.yml, the launcher or the environment can still override each of them.
 */
class PlatformDefaults implements EnvironmentPostProcessor {

    static final Map<String, Object> DEFAULTS = Map.ofEntries(
            // No Axon Server: its licence and availability rule it out; events live in PostgreSQL.
            Map.entry("axon.axonserver.enabled", "false"),
            Map.entry("axon.serializer.general", "jackson"),
            Map.entry("axon.serializer.events", "jackson"),
            Map.entry("axon.serializer.messages", "jackson"),
            Map.entry("spring.flyway.locations", "classpath:db/axon,classpath:db/${spring.application.name}"),
            Map.entry("spring.datasource.hikari.maximum-pool-size", "6"),
            Map.entry("management.endpoints.web.exposure.include", "health,info,prometheus"),
            Map.entry("management.endpoint.health.probes.enabled", "true"),
            Map.entry("management.metrics.tags.service", "${spring.application.name}"),
            // Axon's meters named per processor and bus would be a new metric name per projection; as tags they stay few names
            Map.entry("axon.metrics.micrometer.dimensional", "true"),
            // an observation per security filter per request costs more CPU than the request itself; http.server.requests stays
            Map.entry("management.observations.enable.spring.security", "false"),
            Map.entry("spring.kafka.producer.acks", "all"),
            // send() waits for metadata or buffer space at most this long (Kafka's default is 60 s): well inside
            // LINE's ~2 s webhook deadline, so an unreachable broker is a quick 503 that LINE redelivers
            Map.entry("spring.kafka.producer.properties.max.block.ms", "1000"),
            Map.entry("spring.kafka.consumer.enable-auto-commit", "false"),
            // a crashed instance's partitions go to the others after 10 s, not Kafka's 45 s: the residents whose
            // events wait on them are answered that much sooner (Kafka's own default before 3.0)
            Map.entry("spring.kafka.consumer.properties.session.timeout.ms", "10000"),
            Map.entry("spring.kafka.consumer.properties.heartbeat.interval.ms", "3000"),
            Map.entry("spring.main.banner-mode", "off"),
            Map.entry("spring.jackson.default-property-inclusion", "non_null"),
            // problem details write their own messages; Spring's default error page must not echo exception texts
            Map.entry("server.error.include-message", "never"),
            // Kafka clients print their whole configuration at INFO for every producer and consumer
            Map.entry("logging.level.org.apache.kafka", "WARN"),
            Map.entry("logging.level.org.mongodb.driver", "WARN"));

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("madoguchiPlatformDefaults", DEFAULTS));
        // Axon's update checker phones home; the platform never does.
        System.setProperty("axoniq.update-checker.disabled", "true");
        // and its banner advertising a hosted console would fill every service's log at start
        System.setProperty("disable-axoniq-console-message", "true");
    }
}
