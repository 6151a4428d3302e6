package jp.madoguchi.portal.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import jp.madoguchi.portal.support.PortalSession;
import jp.madoguchi.portal.support.StubServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The dashboard's KPI fragment for a signed-in member, against a stub of analytics-service's KPI API. */
// a loaded shared machine can take more than the default 5 s for a first page
@AutoConfigureWebTestClient(timeout = "30s")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=staff-portal", "madoguchi.portal.analytics-timeout=2s"})
class KpiFragmentTest {

    static final StubServices stub = StubServices.get();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("madoguchi.portal.tenant-service-url", stub::url);
        registry.add("madoguchi.portal.analytics-url", stub::url);
    }

    @Autowired
    WebTestClient http;

    PortalSession browser;

    @BeforeEach
    void signIn() {
        browser = new PortalSession(http);
        browser.login(StubServices.TOWN, "admin", StubServices.PASSWORD);
        stub.calls.clear();
    }

    @AfterEach
    void analyticsBack() {
        stub.analyticsDown.set(false);
    }

    @Test
    void dashboardOffersTheFiscalYearsAndPollsTheFragmentEveryFiveSeconds() {
        String page = browser.get("/?fiscalYear=2024").getResponseBody();
        assertThat(page)
                .contains("窓口 管理画面")
                .contains("苫前町")
                .contains("src=\"/webjars/htmx.org/dist/htmx.min.js\"")
                .contains("hx-get=\"/fragments/kpis\"")
                .contains("every 5s")
                .contains("<option value=\"2024\" selected=\"selected\">2024年度</option>");

        http.get().uri("/webjars/htmx.org/dist/htmx.min.js").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(js -> assertThat(js).contains("htmx"));
    }

    @Test
    void fragmentShowsEachKpiWithActualTargetAndPercentageForTheChosenYear() {
        String fragment = browser.htmxGet("/fragments/kpis?fiscalYear=2026").getResponseBody();

        assertThat(stub.callsTo("/api/towns/").get(0).uri()).isEqualTo("/api/towns/014834/kpis?fiscalYear=2026");
        assertThat(fragment).doesNotContain("<html").contains("2026年度");
        assertThat(row(fragment, "友だち数")).contains(">3<").contains(">1,000<").contains("0%");
        assertThat(row(fragment, "配信数")).contains(">0<").contains(">240<").contains("0%");
        // No target set yet: no percentage to show.
        assertThat(row(fragment, "申請数")).contains(">125<").contains(">—<").doesNotContain("%");
        assertThat(row(fragment, "満足度")).contains(">4.2<").doesNotContain("%");
        assertThat(fragment).doesNotContain("集計サービスに接続できません");
    }

    @Test
    void fragmentSaysSoWhenAnalyticsIsUnreachable() {
        stub.analyticsDown.set(true);

        String fragment = browser.htmxGet("/fragments/kpis").getResponseBody();

        assertThat(fragment).contains("集計サービスに接続できません。しばらくしてから再読み込みしてください。")
                .doesNotContain("友だち数");
    }

    /** The table row of one KPI, so an assertion cannot pass on another row's numbers. */
    private static String row(String html, String label) {
        int start = html.indexOf("data-kpi=\"" + label + "\"");
        assertThat(start).as("row for %s", label).isPositive();
        return html.substring(start, html.indexOf("</tr>", start));
    }
}
