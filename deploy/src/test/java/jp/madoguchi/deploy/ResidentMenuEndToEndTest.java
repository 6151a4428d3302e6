package jp.madoguchi.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The resident menu follows what staff do in procedure-service, through the real services: a retired
 * procedure leaves the LINE and web chat menus (a conversation already under way on it may finish), and a
 * draft nobody has published yet changes nothing for residents. Issue 15: procedure-service's staff view
 * and conversation-service's published copy once shared one Mongo collection, and a draft there broke the menu.
 */
@ExtendWith(SharedLauncher.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResidentMenuEndToEndTest {

    private static final String TOWN = LocalPlatform.TOWN;
    private static final int PROCEDURES = 8083;

    /**
     * The procedure this class retires: its own copy of the 証明書 template, since other classes on the shared
     * launcher need the seeded certificate procedure published.
     */
    static final String RETIRED = "menu-certificate-" + java.util.concurrent.ThreadLocalRandom.current().nextInt(100_000, 1_000_000);

    static Launcher launcher;
    static LocalPlatform local;
    static String admin;

    @BeforeAll
    static void startAndPublishTwoProcedures() {
        launcher = SharedLauncher.launcher();
        local = SharedLauncher.local();
        admin = local.login(TOWN, "admin", "tomamae-admin-demo");
        HttpResponse<String> used = staff("POST", "/procedure-templates/certificate/use?procedureId=" + RETIRED);
        assertThat(used.statusCode()).as(used.body()).isEqualTo(201);
        HttpResponse<String> published = staff("POST", "/procedures/" + RETIRED + "/publish");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        // the demo seed publishes 苫前町's built-in templates, road-report among them
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> webMenu().containsAll(List.of("road-report", RETIRED)));
    }

    @Test
    @Order(1)
    void aRetiredProcedureLeavesTheLineAndWebMenusAndAConversationUnderWayMayFinish() {
        WebChatResident midway = new WebChatResident(local);
        midway.start(RETIRED);
        midway.choose("住民票の写し");

        HttpResponse<String> retired = staff("POST", "/procedures/" + RETIRED + "/retire");
        assertThat(retired.statusCode()).as(retired.body()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> !webMenu().contains(RETIRED));
        assertThat(webMenu()).contains("road-report").doesNotContain(RETIRED);

        LineChatResident newFriend = new LineChatResident(local, launcher.platform().lineEmulator());
        newFriend.follow();
        assertThat(newFriend.lastSaid()).contains("友だち追加");
        String welcome = newFriend.deliveries().get(0).messages().toString();
        assertThat(welcome).contains("start:road-report").doesNotContain("start:" + RETIRED);
        // a stale start button (an old menu in the chat history) gets the menu again, not the retired flow
        newFriend.start(RETIRED);
        assertThat(newFriend.lastSaid()).doesNotContain("住民票の写し");

        // the resident who had begun before the retirement finishes on the version they began with
        midway.type("2");
        midway.type("パスポートの申請");
        midway.type("苫前 太郎");
        midway.confirm();
        assertThat(midway.outcome()).isEqualTo("COMPLETED");
        assertThat(midway.lastSaid()).contains("請求を受け付けました");
    }

    @Test
    @Order(2)
    void aDraftNobodyPublishedLeavesTheMenuAsItWas() {
        HttpResponse<String> draft = local.call("POST", PROCEDURES, "/api/towns/" + TOWN + "/procedures",
                jp.madoguchi.deploy.bench.SurveyLoad.DOCUMENT, admin);
        assertThat(draft.statusCode()).as(draft.body()).isEqualTo(201);
        // the draft is in procedure-service's staff view before residents are asked
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> staff("GET", "/procedures").body().contains("\"" + jp.madoguchi.deploy.bench.SurveyLoad.PROCEDURE_ID + "\""));

        HttpResponse<String> page = local.get(8082, "/chat/" + TOWN + "/conversation");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(webMenu()).contains("road-report").doesNotContain(jp.madoguchi.deploy.bench.SurveyLoad.PROCEDURE_ID);

        LineChatResident newFriend = new LineChatResident(local, launcher.platform().lineEmulator());
        newFriend.follow();
        String welcome = newFriend.deliveries().get(0).messages().toString();
        assertThat(welcome).contains("start:road-report").doesNotContain("start:" + jp.madoguchi.deploy.bench.SurveyLoad.PROCEDURE_ID);
    }

    private static List<String> webMenu() {
        HttpResponse<String> menu = local.get(8082, "/chat/" + TOWN + "/conversation");
        return menu.statusCode() == 200 ? LocalPlatform.json(menu.body()).path("menu").findValuesAsText("procedureId") : List.of("(" + menu.statusCode() + ")");
    }

    private static HttpResponse<String> staff(String method, String path) {
        return local.call(method, PROCEDURES, "/api/towns/" + TOWN + path, null, admin);
    }
}
