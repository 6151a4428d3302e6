package jp.madoguchi.notification.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import jp.madoguchi.notification.TownEvents;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.embedded.line.LineEmulator;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.BroadcastSent;
import jp.madoguchi.platform.events.contracts.ResidentAttributesChanged;
import jp.madoguchi.platform.events.contracts.ResidentFollowed;
import jp.madoguchi.platform.events.contracts.ResidentUnfollowed;
import jp.madoguchi.platform.events.contracts.TenantChannelConfigured;
import jp.madoguchi.platform.security.Role;
import jp.madoguchi.platform.security.SecretBox;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Broadcasts through real Kafka, PostgreSQL, Mongo wire and the LINE emulator: a segment is reached exactly, in
 * multicasts of at most 500 with one retry key per chunk, through injected LINE failures; the month's quota and the
 * town's approval rule are enforced; BroadcastSent is published with the figures.
 */
// the same annotations as NotificationServiceStartupTest, so all share one Spring context
@AutoConfigureObservability(tracing = false)
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=notification-service")
class BroadcastIntegrationTest {

    private static final String TOWN = "014818";
    private static final String TOKEN = "token-broadcast-" + TOWN;
    private static final Instant AT = Instant.parse("2026-12-01T01:00:00Z");
    private static final int IN_D1 = 620;
    private static final String D1 = "{\"attribute\":\"district\",\"in\":[\"d1\"]}";

    @Autowired
    WebTestClient http;

    private static boolean townReady;
    private final IntegrationEventCodec codec = new IntegrationEventCodec();
    private LineEmulator emulator;

    /** Once for the class (a static @BeforeAll would run before the Spring context exists). */
    @BeforeEach
    void aTownWithItsChannelAndResidents() throws Exception {
        emulator = EmbeddedPlatformExtension.platform().lineEmulator();
        if (townReady) {
            return;
        }
        townReady = true;
        SecretBox box = EmbeddedPlatformExtension.secretBox();
        try (TownEvents kafka = TownEvents.of(TOWN, AT)) {
            kafka.publish(Topics.TENANT_EVENTS, "tenant-" + TOWN, 1,
                    new TenantChannelConfigured("3000" + TOWN, box.seal("secret"), box.seal(TOKEN), SecretBox.fingerprint(TOKEN)));
            for (int i = 0; i < IN_D1; i++) {
                resident(kafka, "Ubc1x" + i, "d1");
            }
            for (int i = 0; i < 5; i++) {
                resident(kafka, "Ubc2x" + i, "d2");
            }
            // followed in d1 and blocked the account again: never sent to
            String gone = TOWN + ":LINE:Ubc1gone";
            resident(kafka, "Ubc1gone", "d1");
            kafka.publish(Topics.CONVERSATION_EVENTS, gone, 2, new ResidentUnfollowed(gone, "LINE", AT));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(count(D1)).isEqualTo(IN_D1));
    }

    @Test
    void aSegmentedBroadcastReachesExactlyTheSegmentOnceThroughLineFailures() {
        String id = draft("{\"title\":\"断水のお知らせ\",\"text\":\"12月10日 9時〜12時、一区で断水します。\","
                + "\"procedureId\":\"water-stop\",\"audience\":{\"definition\":" + D1 + "}}", staff());
        // LINE is briefly unavailable, and allows this channel one multicast a second: both are waited out
        emulator.failNext(500, 2);
        emulator.rateLimit(LineEmulator.MULTICAST, 1);
        try {
            staff().post().uri("/api/towns/{t}/broadcasts/{id}/send", TOWN, id).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.audienceCount").isEqualTo(IN_D1);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> staff().get().uri("/api/towns/{t}/broadcasts/{id}", TOWN, id).exchange()
                    .expectBody().jsonPath("$.status").isEqualTo("SENT"));
        } finally {
            emulator.rateLimit(LineEmulator.MULTICAST, 200);
        }
        staff().get().uri("/api/towns/{t}/broadcasts/{id}", TOWN, id).exchange().expectBody()
                .jsonPath("$.recipients").isEqualTo(IN_D1)
                .jsonPath("$.chunks").isEqualTo(2)
                .jsonPath("$.progress.delivered").isEqualTo(IN_D1)
                .jsonPath("$.progress.failed").isEqualTo(0);

