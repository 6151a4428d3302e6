package jp.madoguchi.deploy.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jp.madoguchi.platform.embedded.line.LineWebhookBodies;
import jp.madoguchi.platform.embedded.line.LineWebhookSigner;

/**
 * A six-step conversation residents go through in load and crash tests: {@code start:bench-survey},
 * four typed answers, {@code cmd:confirm}. Publishes the flow through procedure-service and builds
 * the signed webhooks.
 */
public final class SurveyLoad {

    public static final String PROCEDURE_ID = "bench-survey";
    public static final int STEPS = 6;
    /** What the resident reads after each step (the first line of each reply), in order. */
    public static final List<String> PROMPTS = List.of("質問1に答えてください。", "質問2に答えてください。", "質問3に答えてください。",
            "質問4に答えてください。", "入力した内容を確認してください。", "アンケートを受け付けました。");

    public static final String DOCUMENT = """
            {"procedureId":"bench-survey","title":"ベンチマーク用アンケート","description":"負荷試験用","firstStepId":"q1","steps":[
             {"type":"text","id":"q1","field":"q1","label":"質問1","prompt":"質問1に答えてください。","maxLength":100,"next":"q2"},
             {"type":"text","id":"q2","field":"q2","label":"質問2","prompt":"質問2に答えてください。","maxLength":100,"next":"q3"},
             {"type":"text","id":"q3","field":"q3","label":"質問3","prompt":"質問3に答えてください。","maxLength":100,"next":"q4"},
             {"type":"text","id":"q4","field":"q4","label":"質問4","prompt":"質問4に答えてください。","maxLength":100,"next":"confirm"},
             {"type":"confirm","id":"confirm","prompt":"入力した内容を確認してください。","confirmLabel":"送信する","next":"done"},
             {"type":"submit","id":"done","prompt":"アンケートを受け付けました。"}]}""";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SurveyLoad() {
    }

    /** Creates and publishes the survey in {@code town} (201/409 on create are both fine; publish 200 or 409 = already). */
    public static void publish(URI procedureService, String town, String adminToken) throws Exception {
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(procedureService.resolve("/api/towns/" + town + "/procedures"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(DOCUMENT)).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw new IllegalStateException("survey not created: " + created.statusCode() + " " + created.body());
        }
        HttpResponse<String> published = HTTP.send(HttpRequest.newBuilder(
                        procedureService.resolve("/api/towns/" + town + "/procedures/" + PROCEDURE_ID + "/publish"))
                .header("Authorization", "Bearer " + adminToken).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (published.statusCode() != 200 && published.statusCode() != 409) {
            throw new IllegalStateException("survey not published: " + published.statusCode() + " " + published.body());
        }
    }

    /** The LINE event of step {@code step} (0-based) of a resident's survey. */
    public static String event(String user, int step, String replyToken, String webhookEventId, boolean redelivery) {
        String head = "\"mode\":\"active\",\"timestamp\":" + Instant.now().toEpochMilli()
                + ",\"source\":{\"type\":\"user\",\"userId\":\"" + user + "\"}"
                + ",\"webhookEventId\":\"" + webhookEventId + "\""
                + ",\"deliveryContext\":{\"isRedelivery\":" + redelivery + "}"
                + ",\"replyToken\":\"" + replyToken + "\"";
        return switch (step) {
            case 0 -> "{\"type\":\"postback\"," + head + ",\"postback\":{\"data\":\"start:" + PROCEDURE_ID + "\"}}";
            case 5 -> "{\"type\":\"postback\"," + head + ",\"postback\":{\"data\":\"cmd:confirm\"}}";
            default -> "{\"type\":\"message\"," + head + ",\"message\":{\"type\":\"text\",\"id\":\"" + System.nanoTime()
                    + "\",\"quoteToken\":\"q\",\"text\":\"回答" + step + "\"}}";
        };
    }

    /** Posts one signed webhook request; answers the HTTP status. */
    public static int post(HttpClient http, URI webhook, String secret, String event) throws Exception {
        byte[] body = LineWebhookBodies.request(List.of(event)).getBytes(StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Line-Signature", LineWebhookSigner.sign(body, secret))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
