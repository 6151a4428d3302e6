package jp.madoguchi.notification;

import static org.assertj.core.api.Assertions.assertThat;

import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/** notification-service boots against the embedded platform, reports healthy, serves metrics and owns an event store. */
// Tests switch metric exporters off by default; the Prometheus endpoint is part of what is checked here.
@AutoConfigureObservability(tracing = false)
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=notification-service")
class NotificationServiceStartupTest {

    @Autowired
    WebTestClient http;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void isHealthyAndServesPrometheusMetrics() {
        http.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");

        http.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body)
                        .contains("# TYPE jvm_memory_used_bytes gauge")
                        .contains("service=\"notification-service\""));
    }

    @Test
    void flywayCreatedTheAxonEventStore() {
        Integer events = jdbc.queryForObject("select count(*) from domainevententry", Integer.class);
        assertThat(events).isNotNull();
        Integer tables = jdbc.queryForObject(
                "select count(*) from information_schema.tables where table_name in ('domainevententry', 'tokenentry', 'snapshotevententry')",
                Integer.class);
        assertThat(tables).isEqualTo(3);
    }
}