        List<LineEmulator.Delivery> sent = emulator.deliveries().stream()
                .filter(d -> d.userId().startsWith("Ubc") && d.texts().contains("12月10日 9時〜12時、一区で断水します。")).toList();
        assertThat(sent).allMatch(d -> d.kind().equals(LineEmulator.MULTICAST));
        Map<String, Long> perResident = sent.stream().collect(Collectors.groupingBy(LineEmulator.Delivery::userId, Collectors.counting()));
        assertThat(perResident).hasSize(IN_D1).allSatisfy((user, times) -> {
            assertThat(user).startsWith("Ubc1x");
            assertThat(times).isEqualTo(1L);
        });
        assertThat(sent.stream().map(LineEmulator.Delivery::retryKey).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(RecipientChunks.retryKey(id, 0).toString(), RecipientChunks.retryKey(id, 1).toString());
        // text, then the card whose button starts the procedure
        assertThat(sent.get(0).messages()).hasSize(2);
        assertThat(sent.get(0).messages().get(1).path("contents").path("footer").path("contents").get(0).path("action").path("data").asText())
                .isEqualTo("start:water-stop");

        BroadcastSent published = broadcastSent(id);
        assertThat(published.recipientCount()).isEqualTo(IN_D1);
        assertThat(published.deliveredCount()).isEqualTo(IN_D1);
        assertThat(published.failedCount()).isZero();
        assertThat(published.segment()).isEqualTo("条件で指定した友だち");
    }

