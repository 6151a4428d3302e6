package jp.madoguchi.deploy.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import jp.madoguchi.deploy.Launcher;
import jp.madoguchi.deploy.SharedLauncher;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.ConversationCompleted;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Procedures and applications in the staff portal, in headless Chromium against the real launcher:
 * 苫前町's admin builds a procedure from the 水道 template (edits a prompt, adds a step, meets a check
 * problem beside its step, fixes it, publishes version 1), then works an application made from a
 * completed conversation on Kafka through 受付 → 処理中 → 完了 and downloads the queue as CSV.
 */
@ExtendWith(SharedLauncher.class)
class ProcedurePortalBrowserTest {

    static final String TOMAMAE = "014834";
    // the launcher's demo account (DemoSeed); a demo password for the local launcher only
    static final String TOMAMAE_ADMIN_PASSWORD = "tomamae-admin-demo";

    static Launcher launcher;
    static String portal;

    WebDriver browser;
    WebDriverWait await;
    HeadlessChromium chromium;

    @BeforeAll
    static void start() {
        HeadlessChromium.assumeInstalled();
        launcher = SharedLauncher.launcher();
        portal = launcher.url("staff-portal").toString();
    }

    @BeforeEach
    void openBrowser() throws IOException {
        chromium = HeadlessChromium.open(1280, 1000);
        browser = chromium.driver();
        await = chromium.await(Duration.ofSeconds(30));
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void adminBuildsAProcedureFromTheWaterTemplatePublishesItAndWorksAnApplicationToCompletion() throws Exception {
        String slug = "water-" + ThreadLocalRandom.current().nextInt(1000, 9999);
        signIn();

        // 手続き一覧 → ひな形から作る (水道)
        browser.get(portal + "/procedures");
        WebElement template = browser.findElement(By.cssSelector("tr[data-template='water']"));
        WebElement id = template.findElement(By.name("procedureId"));
        id.clear();
        id.sendKeys(slug);
        template.findElement(By.tagName("button")).click();
        await.until(ExpectedConditions.urlContains("/procedures/" + slug + "/edit"));
        assertThat(browser.findElement(By.id("notice")).getText()).contains("下書きを作成しました");
        assertThat(step("kind").getText()).contains("選択（1つ）");

        // edit a prompt, add a step
        WebElement intro = step("intro").findElement(By.tagName("textarea"));
        intro.clear();
        intro.sendKeys("苫前町の水道の届け出です。順番に答えてください。");
        new Select(browser.findElement(By.id("newType"))).selectByValue("text");
        browser.findElement(By.id("add-step-button")).click();
        WebElement added = await.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("li[data-step='step10']")));
        assertThat(browser.findElement(By.id("unsaved")).getText()).contains("保存していない変更があります");
        assertThat(step("intro").findElement(By.tagName("textarea")).getAttribute("value")).startsWith("苫前町の水道の届け出です。");
        set(added.findElement(By.cssSelector("textarea[name$='.prompt']")), "ほかに伝えたいことがあれば入力してください。");
        set(added.findElement(By.cssSelector("input[name$='.field']")), "remarks");
        set(added.findElement(By.cssSelector("input[name$='.label']")), "備考");
        // rename the stop-date step: 種類's branch now points to a step that no longer exists
        set(step("stopDate").findElement(By.cssSelector("input[name$='.id']")), "stopDay");
        browser.findElement(By.id("check-button")).click();

