package jp.madoguchi.platform.embedded.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.bot.client.base.Result;
import com.linecorp.bot.client.base.UploadFile;
import com.linecorp.bot.client.base.exception.AbstractLineClientException;
import com.linecorp.bot.messaging.client.MessagingApiBlobClient;
import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.model.AudienceRecipient;
import com.linecorp.bot.messaging.model.BroadcastRequest;
import com.linecorp.bot.messaging.model.ButtonsTemplate;
import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.MulticastRequest;
import com.linecorp.bot.messaging.model.NarrowcastProgressResponse;
import com.linecorp.bot.messaging.model.NarrowcastRequest;
import com.linecorp.bot.messaging.model.PostbackAction;
import com.linecorp.bot.messaging.model.PushMessageRequest;
import com.linecorp.bot.messaging.model.QuickReply;
import com.linecorp.bot.messaging.model.QuickReplyItem;
import com.linecorp.bot.messaging.model.ReplyMessageRequest;
import com.linecorp.bot.messaging.model.RichMenuArea;
import com.linecorp.bot.messaging.model.RichMenuBounds;
import com.linecorp.bot.messaging.model.RichMenuRequest;
import com.linecorp.bot.messaging.model.RichMenuSize;
import com.linecorp.bot.messaging.model.TemplateMessage;
import com.linecorp.bot.messaging.model.TextMessage;

/**
 * The emulator's multicast, broadcast, narrowcast, profile, content and rich-menu endpoints, LINE's
 * limits, retry keys, injected failures and per-resident timelines, driven through the real LINE SDK.
 */
class LineEmulatorEndpointsTest {

    private static final String TOKEN = "channel-access-token-of-haboro";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PNG = Base64.getDecoder().decode(LineEmulator.TINY_PNG);
    private static LineEmulator emulator;
    private static MessagingApiClient client;
    private static MessagingApiBlobClient blobs;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        emulator = LineEmulator.start(0);
        client = MessagingApiClient.builder(TOKEN).apiEndPoint(URI.create(emulator.baseUrl())).usingDefaultLogger(false).build();
        blobs = MessagingApiBlobClient.builder(TOKEN).apiEndPoint(URI.create(emulator.baseUrl())).usingDefaultLogger(false).build();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void forgetEarlierRequests() {
        emulator.reset();
    }

    // --- multicast, broadcast, narrowcast -------------------------------------------------------------

