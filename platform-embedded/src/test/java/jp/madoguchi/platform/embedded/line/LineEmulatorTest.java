package jp.madoguchi.platform.embedded.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.bot.client.base.Result;
import com.linecorp.bot.client.base.exception.AbstractLineClientException;
import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.PushMessageRequest;
import com.linecorp.bot.messaging.model.PushMessageResponse;
import com.linecorp.bot.messaging.model.ReplyMessageRequest;
import com.linecorp.bot.messaging.model.ReplyMessageResponse;
import com.linecorp.bot.messaging.model.TextMessage;

/** Drives the emulator through the real LINE SDK client, as the services will. */
class LineEmulatorTest {

    private static final String TOKEN = "channel-access-token-of-tomamae";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LineEmulator emulator;
    private static MessagingApiClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        emulator = LineEmulator.start(0);
        client = clientWithToken(TOKEN);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void forgetEarlierDeliveries() {
        emulator.reset();
    }

    @Test
    void recordsAPushWithItsRetryKey() throws Exception {
        UUID retryKey = UUID.randomUUID();
        Result<PushMessageResponse> result = client.pushMessage(retryKey, push("U1", "燃えるごみは明日です")).get();

        assertThat(result.body().sentMessages()).hasSize(1);
        assertThat(result.requestId()).isNotBlank();
        assertThat(emulator.deliveriesTo("U1")).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(LineEmulator.PUSH);
            assertThat(d.texts()).containsExactly("燃えるごみは明日です");
            assertThat(d.retryKey()).isEqualTo(retryKey.toString());
            assertThat(d.channel()).hasSize(12).doesNotContain(TOKEN);
        });
    }

    @Test
    void answersARepeatedRetryKeyWith409AndDoesNotSendAgain() throws Exception {
        UUID retryKey = UUID.randomUUID();
        Result<PushMessageResponse> first = client.pushMessage(retryKey, push("U1", "受付しました")).get();

        AbstractLineClientException conflict = lineError(client.pushMessage(retryKey, push("U1", "受付しました")));

        assertThat(conflict.getCode()).isEqualTo(409);
        assertThat(conflict.getHeader("x-line-accepted-request-id")).isEqualTo(first.requestId());
        assertThat(emulator.deliveriesTo("U1")).hasSize(1);
    }

    @Test
    void acceptsTheSameRetryKeyFromAnotherChannel() throws Exception {
        UUID retryKey = UUID.randomUUID();
        client.pushMessage(retryKey, push("U1", "a")).get();
        clientWithToken("token-of-another-town").pushMessage(retryKey, push("U1", "a")).get();

        assertThat(emulator.deliveriesTo("U1")).hasSize(2);
    }

    @Test
    void refusesSixMessagesInOneCall() {
        List<Message> six = Collections.nCopies(6, new TextMessage("お知らせ"));

        AbstractLineClientException error = lineError(client.pushMessage(null, new PushMessageRequest("U1", six, null, null)));

        assertThat(error.getCode()).isEqualTo(400);
        assertThat(emulator.deliveries()).isEmpty();
    }

    @Test
    void acceptsAnIssuedReplyTokenOnce() throws Exception {
        String replyToken = emulator.issueReplyToken("U2");
        Result<ReplyMessageResponse> reply = client.replyMessage(
                new ReplyMessageRequest(replyToken, List.of(new TextMessage("こんにちは")), false)).get();
        assertThat(reply.body().sentMessages()).singleElement().satisfies(m -> assertThat(m.quoteToken()).isNotBlank());

        AbstractLineClientException second = lineError(client.replyMessage(
                new ReplyMessageRequest(replyToken, List.of(new TextMessage("こんにちは")), false)));

        assertThat(second.getCode()).isEqualTo(400);
        assertThat(emulator.deliveriesTo("U2")).singleElement()
                .satisfies(d -> assertThat(d.kind()).isEqualTo(LineEmulator.REPLY));
    }

    @Test
    void refusesAReplyTokenItNeverIssued() {
        AbstractLineClientException error = lineError(client.replyMessage(
                new ReplyMessageRequest("0123456789abcdef0123456789abcdef", List.of(new TextMessage("x")), false)));

        assertThat(error.getCode()).isEqualTo(400);
    }

    @Test
    void refusesARequestWithoutAuthorization() throws Exception {
        HttpResponse<String> response = post("/v2/bot/message/push", null, null,
                "{\"to\":\"U1\",\"messages\":[{\"type\":\"text\",\"text\":\"x\"}]}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).get("message").asText()).startsWith("Authentication failed");
        assertThat(emulator.deliveries()).isEmpty();
    }

    @Test
    void refusesAnInvalidRetryKey() throws Exception {
        HttpResponse<String> response = post("/v2/bot/message/push", "Bearer " + TOKEN, "not-a-uuid",
                "{\"to\":\"U1\",\"messages\":[{\"type\":\"text\",\"text\":\"x\"}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(emulator.deliveries()).isEmpty();
    }

    @Test
    void explainsEveryBodyErrorLikeLine() throws Exception {
        String quickReply = "{\"items\":[" + String.join(",", Collections.nCopies(14,
                "{\"type\":\"action\",\"action\":{\"type\":\"message\",\"label\":\"はい\",\"text\":\"はい\"}}")) + "]}";
        HttpResponse<String> response = post("/v2/bot/message/push", "Bearer " + TOKEN, null,
                "{\"to\":\"U1\",\"messages\":[{\"type\":\"text\",\"text\":\"" + "あ".repeat(5001) + "\"},"
                        + "{\"type\":\"text\",\"text\":\"ok\",\"quickReply\":" + quickReply + "},"
                        + "{\"type\":\"hologram\"}]}");

        JsonNode body = JSON.readTree(response.body());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-line-request-id")).isPresent();
        assertThat(body.get("message").asText()).isEqualTo("The request body has 3 error(s)");
        assertThat(body.get("details").findValuesAsText("property"))
                .containsExactly("messages[0].text", "messages[1].quickReply.items", "messages[2].type");
    }

    @Test
    void showsDeliveriesPerResidentOverHttp() throws Exception {
        client.pushMessage(null, push("U1", "for U1")).get();
        client.pushMessage(null, push("U3", "for U3")).get();

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(emulator.baseUrl() + "emulator/deliveries?userId=U3")).build(), HttpResponse.BodyHandlers.ofString());

        JsonNode deliveries = JSON.readTree(response.body());
        assertThat(deliveries).hasSize(1);
        assertThat(deliveries.get(0).at("/messages/0/text").asText()).isEqualTo("for U3");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void signsWebhookBodiesAsLineDoes() {
        // Reference value computed independently: echo -n '{}' | openssl dgst -sha256 -hmac secret -binary | base64
        assertThat(LineWebhookSigner.sign("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "secret"))
                .isEqualTo("dzJZAsrKgS3CWXM6rNBGtzgXNyx3e42VtAJkdHRRbhM=");
    }

    @Test
    void describesTheBotOfAValidTokenAndRefusesAnInvalidOne() throws Exception {
        var info = client.getBotInfo().get().body();
        assertThat(info.displayName()).startsWith("Emulated bot ");
        assertThat(info.userId()).startsWith("U").hasSize(33);

        Throwable refused = catchThrowable(() -> clientWithToken(LineEmulator.INVALID_TOKEN_PREFIX + "-token").getBotInfo().get());
        assertThat(refused).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(AbstractLineClientException.class);
        assertThat(((AbstractLineClientException) refused.getCause()).getMessage()).contains("401");
    }

    private static MessagingApiClient clientWithToken(String token) {
        return MessagingApiClient.builder(token)
                .apiEndPoint(URI.create(emulator.baseUrl()))
                .usingDefaultLogger(false) // the default logger would log the token and message bodies
                .build();
    }

    private static PushMessageRequest push(String to, String text) {
        return new PushMessageRequest(to, List.of(new TextMessage(text)), false, null);
    }

    private static AbstractLineClientException lineError(CompletableFuture<?> call) {
        Throwable thrown = catchThrowable(call::get);
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(AbstractLineClientException.class);
        return (AbstractLineClientException) thrown.getCause();
    }

    private HttpResponse<String> post(String path, String authorization, String retryKey, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path.substring(1)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (retryKey != null) {
            request.header("X-Line-Retry-Key", retryKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
