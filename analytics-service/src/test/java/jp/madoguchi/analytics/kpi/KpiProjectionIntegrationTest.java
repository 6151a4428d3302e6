package jp.madoguchi.analytics.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.madoguchi.analytics.AnalyticsServiceApplication;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.ApplicationSubmitted;
import jp.madoguchi.platform.events.contracts.ConversationCompleted;
import jp.madoguchi.platform.events.contracts.KpiTargetsSet;
import jp.madoguchi.platform.events.contracts.ResidentFollowed;
import jp.madoguchi.platform.events.contracts.ResidentUnfollowed;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import jp.madoguchi.platform.security.Role;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Integration events from a real Kafka topic into the town's Mongo database, read back over HTTP. */
// a loaded shared machine can take more than the default 5 s to answer
@AutoConfigureWebTestClient(timeout = "30s")
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = AnalyticsServiceApplication.CONFIG_NAME)
class KpiProjectionIntegrationTest {

    private static final String TOWN = "014834";
    private static final Instant MAY_2026 = Instant.parse("2026-05-10T01:00:00Z");

    @Autowired
    WebTestClient http;

    private final IntegrationEventCodec codec = new IntegrationEventCodec();

    @Test
    void countsFriendsOnceEachAndApplicationsPerFiscalYearAgainstTargets() throws Exception {
        String alice = TOWN + ":LINE:Ua", bob = TOWN + ":LINE:Ub";
        EventEnvelope aliceFollowed = envelope(alice, 0, new ResidentFollowed(alice, "LINE", "Ua", MAY_2026));
        try (KafkaProducer<String, byte[]> kafka = producer()) {
            send(kafka, Topics.CONVERSATION_EVENTS, aliceFollowed);
            send(kafka, Topics.CONVERSATION_EVENTS, aliceFollowed); // redelivered by Kafka: same event id
            send(kafka, Topics.CONVERSATION_EVENTS, envelope(bob, 0, new ResidentFollowed(bob, "LINE", "Ub", MAY_2026)));
            send(kafka, Topics.CONVERSATION_EVENTS, envelope(bob, 1, new ResidentUnfollowed(bob, "LINE", MAY_2026)));
            // republished by the outbox after a crash: a new envelope of an event already applied (same sequence)
            send(kafka, Topics.CONVERSATION_EVENTS, envelope(bob, 0, new ResidentFollowed(bob, "LINE", "Ub", MAY_2026)));
            send(kafka, Topics.PROCEDURE_EVENTS, envelope("a-1", 0, new ApplicationSubmitted("a-1", "2026-000001", "water-start", 1,
                    alice, "LINE", Map.of(), MAY_2026)));
            send(kafka, Topics.PROCEDURE_EVENTS, envelope("a-0", 0, new ApplicationSubmitted("a-0", "2025-000099", "water-start", 1,
                    alice, "LINE", Map.of(), Instant.parse("2026-03-31T14:00:00Z")))); // still FY2025 in Japan
            send(kafka, Topics.TENANT_EVENTS, envelope(TOWN, 3, new KpiTargetsSet(2026, 1000, 240, 500, 4.2)));
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asStaffOf(TOWN).get().uri("/api/towns/{t}/kpis?fiscalYear=2026", TOWN)
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.friends.actual").isEqualTo(1)
                .jsonPath("$.friends.target").isEqualTo(1000)
                .jsonPath("$.applications.actual").isEqualTo(1)
                .jsonPath("$.applications.target").isEqualTo(500)
                .jsonPath("$.satisfaction.target").isEqualTo(4.2));
        // the FY2025 application is keyed by another aggregate, so it may arrive after the FY2026 ones
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asStaffOf(TOWN).get().uri("/api/towns/{t}/kpis?fiscalYear=2025", TOWN)
                .exchange().expectBody()
                .jsonPath("$.applications.actual").isEqualTo(1)
                .jsonPath("$.friends.target").doesNotExist());
    }

    /** The survey's answers: mean and count per fiscal year, each conversation once however often it arrives. */
    @Test
    void satisfactionIsTheMeanOfSurveyAnswersPerFiscalYearCountedOnce() throws Exception {
        String town = "014842";
        Instant june = Instant.parse("2026-06-01T01:00:00Z");
        EventEnvelope five = codec.wrap(UUID.randomUUID(), town, june, "s-1", 5, survey("c-1", "5", june));
        try (KafkaProducer<String, byte[]> kafka = producer()) {
            send(kafka, Topics.CONVERSATION_EVENTS, five);
            send(kafka, Topics.CONVERSATION_EVENTS, five); // redelivered
            // republished under a new event id after a crash: same conversation, same sequence
            send(kafka, Topics.CONVERSATION_EVENTS, codec.wrap(UUID.randomUUID(), town, june, "s-1", 5, survey("c-1", "5", june)));
            send(kafka, Topics.CONVERSATION_EVENTS, codec.wrap(UUID.randomUUID(), town, june, "s-2", 4, survey("c-2", "2", june)));
            send(kafka, Topics.CONVERSATION_EVENTS, codec.wrap(UUID.randomUUID(), town, june, "s-3", 4, survey("c-3", "4", june)));
            // another procedure's completion, and an answer that is not a score, count nothing
            send(kafka, Topics.CONVERSATION_EVENTS, codec.wrap(UUID.randomUUID(), town, june, "s-4", 3,
                    new ConversationCompleted("c-4", town + ":LINE:U4", "LINE", "U4", "water", 1, Map.of("phone", "0164"), List.of(), june)));
            send(kafka, Topics.CONVERSATION_EVENTS, codec.wrap(UUID.randomUUID(), town, june, "s-5", 3, survey("c-5", "とても", june)));
            // last fiscal year (March 2026 in Japan)
            Instant march = Instant.parse("2026-03-20T01:00:00Z");
            send(kafka, Topics.CONVERSATION_EVENTS, codec.wrap(UUID.randomUUID(), town, march, "s-6", 2, survey("c-6", "1", march)));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asStaffOf(town).get().uri("/api/towns/{t}/kpis?fiscalYear=2026", town)
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.satisfaction.answers").isEqualTo(3)
                .jsonPath("$.satisfaction.actual").isEqualTo(3.67));
        // the March answer is keyed by another conversation, so it may sit on another partition and arrive later
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asStaffOf(town).get().uri("/api/towns/{t}/kpis?fiscalYear=2025", town)
                .exchange().expectBody()
                .jsonPath("$.satisfaction.answers").isEqualTo(1)
                .jsonPath("$.satisfaction.actual").isEqualTo(1.0));
    }

    private static ConversationCompleted survey(String conversationId, String score, Instant at) {
        return new ConversationCompleted(conversationId, "014842:LINE:U" + conversationId, "LINE", "U" + conversationId,
                "satisfaction-survey", 1, Map.of("satisfaction", score, "wantsComment", "no"), List.of(), at);
    }

    /** The grant's table: each year's report oldest first, and the same as CSV for Excel; only the town's own numbers. */
    @Test
    void yearsAndTheGrantCsvListEachFiscalYearAgainstItsTargets() throws Exception {
        String town = "011029";
        try (KafkaProducer<String, byte[]> kafka = producer()) {
            send(kafka, Topics.TENANT_EVENTS, codec.wrap(UUID.randomUUID(), town, MAY_2026, town, 1, new KpiTargetsSet(2025, 10, 4, 2, 4.0)));
            send(kafka, Topics.PROCEDURE_EVENTS, codec.wrap(UUID.randomUUID(), town, MAY_2026, "g-1", 0, new ApplicationSubmitted("g-1",
                    "2025-000001", "water-start", 1, "r", "LINE", Map.of(), Instant.parse("2025-06-01T00:00:00Z"))));
            send(kafka, Topics.PROCEDURE_EVENTS, codec.wrap(UUID.randomUUID(), town, MAY_2026, "g-2", 0, new ApplicationSubmitted("g-2",
                    "2026-000001", "water-start", 1, "r", "LINE", Map.of(), MAY_2026)));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asStaffOf(town).get()
                .uri("/api/towns/{t}/kpis/years?from=2024&to=2026", town).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(3)
                .jsonPath("$[0].fiscalYear").isEqualTo(2024)
                .jsonPath("$[1].applications.actual").isEqualTo(1)
                .jsonPath("$[1].applications.target").isEqualTo(2)
                .jsonPath("$[1].applications.achievement").isEqualTo(50.0)
                .jsonPath("$[2].applications.actual").isEqualTo(1)
                .jsonPath("$[2].applications.target").doesNotExist());

        byte[] csv = asStaffOf(town).get().uri("/api/towns/{t}/kpis/grant.csv?from=2025&to=2026", town).exchange()
                .expectStatus().isOk().expectHeader().contentType("text/csv;charset=UTF-8")
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(new String(csv, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("\uFEFF"
                + "\"指標\",\"2025年度 目標\",\"2025年度 実績\",\"2025年度 達成率(%)\",\"2026年度 目標\",\"2026年度 実績\",\"2026年度 達成率(%)\"\r\n"
                + "\"友だち登録者数\",\"10\",\"0\",\"0.0\",\"\",\"0\",\"\"\r\n"
                + "\"情報発信回数\",\"4\",\"0\",\"0.0\",\"\",\"0\",\"\"\r\n"
                + "\"申請等受付数\",\"2\",\"1\",\"50.0\",\"\",\"1\",\"\"\r\n"
                + "\"満足度\",\"4.0\",\"\",\"\",\"\",\"\",\"\"\r\n");

        // another town's staff never get this town's table; a bad range says what is allowed
        asStaffOf(TOWN).get().uri("/api/towns/{t}/kpis/years?from=2025", town).exchange().expectStatus().isForbidden();
        asStaffOf(TOWN).get().uri("/api/towns/{t}/kpis/grant.csv?from=2025", town).exchange().expectStatus().isForbidden();
        asStaffOf(town).get().uri("/api/towns/{t}/kpis/years", town).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("from is required"));
        asStaffOf(town).get().uri("/api/towns/{t}/kpis/years?from=2000&to=2050", town).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("at most 20 years"));
    }

    @Test
    void onlyTheTownsOwnStaffSeeItsKpisAndABadYearIsExplained() {
        asStaffOf("131016").get().uri("/api/towns/{t}/kpis", TOWN).exchange().expectStatus().isForbidden();
        http.get().uri("/api/towns/{t}/kpis", TOWN).exchange().expectStatus().isUnauthorized();
        asStaffOf(TOWN).get().uri("/api/towns/{t}/kpis?fiscalYear=99", TOWN).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("between 2000 and 2100"));
        as(EmbeddedPlatformExtension.tokens().town(TOWN, Role.VIEWER)).get().uri("/api/towns/{t}/kpis", TOWN).exchange()
                .expectStatus().isOk();
    }

    private WebTestClient asStaffOf(String town) {
        return as(EmbeddedPlatformExtension.tokens().town(town, Role.STAFF));
    }

    private WebTestClient as(String token) {
        return http.mutate().defaultHeaders(h -> h.setBearerAuth(token)).build();
    }

    private EventEnvelope envelope(String aggregateId, long sequence, Record payload) {
        return codec.wrap(UUID.randomUUID(), TOWN, MAY_2026, aggregateId, sequence, payload);
    }

    private void send(KafkaProducer<String, byte[]> kafka, String topic, EventEnvelope e) throws Exception {
        kafka.send(new ProducerRecord<>(topic, e.aggregateId(), codec.encode(e))).get();
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("spring.kafka.bootstrap-servers")),
                new StringSerializer(), new ByteArraySerializer());
    }
}
