package jp.madoguchi.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.madoguchi.platform.embedded.line.LineEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, tap-first, against the launcher: 苫前町 opens with its built-in procedures on the menu (and seeding
 * again changes nothing); a small number range is tapped; the road report goes through without a photo; and the
 * resident is told the receipt number once, by a LINE push or in the web chat's notices.
 */
// Its own platform: it retires a seeded template (school-absence) for good, which other classes run.
class TapFirstEndToEndTest {

    private static final String TOWN = LocalPlatform.TOWN;
    private static final int PROCEDURES = 8083;
    private static final String ADDRESS = "苫前町字旭37番地1";
    private static final List<String> TEMPLATES = List.of("water", "bulky-waste", "road-report", "school-absence", "certificate",
            "satisfaction-survey", "facility-booking", "vaccination");

    @TempDir
    static Path data;

    static Launcher launcher;
    static LocalPlatform local;
    static String admin;

    @BeforeAll
    static void start() {
        int offset = LocalPlatform.randomPortOffset();
        launcher = Launcher.start(new LauncherOptions(data, false, offset));
        local = new LocalPlatform(offset, data);
        admin = local.login(TOWN, "admin", "tomamae-admin-demo");
        // conversation-service learns the seeded procedures from ProcedurePublished
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            HttpResponse<String> page = local.get(8082, "/chat/" + TOWN + "/conversation");
            return page.statusCode() == 200 && LocalPlatform.json(page.body()).path("menu").findValuesAsText("procedureId").containsAll(TEMPLATES);
        });
    }

    @AfterAll
    static void stop() {
        if (launcher != null) {
            launcher.close();
        }
    }

    @Test
    void aNewcomerFindsTheMenuAndSeedingAgainAsARestartDoesChangesNothing() {
        LineChatResident resident = new LineChatResident(local, launcher.platform().lineEmulator());
        resident.follow();
        String welcome = resident.deliveries().get(0).messages().toString();
        for (String id : TEMPLATES) {
            assertThat(welcome).as("the welcome's menu").contains("start:" + id);
        }
        // staff retire one; a restart of the launcher (with or without --wipe, the seed runs again) must not bring it back
        assertThat(staff("POST", "/procedures/school-absence/retire").statusCode()).isEqualTo(204);
        // the staff list is a projection: read it once the retirement has reached it
        await().atMost(Duration.ofSeconds(20)).until(() -> "RETIRED".equals(procedures().get("school-absence").path("status").asText()));
        Map<String, JsonNode> before = procedures();

        DemoSeed.seed(launcher.url("tenant-service"), launcher.url("procedure-service"), launcher.url("conversation-service"));
        DemoSeed.seed(launcher.url("tenant-service"), launcher.url("procedure-service"), launcher.url("conversation-service"));

        Map<String, JsonNode> after = procedures();
        for (String id : TEMPLATES) {
            assertThat(after.get(id).path("versions").toString()).as(id + "'s versions").isEqualTo("[1]");
            assertThat(after.get(id).path("status").asText()).as(id).isEqualTo(before.get(id).path("status").asText());
        }
        assertThat(after.get("school-absence").path("status").asText()).isEqualTo("RETIRED");
        assertThat(after.get("road-report").path("status").asText()).isEqualTo("PUBLISHED");
        assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(before.keySet());
    }

    @Test
    void aLineResidentTapsTheNumberSkipsThePhotoAndIsToldTheReceiptNumberOnce() throws InterruptedException {
        LineChatResident resident = new LineChatResident(local, launcher.platform().lineEmulator());
        resident.follow();

        // 証明書: the number of copies (1–10) is tapped, not typed
        resident.start("certificate");
        resident.choose("住民票の写し");
        assertThat(resident.lastSaid()).contains("何通ほしいですか");
        assertThat(quickReplyLabels(resident)).as("the copies offered")
                .containsExactly("1通", "2通", "3通", "4通", "5通", "6通", "7通", "8通", "9通", "10通", "戻る", "やめる");
        resident.choose("2通");
        resident.type("パスポートの申請");
        resident.type("苫前 太郎");
        resident.confirm();
        assertThat(resident.lastSaid()).contains("請求を受け付けました", "受付番号は、このあとお知らせします。");
        JsonNode certificate = application("certificate", resident.residentId());
        assertThat(certificate.path("answers").path("copies").asText()).isEqualTo("2");
        String certificateReceipt = certificate.path("receiptNumber").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> receipts(resident, certificateReceipt).size() == 1);

        // 道路の不具合 at night: no photo
        resident.start("road-report");
        resident.choose("道路の穴・段差");
        resident.choose("写真なしで進む");
        resident.location(44.2443, 141.6530, ADDRESS);
        resident.type("街灯がなく暗いので写真はとれませんでした");
        resident.choose("いいえ");
        assertThat(resident.lastSaid()).contains("（写真なし）");
        resident.confirm();
        assertThat(resident.lastSaid()).contains("通報ありがとうございます", "受付番号は、このあとお知らせします。");

        JsonNode report = application("road-report", resident.residentId());
        assertThat(report.path("attachments")).as("no photo").isEmpty();
        assertThat(report.path("answers").path("photos").asText()).isEmpty();
        assertThat(report.path("answers").path("location").asText()).isNotBlank();
        String receipt = report.path("receiptNumber").asText();
        assertThat(receipt).matches("\\d{4}-\\d{6}");

        await().atMost(Duration.ofSeconds(30)).until(() -> receipts(resident, receipt).size() == 1);
        LineEmulator.Delivery told = receipts(resident, receipt).get(0);
        assertThat(told.kind()).isEqualTo(LineEmulator.PUSH);
        assertThat(told.retryKey()).isNotBlank();
        assertThat(told.texts().get(0)).startsWith("受け付けました。受付番号は " + receipt + " です。")
                .contains("手続き：道路・公園の不具合の通報", "「申請の状況」と送ると、いつでも確認できます。");
        assertThat(told.messages().toString()).as("a button to ask about it").contains("\"data\":\"status\"");

        // LINE redelivers the confirming webhook: no second application, no second receipt
        int deliveries = resident.deliveries().size();
        resident.redeliverLastEvent();
        Thread.sleep(3000);
        assertThat(resident.deliveries()).hasSize(deliveries);
        assertThat(receipts(resident, receipt)).hasSize(1);
        assertThat(receipts(resident, certificateReceipt)).hasSize(1);
        assertThat(applications("road-report", resident.residentId())).hasSize(1);
    }

    @Test
    void aWebChatResidentTapsTheNumbersSkipsThePhotoAndFindsTheReceiptNumberOnce() throws InterruptedException {
        WebChatResident resident = new WebChatResident(local);

        // 粗大ごみ: each quantity is a button (0–5, 布団 0–10)
        resident.start("bulky-waste");
        resident.choose("1個"); // ソファ
        resident.choose("0個"); // ベッド
        resident.type("0"); // タンス: typing still works
        resident.choose("1台"); // 自転車
        resident.choose("10枚"); // 布団
        resident.earliestDate();
        resident.type(ADDRESS);
        resident.type("0164-64-2211");
        assertThat(resident.lastSaid()).contains("料金の合計は 4,500 円");
        resident.confirm();
        assertThat(resident.outcome()).isEqualTo("COMPLETED");
        assertThat(resident.lastSaid()).contains("受付番号は、このあとお知らせします。");
        JsonNode bulky = application("bulky-waste", resident.residentId());
        assertThat(bulky.path("answers").path("qtyFuton").asText()).isEqualTo("10");
        assertThat(bulky.path("answers").path("qtyChest").asText()).isEqualTo("0");

        resident.start("road-report");
        resident.choose("倒れた木・枝");
        resident.choose("写真なしで進む");
        resident.type(ADDRESS); // the address instead of the browser's position
        resident.type("枝が道路に落ちています");
        resident.choose("いいえ");
        resident.confirm();
        assertThat(resident.outcome()).isEqualTo("COMPLETED");
        JsonNode report = application("road-report", resident.residentId());
        assertThat(report.path("attachments")).isEmpty();
        String receipt = report.path("receiptNumber").asText();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> receipts(resident, receipt).size() == 1);
        Thread.sleep(2000);
        List<JsonNode> told = receipts(resident, receipt);
        assertThat(told).hasSize(1);
        assertThat(told.get(0).path("text").asText()).startsWith("受け付けました。受付番号は " + receipt + " です。")
                .contains("「申請の状況」のボタンを押すと");
        assertThat(receipts(resident, bulky.path("receiptNumber").asText())).hasSize(1);
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private static HttpResponse<String> staff(String method, String path) {
        return local.call(method, PROCEDURES, "/api/towns/" + TOWN + path, null, admin);
    }

    private static Map<String, JsonNode> procedures() {
        Map<String, JsonNode> byId = new HashMap<>();
        LocalPlatform.json(staff("GET", "/procedures").body()).forEach(p -> byId.put(p.path("procedureId").asText(), p));
        return byId;
    }

    private static List<JsonNode> applications(String procedureId, String residentId) {
        List<JsonNode> found = new ArrayList<>();
        LocalPlatform.json(staff("GET", "/applications?procedureId=" + procedureId + "&size=200").body()).path("items").forEach(item -> {
            JsonNode detail = LocalPlatform.json(staff("GET", "/applications/" + item.path("applicationId").asText()).body());
            if (residentId.equals(detail.path("residentId").asText())) {
                found.add(detail);
            }
        });
        return found;
    }

    /** The resident's one application of {@code procedureId}, once procedure-service has it. */
    private static JsonNode application(String procedureId, String residentId) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> applications(procedureId, residentId), found -> found.size() == 1).get(0);
    }

    private static List<LineEmulator.Delivery> receipts(LineChatResident resident, String receipt) {
        return resident.deliveries().stream().filter(d -> d.texts().stream().anyMatch(t -> t.contains("受付番号は " + receipt + " です"))).toList();
    }

    private static List<JsonNode> receipts(WebChatResident resident, String receipt) {
        List<JsonNode> found = new ArrayList<>();
        resident.reload().path("notices").forEach(n -> {
            if (receipt.equals(n.path("receiptNumber").asText()) && n.path("text").asText().contains("受付番号は " + receipt + " です")) {
                found.add(n);
            }
        });
        return found;
    }

    private static List<String> quickReplyLabels(LineChatResident resident) {
        List<String> labels = new ArrayList<>();
        List<LineEmulator.Delivery> all = resident.deliveries();
        all.get(all.size() - 1).messages().forEach(m -> m.path("quickReply").path("items")
                .forEach(i -> labels.add(i.path("action").path("label").asText())));
        return labels;
    }
}
