package jp.madoguchi.deploy.browser;

import static org.assertj.core.api.Assertions.assertThat;

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
import jp.madoguchi.platform.embedded.line.LineEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The LINE resident simulator in headless Chromium against the real launcher: a resident of 苫前町
 * follows the town's account, sees the welcome and the procedure menu, starts 水道の使用開始・中止
 * (published from its template by 苫前町's admin) and answers with a quick reply and the date picker.
 * Every step goes as a signed webhook to conversation-service; its answers come back through the emulator.
 */
@ExtendWith(SharedLauncher.class)
class SimulatorBrowserTest {

    static final String TOMAMAE = "014834";
    static final String WATER = "水道の使用開始・中止";

    static Launcher launcher;
    static String simulator;

    WebDriver browser;
    WebDriverWait await;
    HeadlessChromium chromium;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.assumeInstalled();
        launcher = SharedLauncher.launcher();
        simulator = launcher.platform().lineEmulator().simulatorUrl();
        publishWaterAsTomamaesAdmin();
    }

    @BeforeEach
    void openBrowser() throws IOException {
        chromium = HeadlessChromium.open(430, 1100);
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
    void aResidentOfTomamaeFollowsSeesTheMenuAndAnswersTheWaterProcedure() throws IOException {
        browser.get(simulator);
        await.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#town option[value='" + TOMAMAE + "']")));
        new Select(browser.findElement(By.id("town"))).selectByValue(TOMAMAE);

        browser.findElement(By.cssSelector("#new-resident-panel summary")).click();
        browser.findElement(By.id("new-resident-name")).sendKeys("苫前 花子");
        browser.findElement(By.id("create-resident")).click();
        await.until(d -> !new Select(d.findElement(By.id("resident"))).getFirstSelectedOption().getAttribute("value").isEmpty());
        String userId = new Select(browser.findElement(By.id("resident"))).getFirstSelectedOption().getAttribute("value");
        assertThat(userId).matches("U[0-9a-f]{32}");

        browser.findElement(By.id("follow")).click();
        WebElement welcome = await.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#log .msg.account")));
        assertThat(welcome.getText()).contains("友だち追加、ありがとうございます。").contains("苫前町の公式アカウントです。");
        assertThat(browser.findElement(By.cssSelector("#log .msg.system")).getText()).isEqualTo("友だち追加しました");
        await.until(ExpectedConditions.textToBePresentInElementLocated(By.id("follow-state"), "友だち"));

        // The menu lists the town's procedures as quick replies; 水道 arrives once conversation-service has
        // consumed ProcedurePublished, so ask for the menu again until it is there.
        WebElement water = awaitMenuChip(WATER);
        water.click();

        // the flow's first question: 開始 or 中止, as quick replies (postback with displayText)
        WebElement start = awaitChip("使い始める（開始）");
        assertThat(browser.findElement(By.id("log")).getText()).contains("水道の使用開始・中止の届け出です。").contains("どちらの届け出ですか。");
        start.click();
        await.until(d -> d.findElements(By.cssSelector("#log .msg.resident")).stream().anyMatch(m -> m.getText().equals("使い始める（開始）")));

        // the date question: the quick reply opens a date picker whose answer goes as a postback with params.date
        awaitText("水道を使い始める日を選んでください。");
        WebElement picker = await.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#quick-replies button[data-action-type='datetimepicker']")));
        picker.click();
        WebElement date = await.until(ExpectedConditions.visibilityOfElementLocated(By.id("picker-input")));
        assertThat(date.getAttribute("type")).isEqualTo("date");
        String min = date.getAttribute("min");
        assertThat(min).matches("\\d{4}-\\d{2}-\\d{2}");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", date, min);
        browser.findElement(By.id("picker-send")).click();
        await.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), min));

        // the flow moved on to the next step (the address), so the date was accepted
        await.until(d -> d.findElements(By.cssSelector("#log .msg.account")).size() >= 5
                && lastAccountText(d).contains("住所"));

        List<LineEmulator.Received> received = launcher.platform().lineEmulator().timeline(userId);
        assertThat(received).extracting(r -> r.message().path("text").asText()).anyMatch(t -> t.contains("水道を使い始める日"));

        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("/tmp/simulator.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private WebElement awaitMenuChip(String label) {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (true) {
            try {
                return new WebDriverWait(browser, Duration.ofSeconds(4)).until(ExpectedConditions.elementToBeClickable(chip(label)));
            } catch (org.openqa.selenium.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                WebElement text = browser.findElement(By.id("text"));
                text.sendKeys("メニュー");
                browser.findElement(By.id("send")).click();
            }
        }
    }

    private WebElement awaitChip(String label) {
        return await.until(ExpectedConditions.elementToBeClickable(chip(label)));
    }

    private static By chip(String label) {
        return By.xpath("//nav[@id='quick-replies']/button[normalize-space()='" + label + "']");
    }

    private void awaitText(String text) {
        await.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), text));
    }

    private static String lastAccountText(WebDriver driver) {
        List<WebElement> messages = driver.findElements(By.cssSelector("#log .msg.account"));
        return messages.isEmpty() ? "" : messages.get(messages.size() - 1).getText();
    }

    /** 苫前町's admin makes a draft from the water template and publishes it, through procedure-service's API. */
    private static void publishWaterAsTomamaesAdmin() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(launcher.url("tenant-service").resolve("/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tenantId\":\"" + TOMAMAE + "\",\"loginId\":\"admin\",\"password\":\"tomamae-admin-demo\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        String token = json.readTree(login.body()).path("accessToken").asText();
        URI procedures = launcher.url("procedure-service");
        HttpResponse<String> used = http.send(HttpRequest.newBuilder(procedures.resolve("/api/towns/" + TOMAMAE + "/procedure-templates/water/use"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(used.statusCode()).as(used.body()).isIn(201, 409);
        HttpResponse<String> published = http.send(HttpRequest.newBuilder(procedures.resolve("/api/towns/" + TOMAMAE + "/procedures/water/publish"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        // 409: the launcher's demo seed published it already
        assertThat(published.statusCode()).as(published.body()).isIn(200, 409);
    }
}
