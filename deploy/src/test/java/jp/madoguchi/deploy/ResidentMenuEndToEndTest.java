package jp.madoguchi.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resident menu follows what staff do in procedure-service, through the real services: a retired
 * procedure leaves the LINE and web chat menus (a conversation already under way on it may finish), and a
 * draft nobody has published yet changes nothing for residents. Issue 15: procedure-service's staff view
 * and conversation-service's published copy once shared one Mongo collection, and a draft there broke the menu.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResidentMenuEndToEndTest {

    private static final String TOWN = LocalPlatform.TOWN;
    private static final int PROCEDURES = 8083;

    @TempDir
    static Path data;

    static Launcher launcher;
    static LocalPlatform local;
    static String admin;

    @BeforeAll
    static void startAndPublishTwoProcedures() {
        int offset = LocalPlatform.randomPortOffset();
        launcher = Launcher.start(new LauncherOptions(data, false, offset));
        local = new LocalPlatform(offset, data);
        admin = local.login(TOWN, "admin", "tomamae-admin-demo");
        // the demo seed publishes 苫前町's built-in templates, these two among them
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> webMenu().containsAll(List.of("road-report", "certificate")));
    }

    @AfterAll
    static void stop() {
        if (launcher != null) {
            launcher.close();
        }
    }

    @Test
    @Order(1)
    void aRetiredProcedureLeavesTheLineAndWebMenusAndAConversationUnderWayMayFinish() {
        WebChatResident midway = new WebChatResident(local);
        midway.start("certificate");
        midway.choose("住民票の写し");

        HttpResponse<String> retired = staff("POST", "/procedures/certificate/retire");
        assertThat(retired.statusCode()).as(retired.body()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> !webMenu().contains("certificate"));
        assertThat(webMenu()).contains("road-report").doesNotContain("certificate");

        LineChatResident newFriend = new LineChatResident(local, launcher.platform().lineEmulator());
        newFriend.follow();
        assertThat(newFriend.lastSaid()).contains("友だち追加");
        String welcome = newFriend.deliveries().get(0).messages().toString();
        assertThat(welcome).contains("start:road-report").doesNotContain("start:certificate");
        // a stale start button (an old menu in the chat history) gets the menu again, not the retired flow
        newFriend.start("certificate");
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
