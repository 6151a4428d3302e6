package jp.madoguchi.conversation.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
import jp.madoguchi.platform.events.contracts.ConversationCompleted;
import jp.madoguchi.platform.events.contracts.ProcedurePublished;
import jp.madoguchi.platform.events.contracts.TenantChannelConfigured;
import jp.madoguchi.platform.events.contracts.TenantOnboarded;
import jp.madoguchi.platform.security.SecretBox;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A town over its quota: each resident's six events come in one webhook request, the first two within the quota
 * (main lane), the other four over it (flooded lane). Each resident's answers are still taken in the order sent.
 * The town's small quota is in {@code config/conversation-service.yml} of the tests, so the test shares the other
 * tests' context (a second context would take their consumers' partitions).
 */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = ConversationServiceApplication.CONFIG_NAME)
class LineInboxLanesIntegrationTest {

    private static final String TOWN = "014915";
    private static final String SECRET = "secret-014915";
    private static final String PROCEDURE = "lanes-survey";
    private static final int RESIDENTS = 6;
    private static final String FLOW = """
            {"procedureId":"lanes-survey","version":1,"title":"順番の確認","firstStepId":"q1","steps":[
             {"type":"text","id":"q1","field":"q1","label":"質問1","prompt":"質問1に答えてください。","maxLength":100,"next":"q2"},
             {"type":"text","id":"q2","field":"q2","label":"質問2","prompt":"質問2に答えてください。","maxLength":100,"next":"q3"},
             {"type":"text","id":"q3","field":"q3","label":"質問3","prompt":"質問3に答えてください。","maxLength":100,"next":"q4"},
             {"type":"text","id":"q4","field":"q4","label":"質問4","prompt":"質問4に答えてください。","maxLength":100,"next":"confirm"},
             {"type":"confirm","id":"confirm","prompt":"入力した内容を確認してください。","confirmLabel":"送信する","next":"done"},
             {"type":"submit","id":"done","prompt":"受け付けました。"}]}""";

    @Autowired
    WebTestClient http;

    @Test
    void aResidentsEventsSplitAcrossTheLanesAreHandledInTheOrderSent() throws Exception {
        publishTownAndSurvey();
        LineEmulator line = EmbeddedPlatformExtension.platform().lineEmulator();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < RESIDENTS; i++) {
            String user = LineWebhookBodies.newUserId();
            users.add(user);
            List<String> events = new ArrayList<>();
            events.add(postback(user, line.issueReplyToken(user), "start:" + PROCEDURE));
            for (int q = 1; q <= 4; q++) {
                events.add(text(user, line.issueReplyToken(user), "回答" + q));
            }
            events.add(postback(user, line.issueReplyToken(user), "cmd:confirm"));
            post(events);
            Thread.sleep(600); // the bucket refills two events' worth: each resident starts on the main lane
        }

        Map<String, ConversationCompleted> completed = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            completed.putAll(completedOnKafka());
            return completed.size() == RESIDENTS;
        });
        for (String user : users) {
            assertThat(completed.get(user).answers()).as("answers of resident " + users.indexOf(user))
                    .isEqualTo(Map.of("q1", "回答1", "q2", "回答2", "q3", "回答3", "q4", "回答4"));
            assertThat(line.deliveriesTo(user)).as("each event answered once").hasSize(6);
        }
    }

    // --- the town, as tenant-service and procedure-service announce it ------------------------------

    private void publishTownAndSurvey() throws Exception {
        SecretBox box = EmbeddedPlatformExtension.secretBox();
        publish(Topics.TENANT_EVENTS, TOWN, 0, new TenantOnboarded("順番町", "じゅんばんちょう", "北海道", 1000));
        publish(Topics.TENANT_EVENTS, TOWN, 1, new TenantChannelConfigured("2000014915", box.seal(SECRET), box.seal("token-014915"),
                SecretBox.fingerprint("token-014915")));
        publish(Topics.PROCEDURE_EVENTS, TOWN + ":" + PROCEDURE, 0, new ProcedurePublished(PROCEDURE, 1, "順番の確認", FLOW, Map.of()));
        // the town and the survey are known once a probe resident starting it gets the first question
        LineEmulator line = EmbeddedPlatformExtension.platform().lineEmulator();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
            String probe = LineWebhookBodies.newUserId();
            post(List.of(postback(probe, line.issueReplyToken(probe), "start:" + PROCEDURE)));
            Thread.sleep(700);
            return line.deliveriesTo(probe).stream().anyMatch(d -> d.messages().toString().contains("質問1に答えてください。"));
        });
        Thread.sleep(1000); // the probe's tokens are back
    }

    private static void publish(String topic, String aggregateId, long sequence, Record contract) throws Exception {
        IntegrationEventCodec codec = new IntegrationEventCodec();
        EventEnvelope envelope = codec.wrap(UUID.randomUUID(), TOWN, Instant.now(), aggregateId, sequence, contract);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("spring.kafka.bootstrap-servers"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, aggregateId, codec.encode(envelope))).get(30, TimeUnit.SECONDS);
        }
    }

    // --- the residents' side -------------------------------------------------------------------------

    private void post(List<String> events) {
        String body = LineWebhookBodies.request(events);
        http.post().uri("/line/webhook/" + TOWN).contentType(MediaType.APPLICATION_JSON)
                .header("X-Line-Signature", sign(body)).bodyValue(body.getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isOk();
    }

    private static String text(String user, String replyToken, String text) {
        return head("message", user, replyToken)
                + ",\"message\":{\"type\":\"text\",\"id\":\"" + System.nanoTime() + "\",\"quoteToken\":\"q\",\"text\":\"" + text + "\"}}";
    }

    private static String postback(String user, String replyToken, String data) {
        return head("postback", user, replyToken) + ",\"postback\":{\"data\":\"" + data + "\"}}";
    }

    private static String head(String type, String user, String replyToken) {
        return "{\"type\":\"" + type + "\",\"mode\":\"active\",\"timestamp\":" + Instant.now().toEpochMilli()
                + ",\"source\":{\"type\":\"user\",\"userId\":\"" + user + "\"}"
                + ",\"webhookEventId\":\"" + LineWebhookBodies.newWebhookEventId() + "\""
                + ",\"deliveryContext\":{\"isRedelivery\":false},\"replyToken\":\"" + replyToken + "\"";
    }

    private static String sign(String body) {
        return LineWebhookSigner.sign(body.getBytes(StandardCharsets.UTF_8), SECRET);
    }

    /** The town's ConversationCompleted on Kafka so far, by LINE user id. */
    private static Map<String, ConversationCompleted> completedOnKafka() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("spring.kafka.bootstrap-servers"));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-lanes-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        IntegrationEventCodec codec = new IntegrationEventCodec();
        Map<String, ConversationCompleted> found = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.CONVERSATION_EVENTS));
            long deadline = System.currentTimeMillis() + 3_000;
            while (System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    EventEnvelope envelope = codec.decode(r.value());
                    if (TOWN.equals(envelope.tenantId()) && "ConversationCompleted".equals(envelope.type())) {
                        ConversationCompleted done = codec.payload(envelope, ConversationCompleted.class);
                        if (!done.procedureId().equals(PROCEDURE) || done.answers().isEmpty()) {
                            return;
                        }
                        found.put(done.channelUserId(), done);
                    }
                });
            }
        }
        return found;
    }
}
