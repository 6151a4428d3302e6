package jp.madoguchi.platform.embedded.line;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Webhook request bodies as the LINE platform sends them (see shared/line-openapi/webhook.yml),
 * for tests and the resident simulator. Sign them with {@link LineWebhookSigner}.
 */
public final class LineWebhookBodies {

    private LineWebhookBodies() {
    }

    /** A request carrying the given events (JSON objects); no events is LINE console's "Verify". */
    public static String request(List<String> events) {
        return "{\"destination\":\"Uemulatorbot000000000000000000000\",\"events\":[" + String.join(",", events) + "]}";
    }

    public static String follow(String userId, String replyToken, String webhookEventId, boolean redelivery) {
        return "{\"type\":\"follow\",\"mode\":\"active\",\"timestamp\":" + Instant.now().toEpochMilli()
                + ",\"source\":{\"type\":\"user\",\"userId\":\"" + userId + "\"}"
                + ",\"webhookEventId\":\"" + webhookEventId + "\""
                + ",\"deliveryContext\":{\"isRedelivery\":" + redelivery + "}"
                + ",\"replyToken\":\"" + replyToken + "\",\"follow\":{\"isUnblocked\":false}}";
    }

    public static String unfollow(String userId, String webhookEventId) {
        return "{\"type\":\"unfollow\",\"mode\":\"active\",\"timestamp\":" + Instant.now().toEpochMilli()
                + ",\"source\":{\"type\":\"user\",\"userId\":\"" + userId + "\"}"
                + ",\"webhookEventId\":\"" + webhookEventId + "\""
                + ",\"deliveryContext\":{\"isRedelivery\":false}}";
    }

    /** A fresh id in the shape LINE uses (a 26-character ULID). */
    public static String newWebhookEventId() {
        return ("01" + UUID.randomUUID().toString().replace("-", "").toUpperCase()).substring(0, 26);
    }

    /** A LINE-like user id: "U" and 32 hex digits. */
    public static String newUserId() {
        return "U" + UUID.randomUUID().toString().replace("-", "");
    }
}
