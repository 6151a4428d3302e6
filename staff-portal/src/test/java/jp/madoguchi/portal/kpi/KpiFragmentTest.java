package jp.madoguchi.portal.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** The portal on a random port against a stub standing in for analytics-service's KPI API. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=staff-portal", "madoguchi.portal.analytics-timeout=2s"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KpiFragmentTest {

    private static final String TOMAMAE_KPIS = """
            {"tenantId":"014834","fiscalYear":2026,
             "friends":{"actual":3,"target":1000},
             "broadcasts":{"actual":0,"target":240},
             "applications":{"actual":125},
             "satisfaction":{"actual":null,"target":4.2}}""";

    private static final AtomicReference<String> askedFor = new AtomicReference<>();
    private static final DisposableServer analytics = HttpServer.create().port(0)
            .route(routes -> routes.get("/api/kpis", (request, response) -> {
                askedFor.set(request.uri());
                // No keep-alive: once the stub is stopped, the portal must find it gone, not reuse a pooled connection.
                return response.keepAlive(false).header("Content-Type", MediaType.APPLICATION_JSON_VALUE).sendString(Mono.just(TOMAMAE_KPIS));
            }))
            .bindNow();

    @DynamicPropertySource
    static void analyticsUrl(DynamicPropertyRegistry registry) {
        registry.add("madoguchi.portal.analytics-url", () -> "http://localhost:" + analytics.port());
    }

    @AfterAll
    static void stopAnalytics() {
        analytics.disposeNow();
    }

    @Autowired
    WebTestClient http;

    @Test
    @Order(1)
    void homePageNamesTheTownAndPollsTheKpiFragmentEveryFiveSeconds() {
        String page = http.get().uri("/").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page)
                .contains("窓口 管理画面")
                .contains("苫前町")
                .contains("src=\"/webjars/htmx.org/dist/htmx.min.js\"")
                .contains("hx-get=\"/fragments/kpis\"")
                .contains("every 5s");

        http.get().uri("/webjars/htmx.org/dist/htmx.min.js").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(js -> assertThat(js).contains("htmx"));
    }

    @Test
    @Order(2)
    void fragmentShowsEachKpiWithActualTargetAndPercentage() {
        String fragment = http.get().uri("/fragments/kpis").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(askedFor.get()).isEqualTo("/api/kpis?tenant=014834");
        assertThat(fragment).doesNotContain("<html").contains("2026年度");
        assertThat(row(fragment, "友だち数")).contains(">3<").contains(">1,000<").contains("0%");
        assertThat(row(fragment, "配信数")).contains(">0<").contains(">240<").contains("0%");
        // No target set yet: no percentage to show.
        assertThat(row(fragment, "申請数")).contains(">125<").contains(">—<").doesNotContain("%");
        assertThat(row(fragment, "満足度")).contains(">4.2<").doesNotContain("%");
        assertThat(fragment).doesNotContain("集計サービスに接続できません");
    }

    @Test
    @Order(3)
    void fragmentSaysSoWhenAnalyticsIsUnreachable() {
        analytics.disposeNow();

        String fragment = http.get().uri("/fragments/kpis").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

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
