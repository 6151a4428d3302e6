package jp.madoguchi.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.KpiTargetsSet;
import jp.madoguchi.tenant.town.TownView;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import jp.madoguchi.platform.security.Role;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** tenant-service over HTTP against the embedded Kafka, PostgreSQL and Mongo-wire servers. */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=tenant-service")
class TenantServiceIntegrationTest {

    private static final String TOMAMAE = "014834";
    private static final String CHIYODA = "131016"; // valid code, never onboarded here

    @Autowired
    WebTestClient http;

    @Test
    void onboardsATownSetsItsTargetsAndPublishesThem() {
        asOperator().post().uri("/api/operator/towns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenantId", TOMAMAE, "name", "苫前町", "nameKana", "とままえちょう", "prefecture", "北海道", "population", 2900))
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().location("/api/towns/" + TOMAMAE);

        // A second onboarding of the same code is refused by the JDBC event store.
        asOperator().post().uri("/api/operator/towns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenantId", TOMAMAE, "name", "苫前町", "nameKana", "とままえちょう", "prefecture", "北海道", "population", 2900))
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("014834 is already onboarded"));

        asOperator().post().uri("/api/operator/towns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenantId", "014835", "name", "x", "nameKana", "x", "prefecture", "x", "population", 1))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("wrong check digit (expected 4)"));

        asAdminOf(TOMAMAE).put().uri("/api/towns/{t}/kpi-targets/2026", TOMAMAE).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("friends", 1000, "broadcasts", 240, "applications", 500, "satisfaction", 4.2))
                .exchange()
                .expectStatus().isNoContent();

        asAdminOf(TOMAMAE).put().uri("/api/towns/{t}/kpi-targets/2026", TOMAMAE).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("friends", 1000, "broadcasts", 240, "applications", 500, "satisfaction", 5.5))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("satisfaction target must be between 1.0 and 5.0"));

        asAdminOf(TOMAMAE).put().uri("/api/towns/{t}/kpi-targets/1999", TOMAMAE).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("friends", 1000, "broadcasts", 240, "applications", 500, "satisfaction", 4.2))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("fiscal year must be between 2000 and 2100"));

        asAdminOf(CHIYODA).put().uri("/api/towns/{t}/kpi-targets/2026", CHIYODA).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("friends", 1000, "broadcasts", 240, "applications", 500, "satisfaction", 4.2))
                .exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("131016 is not onboarded"));

        EventEnvelope published = awaitPublished(TOMAMAE, "KpiTargetsSet");
        assertThat(published.aggregateId()).isEqualTo(TOMAMAE);
        assertThat(new IntegrationEventCodec().payload(published, KpiTargetsSet.class))
                .isEqualTo(new KpiTargetsSet(2026, 1000, 240, 500, 4.2));

        TownView town = awaitTown(TOMAMAE, view -> !view.kpiTargets().isEmpty());
        assertThat(town.name()).isEqualTo("苫前町");
        assertThat(town.prefecture()).isEqualTo("北海道");
        assertThat(town.kpiTargets()).containsExactly(new TownView.YearTargets(2026, 1000, 240, 500, 4.2));

        asAdminOf(CHIYODA).get().uri("/api/towns/{t}", CHIYODA).exchange().expectStatus().isNotFound();
    }

    @Test
    void aTownsTokenReachesOnlyItsOwnTownAndViewersOnlyRead() {
        Map<String, Object> targets = Map.of("friends", 1, "broadcasts", 1, "applications", 1, "satisfaction", 3.0);
        asAdminOf(CHIYODA).put().uri("/api/towns/{t}/kpi-targets/2026", TOMAMAE).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(targets).exchange().expectStatus().isForbidden();
        as(EmbeddedPlatformExtension.tokens().town(TOMAMAE, Role.VIEWER)).put().uri("/api/towns/{t}/kpi-targets/2026", TOMAMAE)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(targets).exchange().expectStatus().isForbidden();
        as(EmbeddedPlatformExtension.tokens().town(TOMAMAE, Role.STAFF)).put().uri("/api/towns/{t}/kpi-targets/2026", TOMAMAE)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(targets).exchange().expectStatus().isForbidden();
        asAdminOf(TOMAMAE).post().uri("/api/operator/towns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenantId", CHIYODA)).exchange().expectStatus().isForbidden();
        http.get().uri("/api/towns/{t}", TOMAMAE).exchange().expectStatus().isUnauthorized();
    }

    private WebTestClient asOperator() {
        return as(EmbeddedPlatformExtension.tokens().operator());
    }

    private WebTestClient asAdminOf(String town) {
        return as(EmbeddedPlatformExtension.tokens().town(town, Role.ADMIN));
    }

    private WebTestClient as(String token) {
        return http.mutate().defaultHeaders(h -> h.setBearerAuth(token)).build();
    }

    private TownView awaitTown(String code, java.util.function.Predicate<TownView> ready) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            TownView view = asAdminOf(code).get().uri("/api/towns/{t}", code).exchange()
                    .returnResult(TownView.class).getResponseBody().blockFirst(Duration.ofSeconds(5));
            if (view != null && view.tenantId() != null && ready.test(view)) {
                return view;
            }
            assertThat(Instant.now()).as("town %s projected in time", code).isBefore(deadline);
            sleep(200);
        }
    }

    private static EventEnvelope awaitPublished(String tenant, String type) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("spring.kafka.bootstrap-servers"));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        IntegrationEventCodec codec = new IntegrationEventCodec();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.TENANT_EVENTS, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    EventEnvelope envelope = codec.decode(record.value());
                    if (envelope.tenantId().equals(tenant) && envelope.type().equals(type)) {
                        return envelope;
                    }
                }
            }
        }
        throw new AssertionError("no " + type + " for " + tenant + " on " + Topics.TENANT_EVENTS + " within 30 s");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
