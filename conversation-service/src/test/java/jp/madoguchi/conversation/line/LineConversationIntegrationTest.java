package jp.madoguchi.conversation.line;

import static jp.madoguchi.conversation.LineTown.head;
import static jp.madoguchi.conversation.LineTown.postback;
import static jp.madoguchi.conversation.LineTown.quickReplies;
import static jp.madoguchi.conversation.LineTown.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import jp.madoguchi.conversation.ConversationServiceApplication;
import jp.madoguchi.conversation.LineTown;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.embedded.line.LineEmulator;
import jp.madoguchi.platform.embedded.line.LineWebhookBodies;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.ConversationCompleted;
import jp.madoguchi.platform.events.contracts.ProcedurePublished;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A resident applies for 水道の使用開始 over LINE, end to end: signed webhooks in, the LINE emulator's
 * record of what the resident received out, and ConversationCompleted on Kafka.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = ConversationServiceApplication.CONFIG_NAME)
class LineConversationIntegrationTest {

    private static final String TOWN = "014869";
    private static final String SECRET = "demo-channel-secret-014869";
    private static final String TOKEN = "demo-channel-token-014869";

    @Autowired
    WebTestClient http;
    LineTown town;

    @BeforeEach
    void town() {
        town = new LineTown(http, TOWN, SECRET);
    }

    @Test
    void aResidentAppliesForWaterStartOverLineFromFollowToConfirmation() throws Exception {
        publishTownAndWaterStart();
        LineEmulator line = EmbeddedPlatformExtension.platform().lineEmulator();
        String user = LineWebhookBodies.newUserId();
        LocalDate tomorrow = LocalDate.now(ZoneId.of("Asia/Tokyo")).plusDays(1);

        // follow: welcome, then the town's procedures as quick replies
        String follow = LineWebhookBodies.follow(user, line.issueReplyToken(user), LineWebhookBodies.newWebhookEventId(), false);
        List<JsonNode> got = town.send(line, user, follow, 1);
        assertThat(got.get(0).path("text").asText()).contains("遠別町");
        assertThat(quickReplies(got.get(1))).anySatisfy(a -> {
            assertThat(a.path("type").asText()).isEqualTo("postback");
            assertThat(a.path("data").asText()).isEqualTo("start:water-start");
            assertThat(a.path("label").asText()).isEqualTo("水道の使用開始");
        });

        // 「ﾒﾆｭｰ」 typed in half-width kana is read after NFKC
        got = town.send(line, user, text(user, line.issueReplyToken(user), LineWebhookBodies.newWebhookEventId(), "ﾒﾆｭｰ", false), 2);
        assertThat(quickReplies(got.get(0))).extracting(a -> a.path("data").asText()).contains("start:water-start");

        // start: the opening message and the date question with a date picker bounded to the flow's window
        got = town.send(line, user, postback(user, line.issueReplyToken(user), LineWebhookBodies.newWebhookEventId(), "start:water-start", null), 3);
        assertThat(got.get(0).path("text").asText()).contains("水道の使用開始の申し込み");
        JsonNode picker = quickReplies(got.get(1)).get(0);
        assertThat(picker.path("type").asText()).isEqualTo("datetimepicker");
        assertThat(picker.path("mode").asText()).isEqualTo("date");
        assertThat(picker.path("min").asText()).isEqualTo(tomorrow.toString());
        assertThat(picker.path("max").asText()).isEqualTo(tomorrow.plusDays(59).toString());
        assertThat(quickReplies(got.get(1))).extracting(a -> a.path("label").asText()).contains("やめる");

        // the date picked arrives as the postback's params
        got = town.send(line, user, postback(user, line.issueReplyToken(user), LineWebhookBodies.newWebhookEventId(), "cmd:date",
                tomorrow.toString()), 4);
        assertThat(got.get(0).path("text").asText()).contains("住所");
        assertThat(quickReplies(got.get(0))).extracting(a -> a.path("data").asText()).contains("cmd:back", "cmd:cancel");

        String addressEventId = LineWebhookBodies.newWebhookEventId();
        got = town.send(line, user, text(user, line.issueReplyToken(user), addressEventId, "苫前町字旭３７－１", false), 5);
        assertThat(got.get(0).path("text").asText()).contains("支払方法");
        assertThat(quickReplies(got.get(0))).extracting(a -> a.path("label").asText()).contains("口座振替", "納付書");

        // LINE redelivers the address event: it is recognised, and the resident gets nothing more
        town.post(text(user, line.issueReplyToken(user), addressEventId, "苫前町字旭３７－１", true));
        Thread.sleep(2000);
        assertThat(line.deliveriesTo(user)).hasSize(5);

        got = town.send(line, user, postback(user, line.issueReplyToken(user), LineWebhookBodies.newWebhookEventId(), "slip", null), 6);
        assertThat(got.get(0).path("text").asText()).contains("電話番号");

        // the summary: a Flex bubble listing each answer with its own 修正する, and the confirm button
        got = town.send(line, user, text(user, line.issueReplyToken(user), LineWebhookBodies.newWebhookEventId(), "0164-64-2211", false), 7);
        JsonNode summary = got.get(0);
        assertThat(summary.path("type").asText()).isEqualTo("flex");
        String bubble = summary.path("contents").toString();
        assertThat(bubble).contains("苫前町字旭37-1", "納付書", "0164-64-2211", "cmd:edit:address", "cmd:edit:phone", "cmd:confirm",
                "この内容で申し込む");
        assertThat(summary.path("altText").asText()).isNotBlank();

        got = town.send(line, user, postback(user, line.issueReplyToken(user), LineWebhookBodies.newWebhookEventId(), "cmd:confirm", null), 8);
        assertThat(got.get(0).path("text").asText()).contains("申し込みを受け付けました");

        for (LineEmulator.Delivery d : line.deliveriesTo(user)) {
            assertThat(d.kind()).as("every answer went by reply token").isEqualTo(LineEmulator.REPLY);
            assertThat(d.messages()).hasSizeLessThanOrEqualTo(5);
            d.messages().forEach(m -> assertThat(quickReplies(m)).hasSizeLessThanOrEqualTo(13));
        }

        List<ConversationCompleted> completed = completedOnKafka(TOWN + ":" + TOWN + ":LINE:" + user);
        assertThat(completed).hasSize(1);
        assertThat(completed.get(0).answers()).isEqualTo(Map.of("startDate", tomorrow.toString(), "address", "苫前町字旭37-1",
                "paymentMethod", "slip", "phone", "0164-64-2211"));
        assertThat(completed.get(0).channelUserId()).isEqualTo(user);
        assertThat(completed.get(0).procedureVersion()).isEqualTo(1);
    }

