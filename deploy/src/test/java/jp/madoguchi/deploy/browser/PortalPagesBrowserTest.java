package jp.madoguchi.deploy.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import jp.madoguchi.deploy.Launcher;
import jp.madoguchi.deploy.LauncherOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The staff portal's reservation calendar (苫前町's seeded 公民館 大会議室) in headless Chromium against the real launcher.
 */
class PortalPagesBrowserTest {

    static final String TOMAMAE = "014834";
    // the launcher's demo account (DemoSeed); a demo password for the local launcher only
    static final String TOMAMAE_ADMIN_PASSWORD = "tomamae-admin-demo";

    @TempDir
    static Path data;

    static Launcher launcher;
    static String portal;

    WebDriver browser;
    WebDriverWait await;
    HeadlessChromium chromium;

    @BeforeAll
    static void start() {
        HeadlessChromium.assumeInstalled();
        launcher = Launcher.start(new LauncherOptions(data, false, jp.madoguchi.deploy.LocalPlatform.randomPortOffset()));
        portal = launcher.url("staff-portal").toString();
    }

    @AfterAll
    static void stop() {
        if (launcher != null) {
            launcher.close();
        }
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

    /** Date and time inputs take keys in the browser's locale format; setting the value is what a picker does. */
    private void setValue(String id, String value) {
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.getElementById(arguments[0]).value = arguments[1];", id, value);
    }
}