        WebElement kindProblems = await.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("li[data-step='kind'] .step-problems")));
        assertThat(kindProblems.getText()).contains("stopDate");
        assertThat(browser.findElement(By.id("error")).getText()).contains("問題があります");
        assertThat(step("step10").findElements(By.cssSelector(".step-problems"))).isNotEmpty();
        screenshot("li[data-step='kind']", "/tmp/editor.png");

        // fix: the branch goes to the renamed step, the new step sits between the phone number and the confirmation
        new Select(step("kind").findElement(By.cssSelector("select[name$='.br0.b']"))).selectByValue("stopDay");
        new Select(step("phone").findElement(By.cssSelector("select[name$='.next']"))).selectByValue("step10");
        new Select(step("step10").findElement(By.cssSelector("select[name$='.next']"))).selectByValue("confirm");
        browser.findElement(By.id("check-button")).click();
        await.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "問題はありません"));
        assertThat(browser.findElements(By.cssSelector(".step-problems"))).isEmpty();

        browser.findElement(By.id("publish-button")).click();
        browser.switchTo().alert().accept();
        await.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "第1版として公開しました。"));
        assertThat(browser.findElement(By.cssSelector("p.meta")).getText()).contains("公開中の版：第1版");
        assertThat(browser.findElement(By.id("preview-link")).getAttribute("href"))
                .isEqualTo(launcher.url("conversation-service") + "/chat/" + TOMAMAE + "?procedure=" + slug);

        // a resident completes the procedure: the application arrives in the queue
        publishCompleted(slug, Map.of("kind", "start", "startDate", "2026-12-01", "address", "苫前町字旭37番地1",
                "payerName", "苫前 太郎", "phone", "0164-64-2211", "remarks", "午前中にお願いします"));
        String receipt = awaitInQueue(slug);
        browser.findElement(By.linkText(receipt)).click();
        await.until(ExpectedConditions.visibilityOfElementLocated(By.id("receipt-number")));
        assertThat(browser.findElement(By.id("answers")).getText()).contains("水道を使う場所", "苫前町字旭37番地1", "備考", "午前中にお願いします");
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("受付");

        changeStatus("IN_PROGRESS", "処理中");
        changeStatus("COMPLETED", "完了");
        String history = browser.findElement(By.id("history")).getText();
        assertThat(history).contains("受付 → 処理中", "処理中 → 完了", "苫前町 管理者", "申請を受け付けました");
        assertThat(browser.findElements(By.id("status-form"))).isEmpty();

        // the CSV through the portal, with the browser's session: the BOM and the Japanese file name intact
        String cookie = browser.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .reduce((a, b) -> a + "; " + b).orElseThrow();
        HttpResponse<byte[]> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(portal + "/applications.csv?procedureId=" + slug)).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body()).startsWith(0xEF, 0xBB, 0xBF);
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValue("attachment; filename*=UTF-8''%E7%94%B3%E8%AB%8B%E4%B8%80%E8%A6%A7.csv");
        assertThat(new String(csv.body(), StandardCharsets.UTF_8)).contains(receipt, "完了", "午前中にお願いします");
    }

    private void changeStatus(String to, String label) {
        new Select(browser.findElement(By.id("status-to"))).selectByValue(to);
        browser.findElement(By.id("status-button")).click();
        await.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), label));
        await.until(ExpectedConditions.textToBe(By.id("notice"), "状態を変更しました。"));
    }

    private String awaitInQueue(String slug) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            browser.get(portal + "/applications?procedureId=" + slug);
            List<WebElement> rows = browser.findElements(By.cssSelector("#queue-table tbody tr"));
            if (!rows.isEmpty()) {
                assertThat(rows).hasSize(1);
                assertThat(rows.get(0).getText()).contains("水道の使用開始・中止", "受付", "未割り当て");
                return rows.get(0).findElement(By.tagName("a")).getText();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the application did not reach the queue");
            }
            Thread.sleep(500);
        }
    }

    private static void publishCompleted(String procedureId, Map<String, String> answers) {
        String conversationId = "conv-" + UUID.randomUUID();
        ConversationCompleted completed = new ConversationCompleted(conversationId, TOMAMAE + ":LINE:Ubrowser1", "LINE", "Ubrowser1",
                procedureId, 1, answers, List.of(), Instant.now());
        IntegrationEventCodec codec = new IntegrationEventCodec();
        UUID eventId = UUID.randomUUID();
        EventEnvelope envelope = codec.wrap(eventId, TOMAMAE, completed.completedAt(), conversationId, 5, completed);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, launcher.platform().kafka().bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.CONVERSATION_EVENTS, TOMAMAE, codec.encode(envelope));
            record.headers().add(Topics.HEADER_TENANT, TOMAMAE.getBytes(StandardCharsets.UTF_8));
            record.headers().add(Topics.HEADER_TYPE, envelope.type().getBytes(StandardCharsets.UTF_8));
            record.headers().add(Topics.HEADER_EVENT_ID, eventId.toString().getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        } catch (Exception e) {
            throw new AssertionError("could not publish to Kafka", e);
        }
    }

    private WebElement step(String stepId) {
        return browser.findElement(By.cssSelector("li[data-step='" + stepId + "']"));
    }

    private static void set(WebElement field, String text) {
        field.clear();
        field.sendKeys(text);
    }

    private void screenshot(String scrollTo, String file) throws IOException {
        Dimension before = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(1280, 1800));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'}); window.scrollBy(0, -220);",
                browser.findElement(By.cssSelector(scrollTo)));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of(file), StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(before);
    }

    private void signIn() {
        browser.get(portal + "/login");
        browser.findElement(By.id("tenantId")).sendKeys(TOMAMAE);
        browser.findElement(By.id("loginId")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys(TOMAMAE_ADMIN_PASSWORD);
        browser.findElement(By.id("login-button")).click();
        await.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("header.top .who")));
    }
}
