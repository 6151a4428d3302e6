package jp.madoguchi.portal.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The KPI page of a signed-in member, against a stub of analytics-service's KPI API (and procedure-service's titles). */
@AutoConfigureWebTestClient(timeout = "30s")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=staff-portal", "madoguchi.portal.analytics-timeout=2s"})
class KpiPageTest {

    static final StubServices stub = StubServices.get();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("madoguchi.portal.tenant-service-url", stub::url);
        registry.add("madoguchi.portal.analytics-url", stub::url);
        registry.add("madoguchi.portal.procedure-service-url", stub::url);
    }

    @Autowired
    WebTestClient http;

    PortalSession browser;

    @BeforeEach
    void signIn() {
        stub.kpiYears.set("""
                [{"tenantId":"014834","fiscalYear":2023,"friends":{"actual":850,"target":1000,"achievement":85.0},
                  "broadcasts":{"actual":200,"target":240,"achievement":83.3},"applications":{"actual":120},
                  "satisfaction":{"actual":3.8,"target":4.0,"answers":40}},
                 {"tenantId":"014834","fiscalYear":2024,"friends":{"actual":1200,"target":1100,"achievement":109.1},
                  "broadcasts":{"actual":0,"target":240,"achievement":0.0},"applications":{"actual":300,"target":250,"achievement":120.0},
                  "satisfaction":{"actual":null,"target":4.0,"answers":0}}]""");
        stub.kpiDetails.set("""
                {"tenantId":"014834","fiscalYear":2024,"funnels":[{"procedureId":"water-start","started":10,"inProgress":1,"completed":5,
                  "abandoned":4,"abandonedAtStep":{"address":1,"date":3},"worstStep":"date"}]}""");
        stub.kpiComments.set("""
                [{"score":2,"comment":"窓口が遠い <script>","answeredAtMs":1780275600000}]""");
        browser = new PortalSession(http);
        browser.login(StubServices.TOWN, "admin", StubServices.PASSWORD);
        stub.calls.clear();
    }

    @AfterEach
    void analyticsBack() {
        stub.analyticsDown.set(false);
    }

    @Test
    void showsTheGrantTableFromTheFirstGrantYearWithTargetsActualsAndAchievement() {
        String page = ok(browser.get("/kpis?fiscalYear=2024"));

        assertThat(stub.callsTo("/api/towns/014834/kpis/years").get(0).uri()).startsWith("/api/towns/014834/kpis/years?from=2023&to=");
        assertThat(stub.callsTo("/api/towns/014834/kpis/details").get(0).uri()).isEqualTo("/api/towns/014834/kpis/details?fiscalYear=2024");
        assertThat(page).contains("2023年度").contains("2024年度");
        assertThat(row(page, "友だち登録者数")).contains(">1,000<").contains(">850<").contains(">85.0%<").contains(">1,100<").contains(">1,200<");
        // no target for 2023: no achievement either
        assertThat(row(page, "申請等受付数")).contains(">120<").contains(">—<").contains(">120.0%<");
        assertThat(row(page, "満足度")).contains(">3.80<").contains(">95.0%<");
        assertThat(row(page, "情報発信回数")).contains(">240<");
    }

    @Test
    void drawsEachKpiAgainstItsTargetWithChartJsFromWebJars() {
        String page = ok(browser.get("/kpis"));

        assertThat(page).contains("src=\"/webjars/chart.js/dist/chart.umd.js\"").contains("src=\"/kpi-charts.js\"")
                .contains("data-labels=\"2023,2024\" data-actual=\"850,1200\" data-target=\"1000,1100\"")
                // satisfaction without answers in 2024: a gap in the chart, not a zero
                .contains("data-actual=\"3.8,\" data-target=\"4.0,4.0\"");
        http.get().uri("/webjars/chart.js/dist/chart.umd.js").exchange().expectStatus().isOk()
                .expectBody(String.class).value(js -> assertThat(js).contains("Chart.js v4"));
    }

    @Test
    void showsEachProceduresFunnelWithTheStepWhereMostGiveUpHighlighted() {
        String page = ok(browser.get("/kpis?fiscalYear=2024"));

        int funnel = page.indexOf("data-procedure=\"water-start\"");
        assertThat(funnel).isPositive();
        String f = page.substring(funnel, page.indexOf("</article>", funnel));
        assertThat(f).contains("水道の使用開始").contains(">10<").contains("（50%）");
        // most first, and only the worst step is marked
        assertThat(f.indexOf("data-step=\"date\"")).isLessThan(f.indexOf("data-step=\"address\""));
        assertThat(f).containsOnlyOnce("最も多く離脱").contains("data-step=\"date\" class=\"worst\"");
    }

    @Test
    void listsTheSurveysCommentsEscaped() {
        String page = ok(browser.get("/kpis?fiscalYear=2026"));

        assertThat(page).contains("窓口が遠い &lt;script&gt;").doesNotContain("窓口が遠い <script>").contains("2026/06/01");
    }

    @Test
    void downloadsTheGrantTableAsAnalyticsWroteItUnderAJapaneseName() {
        var csv = browser.getBytes("/kpis/grant.csv");

        assertThat(csv.getStatus().value()).isEqualTo(200);
        assertThat(csv.getResponseBody()).isEqualTo(StubServices.GRANT_CSV);
        assertThat(csv.getResponseHeaders().getContentType().toString()).isEqualTo("text/csv;charset=UTF-8");
        assertThat(csv.getResponseHeaders().getFirst("Content-Disposition")).startsWith("attachment; filename*=UTF-8''KPI%E5%AE%9F%E7%B8%BE_2023-");
        assertThat(stub.callsTo("/api/towns/014834/kpis/grant.csv").get(0).uri()).startsWith("/api/towns/014834/kpis/grant.csv?from=2023&to=");
        assertThat(new String(csv.getResponseBody(), StandardCharsets.UTF_8)).startsWith("\uFEFF");
    }

    @Test
    void saysSoWhenAnalyticsIsUnreachable() {
        stub.analyticsDown.set(true);

        String page = ok(browser.get("/kpis"));

        assertThat(page).contains("集計サービスに接続できません").doesNotContain("grant-table");
    }

    private static String ok(EntityExchangeResult<String> result) {
        assertThat(result.getStatus().value()).isEqualTo(200);
        return result.getResponseBody();
    }

    /** The table row of one KPI, so an assertion cannot pass on another row's numbers. */
    private static String row(String html, String label) {
        int start = html.indexOf("data-kpi=\"" + label + "\"");
        assertThat(start).as("row for %s", label).isPositive();
        return html.substring(start, html.indexOf("</tr>", start));
    }
}
