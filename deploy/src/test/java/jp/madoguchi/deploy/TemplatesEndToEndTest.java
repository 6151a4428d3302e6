package jp.madoguchi.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 5, done when: 苫前町 has each built-in template published (the launcher's demo seed does it as the admin); a resident completes each one
 * through signed LINE webhooks and another through the web chat; staff see all twelve applications in
 * the queue and move each to 処理中; each resident is told exactly once (a LINE push, or a notice in
 * the web chat), and a redelivered webhook or a repeated status change tells nobody again. The survey's
 * answers reach the satisfaction KPI. One launcher for everything.
 */
@ExtendWith(SharedLauncher.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TemplatesEndToEndTest {

    private static final String TOWN = LocalPlatform.TOWN;
    private static final int PROCEDURES = 8083;
    private static final int ANALYTICS = 8085;
    private static final String ADDRESS = "苫前町字旭37番地1";
    private static final String PHONE = "0164-64-2211";

    /** One built-in template: its id, what the resident reads once it is done, and how a resident answers it. */
    record Script(String templateId, String completion, Map<String, String> expected, Consumer<ChatResident> answers) {
        @Override
        public String toString() {
            return templateId;
        }
    }

    static Stream<Script> templates() {
        return Stream.of(
                new Script("water", "届け出を受け付けました",
                        Map.of("kind", "start", "address", ADDRESS, "payerName", "苫前 太郎", "phone", PHONE), r -> {
                    r.choose("使い始める（開始）");
                    r.earliestDate();
                    r.type(ADDRESS);
                    r.type("苫前 太郎");
                    r.type(PHONE);
                }),
                new Script("bulky-waste", "申し込みを受け付けました", Map.of("qtySofa", "1", "qtyBed", "0", "qtyChest", "0",
                        "qtyBicycle", "1", "qtyFuton", "2", "address", ADDRESS, "phone", PHONE), r -> {
                    r.type("1"); // ソファ
                    r.type("0"); // ベッド
                    r.type("0"); // タンス
                    r.type("1"); // 自転車
                    r.type("2"); // 布団
                    r.earliestDate(); // 7 days ahead
                    r.type(ADDRESS);
                    r.type(PHONE);
                }),
                new Script("road-report", "通報ありがとうございます", Map.of("category", "pothole",
                        "details", "歩道に深さ10cmくらいの穴があります", "contactOk", "yes", "contactName", "苫前 花子", "contactPhone", PHONE), r -> {
                    r.choose("道路の穴・段差");
                    r.photo();
                    r.choose("送り終わった");
                    r.location(44.2443, 141.6530, ADDRESS);
                    r.type("歩道に深さ10cmくらいの穴があります");
                    r.choose("はい");
                    r.type("苫前 花子");
                    r.type(PHONE);
                }),
                new Script("school-absence", "欠席の連絡を受け付けました", Map.of("childName", "苫前 一郎", "school", "elementary",
                        "gradeClass", "3年2組", "reason", "other", "reasonOther", "通院のため"), r -> {
                    r.type("苫前 一郎");
                    r.choose("町立小学校");
                    r.type("3年2組");
                    r.earliestDate();
                    r.choose("その他");
                    r.type("通院のため");
                }),
                new Script("certificate", "請求を受け付けました", Map.of("kind", "juminhyo", "copies", "2",
                        "purpose", "パスポートの申請", "applicantName", "苫前 太郎"), r -> {
                    r.choose("住民票の写し");
                    r.type("2");
                    r.type("パスポートの申請");
                    r.type("苫前 太郎");
                }),
                new Script("satisfaction-survey", "ご協力ありがとうございました", Map.of("satisfaction", "4",
                        "wantsComment", "yes", "comment", "LINEで手続きができて便利でした"), r -> {
                    r.choose("4 満足");
                    r.choose("はい");
                    r.type("LINEで手続きができて便利でした");
                }),
                // the soonest free day and time: the LINE resident takes one, the web resident the next
                new Script("facility-booking", "施設の予約を受け付けました", Map.of("purpose", "町内会の会議", "people", "5",
                        "contactName", "苫前 太郎", "phone", PHONE), r -> {
                    r.chooseFirstOffered();
                    r.chooseFirstOffered();
                    r.choose("予約する");
                    r.type("町内会の会議");
                    r.choose("5人");
                    r.type("苫前 太郎");
                    r.type(PHONE);
                }),
                new Script("vaccination", "予防接種の予約を受け付けました", Map.of("vaccine", "influenza", "ageBand", "65plus",
                        "name", "苫前 花子", "phone", PHONE), r -> {
                    r.choose("インフルエンザ");
                    r.choose("65歳以上");
                    r.chooseFirstOffered();
                    r.chooseFirstOffered();
                    r.choose("予約する");
                    r.type("苫前 花子");
                    r.type(PHONE);
                }));
    }

    static Launcher launcher;
    static LocalPlatform local;
    static String admin;
    static long satisfactionAnswersBefore;
    static long applicationsBefore;
    /** Who completed what: template id → its LINE and its web resident. */
    static final Map<String, LineChatResident> lineResidents = new ConcurrentHashMap<>();
    static final Map<String, WebChatResident> webResidents = new ConcurrentHashMap<>();
    /** Template id → its title, as the templates API lists them. */
    static final Map<String, String> titles = new ConcurrentHashMap<>();

    @BeforeAll
    static void startAndPublishEveryTemplate() {
        launcher = SharedLauncher.launcher();
        local = SharedLauncher.local();
        admin = local.login(TOWN, "admin", "tomamae-admin-demo");
        JsonNode kpis = kpis();
        satisfactionAnswersBefore = kpis.path("satisfaction").path("answers").asLong();
        applicationsBefore = kpis.path("applications").path("actual").asLong();

        List<String> ids = templates().map(Script::templateId).toList();
        LocalPlatform.json(staff("GET", "/procedure-templates", null).body())
                .forEach(t -> titles.put(t.path("templateId").asText(), t.path("title").asText()));
        assertThat(titles.keySet()).as("the built-in templates").containsExactlyInAnyOrderElementsOf(ids);
        // the launcher's demo seed published each one as 苫前町's admin (DemoSeed), as version 1
        Map<String, JsonNode> procedures = new ConcurrentHashMap<>();
        LocalPlatform.json(staff("GET", "/procedures", null).body()).forEach(p -> procedures.put(p.path("procedureId").asText(), p));
        for (String id : ids) {
            assertThat(procedures).as("the seeded procedures").containsKey(id);
            assertThat(procedures.get(id).path("status").asText()).as(id).isEqualTo("PUBLISHED");
            assertThat(procedures.get(id).path("latestVersion").asInt()).as(id).isEqualTo(1);
        }
        // conversation-service learns the flows from ProcedurePublished: the web chat's menu (the same store as LINE's) lists all six
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            HttpResponse<String> menu = local.get(8082, "/chat/" + TOWN + "/conversation");
            return menu.statusCode() == 200 && LocalPlatform.json(menu.body()).path("menu").findValuesAsText("procedureId").containsAll(ids);
        });
    }

    @Order(1)
    @ParameterizedTest(name = "{0} over LINE")
    @MethodSource("templates")
    void aLineResidentCompletesTheTemplate(Script script) {
        LineChatResident resident = new LineChatResident(local, launcher.platform().lineEmulator());
        resident.follow();
        assertThat(resident.lastSaid()).contains("友だち追加");
        // the follow's menu offers the procedure as a postback start:<procedureId>
        assertThat(resident.deliveries().get(0).messages().toString()).contains("start:" + script.templateId());
        resident.start(script.templateId());
        script.answers().accept(resident);
        resident.confirm();
        assertThat(resident.lastSaid()).as("the completion message").contains(script.completion());
        lineResidents.put(script.templateId(), resident);
    }

    @Order(2)
    @ParameterizedTest(name = "{0} in the web chat")
    @MethodSource("templates")
    void aWebChatResidentCompletesTheTemplate(Script script) {
        WebChatResident resident = new WebChatResident(local);
        assertThat(resident.reload().path("menu").findValuesAsText("procedureId")).contains(script.templateId());
        resident.start(script.templateId());
        script.answers().accept(resident);
        resident.confirm();
        assertThat(resident.outcome()).isEqualTo("COMPLETED");
        assertThat(resident.lastSaid()).as("the completion message").contains(script.completion());
        webResidents.put(script.templateId(), resident);
    }

    @Order(3)
    @ParameterizedTest(name = "{0}: queue, 処理中, one notice per resident")
    @MethodSource("templates")
    void staffMoveBothApplicationsToInProgressAndEachResidentIsToldOnce(Script script) throws InterruptedException {
        String procedureId = script.templateId();
        LineChatResident lineResident = lineResidents.get(procedureId);
        WebChatResident webResident = webResidents.get(procedureId);
        assertThat(lineResident).as("the LINE resident completed " + procedureId).isNotNull();
        assertThat(webResident).as("the web resident completed " + procedureId).isNotNull();

        // both applications in the queue, one per channel, with receipt numbers
        JsonNode items = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> queue(procedureId), q -> q.size() >= 2);
        assertThat(items).hasSize(2);
        Map<String, JsonNode> byResident = new ConcurrentHashMap<>();
        for (JsonNode item : items) {
            assertThat(item.path("procedureId").asText()).isEqualTo(procedureId);
            assertThat(item.path("procedureVersion").asInt()).isEqualTo(1);
            assertThat(item.path("status").asText()).isEqualTo("RECEIVED");
            assertThat(item.path("receiptNumber").asText()).matches("\\d{4}-\\d{6}");
            JsonNode detail = LocalPlatform.json(staff("GET", "/applications/" + item.path("applicationId").asText(), null).body());
            byResident.put(detail.path("residentId").asText(), item);
            // the answers as the resident gave them, the same on both channels
            script.expected().forEach((field, value) -> assertThat(detail.path("answers").path(field).asText())
                    .as(item.path("channel").asText() + " answer " + field).isEqualTo(value));
            if (procedureId.equals("road-report")) {
                assertThat(detail.path("attachments")).as("the photo").hasSize(1);
                assertThat(detail.path("answers").path("location").asText()).isNotBlank();
            }
        }
        // 粗大ごみ: the total of the fee table over the answered quantities (1×1,000 + 1×500 + 2×300), never the placeholder
        List<String> lineTexts = lineResident.deliveries().stream().flatMap(d -> d.texts().stream()).toList();
        assertThat(lineTexts).noneMatch(t -> t.contains("{feeTotal}"));
        if (procedureId.equals("bulky-waste")) {
            assertThat(lineTexts).anyMatch(t -> t.contains("料金の合計は 2,100 円"));
        }
        JsonNode lineApp = byResident.get(lineResident.residentId());
        JsonNode webApp = byResident.get(webResident.residentId());
        assertThat(lineApp).as("the LINE resident's application among " + byResident.keySet()).isNotNull();
        assertThat(webApp).as("the web resident's application among " + byResident.keySet()).isNotNull();
        assertThat(lineApp.path("channel").asText()).isEqualTo("LINE");
        assertThat(webApp.path("channel").asText()).isEqualTo("WEB");

        // staff move each to 処理中; setting it again is refused and changes nothing
        for (JsonNode app : List.of(lineApp, webApp)) {
            String path = "/applications/" + app.path("applicationId").asText() + "/status";
            HttpResponse<String> changed = staff("POST", path, "{\"to\":\"IN_PROGRESS\",\"reason\":\"\"}");
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
            assertThat(staff("POST", path, "{\"to\":\"IN_PROGRESS\",\"reason\":\"\"}").statusCode()).isEqualTo(409);
        }

        // the LINE resident gets one push about it, the web resident one notice
        String lineReceipt = lineApp.path("receiptNumber").asText();
        String webReceipt = webApp.path("receiptNumber").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> lineNotices(lineResident, lineReceipt).size() >= 1 && webNotices(webResident, webReceipt).size() >= 2);

        // LINE redelivers the confirming webhook: no second application, nothing more sent
        int deliveries = lineResident.deliveries().size();
        lineResident.redeliverLastEvent();
        Thread.sleep(3000);
        assertThat(lineNotices(lineResident, lineReceipt)).as("notices to the LINE resident").hasSize(1);
        assertThat(lineResident.deliveries()).as("what the LINE resident received after the redelivery").hasSize(deliveries);
        assertThat(lineNotices(lineResident, lineReceipt).get(0).kind()).isEqualTo("push");
        assertThat(lineNotices(lineResident, lineReceipt).get(0).retryKey()).isNotBlank();
        List<JsonNode> notices = webNotices(webResident, webReceipt).stream().filter(n -> n.path("text").asText().contains("処理中")).toList();
        assertThat(notices).as("status notices in the web chat").hasSize(1);
        assertThat(webNotices(webResident, webReceipt)).as("the receipt and the status change, once each").hasSize(2);
        assertThat(notices.get(0).path("text").asText()).contains("処理中", "手続き：" + titles.get(procedureId));
        assertThat(lineNotices(lineResident, lineReceipt).get(0).texts()).anySatisfy(t -> assertThat(t).contains("手続き：" + titles.get(procedureId)));
        assertThat(queue(procedureId)).as("applications of " + procedureId).hasSize(2);
        for (JsonNode item : queue(procedureId)) {
            assertThat(item.path("status").asText()).isEqualTo("IN_PROGRESS");
        }
    }

    @Order(4)
    @Test
    void theSurveysAnswersRaiseTheSatisfactionKpi() {
        assertThat(lineResidents).containsKey("satisfaction-survey");
        assertThat(webResidents).containsKey("satisfaction-survey");
        JsonNode kpis = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(TemplatesEndToEndTest::kpis, k -> k.path("satisfaction").path("answers").asLong() >= satisfactionAnswersBefore + 2);
        assertThat(kpis.path("satisfaction").path("answers").asLong()).isEqualTo(satisfactionAnswersBefore + 2);
        assertThat(kpis.path("satisfaction").path("actual").asDouble()).isEqualTo(4.0);
        assertThat(kpis.path("applications").path("actual").asLong())
                .isEqualTo(applicationsBefore + 2L * lineResidents.size());
    }

    // --- staff side ----------------------------------------------------------------------------------

    private static HttpResponse<String> staff(String method, String path, String json) {
        return local.call(method, PROCEDURES, "/api/towns/" + TOWN + path, json, admin);
    }

    /** The queue of {@code procedureId}, as far as this class's two residents of it go: other classes on the shared launcher apply too. */
    private static JsonNode queue(String procedureId) {
        java.util.Set<String> ours = java.util.Set.of(lineResidents.get(procedureId).residentId(), webResidents.get(procedureId).residentId());
        HttpResponse<String> response = staff("GET", "/applications?procedureId=" + procedureId + "&size=200", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        com.fasterxml.jackson.databind.node.ArrayNode mine = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        for (JsonNode item : LocalPlatform.json(response.body()).path("items")) {
            JsonNode detail = LocalPlatform.json(staff("GET", "/applications/" + item.path("applicationId").asText(), null).body());
            if (ours.contains(detail.path("residentId").asText())) {
                mine.add(item);
            }
        }
        return mine;
    }

    private static JsonNode kpis() {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        int fiscalYear = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
        HttpResponse<String> response = local.call("GET", ANALYTICS, "/api/towns/" + TOWN + "/kpis?fiscalYear=" + fiscalYear, null, admin);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return LocalPlatform.json(response.body());
    }

    // --- resident side -------------------------------------------------------------------------------

    private static List<jp.madoguchi.platform.embedded.line.LineEmulator.Delivery> lineNotices(LineChatResident resident, String receipt) {
        return resident.deliveries().stream()
                .filter(d -> d.texts().stream().anyMatch(t -> t.contains(receipt) && t.contains("処理中")))
                .toList();
    }

    private static List<JsonNode> webNotices(WebChatResident resident, String receipt) {
        List<JsonNode> found = new ArrayList<>();
        resident.reload().path("notices").forEach(n -> {
            if (receipt.equals(n.path("receiptNumber").asText())) {
                found.add(n);
            }
        });
        return found;
    }
}
