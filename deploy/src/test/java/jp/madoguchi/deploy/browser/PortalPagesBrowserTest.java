package jp.madoguchi.deploy.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import jp.madoguchi.platform.embedded.line.LineEmulator;
import jp.madoguchi.platform.security.Role;
import org.openqa.selenium.Alert;
import org.openqa.selenium.support.ui.Select;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import jp.madoguchi.deploy.Launcher;
import jp.madoguchi.deploy.LineChatResident;
import jp.madoguchi.deploy.LocalPlatform;
import jp.madoguchi.deploy.SharedLauncher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Staff portal pages in headless Chromium against the real launcher (苫前町, the demo town): the reservation calendar
 * (its seeded 公民館 大会議室), a broadcast composed and sent to a saved segment, and a 5374 garbage calendar uploaded.
 */
@ExtendWith(SharedLauncher.class)
class PortalPagesBrowserTest {

    static final String TOMAMAE = "014834";
    // the launcher's demo account (DemoSeed); a demo password for the local launcher only
    static final String TOMAMAE_ADMIN_PASSWORD = "tomamae-admin-demo";

    static Launcher launcher;
    static LocalPlatform local;
    static String portal;

    WebDriver browser;
    WebDriverWait await;
    HeadlessChromium chromium;

    @BeforeAll
    static void start() {
        HeadlessChromium.assumeInstalled();
        launcher = SharedLauncher.launcher();
        local = SharedLauncher.local();
        portal = launcher.url("staff-portal").toString();
    }

