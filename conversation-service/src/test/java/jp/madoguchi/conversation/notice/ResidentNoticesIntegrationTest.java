package jp.madoguchi.conversation.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import jp.madoguchi.conversation.ConversationServiceApplication;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.embedded.line.LineEmulator;
import jp.madoguchi.platform.embedded.line.LineWebhookBodies;
import jp.madoguchi.platform.embedded.line.LineWebhookSigner;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.ApplicationMessagePosted;
import jp.madoguchi.platform.events.contracts.ApplicationStatusChanged;
import jp.madoguchi.platform.events.contracts.ApplicationSubmitted;
import jp.madoguchi.platform.events.contracts.TenantChannelConfigured;
import jp.madoguchi.platform.events.contracts.TenantOnboarded;
import jp.madoguchi.platform.security.SecretBox;
import jp.madoguchi.platform.tenancy.TenantId;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Notices from procedure-service's events reach the resident once: a status change and a staff
 * message by LINE push (the same envelope twice, or handled again after a crash, is one delivery),
 * a web chat resident's notice in the inbox; and 「申請の状況」 lists the resident's applications.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = ConversationServiceApplication.CONFIG_NAME)
class ResidentNoticesIntegrationTest {

    private static final String TOWN = "014869";
    private static final String SECRET = "demo-channel-secret-014869";
    private static final String TOKEN = "demo-channel-token-014869";
    private static final Instant AT = Instant.parse("2026-05-01T01:00:00Z");

    @Autowired
    WebTestClient http;
    @Autowired
    ResidentNotices notices;
    @Autowired
    ResidentInbox inbox;

    private final IntegrationEventCodec codec = new IntegrationEventCodec();

