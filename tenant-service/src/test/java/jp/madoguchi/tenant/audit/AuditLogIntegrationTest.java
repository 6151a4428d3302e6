package jp.madoguchi.tenant.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.security.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Every staff and operator command lands in the town's audit log, refused ones included; only admins read it. */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=tenant-service")
class AuditLogIntegrationTest {

    private static final String TOWN = "015814"; // 日高町
    private static final String OTHER = "472018"; // 那覇市

    @Autowired
    WebTestClient http;

    @Test
    void recordsWhoDidWhatToTheTownAndWhatWasRefused() {
        as(EmbeddedPlatformExtension.tokens().operator()).post().uri("/api/operator/towns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenantId", TOWN, "name", "日高町", "nameKana", "ひだかちょう", "prefecture", "北海道", "population", 11000))
                .exchange().expectStatus().isCreated();
        Map<String, Object> targets = Map.of("friends", 300, "broadcasts", 50, "applications", 80, "satisfaction", 3.9);
        as(admin(TOWN)).put().uri("/api/towns/{t}/kpi-targets/2026", TOWN).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(targets).exchange().expectStatus().isNoContent();
        as(admin(OTHER)).put().uri("/api/towns/{t}/kpi-targets/2026", TOWN).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(targets).exchange().expectStatus().isForbidden();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(admin(TOWN)).get().uri("/api/towns/{t}/audit-log", TOWN).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(2)
                // newest first: the refused attempt by another town's admin
                .jsonPath("$.items[0].outcome").isEqualTo("denied")
                .jsonPath("$.items[0].actorTown").isEqualTo(OTHER)
                .jsonPath("$.items[1].action").isEqualTo("PUT /api/towns/{tenantId}/kpi-targets/{fiscalYear}")
                .jsonPath("$.items[1].outcome").isEqualTo("succeeded")
                .jsonPath("$.items[1].role").isEqualTo("admin"));
        // onboarding names the town only in its body: it is an operator act, kept in the platform's log

        as(EmbeddedPlatformExtension.tokens().town(TOWN, Role.STAFF)).get().uri("/api/towns/{t}/audit-log", TOWN).exchange()
                .expectStatus().isForbidden();
        as(admin(OTHER)).get().uri("/api/towns/{t}/audit-log", TOWN).exchange().expectStatus().isForbidden();
    }

    private static String admin(String town) {
        return EmbeddedPlatformExtension.tokens().town(town, Role.ADMIN);
    }

    private WebTestClient as(String token) {
        return http.mutate().defaultHeaders(h -> h.setBearerAuth(token)).build();
    }
}
