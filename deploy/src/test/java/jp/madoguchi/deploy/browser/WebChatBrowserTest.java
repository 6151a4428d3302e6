package jp.madoguchi.deploy.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import jp.madoguchi.deploy.Launcher;
import jp.madoguchi.deploy.SharedLauncher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web chat in headless Chromium on a phone-sized window against the real launcher: a resident of
 * 苫前町 without LINE opens {@code /chat/014834}, does 水道の使用開始・中止 (published from its template by
 * the town's admin) mostly with the keyboard, corrects an answer from the summary, and the application
 * reaches procedure-service's work queue with channel WEB.
 */
@ExtendWith(SharedLauncher.class)
class WebChatBrowserTest {

    static final String TOMAMAE = "014834";
    static final String WATER = "水道の使用開始・中止";

    static Launcher launcher;
    static String chat;
    static String adminToken;

    WebDriver browser;
    WebDriverWait await;
    HeadlessChromium chromium;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.assumeInstalled();
        launcher = SharedLauncher.launcher();
        chat = launcher.url("conversation-service") + "/chat/" + TOMAMAE;
        adminToken = tomamaeAdminToken();
        publishWaterAsTomamaesAdmin();
    }

    @BeforeEach
    void openBrowser() throws IOException {
        chromium = HeadlessChromium.open(390, 844);
        browser = chromium.driver();
        await = chromium.await(Duration.ofSeconds(20));
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void aResidentWithoutLineAppliesForWaterOnAPhoneAndTheApplicationReachesTheWorkQueueAsWeb() throws Exception {
        // on the shared launcher other classes apply for water on the web too: this resident's is the new one
        java.util.Set<String> before = new java.util.HashSet<>();
        webWaterApplications().forEach(item -> before.add(item.path("applicationId").asText()));
        WebElement water = openChatUntilOffered(WATER);
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("ja");
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("苫前町");
        assertThat(browser.findElement(By.id("log")).getAttribute("aria-live")).isEqualTo("polite");
        assertThat(js("return parseFloat(getComputedStyle(document.body).fontSize)")).asString().satisfies(px ->
                assertThat(Double.parseDouble(px)).isGreaterThanOrEqualTo(18.0));
        assertThat(water.getSize().getHeight()).isGreaterThanOrEqualTo(48);
        assertThat(js("return document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);

        // keyboard: the procedure button with Enter; focus then lands on the new question, and Tab reaches its first answer
        water.sendKeys(Keys.ENTER);
        WebElement kind = await.until(d -> focusedQuestion(d, "どちらの届け出ですか。"));
        assertThat(browser.findElement(By.id("log")).getText()).contains("水道の使用開始・中止の届け出です。");
        new Actions(browser).sendKeys(Keys.TAB).perform();
        WebElement first = browser.switchTo().activeElement();
        assertThat(first.getText()).isEqualTo("使い始める（開始）");
        assertThat(first.getSize().getHeight()).isGreaterThanOrEqualTo(48);
        first.sendKeys(Keys.ENTER);

        // the date: a native date input bounded to the flow's window
        await.until(d -> focusedQuestion(d, "水道を使い始める日を選んでください。"));
        WebElement date = browser.findElement(By.id("answer-date"));
        assertThat(date.getAttribute("type")).isEqualTo("date");
        assertThat(browser.findElement(By.cssSelector("label[for=answer-date]")).getText()).isEqualTo("日付を選ぶ");
        String min = date.getAttribute("min");
        assertThat(min).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(date.getAttribute("max")).matches("\\d{4}-\\d{2}-\\d{2}");
        js("arguments[0].value = arguments[1];", date, min);
        date.sendKeys(Keys.ENTER);

        // an answer the engine refuses: the reason next to the input, announced, focus back on the input
        await.until(d -> focusedQuestion(d, "住所"));
        WebElement address = browser.findElement(By.id("answer-text"));
        assertThat(browser.findElement(By.cssSelector("label[for=answer-text]")).getText()).isNotBlank();
        address.sendKeys("旭", Keys.ENTER);
        WebElement error = await.until(ExpectedConditions.visibilityOfElementLocated(By.id("answer-error")));
        assertThat(error.getAttribute("role")).isEqualTo("alert");
        assertThat(error.getText()).isNotBlank();
        WebElement retry = browser.switchTo().activeElement();
        assertThat(retry.getAttribute("id")).isEqualTo("answer-text");
        assertThat(retry.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(retry.getAttribute("aria-describedby")).contains("answer-error");
        retry.sendKeys("苫前町字旭37番地1", Keys.ENTER);

        await.until(d -> focusedQuestion(d, "支払う人"));
        browser.findElement(By.id("answer-text")).sendKeys("苫前 花子", Keys.ENTER);
        await.until(d -> focusedQuestion(d, "電話番号"));
        browser.findElement(By.id("answer-text")).sendKeys("0164-64-2211", Keys.ENTER);

        // the summary: each answer with its own 修正する, and the confirm button; 戻る / やめる still there
        WebElement summary = await.until(ExpectedConditions.visibilityOfElementLocated(By.id("summary")));
        assertThat(summary.getText()).contains("苫前町字旭37番地1", "苫前 花子", "0164-64-2211");
        assertThat(browser.findElements(By.cssSelector("#summary button[data-edit]"))).hasSizeGreaterThanOrEqualTo(4);
        assertThat(browser.findElement(By.cssSelector(".shortcuts")).getText()).contains("戻る", "やめる");
        browser.findElement(By.cssSelector("#summary button[data-edit=phone]")).sendKeys(Keys.ENTER);
        await.until(d -> focusedQuestion(d, "電話番号"));
        browser.findElement(By.id("answer-text")).sendKeys("0164-64-2001", Keys.ENTER);
        summary = await.until(ExpectedConditions.visibilityOfElementLocated(By.id("summary")));
        assertThat(summary.getText()).contains("0164-64-2001").doesNotContain("0164-64-2211");
        screenshot("/tmp/webchat-summary.png");

        browser.findElement(By.id("answer-confirm")).sendKeys(Keys.ENTER);
        await.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "届け出を受け付けました。"));
        // finished: the menu is back for another procedure
        await.until(ExpectedConditions.visibilityOfElementLocated(By.id("menu")));
        screenshot("/tmp/webchat.png");

        JsonNode application = awaitWebApplication(before);
        assertThat(application.path("channel").asText()).isEqualTo("WEB");
        assertThat(application.path("procedureId").asText()).isEqualTo("water");
        assertThat(application.path("receiptNumber").asText()).matches("\\d{4}-\\d{6}");
    }

    @Test
    void aTownWithoutAWebChatShowsAFriendlyPage() {
        browser.get(launcher.url("conversation-service") + "/chat/014826");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("ページが見つかりません");
        assertThat(browser.findElement(By.id("not-found")).getText()).contains("役場に電話してください");
    }

    // --- helpers ---------------------------------------------------------------------------------------

    /** Opens the chat, reloading until conversation-service has consumed ProcedurePublished and offers {@code title}. */
    private WebElement openChatUntilOffered(String title) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            browser.get(chat);
            try {
                return new WebDriverWait(browser, Duration.ofSeconds(4)).until(ExpectedConditions.elementToBeClickable(
                        By.xpath("//div[@id='menu']/button[normalize-space()='" + title + "']")));
            } catch (org.openqa.selenium.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
    }

    /** The question bubble containing {@code text}, once it is the newest question and has the focus. */
    private static WebElement focusedQuestion(WebDriver driver, String text) {
        WebElement active = driver.switchTo().activeElement();
        String classes = active.getAttribute("class");
        return classes != null && classes.contains("question") && active.getText().contains(text) ? active : null;
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private void screenshot(String path) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of(path), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The new web application (none of {@code before}) in procedure-service's work queue, as 苫前町's admin sees it. */
    private static JsonNode awaitWebApplication(java.util.Set<String> before) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<JsonNode> queue = webWaterApplications();
            for (JsonNode item : queue) {
                if (!before.contains(item.path("applicationId").asText())) {
                    return item;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no new WEB application in 苫前町's work queue: " + queue);
            }
            Thread.sleep(1000);
        }
    }

    /** 苫前町's water applications made on the web. */
    private static List<JsonNode> webWaterApplications() throws Exception {
        HttpResponse<String> queue = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        launcher.url("procedure-service").resolve("/api/towns/" + TOMAMAE + "/applications?procedureId=water&size=200"))
                .header("Authorization", "Bearer " + adminToken).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(queue.statusCode()).as(queue.body()).isEqualTo(200);
        List<JsonNode> web = new java.util.ArrayList<>();
        for (JsonNode item : new ObjectMapper().readTree(queue.body()).path("items")) {
            if ("WEB".equals(item.path("channel").asText())) {
                web.add(item);
            }
        }
        return web;
    }

    private static String tomamaeAdminToken() throws Exception {
        HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(launcher.url("tenant-service").resolve("/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tenantId\":\"" + TOMAMAE + "\",\"loginId\":\"admin\",\"password\":\"tomamae-admin-demo\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(login.body()).path("accessToken").asText();
    }

    /** 苫前町's admin makes a draft from the water template and publishes it, through procedure-service's API. */
    private static void publishWaterAsTomamaesAdmin() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI procedures = launcher.url("procedure-service");
        HttpResponse<String> used = http.send(HttpRequest.newBuilder(procedures.resolve("/api/towns/" + TOMAMAE + "/procedure-templates/water/use"))
                .header("Authorization", "Bearer " + adminToken).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(used.statusCode()).as(used.body()).isIn(201, 409);
        HttpResponse<String> published = http.send(HttpRequest.newBuilder(procedures.resolve("/api/towns/" + TOMAMAE + "/procedures/water/publish"))
                .header("Authorization", "Bearer " + adminToken).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        // 409: the launcher's demo seed published it already
        assertThat(published.statusCode()).as(published.body()).isIn(200, 409);
    }
}
