package jp.madoguchi.conversation.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.model.PushMessageRequest;
import com.linecorp.bot.messaging.model.ReplyMessageRequest;
import com.linecorp.bot.messaging.model.TextMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import jp.madoguchi.conversation.ConversationServiceApplication;
import jp.madoguchi.conversation.resident.ResidentProfiles;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.embedded.line.LineEmulator;
import jp.madoguchi.platform.embedded.line.LineWebhookBodies;
import jp.madoguchi.platform.embedded.line.LineWebhookSigner;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.TenantChannelConfigured;
import jp.madoguchi.platform.events.contracts.TenantDistrictsSet;
import jp.madoguchi.platform.events.contracts.TenantOnboarded;
import jp.madoguchi.platform.security.Role;
import jp.madoguchi.platform.security.SecretBox;
import jp.madoguchi.platform.tenancy.TenantId;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Recorded sends (line_outbox), the resident's display name and consented attributes, and the town's
 * rich menu, against real Kafka, PostgreSQL, the Mongo wire server and the LINE emulator.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = ConversationServiceApplication.CONFIG_NAME)
class ResidentFeaturesIntegrationTest {

    private static final String TOWN = "014834";
    private static final TenantId TENANT = TenantId.of(TOWN);
    private static final String SECRET = "demo-channel-secret-014834";
    private static final String TOKEN = "demo-channel-token-014834";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile boolean townPublished;

    @Autowired
    WebTestClient http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    LineReplies replies;
    @Autowired
    ResidentProfiles profiles;

    private final LineEmulator line = EmbeddedPlatformExtension.platform().lineEmulator();

