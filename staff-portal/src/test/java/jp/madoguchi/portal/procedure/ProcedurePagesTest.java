package jp.madoguchi.portal.procedure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import jp.madoguchi.portal.support.HtmlForm;
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
import org.springframework.util.MultiValueMap;

/** The procedure pages against a stub of tenant-service and procedure-service: the editor's round trip, problems beside steps, viewers. */
@AutoConfigureWebTestClient(timeout = "30s")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=staff-portal")
class ProcedurePagesTest {

    static final ProcedureStub stub = new ProcedureStub();
    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("madoguchi.portal.tenant-service-url", stub::url);
        registry.add("madoguchi.portal.analytics-url", stub::url);
        registry.add("madoguchi.portal.procedure-service-url", stub::url);
        registry.add("madoguchi.portal.conversation-service-url", () -> "http://chat.example");
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
    void listShowsStatusVersionAndUnpublishedChangesAndOffersTemplates() {
        String page = browser.get("/procedures").getResponseBody();
        assertThat(row(page, "data-procedure=\"water\"")).contains("水道の使用開始・中止", "公開中", "第2版", "未公開の変更あり", "2026/04/01 10:00");
        assertThat(row(page, "data-procedure=\"old-form\"")).contains("廃止").doesNotContain("未公開の変更あり");
        assertThat(page).contains("新規作成", "ひな形から作る", "粗大ごみの収集申込み", "hx-post=\"/procedures/import\"");

        EntityExchangeResult<String> used = browser.post("/procedures/from-template", PortalSession.form(
                "tenantId", "014834", "templateId", "water", "procedureId", "water"));
        assertThat(PortalSession.location(used)).isEqualTo("/procedures/water/edit?created=1");
        assertThat(stub.callsTo("POST", "/api/towns/014834/procedure-templates/water/use").get(0).uri()).endsWith("?procedureId=water");
    }

    @Test
    void creatingANewProcedureSendsAStarterFlowThatPassesTheChecks() throws Exception {
        browser.get("/procedures");
        EntityExchangeResult<String> created = browser.post("/procedures", PortalSession.form(
                "tenantId", "014834", "title", "犬の登録", "procedureId", "dog"));
        assertThat(PortalSession.location(created)).isEqualTo("/procedures/dog/edit?created=1");
        JsonNode body = JSON.readTree(stub.callsTo("POST", "/api/towns/014834/procedures").get(0).body());
        assertThat(body.path("procedureId").asText()).isEqualTo("dog");
        assertThat(body.path("title").asText()).isEqualTo("犬の登録");
        assertThat(body.path("steps").findValuesAsText("type")).containsExactly("message", "confirm", "submit");

        String refused = browser.post("/procedures", PortalSession.form("tenantId", "014834", "title", "犬", "procedureId", "Dog Reg"))
                .getResponseBody();
        assertThat(refused).contains("手続きIDは、半角の英小文字・数字・「-」で2〜48文字にしてください。");
    }

