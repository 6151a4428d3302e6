package jp.madoguchi.conversation.shelter;

import static jp.madoguchi.conversation.LineTown.head;
import static jp.madoguchi.conversation.LineTown.postback;
import static jp.madoguchi.conversation.LineTown.quickReplies;
import static jp.madoguchi.conversation.LineTown.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import jp.madoguchi.conversation.ConversationServiceApplication;
import jp.madoguchi.conversation.LineTown;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.embedded.line.LineEmulator;
import jp.madoguchi.platform.embedded.line.LineWebhookBodies;
import jp.madoguchi.platform.security.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Shelters end to end: staff import the town's GSI CSV through the API, residents send their location in signed
 * webhooks and the LINE emulator records what they got; disaster mode swaps the channel's default rich menu.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = ConversationServiceApplication.CONFIG_NAME)
class SheltersIntegrationTest {

    private static final String TOWN = "014664";
    private static final String DISASTER_TOWN = "014672";
    private static final MediaType CSV = MediaType.parseMediaType("text/csv");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double HERE_LAT = 44.2400;
    private static final double HERE_LNG = 141.6600;

    /** Around the resident: A floods/earthquakes, B earthquake/tsunami, C tsunami, D earthquake/fire, E far away and for all. */
    private static final String GSI = "\uFEFF" + "共通ID,施設・場所名,住所,洪水,崖崩れ、土石流及び地滑り,高潮,地震,津波,大規模な火事,内水氾濫,火山現象,"
            + "指定避難所との住所同一,緯度,経度,備考\r\n"
            + "01466-001,羽幌町民体育館,北海道苫前郡羽幌町南町1,◎,,,◎,,,,,1,44.2410,141.6610,\r\n"
            + "01466-002,\"羽幌小学校\n（グラウンド）\",\"北海道苫前郡羽幌町, 南3条\",,,,◎,◎,,,,,44.2450,141.6650,\"高台\r\nです\"\r\n"
            + "01466-003,高台公園,北海道苫前郡羽幌町高台,,,,,◎,,,,,44.2500,141.6700,\r\n"
            + "01466-004,羽幌町公民館,北海道苫前郡羽幌町北町,,,,◎,,◎,,,,44.2600,141.6800,\r\n"
            + "01466-005,遠い避難所,北海道苫前郡羽幌町遠く,◎,◎,◎,◎,◎,◎,◎,◎,,44.4000,141.8000,\r\n";

    @Autowired
    WebTestClient http;

    private final LineEmulator line = EmbeddedPlatformExtension.platform().lineEmulator();

