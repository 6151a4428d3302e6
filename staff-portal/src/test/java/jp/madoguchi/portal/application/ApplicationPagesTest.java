package jp.madoguchi.portal.application;

import static jp.madoguchi.portal.support.PortalSession.form;
import static jp.madoguchi.portal.support.PortalSession.location;
import static org.assertj.core.api.Assertions.assertThat;

import jp.madoguchi.portal.support.PortalSession;
import jp.madoguchi.portal.support.ProcedureStub;
import jp.madoguchi.portal.support.StubServices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The work queue and an application's page against a stub of tenant-service and procedure-service. */
@AutoConfigureWebTestClient(timeout = "30s")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=staff-portal")
class ApplicationPagesTest {

    static final ProcedureStub stub = new ProcedureStub();
    static final String APP = "/applications/" + ProcedureStub.APP_ID;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("madoguchi.portal.tenant-service-url", stub::url);
        registry.add("madoguchi.portal.analytics-url", stub::url);
        registry.add("madoguchi.portal.procedure-service-url", stub::url);
    }

    @Autowired
    WebTestClient http;

    PortalSession browser;

    @BeforeEach
    void signIn() {
        stub.reset();
        browser = new PortalSession(http);
        browser.login(StubServices.TOWN, "admin", StubServices.PASSWORD);
    }

    @Test
    void queueFiltersArePassedThroughWithMeAsTheSignedInStaffId() {
        String page = browser.get("/applications?procedureId=water&status=IN_PROGRESS&from=2026-04-01&to=2026-04-30&assignee=me&page=2")
                .getResponseBody();
        String call = stub.callsTo("GET", "/api/towns/014834/applications?").get(0).uri();
        assertThat(call).isEqualTo("/api/towns/014834/applications?procedureId=water&status=IN_PROGRESS&from=2026-04-01&to=2026-04-30"
                + "&assignee=staff-admin&page=2&size=50");
        assertThat(page).contains("2026-000001", "水道の使用開始・中止", "受付", "2026/04/01 10:00", "未割り当て")
                .contains("href=\"/applications.csv?procedureId=water&amp;status=IN_PROGRESS&amp;from=2026-04-01&amp;to=2026-04-30&amp;assignee=me\"")
                .contains("<option value=\"me\" selected=\"selected\">自分</option>");

        stub.calls.clear();
        browser.get("/applications?assignee=none");
        assertThat(stub.callsTo("GET", "/api/towns/014834/applications?").get(0).uri())
                .isEqualTo("/api/towns/014834/applications?procedureId=&status=&from=&to=&assignee=none&page=0&size=50");
    }

    @Test
    void csvIsPassedThroughByteForByteWithItsBomUnderAJapaneseFileName() {
        EntityExchangeResult<byte[]> csv = browser.getBytes("/applications.csv?status=COMPLETED&assignee=none");
        assertThat(csv.getStatus().value()).isEqualTo(200);
        assertThat(csv.getResponseBody()).startsWith(0xEF, 0xBB, 0xBF).isEqualTo(ProcedureStub.CSV);
        assertThat(csv.getResponseHeaders().getFirst("Content-Disposition"))
                .isEqualTo("attachment; filename*=UTF-8''%E7%94%B3%E8%AB%8B%E4%B8%80%E8%A6%A7.csv");
        assertThat(csv.getResponseHeaders().getContentType().toString()).isEqualTo("text/csv;charset=UTF-8");
        assertThat(stub.callsTo("GET", "/api/towns/014834/applications.csv").get(0).uri())
                .isEqualTo("/api/towns/014834/applications.csv?procedureId=&status=COMPLETED&from=&to=&assignee=none");
    }

    @Test
    void detailShowsLabelledAnswersAttachmentsAndHistoryInJapanTime() {
        String page = browser.get(APP).getResponseBody();
        assertThat(page).contains("2026-000001", "水道の使用開始・中止", "第<span>2</span>版", "LINE")
                .contains("<dt>届け出の種類</dt><dd>start</dd>", "<dt>使い始める日</dt><dd>2026-04-10</dd>", "<dt>extra</dt><dd>そのまま</dd>")
                .contains("content-abc")
                .contains("2026/04/01 10:00", "LINEから申請を受け付けました（受付番号 2026-000001）", "（システム）");
        // from 受付 only 処理中 is possible
        String statusForm = page.substring(page.indexOf("id=\"status-form\""), page.indexOf("</form>", page.indexOf("id=\"status-form\"")));
        assertThat(statusForm).contains("value=\"IN_PROGRESS\"").doesNotContain("value=\"COMPLETED\"", "value=\"REJECTED\"", "value=\"WITHDRAWN\"");
        assertThat(page).contains("担当にする", "内部メモ", "住民へのメッセージ");
    }

    @Test
    void changingStatusAssigningAndWritingWaitForTheQueueAndShowTheHistory() {
        browser.get(APP);
        EntityExchangeResult<String> changed = browser.post(APP + "/status", form("tenantId", "014834", "to", "IN_PROGRESS", "reason", "",
                "seen", "1"));
        assertThat(location(changed)).isEqualTo(APP + "?done=status");
        assertThat(stub.callsTo("POST", "/api/towns/014834" + APP + "/status").get(0).body()).contains("\"to\":\"IN_PROGRESS\"");

        String page = browser.get(location(changed)).getResponseBody();
        assertThat(page).contains("状態を変更しました。", "処理中", "受付 → 処理中", "2026/04/02 12:04", "（山田 花子）");
        String statusForm = page.substring(page.indexOf("id=\"status-form\""), page.indexOf("</form>", page.indexOf("id=\"status-form\"")));
        assertThat(statusForm).contains("value=\"COMPLETED\"", "value=\"REJECTED\"").doesNotContain("value=\"IN_PROGRESS\"");

        assertThat(location(browser.post(APP + "/assign", form("tenantId", "014834", "seen", "2")))).isEqualTo(APP + "?done=assign");
        assertThat(stub.callsTo("POST", "/api/towns/014834" + APP + "/assign").get(0).body())
                .contains("\"staffId\":\"staff-admin\"", "\"staffName\":\"山田 花子\"");
        page = browser.get(APP + "?done=assign").getResponseBody();
        assertThat(page).contains("担当者を 山田 花子 にしました").doesNotContain("id=\"assign-form\"");

        assertThat(location(browser.post(APP + "/notes", form("tenantId", "014834", "text", "電話で確認済み", "seen", "3"))))
                .isEqualTo(APP + "?done=note");
        assertThat(location(browser.post(APP + "/messages", form("tenantId", "014834", "text", "開栓しました。", "seen", "4"))))
                .isEqualTo(APP + "?done=message");
        assertThat(stub.callsTo("POST", "/api/towns/014834" + APP + "/messages").get(0).body()).isEqualTo("{\"text\":\"開栓しました。\"}");
        assertThat(browser.get(APP).getResponseBody()).contains("内部メモ", "電話で確認済み", "開栓しました。");
    }

    @Test
    void rejectingWithoutAReasonIsRefusedBeforeCallingTheService() {
        stub.application.get().put("status", "IN_PROGRESS");
        browser.get(APP);
        String page = browser.post(APP + "/status", form("tenantId", "014834", "to", "REJECTED", "reason", " ", "seen", "1"))
                .getResponseBody();
        assertThat(page).contains("却下するときは理由を入力してください。");
        assertThat(stub.callsTo("POST", "/api/towns/014834" + APP + "/status")).isEmpty();
    }

    @Test
    void viewersSeeTheQueueAndApplicationsWithoutAnyAction() {
        browser = new PortalSession(http);
        browser.login(StubServices.TOWN, "viewer", StubServices.PASSWORD);
        assertThat(browser.get("/applications").getResponseBody()).contains("2026-000001", "CSV ダウンロード");
        String page = browser.get(APP).getResponseBody();
        assertThat(page).contains("2026-000001", "LINEから申請を受け付けました")
                .doesNotContain("status-form", "assign-form", "note-form", "message-form", "状態を変更</button>", "担当にする", "<textarea");
    }
}