    @Test
    void editorRoundTripAddsMovesAndRemovesStepsAndSavesTheWholeDraftInOnePut() throws Exception {
        String page = browser.get("/procedures/water/edit").getResponseBody();
        assertThat(page).contains("どちらの届け出ですか。", "選択（1つ）", "http://chat.example/chat/014834?procedure=water", "YAMLで書き出す");

        // add a text step: it lands at the end, nothing is saved yet
        MultiValueMap<String, String> form = HtmlForm.of(page, "editor-form");
        form.set("newType", "text");
        page = press(form, "add");
        assertThat(page).contains("保存していない変更があります", "data-step=\"step6\"");
        assertThat(stub.callsTo("PUT", "/api")).isEmpty();

        // fill it in and move it up two places (above confirm and done's neighbours)
        form = HtmlForm.of(page, "editor-form");
        form.set("s5.prompt", "電話番号を入力してください。");
        form.set("s5.label", "電話番号");
        form.set("s5.field", "phone");
        form.set("s5.maxLength", "13");
        form.set("s5.next", "confirm");
        page = press(form, "up:5");
        page = press(HtmlForm.of(page, "editor-form"), "up:4");
        // remove the stop date (index 2) and its branch target stays, shown as missing
        page = press(HtmlForm.of(page, "editor-form"), "remove:2");
        assertThat(page).contains("stopDate（見つかりません）");
        // a second option and a changed prompt
        form = HtmlForm.of(page, "editor-form");
        form.set("s0.prompt", "届け出の種類を選んでください。");
        form.set("s0.opt2.a", "move");
        form.set("s0.opt2.b", "引っ越し");
        page = press(form, "save");
        assertThat(page).contains("下書きを保存しました。").doesNotContain("保存していない変更があります");

        List<String> puts = stub.callsTo("PUT", "/api/towns/014834/procedures/water/draft").stream().map(c -> c.body()).toList();
        assertThat(puts).hasSize(1);
        JsonNode doc = JSON.readTree(puts.get(0));
        List<String> ids = new ArrayList<>();
        doc.path("steps").forEach(s -> ids.add(s.path("id").asText()));
        assertThat(ids).containsExactly("kind", "startDate", "step6", "confirm", "done");
        JsonNode kind = doc.path("steps").get(0);
        assertThat(kind.path("prompt").asText()).isEqualTo("届け出の種類を選んでください。");
        assertThat(kind.path("options").toString())
                .isEqualTo("[{\"value\":\"start\",\"label\":\"開始\"},{\"value\":\"stop\",\"label\":\"中止\"},{\"value\":\"move\",\"label\":\"引っ越し\"}]");
        assertThat(kind.path("branches").toString()).isEqualTo("[{\"whenAnswer\":\"stop\",\"goTo\":\"stopDate\"}]");
        assertThat(kind.path("display").asText()).isEqualTo("QUICK_REPLY");
        JsonNode phone = doc.path("steps").get(2);
        assertThat(phone.toString()).isEqualTo("{\"type\":\"text\",\"id\":\"step6\",\"prompt\":\"電話番号を入力してください。\",\"next\":\"confirm\","
                + "\"field\":\"phone\",\"label\":\"電話番号\",\"maxLength\":13,\"required\":true}");
        assertThat(doc.path("steps").get(1).path("latestDays").asInt()).isEqualTo(60);
        assertThat(doc.path("steps").get(3).has("field")).isFalse();
        assertThat(doc.path("steps").get(4).has("next")).isFalse();
        assertThat(doc.path("fees").toString()).isEqualTo("[{\"code\":\"meter\",\"name\":\"メーター\",\"unitFeeYen\":500,\"quantityField\":\"startDate\"}]");
        assertThat(doc.path("firstStepId").asText()).isEqualTo("kind");
        assertThat(doc.path("description").asText()).isEqualTo("水道の届け出です。");
    }

    @Test
    void staffCanLetResidentsGoOnWithoutAPhoto() throws Exception {
        MultiValueMap<String, String> form = HtmlForm.of(browser.get("/procedures/water/edit").getResponseBody(), "editor-form");
        form.set("newType", "photo");
        String page = press(form, "add");
        assertThat(page).contains("写真なしでも進める", "「写真なしで進む」ボタンが出ます");

        form = HtmlForm.of(page, "editor-form");
        form.set("s5.prompt", "写真を送ってください。");
        form.set("s5.label", "写真");
        form.set("s5.field", "photos");
        form.set("s5.maxPhotos", "3");
        form.set("s5.required", "false");
        form.set("s5.next", "confirm");
        press(form, "save");

        JsonNode doc = JSON.readTree(stub.callsTo("PUT", "/api/towns/014834/procedures/water/draft").get(0).body());
        JsonNode photo = doc.path("steps").get(5);
        assertThat(photo.path("type").asText()).isEqualTo("photo");
        assertThat(photo.path("maxPhotos").asInt()).isEqualTo(3);
        assertThat(photo.path("required").isBoolean()).isTrue();
        assertThat(photo.path("required").asBoolean()).isFalse();
    }

