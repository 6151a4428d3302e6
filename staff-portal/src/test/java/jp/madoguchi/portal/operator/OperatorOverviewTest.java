package jp.madoguchi.portal.operator;

import static org.assertj.core.api.Assertions.assertThat;

import jp.madoguchi.portal.support.PortalSession;
import jp.madoguchi.portal.support.StubServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The operators' overview of every town, against stubs of tenant-, procedure- and analytics-service. */
@AutoConfigureWebTestClient(timeout = "30s")
// the first call to a stub on a loaded machine can take longer than the 5 s a live portal allows
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"spring.config.name=staff-portal",
        "madoguchi.portal.service-timeout=30s"})
class OperatorOverviewTest {

    static final StubServices stub = StubServices.get();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("madoguchi.portal.tenant-service-url", stub::url);
        registry.add("madoguchi.portal.analytics-url", stub::url);
        registry.add("madoguchi.portal.procedure-service-url", stub::url);
    }

    @Autowired
    WebTestClient http;

    @AfterEach
    void analyticsBack() {
        stub.analyticsDown.set(false);
    }

    @Test
    void listsEveryTownWithItsActivityAndTheEventsParkedForIt() {
        stub.townActivity.set("""
                [{"tenantId":"014834","fiscalYear":2026,"friends":1234,"applications":56,"conversations":78,"lastActivityAt":"2026-06-01T01:00:00Z"}]""");
        // the same stub answers as tenant-, procedure- and analytics-service: one event parked there counts three times
        stub.parkedEvents.set("""
                [{"id":"p-1","service":"x","consumer":"c","tenantId":"014842","eventType":"T","status":"PARKED"}]""");

        String page = operator().get("/operator/overview").getResponseBody();

        String tomamae = row(page, "014834"), haboro = row(page, "014842");
        assertThat(tomamae).contains("苫前町").contains("利用中").contains(">1,234<").contains(">56<").contains(">78<")
                .contains("2026/06/01 10:00").contains("class=\"num parked\">0<").doesNotContain("attention");
        // a town analytics has counted nothing for reads zero and "no record"; its parked events flag it
        assertThat(haboro).contains("停止中").contains("記録なし").contains("class=\"num parked\">3<").contains("attention");
        assertThat(page).contains("id=\"parked-total\">3<").doesNotContain("id=\"unreachable\"");
    }

    @Test
    void aServiceThatDoesNotAnswerIsNamedAndItsNumbersAreUnknownNotZero() {
        stub.parkedEvents.set("[]");
        stub.analyticsDown.set(true);

        String page = operator().get("/operator/overview").getResponseBody();

        assertThat(page).contains("id=\"unreachable\"").contains("analytics-service");
        assertThat(row(page, "014834")).contains("class=\"num friends\">—<").contains("class=\"num applications\">—<");
    }

    @Test
    void townStaffCannotOpenIt() {
        PortalSession staff = new PortalSession(http);
        staff.login(StubServices.TOWN, "admin", StubServices.PASSWORD);

        assertThat(staff.get("/operator/overview").getStatus().value()).isEqualTo(403);
    }

    private PortalSession operator() {
        PortalSession browser = new PortalSession(http);
        browser.get("/operator/login");
        browser.post("/operator/login", PortalSession.form("loginId", "operator", "password", StubServices.PASSWORD));
        return browser;
    }

    private static String row(String html, String town) {
        int start = html.indexOf("data-town=\"" + town + "\"");
        assertThat(start).as("row for %s", town).isPositive();
        return html.substring(html.lastIndexOf("<tr", start), html.indexOf("</tr>", start));
    }
}