    @BeforeEach
    void publishTownOnce() throws Exception {
        if (townPublished) {
            return;
        }
        SecretBox box = EmbeddedPlatformExtension.secretBox();
        publish(0, new TenantOnboarded("苫前町", "とままえちょう", "北海道", 3000));
        publish(1, new TenantChannelConfigured("2000014834", box.seal(SECRET), box.seal(TOKEN), SecretBox.fingerprint(TOKEN)));
        publish(2, new TenantDistrictsSet(List.of(new TenantDistrictsSet.District("01", "苫前"),
                new TenantDistrictsSet.District("02", "古丹別"))));
        String verify = LineWebhookBodies.request(List.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            webhook(verify).expectStatus().isOk();
            assertThat(profiles.districts(TENANT)).hasSize(2);
        });
        townPublished = true;
    }

    // --- recorded sends --------------------------------------------------------------------------

    @Test
    void aPushRefusedWith429IsRetriedAndDeliveredOnce() {
        String user = LineWebhookBodies.newUserId();
        line.failNext(429, 1);
        replies.push(TENANT, user, "test:429:" + user, List.of(new TextMessage("お知らせ")));
        await().atMost(Duration.ofSeconds(15)).until(() -> line.deliveriesTo(user).size() == 1);
        Map<String, Object> row = jdbc.queryForMap("SELECT status, sent_via, attempts, messages FROM line_outbox WHERE send_key = ?",
                "test:429:" + user);
        assertThat(row).containsEntry("status", "SENT").containsEntry("sent_via", "push").containsEntry("messages", "[]");
        assertThat((Integer) row.get("attempts")).isEqualTo(2);
    }

    @Test
    void theSameSendKeyIsSentOnlyOnce() throws Exception {
        String user = LineWebhookBodies.newUserId();
        replies.push(TENANT, user, "test:once:" + user, List.of(new TextMessage("一度だけ")));
        replies.push(TENANT, user, "test:once:" + user, List.of(new TextMessage("一度だけ")));
        Thread.sleep(2500); // a sweep ran meanwhile
        assertThat(line.deliveriesTo(user)).hasSize(1);
    }

    @Test
    void aReplyWhoseOutcomeWasLostInACrashIsNotSentAgain() throws Exception {
        String user = LineWebhookBodies.newUserId();
        String token = line.issueReplyToken(user);
        MessagingApiClient client = MessagingApiClient.builder(TOKEN).apiEndPoint(URI.create(line.baseUrl())).usingDefaultLogger(false).build();
        // the reply went out, then the process died before recording it: the row is left TRIED
        client.replyMessage(new ReplyMessageRequest(token, List.of(new TextMessage("返信")), false)).get(10, TimeUnit.SECONDS);
        insertRow(user, "test:tried:" + user, token, "TRIED", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(statusOf("test:tried:" + user)));
        assertThat(jdbc.queryForObject("SELECT sent_via FROM line_outbox WHERE send_key = ?", String.class, "test:tried:" + user))
                .isEqualTo("reply-before");
        assertThat(line.deliveriesTo(user)).hasSize(1);
    }

    @Test
    void aPushLineAcceptedBeforeCountsAsDelivered() throws Exception {
        String user = LineWebhookBodies.newUserId();
        String key = "test:409:" + user;
        MessagingApiClient client = MessagingApiClient.builder(TOKEN).apiEndPoint(URI.create(line.baseUrl())).usingDefaultLogger(false).build();
        client.pushMessage(LineOutbox.retryKey(TENANT, key), new PushMessageRequest(user, List.of(new TextMessage("先に届いた")), false, null))
                .get(10, TimeUnit.SECONDS);
        insertRow(user, key, null, "NONE", 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(statusOf(key)));
        assertThat(jdbc.queryForObject("SELECT sent_via FROM line_outbox WHERE send_key = ?", String.class, key)).isEqualTo("push-before");
        assertThat(line.deliveriesTo(user)).hasSize(1);
    }

    // --- residents -------------------------------------------------------------------------------

    @Test
    void aFollowersDisplayNameIsKeptInTheReadModelOnlyAndAttributesNeedConsent() throws Exception {
        String user = LineWebhookBodies.newUserId();
        String resident = TOWN + ":LINE:" + user;
        line.registerProfile(user, "山田 花子");
        webhook(LineWebhookBodies.request(List.of(LineWebhookBodies.follow(user, line.issueReplyToken(user),
                LineWebhookBodies.newWebhookEventId(), false)))).expectStatus().isOk();
        await().atMost(Duration.ofSeconds(15)).until(() -> profiles.displayName(TENANT, resident).isPresent());
        assertThat(profiles.displayName(TENANT, resident)).contains("山田 花子");

        // 登録情報 → 地区を登録 → 古丹別 → consent
        List<JsonNode> overview = postbackAndAwait(user, "attrs", 2);
        assertThat(overview.get(0).path("text").asText()).contains("まだ何も登録していません");
        List<JsonNode> choices = postbackAndAwait(user, "attrs:set:district", 3);
        assertThat(quickReplyData(choices.get(0))).contains("attrs:pick:district=02", "attrs");
        List<JsonNode> question = postbackAndAwait(user, "attrs:pick:district=02", 4);
        assertThat(question.get(0).path("text").asText()).contains("「古丹別」", "同意して登録しますか");
        List<JsonNode> registered = postbackAndAwait(user, "attrs:consent:district=02", 5);
        assertThat(registered.get(0).path("text").asText()).contains("登録しました", "お住まいの地区：古丹別");
        postbackAndAwait(user, "attrs:consent:ageBand=30s", 6);
        List<JsonNode> withdrawn = postbackAndAwait(user, "attrs:withdraw:*", 7);
        assertThat(withdrawn.get(0).path("text").asText()).contains("取り消しました", "まだ何も登録していません");

        List<EventEnvelope> changes = awaitPublished(resident, "ResidentAttributesChanged", 4);
        assertThat(changes.get(0).payload().path("attributes")).isEqualTo(JSON.readTree("{\"district\":\"02\"}"));
        assertThat(changes.get(1).payload().path("attributes").size()).isEqualTo(2);
        assertThat(changes.get(3).payload().path("attributes").size()).isZero();
        for (EventEnvelope e : awaitPublished(resident, null, 5)) {
            assertThat(e.payload().toString()).doesNotContain("山田");
        }
    }

    // --- rich menu -------------------------------------------------------------------------------

    @Test
    void anAdminSetsTheTownsRichMenuAndReadsItBack() throws Exception {
        String admin = EmbeddedPlatformExtension.tokens().town(TOWN, Role.ADMIN);
        String body = """
                {"areas":[{"label":"水道の開始","action":{"type":"procedure","procedureId":"water-start"}},
                          {"label":"メニュー","action":{"type":"menu"}},
                          {"label":"登録情報","action":{"type":"attributes"}},
                          {"label":"町のサイト","action":{"type":"url","url":"https://www.town.tomamae.lg.jp/"}}]}""";
        byte[] answer = http.put().uri("/api/towns/{t}/rich-menu", TOWN).header("Authorization", "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        String richMenuId = JSON.readTree(answer).path("richMenuId").asText();
        assertThat(richMenuId).isNotBlank();

        HttpResponse<String> defaultMenu = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(line.baseUrl() + "v2/bot/user/all/richmenu")).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(defaultMenu.body()).contains(richMenuId);
        HttpResponse<String> menu = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(line.baseUrl() + "v2/bot/richmenu/" + richMenuId)).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(menu.body()).contains("start:water-start", "\"attrs\"", "\"height\":1686");

        http.get().uri("/api/towns/{t}/rich-menu", TOWN).header("Authorization", "Bearer " + EmbeddedPlatformExtension.tokens()
                        .town(TOWN, Role.VIEWER)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.richMenuId").isEqualTo(richMenuId).jsonPath("$.areas[0].action.procedureId").isEqualTo("water-start");

        http.put().uri("/api/towns/{t}/rich-menu", TOWN).header("Authorization", "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"areas\":[{\"label\":\"一つだけ\",\"action\":{\"type\":\"menu\"}}]}")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("2 to 6"));
        http.put().uri("/api/towns/{t}/rich-menu", TOWN)
                .header("Authorization", "Bearer " + EmbeddedPlatformExtension.tokens().town(TOWN, Role.STAFF))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isForbidden();
    }

    // --- helpers ---------------------------------------------------------------------------------

    private void insertRow(String user, String key, String token, String replyState, int attempts) {
        jdbc.update("INSERT INTO line_outbox (tenant_id, line_user_id, send_key, retry_key, messages, reply_token, reply_token_expires_at, "
                        + "reply_state, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", TOWN, user, key, LineOutbox.retryKey(TENANT, key),
                "[{\"type\":\"text\",\"text\":\"返信\"}]", token, token == null ? null : java.sql.Timestamp.from(Instant.now().plusSeconds(60)),
                replyState, attempts);
    }

    private String statusOf(String key) {
        return jdbc.queryForObject("SELECT status FROM line_outbox WHERE send_key = ?", String.class, key);
    }

    private List<JsonNode> postbackAndAwait(String user, String data, int deliveries) {
        String event = "{\"type\":\"postback\",\"mode\":\"active\",\"timestamp\":" + Instant.now().toEpochMilli()
                + ",\"source\":{\"type\":\"user\",\"userId\":\"" + user + "\"},\"webhookEventId\":\"" + LineWebhookBodies.newWebhookEventId()
                + "\",\"deliveryContext\":{\"isRedelivery\":false},\"replyToken\":\"" + line.issueReplyToken(user)
                + "\",\"postback\":{\"data\":\"" + data + "\"}}";
        webhook(LineWebhookBodies.request(List.of(event))).expectStatus().isOk();
        await().atMost(Duration.ofSeconds(15)).until(() -> line.deliveriesTo(user).size() >= deliveries);
        return line.deliveriesTo(user).get(deliveries - 1).messages();
    }

    private static List<String> quickReplyData(JsonNode message) {
        List<String> data = new ArrayList<>();
        message.path("quickReply").path("items").forEach(i -> data.add(i.path("action").path("data").asText()));
        return data;
    }

    private WebTestClient.ResponseSpec webhook(String body) {
        return http.post().uri("/line/webhook/" + TOWN).header("X-Line-Signature",
                LineWebhookSigner.sign(body.getBytes(StandardCharsets.UTF_8), SECRET)).bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange();
    }

    /** The resident's events on madoguchi.conversation.events (of {@code type}, or all), once there are {@code count}. */
    private static List<EventEnvelope> awaitPublished(String aggregateId, String type, int count) {
        IntegrationEventCodec codec = new IntegrationEventCodec();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("spring.kafka.bootstrap-servers"));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "resident-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<EventEnvelope> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("madoguchi.conversation.events"));
            long deadline = System.currentTimeMillis() + 20_000;
            while (found.size() < count && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    EventEnvelope e = codec.decode(r.value());
                    if (aggregateId.equals(e.aggregateId()) && (type == null || type.equals(e.type()))) {
                        found.add(e);
                    }
                }
            }
        }
        assertThat(found).hasSizeGreaterThanOrEqualTo(count);
        return found;
    }

    private static void publish(long sequence, Record contract) throws Exception {
        IntegrationEventCodec codec = new IntegrationEventCodec();
        EventEnvelope envelope = codec.wrap(UUID.randomUUID(), TOWN, Instant.now(), TOWN, sequence, contract);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("spring.kafka.bootstrap-servers"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.TENANT_EVENTS, TOWN, codec.encode(envelope))).get(30, TimeUnit.SECONDS);
        }
    }
}