    @Test
    void aDraftJustCreatedIsWaitedForUntilTheReadModelHasIt() {
        stub.draftMisses.set(3);
        EntityExchangeResult<String> page = browser.get("/procedures/water/edit?created=1");
        assertThat(page.getStatus().value()).isEqualTo(200);
        assertThat(page.getResponseBody()).contains("下書きを作成しました。", "どちらの届け出ですか。");
        assertThat(stub.callsTo("GET", "/api/towns/014834/procedures/water/draft")).hasSize(4);

        stub.draftMisses.set(1);
        assertThat(browser.get("/procedures/water/edit").getStatus().value()).isEqualTo(404);
    }

    @Test
    void aMistypedNumberIsShownBesideItsStepAndNothingIsSaved() {
        MultiValueMap<String, String> form = HtmlForm.of(browser.get("/procedures/water/edit").getResponseBody(), "editor-form");
        form.set("s1.latestDays", "六十");
        String page = press(form, "save");
        assertThat(stepBlock(page, "startDate")).contains("ステップ「startDate」: 「何日後まで選べるか」は整数で入力してください。");
        assertThat(page).contains("value=\"六十\"");
        assertThat(stub.callsTo("PUT", "/api")).isEmpty();
    }

    @Test
    void checkProblemsAreShownNextToTheirStepsAndFlowProblemsAtTheTop() {
        stub.checkAnswer.set("""
                {"ok":false,"problems":[{"stepId":"kind","message":"ステップ「kind」: 分岐先「nowhere」がありません。"},
                                        {"stepId":null,"message":"申し込み（submit）のステップがありません。"}]}""");
        MultiValueMap<String, String> form = HtmlForm.of(browser.get("/procedures/water/edit").getResponseBody(), "editor-form");
        String page = press(form, "check");

        assertThat(stepBlock(page, "kind")).contains("ステップ「kind」: 分岐先「nowhere」がありません。");
        assertThat(stepBlock(page, "startDate")).doesNotContain("分岐先");
        assertThat(page.substring(page.indexOf("id=\"general-problems\""))).startsWith("id=\"general-problems\"")
                .contains("申し込み（submit）のステップがありません。");
        assertThat(page).contains("2件の問題があります");
        // the form was as saved: checking does not make a new draft version
        assertThat(stub.callsTo("PUT", "/api")).isEmpty();
        assertThat(stub.callsTo("POST", "/api/towns/014834/procedures/water/check")).hasSize(1);
    }

    @Test
    void publishingSavesAChangedFormFirstAndShowsBlockingProblemsBesideTheSteps() {
        stub.publishAnswer.set("""
                400 {"title":"Procedure cannot be published","detail":"the flow has 1 problem(s)","status":400,
                     "problems":[{"stepId":"stopDate","message":"ステップ「stopDate」: 次のステップ「gone」がありません。"}]}""");
        MultiValueMap<String, String> form = HtmlForm.of(browser.get("/procedures/water/edit").getResponseBody(), "editor-form");
        form.set("s2.prompt", "水道をやめる日を選んでください。");
        String page = press(form, "publish");

        assertThat(stub.callsTo("PUT", "/api/towns/014834/procedures/water/draft")).hasSize(1);
        assertThat(page).contains("公開できません。1件の問題を直してください。");
        assertThat(stepBlock(page, "stopDate")).contains("ステップ「stopDate」: 次のステップ「gone」がありません。");

        stub.publishAnswer.set("200 {\"procedureId\":\"water\",\"version\":3}");
        page = press(HtmlForm.of(page, "editor-form"), "publish");
        assertThat(page).contains("第3版として公開しました。", "公開中の版：第3版");
        // already saved: no second PUT
        assertThat(stub.callsTo("PUT", "/api/towns/014834/procedures/water/draft")).hasSize(1);
    }