    /**
     * Input nobody asked for — from a follower with no conversation, from a user who never followed, a sticker, a stale
     * button, a procedure that does not exist, a picked date with no question — is answered with the menu or a short
     * polite message, and the inbox goes on: the last text is answered too.
     */
    @Test
    void inputWithNoConversationUnderWayIsAnsweredAndNeverStallsTheInbox() throws Exception {
        publishTownAndWaterStart();
        LineEmulator line = EmbeddedPlatformExtension.platform().lineEmulator();
        String follower = LineWebhookBodies.newUserId();
        town.send(line, follower, LineWebhookBodies.follow(follower, line.issueReplyToken(follower), LineWebhookBodies.newWebhookEventId(), false), 1);

        List<JsonNode> got = town.send(line, follower, text(follower, line.issueReplyToken(follower), LineWebhookBodies.newWebhookEventId(),
                "こんにちは", false), 2);
        assertThat(quickReplies(got.get(0))).extracting(a -> a.path("data").asText()).contains("start:water-start");

        String stranger = LineWebhookBodies.newUserId();
        got = town.send(line, stranger, text(stranger, line.issueReplyToken(stranger), LineWebhookBodies.newWebhookEventId(), "こんにちは", false), 1);
        assertThat(quickReplies(got.get(0))).extracting(a -> a.path("data").asText()).contains("start:water-start");

        String sticker = head("message", stranger, line.issueReplyToken(stranger), LineWebhookBodies.newWebhookEventId(), false)
                + ",\"message\":{\"type\":\"sticker\",\"id\":\"1\",\"quoteToken\":\"q\",\"packageId\":\"1\",\"stickerId\":\"1\","
                + "\"stickerResourceType\":\"STATIC\"}}";
        got = town.send(line, stranger, sticker, 2);
        assertThat(got.get(0).path("text").asText()).isNotBlank();

        got = town.send(line, stranger, postback(stranger, line.issueReplyToken(stranger), LineWebhookBodies.newWebhookEventId(), "slip", null), 3);
        assertThat(quickReplies(got.get(0))).extracting(a -> a.path("data").asText()).contains("start:water-start");

        got = town.send(line, stranger, postback(stranger, line.issueReplyToken(stranger), LineWebhookBodies.newWebhookEventId(),
                "start:no-such-procedure", null), 4);
        assertThat(got.get(0).path("text").asText()).contains("いま受け付けていません");

        got = town.send(line, stranger, postback(stranger, line.issueReplyToken(stranger), LineWebhookBodies.newWebhookEventId(), "cmd:date",
                "not-a-date"), 5);
        assertThat(got.get(0).path("text").asText()).isNotBlank();

        got = town.send(line, follower, text(follower, line.issueReplyToken(follower), LineWebhookBodies.newWebhookEventId(), "メニュー", false), 3);
        assertThat(quickReplies(got.get(0))).extracting(a -> a.path("data").asText()).contains("start:water-start");
        assertThat(line.deliveriesTo(stranger)).as("each input answered once").hasSize(5);
    }

    // --- the town, as tenant-service and procedure-service announce it ------------------------------

    private static boolean published;

    private void publishTownAndWaterStart() throws Exception {
        if (published) {
            return;
        }
        published = true;
        town.onboard("遠別町", "えんべつちょう", TOKEN);
        String flow;
        try (InputStream in = getClass().getResourceAsStream("/flows/water-start.json")) {
            flow = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        LineTown.publish(Topics.PROCEDURE_EVENTS, TOWN, TOWN + ":water-start", 0, new ProcedurePublished("water-start", 1, "水道の使用開始", flow, Map.of()));
    }

    // --- what reached Kafka --------------------------------------------------------------------------

    private static List<ConversationCompleted> completedOnKafka(String sessionId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("spring.kafka.bootstrap-servers"));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-completed-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        IntegrationEventCodec codec = new IntegrationEventCodec();
        List<ConversationCompleted> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.CONVERSATION_EVENTS));
            // keep reading a while after the first one: a second copy would show up here
            long deadline = System.currentTimeMillis() + 20_000;
            long settle = Long.MAX_VALUE;
            while (System.currentTimeMillis() < Math.min(deadline, settle)) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    EventEnvelope envelope = codec.decode(r.value());
                    if (sessionId.equals(r.key()) && "ConversationCompleted".equals(envelope.type())) {
                        found.add(codec.payload(envelope, ConversationCompleted.class));
                    }
                });
                if (!found.isEmpty() && settle == Long.MAX_VALUE) {
                    settle = System.currentTimeMillis() + 3_000;
                }
            }
        }
        return found;
    }
}