    @Test
    void staffSeeTheQuotaAndABroadcastLargerThanWhatIsLeftIsRefused() {
        emulator.messageQuota(TOKEN, 10_000);
        staff().get().uri("/api/towns/{t}/broadcasts/quota", TOWN).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.limited").isEqualTo(true).jsonPath("$.limit").isEqualTo(10_000);
        emulator.messageQuota(TOKEN, 0);
        try {
            String id = draft("{\"title\":\"お祭り\",\"text\":\"町のお祭りがあります。\"}", staff());
            staff().get().uri("/api/towns/{t}/broadcasts/{id}/preview", TOWN, id).exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.audienceCount").isEqualTo(IN_D1 + 5)
                    .jsonPath("$.messages[0].type").isEqualTo("text")
                    .jsonPath("$.messages[0].text").isEqualTo("町のお祭りがあります。")
                    .jsonPath("$.quota.remaining").isEqualTo(0);
            staff().post().uri("/api/towns/{t}/broadcasts/{id}/send", TOWN, id).exchange()
                    .expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("今月の残りの送信可能数"));
            staff().get().uri("/api/towns/{t}/broadcasts/{id}", TOWN, id).exchange().expectBody().jsonPath("$.status").isEqualTo("DRAFT");
        } finally {
            emulator.messageQuota(TOKEN, -1);
        }
    }

    @Test
    void aTownThatAsksForApprovalNeedsASecondStaffMemberAndAScheduledBroadcastCanBeCancelled() {
        WebTestClient admin = as(Role.ADMIN);
        admin.put().uri("/api/towns/{t}/broadcast-settings", TOWN).header("Content-Type", "application/json")
                .bodyValue("{\"approvalRequired\":true}").exchange().expectStatus().isOk();
        try {
            WebTestClient author = staff();
            String id = draft("{\"title\":\"年末年始\",\"text\":\"年末年始のごみ収集のお知らせです。\"}", author);
            author.post().uri("/api/towns/{t}/broadcasts/{id}/send", TOWN, id).exchange().expectStatus().isEqualTo(409);
            author.post().uri("/api/towns/{t}/broadcasts/{id}/approve", TOWN, id).exchange().expectStatus().isEqualTo(409)
                    .expectBody().jsonPath("$.detail").isEqualTo("作成した本人は承認できません。別の職員に承認を依頼してください。");
            staff().post().uri("/api/towns/{t}/broadcasts/{id}/approve", TOWN, id).exchange().expectStatus().isOk();
            author.post().uri("/api/towns/{t}/broadcasts/{id}/send", TOWN, id).header("Content-Type", "application/json")
                    .bodyValue("{\"sendAt\":\"2099-12-28T18:00:00+09:00\"}").exchange().expectStatus().isOk();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> author.get().uri("/api/towns/{t}/broadcasts/{id}", TOWN, id).exchange()
                    .expectBody().jsonPath("$.status").isEqualTo("SCHEDULED"));
            author.post().uri("/api/towns/{t}/broadcasts/{id}/cancel", TOWN, id).exchange().expectStatus().isOk();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> author.get().uri("/api/towns/{t}/broadcasts/{id}", TOWN, id).exchange()
                    .expectBody().jsonPath("$.status").isEqualTo("CANCELLED"));
            author.post().uri("/api/towns/{t}/broadcasts/{id}/send", TOWN, id).exchange().expectStatus().isEqualTo(409);
        } finally {
            admin.put().uri("/api/towns/{t}/broadcast-settings", TOWN).header("Content-Type", "application/json")
                    .bodyValue("{\"approvalRequired\":false}").exchange().expectStatus().isOk();
        }
    }

    @Test
    void badInputIsRefusedWithWhatToCorrectAndOtherTownsAndViewersCannotSend() {
        staff().post().uri("/api/towns/{t}/broadcasts", TOWN).header("Content-Type", "application/json")
                .bodyValue("{\"title\":\"\",\"text\":\"\",\"imageUrl\":\"http://x\"}").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.problems.length()").isEqualTo(3);
        staff().post().uri("/api/towns/{t}/broadcasts", TOWN).header("Content-Type", "application/json")
                .bodyValue("{\"title\":\"x\",\"text\":\"y\",\"audience\":{\"segmentId\":\"no-such\"}}").exchange().expectStatus().isBadRequest();
        staff().post().uri("/api/towns/{t}/broadcasts/{id}/send", TOWN, "no-such").exchange().expectStatus().isNotFound();
        as(Role.VIEWER).post().uri("/api/towns/{t}/broadcasts", TOWN).header("Content-Type", "application/json")
                .bodyValue("{\"title\":\"x\",\"text\":\"y\"}").exchange().expectStatus().isForbidden();
        http.mutate().defaultHeaders(h -> h.setBearerAuth(EmbeddedPlatformExtension.tokens().town("014842", Role.STAFF))).build()
                .get().uri("/api/towns/{t}/broadcasts", TOWN).exchange().expectStatus().isForbidden();
        staff().put().uri("/api/towns/{t}/broadcast-settings", TOWN).header("Content-Type", "application/json")
                .bodyValue("{\"approvalRequired\":true}").exchange().expectStatus().isForbidden();
    }

    private String draft(String body, WebTestClient as) {
        Object id = as.post().uri("/api/towns/{t}/broadcasts", TOWN).header("Content-Type", "application/json").bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as.get().uri("/api/towns/{t}/broadcasts/{id}", TOWN, id).exchange()
                .expectStatus().isOk());
        return (String) id;
    }

    private BroadcastSent broadcastSent(String id) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("spring.kafka.bootstrap-servers"));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-broadcast-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<BroadcastSent> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.NOTIFICATION_EVENTS));
            long deadline = System.currentTimeMillis() + 30_000;
            while (found.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    EventEnvelope envelope = codec.decode(r.value());
                    if ("BroadcastSent".equals(envelope.type()) && TOWN.equals(envelope.tenantId())) {
                        BroadcastSent e = codec.payload(envelope, BroadcastSent.class);
                        if (e.broadcastId().equals(id)) {
                            found.add(e);
                        }
                    }
                });
            }
        }
        assertThat(found).as("BroadcastSent of " + id).hasSize(1);
        return found.get(0);
    }

    private int count(String definition) {
        return staff().post().uri("/api/towns/{t}/segments/count", TOWN).header("Content-Type", "application/json").bodyValue(definition)
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("count") instanceof Integer n ? n : -1;
    }

    private WebTestClient staff() {
        return as(Role.STAFF);
    }

    private WebTestClient as(Role role) {
        // generous: the first quota call builds the town's LINE client, slow on a busy 2-core machine
        return http.mutate().responseTimeout(Duration.ofSeconds(30))
                .defaultHeaders(h -> h.setBearerAuth(EmbeddedPlatformExtension.tokens().town(TOWN, role))).build();
    }

    private void resident(TownEvents kafka, String lineUserId, String district) throws Exception {
        String id = TOWN + ":LINE:" + lineUserId;
        kafka.publish(Topics.CONVERSATION_EVENTS, id, 0, new ResidentFollowed(id, "LINE", lineUserId, AT));
        kafka.publish(Topics.CONVERSATION_EVENTS, id, 1, new ResidentAttributesChanged(id, "LINE", lineUserId, Map.of("district", district), AT));
    }
}