    @Test
    void importUploadsTheYamlAsANewDraftAndSendsTheBrowserToTheEditor() {
        String list = browser.get("/procedures").getResponseBody();
        assertThat(list).contains("hx-headers=\"{&quot;X-CSRF-TOKEN&quot;:");
        org.springframework.http.client.MultipartBodyBuilder parts = new org.springframework.http.client.MultipartBodyBuilder();
        parts.part("file", new org.springframework.core.io.ByteArrayResource("procedureId: water\ntitle: 水道\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "water.yaml";
            }
        });
        parts.part("procedureId", "");
        EntityExchangeResult<String> imported = browser.htmxPostMultipart("/procedures/import", parts.build());
        assertThat(imported.getResponseHeaders().getFirst("HX-Redirect")).isEqualTo("/procedures/water/edit?created=1");
        StubServicesCall call = new StubServicesCall(stub.callsTo("POST", "/api/towns/014834/procedures/import").get(0));
        assertThat(call.uri()).isEqualTo("/api/towns/014834/procedures/import");
        assertThat(call.body()).isEqualTo("procedureId: water\ntitle: 水道\n");
    }

    private record StubServicesCall(String uri, String body) {
        StubServicesCall(StubServices.Call c) {
            this(c.uri(), c.body());
        }
    }

    @Test
    void exportHandsOnTheYamlAsAnAttachment() {
        EntityExchangeResult<byte[]> yaml = browser.getBytes("/procedures/water/export");
        assertThat(new String(yaml.getResponseBody(), java.nio.charset.StandardCharsets.UTF_8)).startsWith("procedureId: water");
        assertThat(yaml.getResponseHeaders().getFirst("Content-Disposition")).isEqualTo("attachment; filename=\"water.yaml\"");
    }

    @Test
    void viewersSeeProceduresReadOnlyWithoutEditControls() {
        browser = new PortalSession(http);
        browser.login(StubServices.TOWN, "viewer", StubServices.PASSWORD);
        String list = browser.get("/procedures").getResponseBody();
        assertThat(list).contains("水道の使用開始・中止", "見る")
                .doesNotContain("新規作成", "ひな形から作る", "/procedures/import", "廃止</button>", "action=\"/procedures");
        String editor = browser.get("/procedures/water/edit").getResponseBody();
        assertThat(editor).contains("閲覧のみの権限では、手続きを変更できません。", "どちらの届け出ですか。")
                .doesNotContain("editor-form", "保存</button>", "公開する</button>", "チェック</button>", "ステップを追加", "<input type=\"text\"", "<textarea");
        assertThat(stub.calls).noneMatch(c -> c.uri().contains("/procedure-templates"));
    }

    private String press(MultiValueMap<String, String> form, String op) {
        form.set("op", op);
        EntityExchangeResult<String> result = browser.post("/procedures/water/edit", form);
        assertThat(result.getStatus().value()).as("editor answer to %s", op).isEqualTo(200);
        return result.getResponseBody();
    }

    /** One step's block of the editor, so an assertion cannot pass on another step's text. */
    static String stepBlock(String page, String stepId) {
        int start = page.indexOf("data-step=\"" + stepId + "\"");
        assertThat(start).as("step %s", stepId).isPositive();
        return page.substring(start, page.indexOf("</li>\n    </ol>", start) > 0 ? nextStep(page, start) : page.length());
    }

    private static int nextStep(String page, int start) {
        int next = page.indexOf("data-step=\"", start + 10);
        return next < 0 ? page.length() : next;
    }

    private static String row(String page, String marker) {
        int start = page.indexOf(marker);
        assertThat(start).as(marker).isPositive();
        return page.substring(start, page.indexOf("</tr>", start));
    }
}