    @Test
    void aTownImportsItsGsiListAndResidentsGetTheThreeNearestShelterForTheirHazard() throws Exception {
        LineTown town = new LineTown(http, TOWN, "demo-channel-secret-" + TOWN);
        town.onboard("羽幌町", "はぼろちょう", "demo-channel-token-" + TOWN);
        String staff = EmbeddedPlatformExtension.tokens().town(TOWN, Role.STAFF);
        String user = LineWebhookBodies.newUserId();

        // no list yet: a polite answer, never an error
        List<JsonNode> got = town.send(line, user, location(user, HERE_LAT, HERE_LNG), 1);
        assertThat(got.get(0).path("text").asText()).isEqualTo(Shelters.NONE_IMPORTED);

        // a bad file: 400 with every problem by line, in Japanese; nothing imported
        String bad = GSI.replace("44.2450,141.6650", "北緯44,141.6650").replace("01466-004,羽幌町公民館", "01466-004,");
        http.put().uri("/api/towns/{t}/shelters", TOWN).header("Authorization", "Bearer " + staff).contentType(CSV)
                .bodyValue(bad.getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.problems[0]").isEqualTo("3行目: 「緯度」が「北緯44」で、日本の中の度数（例: 44.2417）ではありません。")
                .jsonPath("$.problems[1]").isEqualTo("7行目: 「施設・場所名」が空です。")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("取り込まれていません"));
        http.get().uri("/api/towns/{t}/shelters", TOWN).header("Authorization", "Bearer " + staff).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.count").isEqualTo(0);

        http.put().uri("/api/towns/{t}/shelters", TOWN).header("Authorization", "Bearer " + staff).contentType(CSV)
                .bodyValue(GSI.getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.format").isEqualTo("GSI").jsonPath("$.count").isEqualTo(5)
                .jsonPath("$.shelters[1].name").isEqualTo("羽幌小学校\n（グラウンド）");
        // a later bad file leaves the imported list as it was
        http.put().uri("/api/towns/{t}/shelters", TOWN).header("Authorization", "Bearer " + staff).contentType(CSV)
                .bodyValue(bad.getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isBadRequest();
        http.get().uri("/api/towns/{t}/shelters", TOWN).header("Authorization", "Bearer " + EmbeddedPlatformExtension.tokens()
                .town(TOWN, Role.VIEWER)).exchange().expectStatus().isOk().expectBody().jsonPath("$.count").isEqualTo(5);
        http.put().uri("/api/towns/{t}/shelters", TOWN).header("Authorization", "Bearer " + EmbeddedPlatformExtension.tokens()
                .town(TOWN, Role.VIEWER)).contentType(CSV).bodyValue(GSI.getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isForbidden();

        // a location with no procedure under way: the three nearest of any kind, with distance and directions
        got = town.send(line, user, location(user, HERE_LAT, HERE_LNG), 2);
        String nearest = got.get(0).path("text").asText();
        assertThat(nearest).startsWith("近い 避難所です。");
        assertInOrder(nearest, "1. 羽幌町民体育館", "2. 羽幌小学校\n（グラウンド）", "3. 高台公園");
        assertThat(nearest).doesNotContain("羽幌町公民館", "遠い避難所")
                .contains("ここから 約" + distanceTo(44.2410, 141.6610), "ここから 約" + distanceTo(44.2500, 141.6700))
                .contains("道順: https://www.google.com/maps/dir/?api=1&destination=44.241000,141.661000")
                .contains("https://www.google.com/maps/dir/?api=1&destination=44.250000,141.670000");

        // the hazard by a tap: the quick reply carries the place, so 津波 re-ranks without another location
        List<JsonNode> chips = quickReplies(got.get(0));
        assertThat(chips).extracting(a -> a.path("label").asText()).containsExactly("地震", "洪水", "津波", "土砂災害", "火事", "メニュー");
        String tsunami = chips.get(2).path("data").asText();
        got = town.send(line, user, postback(user, line.issueReplyToken(user), LineWebhookBodies.newWebhookEventId(), tsunami, null), 3);
        String forTsunami = got.get(0).path("text").asText();
        assertThat(forTsunami).startsWith("津波の ときの、近い 避難所です。");
        assertInOrder(forTsunami, "1. 羽幌小学校", "2. 高台公園", "3. 遠い避難所");
        assertThat(forTsunami).doesNotContain("羽幌町民体育館");

        // typed 「避難所」: the hazard first, then the location chip, then only shelters for floods
        got = town.send(line, user, text(user, line.issueReplyToken(user), LineWebhookBodies.newWebhookEventId(), "避難所", false), 4);
        assertThat(got.get(0).path("text").asText()).isEqualTo(Shelters.WHICH_HAZARD);
        JsonNode flood = quickReplies(got.get(0)).stream().filter(a -> a.path("label").asText().equals("洪水")).findFirst().orElseThrow();
        got = town.send(line, user, postback(user, line.issueReplyToken(user), LineWebhookBodies.newWebhookEventId(),
                flood.path("data").asText(), null), 5);
        assertThat(got.get(0).path("text").asText()).contains("洪水の ときに");
        assertThat(quickReplies(got.get(0)).get(0).path("type").asText()).isEqualTo("location");
        got = town.send(line, user, location(user, HERE_LAT, HERE_LNG), 6);
        String forFlood = got.get(0).path("text").asText();
        assertInOrder(forFlood, "洪水の ときの、近い 避難所です。", "1. 羽幌町民体育館", "2. 遠い避難所");
        assertThat(forFlood).doesNotContain("3. ", "高台公園");

        // the menu offers shelters once a list is imported
        got = town.send(line, user, text(user, line.issueReplyToken(user), LineWebhookBodies.newWebhookEventId(), "メニュー", false), 7);
        assertThat(quickReplies(got.get(0))).extracting(a -> a.path("data").asText()).contains(Shelters.POSTBACK);
    }

    @Test
    void disasterModePutsSheltersFirstInTheRichMenuAndTheMenuAndSwitchingOffRestoresTheTownsMenu() throws Exception {
        String token = "demo-channel-token-" + DISASTER_TOWN;
        LineTown town = new LineTown(http, DISASTER_TOWN, "demo-channel-secret-" + DISASTER_TOWN);
        town.onboard("災害町", "さいがいちょう", token);
        String admin = EmbeddedPlatformExtension.tokens().town(DISASTER_TOWN, Role.ADMIN);
        byte[] answer = http.put().uri("/api/towns/{t}/rich-menu", DISASTER_TOWN).header("Authorization", "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("""
                        {"areas":[{"label":"メニュー","action":{"type":"menu"}},{"label":"登録情報","action":{"type":"attributes"}}]}""")
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        String normal = JSON.readTree(answer).path("richMenuId").asText();

        http.put().uri("/api/towns/{t}/disaster-mode", DISASTER_TOWN).header("Authorization", "Bearer " + EmbeddedPlatformExtension.tokens()
                .town(DISASTER_TOWN, Role.STAFF)).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"on\":true}")
                .exchange().expectStatus().isForbidden();
        http.put().uri("/api/towns/{t}/disaster-mode", DISASTER_TOWN).header("Authorization", "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().expectStatus().isBadRequest();

        answer = http.put().uri("/api/towns/{t}/disaster-mode", DISASTER_TOWN).header("Authorization", "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"on\":true}").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.on").isEqualTo(true).returnResult().getResponseBody();
        String disaster = JSON.readTree(answer).path("richMenuId").asText();
        assertThat(disaster).isNotBlank().isNotEqualTo(normal);
        assertThat(lineGet("v2/bot/user/all/richmenu", token).body()).contains(disaster);
        JsonNode menu = JSON.readTree(lineGet("v2/bot/richmenu/" + disaster, token).body());
        assertThat(menu.path("areas").get(0).path("action").path("data").asText()).isEqualTo(Shelters.POSTBACK);
        assertThat(menu.path("areas").get(0).path("action").path("label").asText()).isEqualTo("避難所をさがす");
        assertThat(menu.path("areas")).hasSize(3);
        http.get().uri("/api/towns/{t}/disaster-mode", DISASTER_TOWN).header("Authorization", "Bearer " + EmbeddedPlatformExtension.tokens()
                .town(DISASTER_TOWN, Role.VIEWER)).exchange().expectStatus().isOk().expectBody().jsonPath("$.on").isEqualTo(true);

        // the menu puts 「避難所をさがす」 first, and the town has no list yet: a polite answer
        String user = LineWebhookBodies.newUserId();
        List<JsonNode> got = town.send(line, user, text(user, line.issueReplyToken(user), LineWebhookBodies.newWebhookEventId(), "メニュー", false), 1);
        assertThat(got.get(0).path("text").asText()).contains("災害");
        assertThat(quickReplies(got.get(0)).get(0).path("label").asText()).isEqualTo("避難所をさがす");
        got = town.send(line, user, postback(user, line.issueReplyToken(user), LineWebhookBodies.newWebhookEventId(), Shelters.POSTBACK, null), 2);
        assertThat(got.get(0).path("text").asText()).isEqualTo(Shelters.NONE_IMPORTED);

        http.put().uri("/api/towns/{t}/disaster-mode", DISASTER_TOWN).header("Authorization", "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"on\":false}").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.on").isEqualTo(false);
        assertThat(lineGet("v2/bot/user/all/richmenu", token).body()).contains(normal);
        assertThat(lineGet("v2/bot/richmenu/" + disaster, token).statusCode()).isEqualTo(404);
        got = town.send(line, user, text(user, line.issueReplyToken(user), LineWebhookBodies.newWebhookEventId(), "メニュー", false), 3);
        assertThat(quickReplies(got.get(0))).extracting(a -> a.path("data").asText()).doesNotContain(Shelters.POSTBACK);
    }

    private HttpResponse<String> lineGet(String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(line.baseUrl() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String location(String user, double latitude, double longitude) {
        return head("message", user, line.issueReplyToken(user), LineWebhookBodies.newWebhookEventId(), false)
                + ",\"message\":{\"type\":\"location\",\"id\":\"" + System.nanoTime() + "\",\"title\":\"現在地\",\"address\":\"北海道\""
                + String.format(Locale.ROOT, ",\"latitude\":%.6f,\"longitude\":%.6f}}", latitude, longitude);
    }

    private static String distanceTo(double latitude, double longitude) {
        return NearestShelters.distance(Math.round(NearestShelters.metres(HERE_LAT, HERE_LNG, latitude, longitude)));
    }

    private static void assertInOrder(String text, String... parts) {
        int from = 0;
        for (String part : parts) {
            int at = text.indexOf(part, from);
            assertThat(at).as("「%s」 after position %d in:%n%s", part, from, text).isGreaterThanOrEqualTo(0);
            from = at + part.length();
        }
    }
}