    @BeforeEach
    void openBrowser() throws IOException {
        chromium = HeadlessChromium.open(1280, 1000);
        browser = chromium.driver();
        await = chromium.await(Duration.ofSeconds(20));
        browser.get(portal + "/login");
        browser.findElement(By.id("tenantId")).sendKeys(TOMAMAE);
        browser.findElement(By.id("loginId")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys(TOMAMAE_ADMIN_PASSWORD);
        browser.findElement(By.id("login-button")).click();
        await.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("header.top .who")));
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void staffBookAPhoneCallerFromTheWeekViewAndSeeTheBookingInTheDayView() {
        // the week two weeks ahead (inside the booking window); 公民館 opens Mon–Sat 9–12 and 13–17, one place an hour
        LocalDate monday = LocalDate.now(ZoneId.of("Asia/Tokyo")).plusWeeks(2).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate tuesday = monday.plusDays(1);

        browser.findElement(By.linkText("予約")).click();
        await.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-resource='community-hall']")));
        browser.findElement(By.linkText("公民館 大会議室")).click();
        browser.get(portal + "/reservations/community-hall?view=week&date=" + monday);
        String cell = "td[data-date='" + tuesday + "'][data-start='10:00']";
        assertThat(await.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(cell))).getText()).isEqualTo("0/1");

        browser.findElement(By.id("booking-name")).sendKeys("電話 花子");
        browser.findElement(By.id("booking-phone")).sendKeys("0164-64-0000");
        setValue("booking-date", tuesday.toString());
        setValue("booking-start", "10:00");
        browser.findElement(By.cssSelector("#booking-form button[type=submit]")).click();

        await.until(ExpectedConditions.visibilityOfElementLocated(By.id("day-table")));
        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).isEqualTo("予約しました。");
        String slot = browser.findElement(By.cssSelector("#day-table tr[data-start='10:00']")).getText();
        assertThat(slot).contains("1/1", "電話 花子", "0164-64-0000", "予約済み", "職員（電話）");

        // the same time again: a plain refusal with the day's next free times
        browser.findElement(By.id("booking-name")).sendKeys("電話 次郎");
        setValue("booking-date", tuesday.toString());
        setValue("booking-start", "10:00");
        browser.findElement(By.cssSelector("#booking-form button[type=submit]")).click();
        assertThat(await.until(ExpectedConditions.visibilityOfElementLocated(By.id("reservation-error"))).getText())
                .contains("10:00 は予約できません（満員です）。空いている時間: ").contains("11:00");

        // back in the week view the slot is full
        browser.get(portal + "/reservations/community-hall?view=week&date=" + monday);
        assertThat(await.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(cell))).getText()).isEqualTo("1/1");
    }

    @Test
    void staffComposeABroadcastForASavedSegmentAndExactlyThatSegmentReceivesIt() throws Exception {
        // four friends through signed webhooks; two give their age band as 70代以上 in 「登録情報」, one 30代, one nothing
        LineEmulator line = launcher.platform().lineEmulator();
        List<LineChatResident> elderly = List.of(new LineChatResident(local, line), new LineChatResident(local, line));
        List<LineChatResident> others = List.of(new LineChatResident(local, line), new LineChatResident(local, line));
        Stream.concat(elderly.stream(), others.stream()).forEach(LineChatResident::follow);
        elderly.forEach(r -> r.tap("attrs:consent:ageBand=70plus"));
        others.get(0).tap("attrs:consent:ageBand=30s");

        String segment = "elderly-" + Long.toHexString(System.nanoTime());
        String token = launcher.tokens().town(TOMAMAE, Role.STAFF);
        String definition = "{\"attribute\":\"ageBand\",\"in\":[\"70plus\"]}";
        assertThat(local.call("PUT", 8084, "/api/towns/" + TOMAMAE + "/segments/" + segment,
                "{\"name\":\"70代以上の方\",\"definition\":" + definition + "}", token).statusCode()).isEqualTo(200);
        // the index follows the events: wait until it counts at least our two (other tests may add more)
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> LocalPlatform.json(local.call("POST", 8084,
                "/api/towns/" + TOMAMAE + "/segments/count", definition, token).body()).path("count").asLong() >= 2);
        long audience = LocalPlatform.json(local.call("POST", 8084, "/api/towns/" + TOMAMAE + "/segments/count", definition, token).body())
                .path("count").asLong();

        String text = "高齢者向けの健康教室を開きます。" + segment;
        browser.findElement(By.linkText("お知らせ配信")).click();
        await.until(ExpectedConditions.visibilityOfElementLocated(By.id("broadcast-form")));
        browser.findElement(By.id("broadcast-title")).sendKeys("健康教室のお知らせ");
        browser.findElement(By.id("broadcast-text")).sendKeys(text);
        Select audienceChoice = new Select(browser.findElement(By.id("broadcast-audience")));
        audienceChoice.selectByValue(segment);
        assertThat(audienceChoice.getFirstSelectedOption().getText()).isEqualTo("70代以上の方（" + audience + "人）");
        browser.findElement(By.cssSelector("#broadcast-form button[type=submit]")).click();

        // the detail page: the preview names the audience, sending asks first
        await.until(ExpectedConditions.visibilityOfElementLocated(By.id("send")));
        assertThat(browser.findElement(By.id("broadcast-status")).getText()).isEqualTo("下書き");
        browser.findElement(By.id("send")).click();
        Alert confirm = await.until(ExpectedConditions.alertIsPresent());
        assertThat(confirm.getText()).isEqualTo(audience + "人に送信します。よろしいですか？");
        confirm.accept();
        // live progress: the status refreshes by itself until the broadcast is sent
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.textToBe(By.id("broadcast-status"), "送信済み"));
        assertThat(browser.findElement(By.id("broadcast-delivered")).getText()).isEqualTo(audience + "人");

        List<String> reached = line.deliveries().stream()
                .filter(d -> LineEmulator.MULTICAST.equals(d.kind()) && d.texts().contains(text)).map(LineEmulator.Delivery::userId).toList();
        assertThat(reached).hasSize((int) audience).doesNotHaveDuplicates()
                .containsAll(elderly.stream().map(LineChatResident::userId).toList())
                .doesNotContainAnyElementsOf(others.stream().map(LineChatResident::userId).toList());
    }

    @Test
    void staffUploadAGarbageCalendarABadFileChangesNothingAndAGoodOneShowsItsDistricts(@TempDir Path files) throws IOException {
        browser.findElement(By.linkText("ごみ収集")).click();
        await.until(ExpectedConditions.visibilityOfElementLocated(By.id("garbage-form")));

        // 「月曜」 is not a collection day in the 5374 format: the problem is listed with its line, nothing is stored
        browser.findElement(By.id("garbage-file")).sendKeys(zip(files.resolve("bad.zip"), "地名,センター,燃やすごみ\r\n本町,,月曜\r\n").toString());
        browser.findElement(By.id("garbage-upload")).click();
        assertThat(await.until(ExpectedConditions.visibilityOfElementLocated(By.id("garbage-problems"))).getText())
                .contains("何も変わっていません", "area_days.csv 2行目「燃やすごみ」: 「月曜」は収集日として読めません");
        browser.navigate().refresh();
        await.until(ExpectedConditions.visibilityOfElementLocated(By.id("garbage-form")));
        assertThat(browser.findElements(By.cssSelector("#district-table tr[data-district='本町']"))).isEmpty();

        browser.findElement(By.id("garbage-file")).sendKeys(zip(files.resolve("good.zip"),
                "\uFEFF地名,センター,燃やすごみ,燃やさないごみ\r\n本町,,月 木,火2 火4\r\n栄町,,火 金,水1\r\n").toString());
        browser.findElement(By.id("garbage-upload")).click();
        String row = await.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#district-table tr[data-district='本町']"))).getText();
        assertThat(row).contains("毎週月曜・毎週木曜", "第2火曜・第4火曜");
        assertThat(browser.findElement(By.cssSelector("#district-table tr[data-district='栄町']")).getText()).contains("毎週火曜・毎週金曜", "第1水曜");
        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).isEqualTo("カレンダーを読み込みました。");
    }

    /** A 5374 zip as towns publish it: the CSVs in one folder. */
    private static Path zip(Path file, String areaDays) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("5374/area_days.csv"));
            zip.write(areaDays.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return file;
    }

    /** Date and time inputs take keys in the browser's locale format; setting the value is what a picker does. */
    private void setValue(String id, String value) {
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.getElementById(arguments[0]).value = arguments[1];", id, value);
    }
}
