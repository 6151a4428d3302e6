package jp.madoguchi.platform.embedded.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.bot.messaging.client.MessagingApiBlobClient;
import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.model.ReplyMessageRequest;
import com.linecorp.bot.messaging.model.TextMessage;
import com.sun.net.httpserver.HttpServer;

/**
 * The resident simulator's API: it builds the webhook LINE would send, signs it with the town's
 * secret, POSTs it to the town's webhook URL (here a small recording server) and shows the
 * resident's chat; the page and its API never reveal a secret.
 */
class LineEmulatorSimulatorTest {

    private static final String SECRET = "demo-channel-secret-014834";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LineEmulator emulator;
    private static HttpServer webhook;
    private static final List<Received> received = new CopyOnWriteArrayList<>();
    private static final AtomicInteger webhookStatus = new AtomicInteger(200);
    private final HttpClient http = HttpClient.newHttpClient();

    private record Received(String signature, byte[] body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        emulator = LineEmulator.start(0);
        webhook = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        webhook.createContext("/line/webhook/014834", exchange -> {
            received.add(new Received(exchange.getRequestHeaders().getFirst("X-Line-Signature"), exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(webhookStatus.get(), -1);
            exchange.close();
        });
        webhook.start();
        emulator.registerTown("014834", "苫前町", SECRET, "http://localhost:" + webhook.getAddress().getPort() + "/line/webhook/014834");
    }

    @AfterAll
    static void stop() {
        webhook.stop(0);
        emulator.close();
    }

    @BeforeEach
    void forget() {
        emulator.reset();
        received.clear();
        webhookStatus.set(200);
    }

    @Test
    void aFollowIsSignedWithTheTownsSecretAndCarriesAReplyTokenTheEmulatorAccepts() throws Exception {
        String userId = createResident("苫前 花子");

        HttpResponse<String> sent = send(userId, "{\"type\":\"follow\"}", null);

        assertThat(sent.statusCode()).isEqualTo(200);
        Received request = received.get(0);
        assertThat(request.signature()).isEqualTo(LineWebhookSigner.sign(request.body(), SECRET));
        JsonNode body = request.json();
        assertThat(body.get("destination").asText()).matches("U[0-9a-f]{32}");
        JsonNode event = body.at("/events/0");
        assertThat(event.get("type").asText()).isEqualTo("follow");
        assertThat(event.at("/source/userId").asText()).isEqualTo(userId);
        assertThat(event.get("webhookEventId").asText()).hasSize(26).isEqualTo(JSON.readTree(sent.body()).get("webhookEventId").asText());
        assertThat(event.at("/deliveryContext/isRedelivery").asBoolean(true)).isFalse();
        assertThat(event.at("/follow/isUnblocked").asBoolean(true)).isFalse();
        assertThat(event.get("timestamp").asLong()).isPositive();

        // the town's service answers with the event's reply token, as it would to LINE
        client().replyMessage(new ReplyMessageRequest(event.get("replyToken").asText(), List.of(new TextMessage("ようこそ")), false)).get();
        JsonNode timeline = timeline(userId);
        assertThat(timeline).hasSize(2);
        assertThat(timeline.get(0).get("from").asText()).isEqualTo("resident");
        assertThat(timeline.get(0).at("/display/text").asText()).isEqualTo("友だち追加しました");
        assertThat(timeline.get(1).get("from").asText()).isEqualTo("account");
        assertThat(timeline.get(1).at("/message/text").asText()).isEqualTo("ようこそ");
    }

    @Test
    void blockingThenFollowingAgainIsAnUnblockAndStopsBroadcastsMeanwhile() throws Exception {
        String userId = createResident("苫前 花子");
        send(userId, "{\"type\":\"follow\"}", null);
        send(userId, "{\"type\":\"unfollow\"}", null);

        assertThat(received.get(1).json().at("/events/0").has("replyToken")).isFalse();
        assertThat(emulator.residents().isBlocked(userId)).isTrue();
        send(userId, "{\"type\":\"follow\"}", null);
        assertThat(received.get(2).json().at("/events/0/follow/isUnblocked").asBoolean()).isTrue();
        assertThat(emulator.residents().isBlocked(userId)).isFalse();
    }

    @Test
    void textPostbackWithDateLocationAndImageBecomeLineEvents() throws Exception {
        String userId = createResident("羽幌 太郎");
        send(userId, "{\"type\":\"message\",\"message\":{\"type\":\"text\",\"text\":\"メニュー\"}}", null);
        send(userId, "{\"type\":\"postback\",\"postback\":{\"data\":\"cmd:date\",\"params\":{\"date\":\"2026-04-10\"}}}", "2026-04-10");
        send(userId, "{\"type\":\"message\",\"message\":{\"type\":\"location\",\"address\":\"苫前町字旭\",\"latitude\":44.3,\"longitude\":141.6}}", null);
        byte[] png = Base64.getDecoder().decode(LineEmulator.TINY_PNG);
        send(userId, "{\"type\":\"message\",\"message\":{\"type\":\"image\",\"dataBase64\":\"" + Base64.getEncoder().encodeToString(png) + "\"}}", null);

        JsonNode text = received.get(0).json().at("/events/0");
        assertThat(text.at("/message/type").asText()).isEqualTo("text");
        assertThat(text.at("/message/text").asText()).isEqualTo("メニュー");
        assertThat(text.at("/message/quoteToken").asText()).isNotBlank();
        JsonNode postback = received.get(1).json().at("/events/0/postback");
        assertThat(postback.get("data").asText()).isEqualTo("cmd:date");
        assertThat(postback.at("/params/date").asText()).isEqualTo("2026-04-10");
        JsonNode location = received.get(2).json().at("/events/0/message");
        assertThat(location.get("latitude").asDouble()).isEqualTo(44.3);
        assertThat(location.get("address").asText()).isEqualTo("苫前町字旭");
        JsonNode image = received.get(3).json().at("/events/0/message");
        assertThat(image.at("/contentProvider/type").asText()).isEqualTo("line");

        // the service fetches the image by its id, as from api-data.line.me
        MessagingApiBlobClient blobs = MessagingApiBlobClient.builder("demo-channel-token-014834")
                .apiEndPoint(URI.create(emulator.baseUrl())).usingDefaultLogger(false).build();
        assertThat(blobs.getMessageContent(image.get("id").asText()).get().body().byteStream().readAllBytes()).isEqualTo(png);
        assertThat(timeline(userId)).extracting(e -> e.at("/display/kind").asText()).containsExactly("text", "text", "location", "image");
    }

    @Test
    void answersTheWebhooksStatus() throws Exception {
        String userId = createResident("苫前 花子");
        webhookStatus.set(400);

        HttpResponse<String> sent = send(userId, "{\"type\":\"message\",\"message\":{\"type\":\"text\",\"text\":\"こんにちは\"}}", null);

        assertThat(sent.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(sent.body()).get("webhookStatus").asInt()).isEqualTo(400);
    }

    @Test
    void refusesUnknownTownsResidentsAndEventTypes() throws Exception {
        String userId = createResident("苫前 花子");
        assertThat(post("/simulator/api/send", "{\"tenantId\":\"999999\",\"userId\":\"" + userId + "\",\"event\":{\"type\":\"follow\"}}").statusCode())
                .isEqualTo(404);
        assertThat(send("U" + "0".repeat(32), "{\"type\":\"follow\"}", null).statusCode()).isEqualTo(404);
        assertThat(send(userId, "{\"type\":\"beacon\"}", null).statusCode()).isEqualTo(400);
        assertThat(send(userId, "{\"type\":\"postback\",\"postback\":{\"data\":\"" + "d".repeat(301) + "\"}}", null).statusCode()).isEqualTo(400);
        assertThat(post("/simulator/api/residents", "{\"displayName\":\"x\",\"userId\":\"not-a-line-id\"}").statusCode()).isEqualTo(400);
        assertThat(received).isEmpty();
    }

    @Test
    void thePageAndItsApiNeverShowASecret() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(emulator.simulatorUrl())).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> towns = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "simulator/api/towns")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> script = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "simulator/simulator.js")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<html lang=\"ja\">").contains("友だち追加");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(towns.body()).get(0).get("name").asText()).isEqualTo("苫前町");
        assertThat(page.body() + towns.body() + script.body()).doesNotContain(SECRET).doesNotContain("channelSecret");
    }

    // --- helpers --------------------------------------------------------------------------------------

    private static MessagingApiClient client() {
        return MessagingApiClient.builder("demo-channel-token-014834").apiEndPoint(URI.create(emulator.baseUrl())).usingDefaultLogger(false).build();
    }

    private String createResident(String displayName) throws Exception {
        HttpResponse<String> created = post("/simulator/api/residents", "{\"displayName\":\"" + displayName + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        return JSON.readTree(created.body()).get("userId").asText();
    }

    private HttpResponse<String> send(String userId, String event, String display) throws Exception {
        return post("/simulator/api/send", "{\"tenantId\":\"014834\",\"userId\":\"" + userId + "\",\"event\":" + event
                + (display == null ? "" : ",\"display\":\"" + display + "\"") + "}");
    }

    private JsonNode timeline(String userId) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "simulator/api/timeline?tenantId=014834&userId=" + userId))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path.substring(1)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
