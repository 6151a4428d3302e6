package jp.madoguchi.notification.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import jp.madoguchi.notification.TownEvents;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.ApplicationSubmitted;
import jp.madoguchi.platform.events.contracts.ResidentAttributesChanged;
import jp.madoguchi.platform.events.contracts.ResidentFollowed;
import jp.madoguchi.platform.events.contracts.ResidentUnfollowed;
import jp.madoguchi.platform.security.Role;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import reactor.core.publisher.Mono;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Resident events from real Kafka topics into the projection and the index, counted over HTTP, and the index rebuilt from Mongo. */
// the same annotations as NotificationServiceStartupTest, so both share one Spring context
@AutoConfigureObservability(tracing = false)
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=notification-service")
class ResidentIndexIntegrationTest {

    private static final String TOWN = "014834";
    private static final Instant AT = Instant.parse("2026-05-10T01:00:00Z");
    private static final String D1_WITH_CHILDREN = "{\"and\":[{\"attribute\":\"district\",\"in\":[\"d1\"]},"
            + "{\"attribute\":\"schoolChildren\",\"in\":[\"yes\"]}]}";

    @Autowired
    WebTestClient http;

    @Autowired
    ResidentStore store;

    @Autowired
    TenantMongo mongo;

    @Test
    void residentEventsReachTheIndexOnceAndInOrderAndTheIndexIsRebuiltFromTheProjection() throws Exception {
        String a = TOWN + ":LINE:Ua", b = TOWN + ":LINE:Ub", c = TOWN + ":LINE:Uc";
        Map<String, String> d1Kids = Map.of("district", "d1", "schoolChildren", "yes");
        try (TownEvents kafka = TownEvents.of(TOWN, AT)) {
            kafka.publish(Topics.CONVERSATION_EVENTS, a, 0, new ResidentFollowed(a, "LINE", "Ua", AT));
            kafka.publish(Topics.CONVERSATION_EVENTS, a, 1, new ResidentAttributesChanged(a, "LINE", "Ua", d1Kids, AT));
            kafka.publish(Topics.CONVERSATION_EVENTS, b, 0, new ResidentFollowed(b, "LINE", "Ub", AT));
            kafka.publish(Topics.CONVERSATION_EVENTS, b, 1, new ResidentAttributesChanged(b, "LINE", "Ub", d1Kids, AT));
            kafka.publish(Topics.CONVERSATION_EVENTS, b, 2, new ResidentUnfollowed(b, "LINE", AT));
            // republished after a crash under a new event id: older than what b's stream reached, so ignored
            kafka.publish(Topics.CONVERSATION_EVENTS, b, 0, new ResidentFollowed(b, "LINE", "Ub", AT));
            kafka.publish(Topics.CONVERSATION_EVENTS, c, 0, new ResidentFollowed(c, "LINE", "Uc", AT));
            kafka.publish(Topics.CONVERSATION_EVENTS, c, 1, new ResidentAttributesChanged(c, "LINE", "Uc",
                    Map.of("district", "d2", "schoolChildren", "yes"), AT));
            kafka.publish(Topics.PROCEDURE_EVENTS, "app-1", 0, new ApplicationSubmitted("app-1", "2026-000001", "water-start", 1, c,
                    "LINE", Map.of(), AT));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(count("{\"appliedFor\":\"water-start\"}")).isEqualTo(1);
            assertThat(count("{\"everyone\":true}")).isEqualTo(2);
        });
        assertThat(count(D1_WITH_CHILDREN)).isEqualTo(1);
        assertThat(count("{\"not\":" + D1_WITH_CHILDREN + "}")).isEqualTo(1);

        // the stale republished event was recognised as applied, not parked as a failure
        assertThat(Mono.from(mongo.platform().getCollection("parked_events").countDocuments(new Document("consumer", "notification-residents-v1")))
                .block()).isZero();

        TownIndex rebuilt = new ResidentIndex(store).town(TenantId.of(TOWN));
        assertThat(rebuilt.size()).isEqualTo(3);
        assertThat(rebuilt.residents(rebuilt.evaluate(SegmentJson.read(new com.fasterxml.jackson.databind.ObjectMapper().readTree(D1_WITH_CHILDREN)))))
                .extracting(ResidentState::channelUserId).containsExactly("Ua");
        assertThat(rebuilt.resident(c)).hasValueSatisfying(s -> assertThat(s.procedures()).isEqualTo(Set.of("water-start")));
    }

    @Test
    void savedSegmentsKeepTheirDefinitionAndShowTheLiveCount() {
        staff().put().uri("/api/towns/{t}/segments/{id}", TOWN, "d1-families").header("Content-Type", "application/json")
                .bodyValue("{\"name\":\"一区の子育て世帯\",\"definition\":" + D1_WITH_CHILDREN + "}").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("一区の子育て世帯").jsonPath("$.count").isNumber();
        staff().get().uri("/api/towns/{t}/segments", TOWN).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.id == 'd1-families')].definition.and[0].attribute").isEqualTo("district");
        staff().put().uri("/api/towns/{t}/segments/{id}", TOWN, "Bad Id").header("Content-Type", "application/json")
                .bodyValue("{\"name\":\"x\",\"definition\":{\"everyone\":true}}").exchange().expectStatus().isBadRequest();
        staff().post().uri("/api/towns/{t}/segments/count", TOWN).header("Content-Type", "application/json")
                .bodyValue("{\"or\":[{\"attribute\":\"district\"}]}").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("$.or[0].in"));
        staff().delete().uri("/api/towns/{t}/segments/{id}", TOWN, "d1-families").exchange().expectStatus().isNoContent();
        staff().get().uri("/api/towns/{t}/segments/{id}", TOWN, "d1-families").exchange().expectStatus().isNotFound();
        http.mutate().defaultHeaders(h -> h.setBearerAuth(EmbeddedPlatformExtension.tokens().town("014842", Role.STAFF))).build()
                .post().uri("/api/towns/{t}/segments/count", TOWN).header("Content-Type", "application/json")
                .bodyValue("{\"everyone\":true}").exchange().expectStatus().isForbidden();
    }

    private int count(String definition) {
        return staff().post().uri("/api/towns/{t}/segments/count", TOWN).header("Content-Type", "application/json").bodyValue(definition)
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("count") instanceof Integer n ? n : -1;
    }

    private WebTestClient staff() {
        return http.mutate().defaultHeaders(h -> h.setBearerAuth(EmbeddedPlatformExtension.tokens().town(TOWN, Role.STAFF))).build();
    }
}
