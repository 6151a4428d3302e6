package jp.madoguchi.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import jp.madoguchi.platform.embedded.line.LineEmulator;
import jp.madoguchi.platform.embedded.line.LineWebhookBodies;

/**
 * A LINE resident of 苫前町: each action is one signed webhook event to conversation-service (a reply
 * token issued by the emulator), and what came back is read from the emulator's deliveries.
 */
public final class LineChatResident implements ChatResident {

    private static final AtomicLong MESSAGE_IDS = new AtomicLong(System.currentTimeMillis() * 10);

    private final LocalPlatform local;
    private final LineEmulator line;
    private final String userId = LineWebhookBodies.newUserId();
    private List<JsonNode> last = List.of();
    private String lastEvent;

    public LineChatResident(LocalPlatform local, LineEmulator line) {
        this.local = local;
        this.line = line;
    }

    public String userId() {
        return userId;
    }

    @Override
    public String channel() {
        return "LINE";
    }

    @Override
    public String residentId() {
        return LocalPlatform.TOWN + ":LINE:" + userId;
    }

    public void follow() {
        send(LineWebhookBodies.follow(userId, line.issueReplyToken(userId), LineWebhookBodies.newWebhookEventId(), false));
    }

    /** Taps a button whose postback data is known, as a rich menu or an old message's button would send it. */
    public void tap(String data) {
        send(postback(data, null));
    }

    @Override
    public void start(String procedureId) {
        send(postback("start:" + procedureId, null));
    }

    @Override
    public void choose(String label) {
        JsonNode action = action(a -> "postback".equals(a.path("type").asText()) && label.equals(a.path("label").asText()),
                "a postback labelled 「" + label + "」");
        send(postback(action.path("data").asText(), null));
    }

    @Override
    public void chooseFirstOffered() {
        send(postback(action(a -> "postback".equals(a.path("type").asText()), "a postback").path("data").asText(), null));
    }

    @Override
    public void type(String text) {
        send(head("message") + ",\"message\":{\"type\":\"text\",\"id\":\"" + MESSAGE_IDS.incrementAndGet()
                + "\",\"quoteToken\":\"q\",\"text\":\"" + text + "\"}}");
    }

    @Override
    public void earliestDate() {
        JsonNode picker = action(a -> "datetimepicker".equals(a.path("type").asText()), "a date picker");
        assertThat(picker.path("mode").asText()).isEqualTo("date");
        send(postback(picker.path("data").asText(), picker.path("min").asText()));
    }

    @Override
    public void photo() {
        action(a -> "cameraRoll".equals(a.path("type").asText()), "a camera-roll chip");
        // the emulator serves a 1×1 PNG for a message id it did not store
        send(head("message") + ",\"message\":{\"type\":\"image\",\"id\":\"" + MESSAGE_IDS.incrementAndGet()
                + "\",\"quoteToken\":\"q\",\"contentProvider\":{\"type\":\"line\"}}}");
    }

    @Override
    public void location(double latitude, double longitude, String address) {
        action(a -> "location".equals(a.path("type").asText()), "a location chip");
        send(head("message") + ",\"message\":{\"type\":\"location\",\"id\":\"" + MESSAGE_IDS.incrementAndGet()
                + "\",\"address\":\"" + address + "\",\"latitude\":" + latitude + ",\"longitude\":" + longitude + "}}");
    }

    @Override
    public void confirm() {
        JsonNode action = action(a -> "cmd:confirm".equals(a.path("data").asText()), "the summary's confirm button");
        send(postback(action.path("data").asText(), null));
    }

    @Override
    public String lastSaid() {
        StringBuilder said = new StringBuilder();
        for (JsonNode m : last) {
            said.append(m.has("text") ? m.path("text").asText() : m.path("altText").asText() + " " + m.path("contents")).append('\n');
        }
        return said.toString();
    }

    /** Sends the last event again, as LINE does when it redelivers (same webhookEventId, isRedelivery). */
    void redeliverLastEvent() {
        String again = lastEvent.replace("\"isRedelivery\":false", "\"isRedelivery\":true");
        assertThat(local.postWebhook(LineWebhookBodies.request(List.of(again)))).isEqualTo(200);
    }

    List<LineEmulator.Delivery> deliveries() {
        return line.deliveriesTo(userId);
    }

    // --- events -------------------------------------------------------------------------------------

    /** Posts one signed event and waits for what the resident receives in answer. */
    private void send(String event) {
        int before = line.deliveriesTo(userId).size();
        lastEvent = event;
        assertThat(local.postWebhook(LineWebhookBodies.request(List.of(event)))).as("webhook status").isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> line.deliveriesTo(userId).size() > before);
        List<JsonNode> messages = new ArrayList<>();
        List<LineEmulator.Delivery> all = line.deliveriesTo(userId);
        all.subList(before, all.size()).forEach(d -> messages.addAll(d.messages()));
        last = messages;
    }

    private String postback(String data, String date) {
        String params = date == null ? "" : ",\"params\":{\"date\":\"" + date + "\"}";
        return head("postback") + ",\"postback\":{\"data\":\"" + data + "\"" + params + "}}";
    }

    private String head(String type) {
        return "{\"type\":\"" + type + "\",\"mode\":\"active\",\"timestamp\":" + Instant.now().toEpochMilli()
                + ",\"source\":{\"type\":\"user\",\"userId\":\"" + userId + "\"}"
                + ",\"webhookEventId\":\"" + LineWebhookBodies.newWebhookEventId() + "\""
                + ",\"deliveryContext\":{\"isRedelivery\":false}"
                + ",\"replyToken\":\"" + line.issueReplyToken(userId) + "\"";
    }

    /** The first action (quick reply item or Flex/template button) in the last messages that matches. */
    private JsonNode action(Predicate<JsonNode> wanted, String what) {
        List<JsonNode> actions = new ArrayList<>();
        last.forEach(m -> collectActions(m, actions));
        return actions.stream().filter(wanted).findFirst()
                .orElseThrow(() -> new AssertionError("expected " + what + " in what the resident last received:\n" + lastSaid()));
    }

    private static void collectActions(JsonNode node, List<JsonNode> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if (("action".equals(f.getKey()) || "defaultAction".equals(f.getKey())) && f.getValue().isObject()) {
                    into.add(f.getValue());
                } else if ("actions".equals(f.getKey()) && f.getValue().isArray()) {
                    f.getValue().forEach(into::add);
                } else {
                    collectActions(f.getValue(), into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectActions(n, into));
        }
    }
}
