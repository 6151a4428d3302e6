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
import java.util.concurrent.ThreadLocalRandom;
import jp.madoguchi.deploy.Launcher;
import jp.madoguchi.deploy.SharedLauncher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The staff portal in headless Chromium against the real launcher (every service, the embedded
 * platform, the demo towns 苫前町 014834 and 羽幌町 014842): signing in to the dashboard, inviting a
 * member who accepts and signs in, and a tampered request for another town refused with the 403 page.
 */
@ExtendWith(SharedLauncher.class)
class PortalBrowserTest {

    static final String TOMAMAE = "014834";
    static final String HABORO = "014842";
    // the launcher's demo accounts (DemoSeed); demo passwords for the local launcher only
    static final String TOMAMAE_ADMIN_PASSWORD = "tomamae-admin-demo";
    static final String HABORO_ADMIN_PASSWORD = "haboro-admin-demo";

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
        await = chromium.await(Duration.ofSeconds(20));
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void tomamaesAdminSignsInAndSeesTheTownsKpis() throws IOException {
        signIn(TOMAMAE, "admin", TOMAMAE_ADMIN_PASSWORD);

        assertThat(browser.findElement(By.tagName("h2")).getText()).isEqualTo("ダッシュボード");
        assertThat(browser.findElement(By.cssSelector("header.top h1")).getText()).contains("苫前町");
        WebElement friends = await.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-kpi='友だち数']")));
        assertThat(friends.getText()).contains("友だち数");
        assertThat(browser.findElement(By.cssSelector("#kpis caption")).getText()).endsWith("年度の目標と実績");
        assertThat(browser.getPageSource()).doesNotContain("ACCESS").doesNotContain("eyJ"); // no JWT in the page

        // the fiscal-year selector swaps the table through htmx
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("fiscal-year"))).selectByValue("2025");
        await.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#kpis caption"), "2025年度"));
        assertThat(browser.findElement(By.cssSelector("tr[data-kpi='友だち数'] .target")).getText()).isEqualTo("1,000");

        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("/tmp/portal-dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void anInvitedMemberSetsAPasswordWithTheCodeAndSignsIn() {
        String loginId = "tanaka" + ThreadLocalRandom.current().nextInt(1000, 9999);
        signIn(TOMAMAE, "admin", TOMAMAE_ADMIN_PASSWORD);
        browser.get(portal + "/staff");
        browser.findElement(By.id("invite-loginId")).sendKeys(loginId);
        browser.findElement(By.id("invite-displayName")).sendKeys("田中 三郎");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("invite-role"))).selectByValue("staff");
        browser.findElement(By.id("invite-button")).click();

        String code = await.until(ExpectedConditions.visibilityOfElementLocated(By.id("invitation-code"))).getText().strip();
        assertThat(code).isNotBlank();
        assertThat(browser.findElement(By.id("invitation-once")).getText()).contains("この一度だけ表示されます");
        assertThat(browser.findElement(By.id("staff-table")).getText()).contains(loginId);
        browser.findElement(By.xpath("//button[text()='ログアウト']")).click();
        await.until(ExpectedConditions.urlContains("/login"));

        browser.get(portal + "/invitation");
        browser.findElement(By.id("code")).sendKeys(code);
        browser.findElement(By.id("password")).sendKeys("hokkaido coast and wind");
        browser.findElement(By.id("passwordConfirm")).sendKeys("hokkaido coast and wind");
        browser.findElement(By.id("accept-button")).click();
        await.until(ExpectedConditions.visibilityOfElementLocated(By.id("accepted")));

        signIn(TOMAMAE, loginId, "hokkaido coast and wind");
        assertThat(browser.findElement(By.cssSelector("header.top .who")).getText()).contains("田中 三郎").contains("職員");
        // a staff member (not an admin) has no staff management in the menu, and no edit forms in the settings
        assertThat(browser.findElement(By.cssSelector("header.top nav")).getText()).doesNotContain("職員管理");
        browser.get(portal + "/settings");
        assertThat(browser.findElements(By.id("kpi-targets-form"))).isEmpty();
    }

    @Test
    void aRequestTamperedToNameAnotherTownGetsThe403PageAndChangesNothing() throws Exception {
        JsonNode haboroBefore = haboroTown();
        signIn(TOMAMAE, "admin", TOMAMAE_ADMIN_PASSWORD);
        browser.get(portal + "/settings");
        int tomamaeFeaturesBefore = browser.findElements(By.cssSelector("#features-form input[name=features]:checked")).size();

        // the hidden town field of the features form, rewritten to 羽幌町, with every feature ticked
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("""
                const form = document.getElementById('features-form');
                form.querySelector('input[name=tenantId]').value = '%s';
                form.querySelectorAll('input[name=features]').forEach(box => box.checked = true);
                form.submit();""".formatted(HABORO));
        await.until(ExpectedConditions.visibilityOfElementLocated(By.id("forbidden")));
        assertThat(browser.findElement(By.id("forbidden")).getText()).contains("この操作を行う権限がありません。");

        // and a hand-made URL naming 羽幌町
        browser.get(portal + "/settings?tenantId=" + HABORO);
        assertThat(browser.findElement(By.id("forbidden")).getText()).contains("この操作を行う権限がありません。");

        JsonNode haboroAfter = haboroTown();
        assertThat(haboroAfter.path("features")).isEqualTo(haboroBefore.path("features"));
        assertThat(haboroAfter.path("districts")).isEqualTo(haboroBefore.path("districts"));
        // 苫前町 was not changed either: the tampered form went nowhere
        browser.get(portal + "/settings");
        assertThat(browser.findElements(By.cssSelector("#features-form input[name=features]:checked"))).hasSize(tomamaeFeaturesBefore);
    }

    private void signIn(String tenantId, String loginId, String password) {
        browser.get(portal + "/login");
        browser.findElement(By.id("tenantId")).sendKeys(tenantId);
        browser.findElement(By.id("loginId")).sendKeys(loginId);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-button")).click();
        await.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("header.top .who")));
    }

    /** 羽幌町 as its own admin sees it, straight from tenant-service. */
    private static JsonNode haboroTown() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        URI tenantService = launcher.url("tenant-service");
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(tenantService.resolve("/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tenantId\":\"" + HABORO + "\",\"loginId\":\"admin\",\"password\":\""
                        + HABORO_ADMIN_PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        String token = json.readTree(login.body()).path("accessToken").asText();
        HttpResponse<String> town = http.send(HttpRequest.newBuilder(tenantService.resolve("/api/towns/" + HABORO))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(town.statusCode()).isEqualTo(200);
        return json.readTree(town.body());
    }
}