    @Test
    void aStatusChangeIsPushedOnceAndTheResidentCanAskForTheirApplications() throws Exception {
        publishTown();
        LineEmulator line = EmbeddedPlatformExtension.platform().lineEmulator();
        String user = LineWebhookBodies.newUserId();
        String resident = TOWN + ":LINE:" + user;
        String app = UUID.randomUUID().toString();

        publish(Topics.PROCEDURE_EVENTS, envelope(app, 0, new ApplicationSubmitted(app, "2026-000007", "water-start", 1, resident, "LINE",
                Map.of(), AT)));
        EventEnvelope inProgress = envelope(app, 1, new ApplicationStatusChanged(app, "2026-000007", "water-start", resident, "LINE", user,
                "RECEIVED", "IN_PROGRESS", "", AT));
        publish(Topics.PROCEDURE_EVENTS, inProgress);
        publish(Topics.PROCEDURE_EVENTS, inProgress); // Kafka redelivers the same envelope

        await().atMost(Duration.ofSeconds(30)).until(() -> line.deliveriesTo(user).size() >= 1);
        LineEmulator.Delivery first = line.deliveriesTo(user).get(0);
        assertThat(first.kind()).isEqualTo(LineEmulator.PUSH);
        assertThat(first.texts().get(0)).startsWith("受付番号 2026-000007 の申請は『処理中』になりました。");

        // handled again as after a crash (past the consumer's dedupe): same retry key, LINE answers 409, nothing more arrives
        notices.handle(inProgress, codec.payload(inProgress).orElseThrow()).block(Duration.ofSeconds(20));
        Thread.sleep(1500);
        assertThat(line.deliveriesTo(user)).hasSize(1);

        // a rejection says why; a staff message comes under the receipt number
        publish(Topics.PROCEDURE_EVENTS, envelope(app, 2, new ApplicationStatusChanged(app, "2026-000007", "water-start", resident, "LINE", user,
                "IN_PROGRESS", "REJECTED", "住所が町外です", AT)));
        publish(Topics.PROCEDURE_EVENTS, envelope(app, 3, new ApplicationMessagePosted(app, "2026-000007", UUID.randomUUID().toString(),
                "water-start", resident, "LINE", user, "窓口でご説明します。", AT)));
        await().atMost(Duration.ofSeconds(30)).until(() -> line.deliveriesTo(user).size() >= 3);
        assertThat(line.deliveriesTo(user).get(1).texts().get(0)).contains("『却下』", "理由：住所が町外です");
        assertThat(line.deliveriesTo(user).get(2).texts().get(0)).contains("担当者からのお知らせ", "窓口でご説明します。");

        // 「申請の状況」 typed in the chat: the list with receipt number and status
        String ask = LineWebhookBodies.request(List.of("{\"type\":\"message\",\"mode\":\"active\",\"timestamp\":" + Instant.now().toEpochMilli()
                + ",\"source\":{\"type\":\"user\",\"userId\":\"" + user + "\"},\"webhookEventId\":\"" + LineWebhookBodies.newWebhookEventId()
                + "\",\"deliveryContext\":{\"isRedelivery\":false},\"replyToken\":\"" + line.issueReplyToken(user)
                + "\",\"message\":{\"type\":\"text\",\"id\":\"" + System.nanoTime() + "\",\"quoteToken\":\"q\",\"text\":\"申請の状況\"}}"));
        http.post().uri("/line/webhook/" + TOWN).contentType(MediaType.APPLICATION_JSON)
                .header("X-Line-Signature", LineWebhookSigner.sign(ask.getBytes(StandardCharsets.UTF_8), SECRET))
                .bodyValue(ask.getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isOk();
        await().atMost(Duration.ofSeconds(30)).until(() -> line.deliveriesTo(user).size() >= 4);
        assertThat(line.deliveriesTo(user).get(3).texts().get(0)).contains("受付番号 2026-000007", "却下");
    }

    @Test
    void theReceiptNumberIsPushedOnceWithAButtonToAskAboutIt() throws Exception {
        publishTown();
        LineEmulator line = EmbeddedPlatformExtension.platform().lineEmulator();
        String user = LineWebhookBodies.newUserId();
        String resident = TOWN + ":LINE:" + user;
        String app = UUID.randomUUID().toString();
        EventEnvelope submitted = envelope(app, 0, new ApplicationSubmitted(app, "2026-000123", "road-report", 1, resident, "LINE",
                Map.of("photos", ""), AT, user));

        publish(Topics.PROCEDURE_EVENTS, submitted);
        publish(Topics.PROCEDURE_EVENTS, submitted); // Kafka redelivers the same envelope
        // procedure-service publishes the same application again under a new event id (e.g. a replay of its store)
        publish(Topics.PROCEDURE_EVENTS, envelope(app, 0, codec.payload(submitted).orElseThrow()));

        await().atMost(Duration.ofSeconds(30)).until(() -> line.deliveriesTo(user).size() >= 1);
        notices.handle(submitted, codec.payload(submitted).orElseThrow()).block(Duration.ofSeconds(20));
        Thread.sleep(2000);
        List<LineEmulator.Delivery> got = line.deliveriesTo(user);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).kind()).isEqualTo(LineEmulator.PUSH);
        assertThat(got.get(0).retryKey()).isNotBlank();
        assertThat(got.get(0).texts().get(0)).startsWith("受け付けました。受付番号は 2026-000123 です。")
                .contains("「申請の状況」と送ると、いつでも確認できます。");
        assertThat(got.get(0).messages().toString()).contains("\"data\":\"status\"", "申請の状況");
    }

    @Test
    void aWebChatResidentFindsTheReceiptNumberInTheInboxOnce() throws Exception {
        String resident = TOWN + ":WEB:" + UUID.randomUUID();
        String app = UUID.randomUUID().toString();
        EventEnvelope submitted = envelope(app, 0, new ApplicationSubmitted(app, "2026-000124", "road-report", 1, resident, "WEB",
                Map.of(), AT, "w-2"));
        publish(Topics.PROCEDURE_EVENTS, submitted);
        publish(Topics.PROCEDURE_EVENTS, envelope(app, 0, codec.payload(submitted).orElseThrow()));

        await().atMost(Duration.ofSeconds(30)).until(() -> !inbox.recent(TenantId.of(TOWN), resident, 10).isEmpty());
        Thread.sleep(1500);
        List<ResidentInbox.Notice> kept = inbox.recent(TenantId.of(TOWN), resident, 10);
        assertThat(kept).hasSize(1);
        assertThat(kept.get(0).noticeId()).isEqualTo("receipt:" + app);
        assertThat(kept.get(0).receiptNumber()).isEqualTo("2026-000124");
        assertThat(kept.get(0).text()).startsWith("受け付けました。受付番号は 2026-000124 です。").contains("「申請の状況」のボタン");
    }

    @Test
    void aWebChatResidentFindsTheNoticeInTheInbox() throws Exception {
        String resident = TOWN + ":WEB:" + UUID.randomUUID();
        String app = UUID.randomUUID().toString();
        EventEnvelope done = envelope(app, 2, new ApplicationStatusChanged(app, "2026-000008", "bulky-waste", resident, "WEB", "w-1",
                "IN_PROGRESS", "COMPLETED", "", AT));
        publish(Topics.PROCEDURE_EVENTS, done);
        await().atMost(Duration.ofSeconds(30)).until(() -> !inbox.recent(TenantId.of(TOWN), resident, 10).isEmpty());
        notices.handle(done, codec.payload(done).orElseThrow()).block(Duration.ofSeconds(10));
        List<ResidentInbox.Notice> kept = inbox.recent(TenantId.of(TOWN), resident, 10);
        assertThat(kept).hasSize(1);
        assertThat(kept.get(0).text()).contains("2026-000008", "『完了』", "ありがとうございました");
        assertThat(kept.get(0).noticeId()).isEqualTo("notice:" + done.eventId());
    }

    private void publishTown() throws Exception {
        SecretBox box = EmbeddedPlatformExtension.secretBox();
        publish(Topics.TENANT_EVENTS, envelope(TOWN, 0, new TenantOnboarded("遠別町", "えんべつちょう", "北海道", 2600)));
        publish(Topics.TENANT_EVENTS, envelope(TOWN, 1, new TenantChannelConfigured("2000014869", box.seal(SECRET), box.seal(TOKEN),
                SecretBox.fingerprint(TOKEN))));
        String verify = LineWebhookBodies.request(List.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> http.post().uri("/line/webhook/" + TOWN)
                .contentType(MediaType.APPLICATION_JSON).header("X-Line-Signature", LineWebhookSigner.sign(verify.getBytes(StandardCharsets.UTF_8), SECRET))
                .bodyValue(verify.getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isOk());
    }

    private EventEnvelope envelope(String aggregateId, long sequence, Record payload) {
        return codec.wrap(UUID.randomUUID(), TOWN, AT, aggregateId, sequence, payload);
    }

    private void publish(String topic, EventEnvelope envelope) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                System.getProperty("spring.kafka.bootstrap-servers")), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, envelope.aggregateId(), codec.encode(envelope))).get(30, TimeUnit.SECONDS);
        }
    }
}
