package jp.madoguchi.conversation.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import jp.madoguchi.conversation.ConversationServiceApplication;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.embedded.line.LineWebhookBodies;
import jp.madoguchi.platform.embedded.line.LineWebhookSigner;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.ResidentFollowed;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import jp.madoguchi.platform.events.contracts.TenantChannelConfigured;
import jp.madoguchi.platform.events.contracts.TenantOnboarded;
import jp.madoguchi.platform.events.contracts.TenantSuspended;
import jp.madoguchi.platform.security.SecretBox;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The LINE webhook against a real Kafka, PostgreSQL, Mongo wire server and the LINE emulator. */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = ConversationServiceApplication.CONFIG_NAME)
class LineWebhookIntegrationTest {

    private static final String TOWN = "014834";
    private static final String SECRET = "demo-channel-secret-014834";
    private static final String TOWN_B = "014842";
    private static final String SECRET_B = "demo-channel-secret-014842";
    private static final String SUSPENDED_TOWN = "014877";
    private static final String SUSPENDED_SECRET = "demo-channel-secret-014877";
    private static volatile boolean townsPublished;

    @Autowired
    WebTestClient http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TenantMongo mongo;

    /** The towns exist only as tenant-service's events say: onboarded, channel configured (sealed), one suspended. */
    @BeforeEach
    void publishTownsOnce() throws Exception {
        if (townsPublished) {
            return;
        }
        publishTown(TOWN, "苫前町", "2000014834", SECRET, "demo-channel-token-014834");
        publishTown(TOWN_B, "羽幌町", "2000014842", SECRET_B, "demo-channel-token-014842");
        publishTown(SUSPENDED_TOWN, "遠別町", "2000014877", SUSPENDED_SECRET, "demo-channel-token-014877");
        publish(SUSPENDED_TOWN, 2, new TenantSuspended("契約終了"));
        String verify = LineWebhookBodies.request(List.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            post(TOWN, verify, sign(verify, SECRET)).expectStatus().isOk();
            post(TOWN_B, verify, sign(verify, SECRET_B)).expectStatus().isOk();
            post(SUSPENDED_TOWN, verify, sign(verify, SUSPENDED_SECRET)).expectStatus().isForbidden();
        });
        townsPublished = true;
    }

    @Test
    void aSignedFollowIsRecordedOncePublishedAndWelcomed() {
        String user = LineWebhookBodies.newUserId();
        String eventId = LineWebhookBodies.newWebhookEventId();
        String token = EmbeddedPlatformExtension.platform().lineEmulator().issueReplyToken(user);
        String body = LineWebhookBodies.request(List.of(LineWebhookBodies.follow(user, token, eventId, false)));

        post(TOWN, body, sign(body, SECRET)).expectStatus().isOk();
        // LINE redelivers the same event (same webhookEventId) when it saw no 200 in time
        String again = LineWebhookBodies.request(List.of(LineWebhookBodies.follow(user, token, eventId, true)));
        post(TOWN, again, sign(again, SECRET)).expectStatus().isOk();

        String aggregate = TOWN + ":LINE:" + user;
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(EmbeddedPlatformExtension.platform().lineEmulator().deliveriesTo(user)).hasSize(1));
        assertThat(EmbeddedPlatformExtension.platform().lineEmulator().deliveriesTo(user).get(0).texts().get(0)).contains("苫前町");
        assertThat(eventsOf(aggregate)).isEqualTo(1);

        EventEnvelope published = awaitPublished(aggregate);
        assertThat(published.type()).isEqualTo("ResidentFollowed");
        assertThat(published.tenantId()).isEqualTo(TOWN);
        ResidentFollowed followed = new IntegrationEventCodec().payload(published, ResidentFollowed.class);
        assertThat(followed.channelUserId()).isEqualTo(user);
    }

    @Test
    void aWrongOrMissingSignatureIsRefusedAndNothingIsRecorded() {
        String user = LineWebhookBodies.newUserId();
        String eventId = LineWebhookBodies.newWebhookEventId();
        String body = LineWebhookBodies.request(List.of(LineWebhookBodies.follow(user, "t", eventId, false)));

        post(TOWN, body, sign(body, "another-towns-secret")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("X-Line-Signature does not match"));
        post(TOWN, body, "not base64 at all!").expectStatus().isBadRequest();
        http.post().uri("/line/webhook/" + TOWN).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isBadRequest();

        // nothing reached the inbox: had it, the processor would have recorded the event id by now
        sleepPastProcessing();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM line_webhook_event WHERE webhook_event_id = ?", Long.class, eventId)).isZero();
        assertThat(eventsOf(TOWN + ":LINE:" + user)).isZero();
    }

    @Test
    void aMalformedBodyIs400AndTheConsoleVerifyRequestIs200() {
        String malformed = "{\"events\": [ {\"type\": ";
        post(TOWN, malformed, sign(malformed, SECRET)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("malformed"));

        String verify = LineWebhookBodies.request(List.of());
        post(TOWN, verify, sign(verify, SECRET)).expectStatus().isOk();
    }

    /** Larger than madoguchi.line.max-webhook-bytes (1 MB), and than Spring's 256 KB codec limit that used to reset the connection. */
    @Test
    void anOversizedBodyGets413WithAProblemDocument() {
        String padding = "x".repeat(1_100_000);
        String body = "{\"destination\":\"" + padding + "\",\"events\":[]}";
        post(TOWN, body, sign(body, SECRET)).expectStatus().isEqualTo(413)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(413).jsonPath("$.detail").value(d -> assertThat((String) d).contains("1048576"));
        String large = "{\"destination\":\"" + "y".repeat(400_000) + "\",\"events\":[]}";
        post(TOWN, large, sign(large, SECRET)).expectStatus().isOk();
    }

    @Test
    void anInvalidOrUnknownTownIsRefused() {
        String body = LineWebhookBodies.request(List.of());
        post("014835", body, sign(body, SECRET)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("check digit"));
        // a town that does not exist is answered like a wrong signature: its existence is not revealed
        post("131016", body, sign(body, SECRET)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("X-Line-Signature does not match"));
        assertThat(http.get().uri("/actuator/prometheus").exchange().expectBody(String.class).returnResult().getResponseBody())
                .as("no metric series named after a town that does not exist").doesNotContain("131016");
    }

    @Test
    void rejectsWebhookSignedWithAnotherTownsSecret() {
        String user = LineWebhookBodies.newUserId();
        String eventId = LineWebhookBodies.newWebhookEventId();
        String body = LineWebhookBodies.request(List.of(LineWebhookBodies.follow(user, "t", eventId, false)));

        post(TOWN_B, body, sign(body, SECRET)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("X-Line-Signature does not match"));

        sleepPastProcessing();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM line_webhook_event WHERE webhook_event_id = ?", Long.class, eventId)).isZero();
        assertThat(eventsOf(TOWN_B + ":LINE:" + user)).isZero();
        assertThat(eventsOf(TOWN + ":LINE:" + user)).isZero();
    }

    @Test
    void aSuspendedTownsWebhookIsRefusedAndNothingIsRecorded() {
        String user = LineWebhookBodies.newUserId();
        String eventId = LineWebhookBodies.newWebhookEventId();
        String body = LineWebhookBodies.request(List.of(LineWebhookBodies.follow(user, "t", eventId, false)));

        // without the town's secret, a suspended town looks like any other: a wrong signature
        post(SUSPENDED_TOWN, body, sign(body, SECRET)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("X-Line-Signature does not match"));
        post(SUSPENDED_TOWN, body, sign(body, SUSPENDED_SECRET)).expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("014877 is suspended"));

        sleepPastProcessing();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM line_webhook_event WHERE webhook_event_id = ?", Long.class, eventId)).isZero();
        assertThat(eventsOf(SUSPENDED_TOWN + ":LINE:" + user)).isZero();
    }

    @Test
    void anOnboardedTownGetsItsDatabaseProvisioned() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Flux.from(
                        mongo.database(jp.madoguchi.platform.tenancy.TenantId.of(TOWN_B)).getCollection("processed_events").listIndexes())
                .map(i -> i.getString("name")).collectList().block(Duration.ofSeconds(5))).contains("type"));
    }

    private static void publishTown(String town, String name, String channelId, String secret, String token) throws Exception {
        SecretBox box = EmbeddedPlatformExtension.secretBox();
        publish(town, 0, new TenantOnboarded(name, "かな", "北海道", 1000));
        publish(town, 1, new TenantChannelConfigured(channelId, box.seal(secret), box.seal(token), SecretBox.fingerprint(token)));
    }

    private static void publish(String town, long sequence, Record contract) throws Exception {
        IntegrationEventCodec codec = new IntegrationEventCodec();
        EventEnvelope envelope = codec.wrap(UUID.randomUUID(), town, Instant.now(), town, sequence, contract);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("spring.kafka.bootstrap-servers"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.TENANT_EVENTS, town, codec.encode(envelope))).get(30, TimeUnit.SECONDS);
        }
    }

    private static void sleepPastProcessing() {
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private WebTestClient.ResponseSpec post(String town, String body, String signature) {
        return http.post().uri("/line/webhook/" + town)
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Line-Signature", signature)
                .bodyValue(body.getBytes(StandardCharsets.UTF_8))
                .exchange();
    }

    private static String sign(String body, String secret) {
        return LineWebhookSigner.sign(body.getBytes(StandardCharsets.UTF_8), secret);
    }

    private long eventsOf(String aggregate) {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?", Long.class, aggregate);
    }

    private static EventEnvelope awaitPublished(String aggregateId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("spring.kafka.bootstrap-servers"));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + aggregateId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        IntegrationEventCodec codec = new IntegrationEventCodec();
        List<EventEnvelope> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.CONVERSATION_EVENTS));
            long deadline = System.currentTimeMillis() + 20_000;
            while (found.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (aggregateId.equals(r.key())) {
                        found.add(codec.decode(r.value()));
                    }
                });
            }
        }
        assertThat(found).as("ResidentFollowed on " + Topics.CONVERSATION_EVENTS).hasSize(1);
        return found.get(0);
    }
}