    @Test
    void multicastReachesEveryListedResidentOnce() throws Exception {
        Result<Object> result = client.multicast(UUID.randomUUID(), new MulticastRequest(texts("断水のお知らせ"), List.of("U1", "U2", "U1"), false, null)).get();

        assertThat(result.requestId()).isNotBlank();
        assertThat(emulator.deliveriesTo("U1")).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(LineEmulator.MULTICAST);
            assertThat(d.texts()).containsExactly("断水のお知らせ");
            assertThat(d.requestId()).isEqualTo(result.requestId());
        });
        assertThat(emulator.deliveriesTo("U2")).hasSize(1);
    }

    @Test
    void multicastRefuses501Recipients() {
        List<String> to = IntStream.range(0, 501).mapToObj(i -> "U" + i).toList();

        AbstractLineClientException error = lineError(client.multicast(null, new MulticastRequest(texts("x"), to, false, null)));

        assertThat(error.getCode()).isEqualTo(400);
        assertThat(emulator.deliveries()).isEmpty();
    }

    @Test
    void multicastAccepts500Recipients() throws Exception {
        List<String> to = IntStream.range(0, 500).mapToObj(i -> "U" + i).toList();

        client.multicast(null, new MulticastRequest(texts("x"), to, false, null)).get();

        assertThat(emulator.deliveries()).hasSize(500);
    }

    @Test
    void aRepeatedRetryKeyOnMulticastIs409AndSendsNothingTwice() throws Exception {
        UUID key = UUID.randomUUID();
        Result<Object> first = client.multicast(key, new MulticastRequest(texts("a"), List.of("U1", "U2"), false, null)).get();

        AbstractLineClientException conflict = lineError(client.multicast(key, new MulticastRequest(texts("a"), List.of("U1", "U2"), false, null)));

        assertThat(conflict.getCode()).isEqualTo(409);
        assertThat(conflict.getHeader("x-line-accepted-request-id")).isEqualTo(first.requestId());
        assertThat(emulator.deliveries()).hasSize(2);
    }

    @Test
    void multicastsBeyondTheChannelsRateAre429AndSendNothing() throws Exception {
        emulator.rateLimit(LineEmulator.MULTICAST, 5);
        int accepted = 0;
        int limited = 0;
        for (int i = 0; i < 20; i++) {
            try {
                client.multicast(null, new MulticastRequest(texts("x"), List.of("U" + i), false, null)).get();
                accepted++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(((AbstractLineClientException) e.getCause()).getCode()).isEqualTo(429);
                limited++;
            }
        }

        // a bucket of one second's worth: 5 at once, then a few more as it refills during the loop
        assertThat(accepted).isBetween(5, 10);
        assertThat(limited).isEqualTo(20 - accepted);
        assertThat(emulator.deliveries()).hasSize(accepted);
        // another channel has its own bucket
        MessagingApiClient other = MessagingApiClient.builder("token-of-another-town").apiEndPoint(URI.create(emulator.baseUrl()))
                .usingDefaultLogger(false).build();
        other.multicast(null, new MulticastRequest(texts("x"), List.of("V1"), false, null)).get();
    }

    @Test
    void theMonthlyQuotaCountsRecipientsNotRepliesAndRefusesWhatWouldExceedIt() throws Exception {
        assertThat(client.getMessageQuota().get().body().type()).isEqualTo(com.linecorp.bot.messaging.model.QuotaType.NONE);
        emulator.messageQuota(TOKEN, 5);
        client.multicast(null, new MulticastRequest(texts("a"), List.of("U1", "U2", "U3"), false, null)).get();
        client.replyMessage(new ReplyMessageRequest(emulator.issueReplyToken("U1"), texts("reply"), false)).get();

        assertThat(client.getMessageQuota().get().body().value()).isEqualTo(5L);
        assertThat(client.getMessageQuotaConsumption().get().body().totalUsage()).isEqualTo(3L);
        AbstractLineClientException over = lineError(client.multicast(null, new MulticastRequest(texts("b"), List.of("U4", "U5", "U6"), false, null)));
        assertThat(over.getCode()).isEqualTo(429);
        assertThat(over.getMessage()).contains("monthly limit");
        assertThat(emulator.deliveriesTo("U4")).isEmpty();
        client.pushMessage(null, new PushMessageRequest("U4", texts("c"), false, null)).get();
        assertThat(client.getMessageQuotaConsumption().get().body().totalUsage()).isEqualTo(4L);
    }

    @Test
    void broadcastReachesEveryKnownResidentButNotTheBlocked() throws Exception {
        emulator.registerProfile("U1", "苫前 花子");
        emulator.registerProfile("U2", "羽幌 太郎");
        emulator.registerProfile("U3", "ブロック 済");
        emulator.residents().setBlocked("U3", true);
        UUID key = UUID.randomUUID();

        client.broadcast(key, new BroadcastRequest(texts("広報とままえ 5月号"), false)).get();
        AbstractLineClientException repeat = lineError(client.broadcast(key, new BroadcastRequest(texts("広報とままえ 5月号"), false)));

        assertThat(repeat.getCode()).isEqualTo(409);
        assertThat(emulator.deliveries()).extracting(LineEmulator.Delivery::userId).containsExactlyInAnyOrder("U1", "U2");
        assertThat(emulator.deliveries()).allSatisfy(d -> assertThat(d.kind()).isEqualTo(LineEmulator.BROADCAST));
    }

    @Test
    void narrowcastIsAcceptedWith202AndItsProgressIsSucceeded() throws Exception {
        emulator.registerProfile("U1", "苫前 花子");
        UUID key = UUID.randomUUID();
        Result<Object> accepted = client.narrowcast(key,
                new NarrowcastRequest(texts("古丹別地区の方へ"), new AudienceRecipient(1234L), null, null, false)).get();

        assertThat(accepted.requestId()).isNotBlank();
        assertThat(emulator.narrowcasts()).singleElement().satisfies(n -> {
            assertThat(n.requestId()).isEqualTo(accepted.requestId());
            assertThat(n.request().at("/recipient/type").asText()).isEqualTo("audience");
            assertThat(n.request().at("/recipient/audienceGroupId").asLong()).isEqualTo(1234L);
        });
        NarrowcastProgressResponse progress = client.getNarrowcastProgress(accepted.requestId()).get().body();
        assertThat(progress.phase()).isEqualTo(NarrowcastProgressResponse.Phase.SUCCEEDED);
        assertThat(progress.targetCount()).isEqualTo(1L);
        assertThat(lineError(client.narrowcast(key, new NarrowcastRequest(texts("古丹別地区の方へ"), null, null, null, false))).getCode())
                .isEqualTo(409);
        assertThat(emulator.deliveriesTo("U1")).hasSize(1);
    }

    @Test
    void narrowcastAnswers202OverHttp() throws Exception {
        HttpResponse<String> response = post("/v2/bot/message/narrowcast", UUID.randomUUID().toString(),
                "{\"messages\":[{\"type\":\"text\",\"text\":\"x\"}],\"filter\":{\"demographic\":{\"type\":\"gender\",\"oneOf\":[\"female\"]}}}");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("x-line-request-id")).isPresent();
        assertThat(emulator.narrowcasts()).singleElement()
                .satisfies(n -> assertThat(n.request().at("/filter/demographic/type").asText()).isEqualTo("gender"));
    }

    @Test
    void progressOfAnUnknownNarrowcastIs404() {
        assertThat(lineError(client.getNarrowcastProgress("no-such-request")).getCode()).isEqualTo(404);
    }

    // --- limits ------------------------------------------------------------------------------------------

    @Test
    void refusesAQuickReplyOf14Items() {
        List<QuickReplyItem> items = Collections.nCopies(14, new QuickReplyItem(postback("はい", "yes")));
        TextMessage ask = new TextMessage(new QuickReply(items), null, "よろしいですか", null, null);

        AbstractLineClientException error = lineError(client.pushMessage(null, new PushMessageRequest("U1", List.of(ask), false, null)));

        assertThat(error.getCode()).isEqualTo(400);
        assertThat(emulator.deliveries()).isEmpty();
    }

    @Test
    void acceptsAQuickReplyOf13Items() throws Exception {
        List<QuickReplyItem> items = Collections.nCopies(13, new QuickReplyItem(postback("はい", "yes")));

        client.pushMessage(null, new PushMessageRequest("U1", List.of(new TextMessage(new QuickReply(items), null, "よろしいですか", null, null)),
                false, null)).get();

        assertThat(emulator.deliveriesTo("U1")).hasSize(1);
    }

    @Test
    void refusesPostbackDataOver300CharactersAnywhereInAMessage() throws Exception {
        ButtonsTemplate buttons = new ButtonsTemplate(null, null, null, null, "受付", "選んでください", null,
                List.of(postback("申し込む", "d".repeat(301))));

        AbstractLineClientException error = lineError(client.multicast(null,
                new MulticastRequest(List.of(new TemplateMessage("受付", buttons)), List.of("U1"), false, null)));

        assertThat(error.getCode()).isEqualTo(400);
        assertThat(emulator.deliveries()).isEmpty();
    }

    @Test
    void refusesAltTextOver1500CharactersAndSixMessagesInABroadcast() throws Exception {
        HttpResponse<String> response = post("/v2/bot/message/broadcast", null,
                "{\"messages\":[" + String.join(",", Collections.nCopies(6, "{\"type\":\"text\",\"text\":\"x\"}")) + "]}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).at("/details/0/property").asText()).isEqualTo("messages");

        String flex = "{\"type\":\"flex\",\"altText\":\"" + "あ".repeat(1501) + "\",\"contents\":{\"type\":\"bubble\"}}";
        HttpResponse<String> tooLong = post("/v2/bot/message/broadcast", null, "{\"messages\":[" + flex + "]}");
        JsonNode body = JSON.readTree(tooLong.body());
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(body.get("message").asText()).isEqualTo("The request body has 1 error(s)");
        assertThat(body.at("/details/0/property").asText()).isEqualTo("messages[0].altText");
        assertThat(emulator.deliveries()).isEmpty();
    }

    // --- retry keys, faults, timelines -------------------------------------------------------------------

    @Test
    void injectedRateLimitRefusesTheNextSendsAndSendsNothing() throws Exception {
        emulator.failNext(429, 2);

        AbstractLineClientException first = lineError(client.pushMessage(UUID.randomUUID(), push("U1", "a")));
        AbstractLineClientException second = lineError(client.multicast(null, new MulticastRequest(texts("b"), List.of("U1"), false, null)));
        client.pushMessage(null, push("U1", "c")).get();

        assertThat(first.getCode()).isEqualTo(429);
        assertThat(first.getMessage()).contains("Too Many Requests");
        assertThat(second.getCode()).isEqualTo(429);
        assertThat(emulator.deliveriesTo("U1")).singleElement().satisfies(d -> assertThat(d.texts()).containsExactly("c"));
    }

    @Test
    void aRetryKeyRefusedBy429IsAcceptedWhenRetried() throws Exception {
        UUID key = UUID.randomUUID();
        emulator.failNext(429, 1);
        assertThat(lineError(client.pushMessage(key, push("U1", "a"))).getCode()).isEqualTo(429);

        client.pushMessage(key, push("U1", "a")).get();

        assertThat(emulator.deliveriesTo("U1")).hasSize(1);
    }

    @Test
    void injectedServerErrorsLastForTheGivenTime() throws Exception {
        emulator.failFor(Duration.ofMillis(300), 500);
        String replyToken = emulator.issueReplyToken("U1");

        assertThat(lineError(client.replyMessage(new ReplyMessageRequest(replyToken, texts("a"), false))).getCode()).isEqualTo(500);
        Thread.sleep(350);
        client.replyMessage(new ReplyMessageRequest(replyToken, texts("a"), false)).get(); // the token was not used up

        assertThat(emulator.deliveriesTo("U1")).hasSize(1);
    }

    @Test
    void faultsCanBeInjectedOverHttp() throws Exception {
        HttpResponse<String> set = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "emulator/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":500,\"count\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(set.statusCode()).isEqualTo(200);

        assertThat(lineError(client.pushMessage(null, push("U1", "a"))).getCode()).isEqualTo(500);
        client.pushMessage(null, push("U1", "b")).get();

        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "emulator/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":418,\"count\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
    }

    @Test
    void theTimelineListsWhatAResidentReceivedInOrder() throws Exception {
        emulator.registerProfile("U1", "苫前 花子");
        client.replyMessage(new ReplyMessageRequest(emulator.issueReplyToken("U1"), texts("ようこそ", "メニューです"), false)).get();
        client.pushMessage(null, push("U1", "受付しました")).get();
        client.multicast(null, new MulticastRequest(texts("断水"), List.of("U1", "U2"), false, null)).get();
        client.broadcast(null, new BroadcastRequest(texts("広報"), false)).get();

        assertThat(emulator.timeline("U1")).extracting(r -> r.message().get("text").asText())
                .containsExactly("ようこそ", "メニューです", "受付しました", "断水", "広報");
        assertThat(emulator.timeline("U1")).extracting(LineEmulator.Received::kind)
                .containsExactly("reply", "reply", "push", "multicast", "broadcast");
        assertThat(emulator.timeline("U2")).hasSize(1);

        HttpResponse<String> overHttp = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "emulator/timeline/U1")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode entries = JSON.readTree(overHttp.body());
        assertThat(entries).hasSize(5);
        assertThat(entries.get(4).at("/message/text").asText()).isEqualTo("広報");
        assertThat(entries.get(0).get("sequence").asLong()).isLessThan(entries.get(4).get("sequence").asLong());
    }

    // --- profiles and content ----------------------------------------------------------------------------

    @Test
    void aRegisteredResidentHasAProfileAndAnUnknownOneIs404() throws Exception {
        emulator.registerProfile("U1", "苫前 花子");

        var profile = client.getProfile("U1").get().body();

        assertThat(profile.displayName()).isEqualTo("苫前 花子");
        assertThat(profile.userId()).isEqualTo("U1");
        assertThat(lineError(client.getProfile("Unobody")).getCode()).isEqualTo(404);
    }

    @Test
    void servesStoredContentByMessageIdAndAPngForOtherIds() throws Exception {
        byte[] photo = new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        String id = emulator.residents().storeContent(photo, "image/png");

        assertThat(blobs.getMessageContent(id).get().body().byteStream().readAllBytes()).isEqualTo(photo);
        assertThat(blobs.getMessageContent("123").get().body().byteStream().readAllBytes()).isEqualTo(PNG);
    }

    // --- rich menus ------------------------------------------------------------------------------------------

    @Test
    void aRichMenuIsCreatedGivenAnImageMadeDefaultLinkedListedAndDeleted() throws Exception {
        String id = client.createRichMenu(richMenu(1686, "メニュー", 6)).get().body().richMenuId();
        assertThat(id).startsWith("richmenu-");

        // linking before the image is uploaded is refused, as LINE does
        assertThat(lineError(client.setDefaultRichMenu(id)).getCode()).isEqualTo(400);
        blobs.setRichMenuImage(id, UploadFile.fromByteArray(PNG, "image/png")).get();
        assertThat(lineError(blobs.setRichMenuImage(id, UploadFile.fromByteArray(PNG, "image/png"))).getCode()).isEqualTo(400);
        client.setDefaultRichMenu(id).get();
        client.linkRichMenuIdToUser("U1", id).get();
        assertThat(client.getRichMenuIdOfUser("U1").get().body().richMenuId()).isEqualTo(id);

        assertThat(client.getRichMenuList().get().body().richmenus()).singleElement().satisfies(m -> {
            assertThat(m.richMenuId()).isEqualTo(id);
            assertThat(m.chatBarText()).isEqualTo("メニュー");
            assertThat(m.areas()).hasSize(6);
        });

        client.deleteRichMenu(id).get();
        assertThat(client.getRichMenuList().get().body().richmenus()).isEmpty();
        assertThat(lineError(client.deleteRichMenu(id)).getCode()).isEqualTo(404);
        assertThat(lineError(client.getRichMenuIdOfUser("U1")).getCode()).isEqualTo(404);
    }

    @Test
    void aHalfHeightRichMenuIsAccepted() throws Exception {
        assertThat(client.createRichMenu(richMenu(843, "メニュー", 3)).get().body().richMenuId()).isNotBlank();
    }

    @Test
    void refusesARichMenuOfAnotherSizeTooManyAreasOrALongChatBarText() {
        assertThat(lineError(client.createRichMenu(richMenu(1000, "メニュー", 1))).getCode()).isEqualTo(400);
        assertThat(lineError(client.createRichMenu(richMenu(1686, "メニュー", 21))).getCode()).isEqualTo(400);
        assertThat(lineError(client.createRichMenu(richMenu(1686, "とても長いチャットバーのテキストです", 1))).getCode()).isEqualTo(400);
    }

    @Test
    void anotherChannelCannotSeeOrDeleteARichMenu() throws Exception {
        String id = client.createRichMenu(richMenu(843, "メニュー", 1)).get().body().richMenuId();
        MessagingApiClient other = MessagingApiClient.builder("token-of-another-town")
                .apiEndPoint(URI.create(emulator.baseUrl())).usingDefaultLogger(false).build();

        assertThat(other.getRichMenuList().get().body().richmenus()).isEmpty();
        assertThat(lineError(other.deleteRichMenu(id)).getCode()).isEqualTo(404);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static RichMenuRequest richMenu(long height, String chatBarText, int areas) {
        long width = 2500 / Math.max(1, Math.min(areas, 6));
        List<RichMenuArea> list = IntStream.range(0, areas)
                .mapToObj(i -> new RichMenuArea(new RichMenuBounds((i % 6) * width, 0L, width, Math.min(height, 843L)),
                        postback("手続き" + i, "menu:" + i)))
                .toList();
        return new RichMenuRequest(new RichMenuSize(2500L, height), false, "苫前町メニュー", chatBarText, list);
    }

    private static PostbackAction postback(String label, String data) {
        return new PostbackAction(label, data, label, null, null, null);
    }

    private static List<Message> texts(String... texts) {
        return java.util.Arrays.stream(texts).<Message>map(TextMessage::new).toList();
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

    private HttpResponse<String> post(String path, String retryKey, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path.substring(1)))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (retryKey != null) {
            request.header("X-Line-Retry-Key", retryKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
