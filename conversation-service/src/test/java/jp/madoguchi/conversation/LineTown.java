package jp.madoguchi.conversation;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.embedded.line.LineEmulator;
import jp.madoguchi.platform.embedded.line.LineWebhookBodies;
import jp.madoguchi.platform.embedded.line.LineWebhookSigner;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.TenantChannelConfigured;
import jp.madoguchi.platform.events.contracts.TenantOnboarded;
import jp.madoguchi.platform.security.SecretBox;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One town as the integration tests drive it: its onboarding and LINE channel announced on Kafka as tenant-service
 * would, and a resident's LINE events posted as signed webhooks, read back from the LINE emulator. Shared by the
 * conversation-service integration tests so the webhook and Kafka plumbing exists once.
 */
public final class LineTown {

    private final WebTestClient http;
    private final String town;
    private final String secret;

    public LineTown(WebTestClient http, String town, String secret) {
        this.http = http;
        this.town = town;
        this.secret = secret;
    }

    /** Announces the town and its channel (tokens sealed as tenant-service seals them); returns once a signed webhook is accepted. */
    public void onboard(String name, String kana, String channelToken) throws Exception {
        SecretBox box = EmbeddedPlatformExtension.secretBox();
        publish(Topics.TENANT_EVENTS, town, town, 0, new TenantOnboarded(name, kana, "北海道", 1100));
        publish(Topics.TENANT_EVENTS, town, town, 1, new TenantChannelConfigured("2000" + town, box.seal(secret), box.seal(channelToken),
                SecretBox.fingerprint(channelToken)));
        String verify = LineWebhookBodies.request(List.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> http.post().uri("/line/webhook/" + town)
                .contentType(MediaType.APPLICATION_JSON).header("X-Line-Signature", sign(verify))
                .bodyValue(verify.getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isOk());
    }

    /** Publishes {@code contract} for {@code tenant} on {@code topic}, as its owning service would. */
    public static void publish(String topic, String tenant, String aggregateId, long sequence, Record contract) throws Exception {
        IntegrationEventCodec codec = new IntegrationEventCodec();
        EventEnvelope envelope = codec.wrap(UUID.randomUUID(), tenant, Instant.now(), aggregateId, sequence, contract);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("spring.kafka.bootstrap-servers"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, aggregateId, codec.encode(envelope))).get(30, TimeUnit.SECONDS);
        }
    }

    /** Posts one event and waits for the resident's {@code nth} delivery; answers its messages. */
    public List<JsonNode> send(LineEmulator line, String user, String event, int nth) {
        post(event);
        await().atMost(Duration.ofSeconds(20)).until(() -> line.deliveriesTo(user).size() >= nth);
        return line.deliveriesTo(user).get(nth - 1).messages();
    }

    /** Posts {@code events} in one webhook signed with the town's secret. */
    public void post(String... events) {
        String body = LineWebhookBodies.request(List.of(events));
        http.post().uri("/line/webhook/" + town).contentType(MediaType.APPLICATION_JSON)
                .header("X-Line-Signature", sign(body)).bodyValue(body.getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isOk();
    }

    public String sign(String body) {
        return LineWebhookSigner.sign(body.getBytes(StandardCharsets.UTF_8), secret);
    }

    public static String text(String user, String replyToken, String eventId, String text, boolean redelivery) {
        return head("message", user, replyToken, eventId, redelivery)
                + ",\"message\":{\"type\":\"text\",\"id\":\"" + System.nanoTime() + "\",\"quoteToken\":\"q\",\"text\":\"" + text + "\"}}";
    }

    /** A postback; {@code date} non-null as the date picker's {@code params.date}. */
    public static String postback(String user, String replyToken, String eventId, String data, String date) {
        String params = date == null ? "" : ",\"params\":{\"date\":\"" + date + "\"}";
        return head("postback", user, replyToken, eventId, false) + ",\"postback\":{\"data\":\"" + data + "\"" + params + "}}";
    }

    /** The start of an event object, for tests that build other kinds. */
    public static String head(String type, String user, String replyToken, String eventId, boolean redelivery) {
        return "{\"type\":\"" + type + "\",\"mode\":\"active\",\"timestamp\":" + Instant.now().toEpochMilli()
                + ",\"source\":{\"type\":\"user\",\"userId\":\"" + user + "\"}"
                + ",\"webhookEventId\":\"" + eventId + "\""
                + ",\"deliveryContext\":{\"isRedelivery\":" + redelivery + "}"
                + ",\"replyToken\":\"" + replyToken + "\"";
    }

    /** The actions of a message's quick-reply items. */
    public static List<JsonNode> quickReplies(JsonNode message) {
        List<JsonNode> actions = new ArrayList<>();
        message.path("quickReply").path("items").forEach(i -> actions.add(i.path("action")));
        return actions;
    }
}
