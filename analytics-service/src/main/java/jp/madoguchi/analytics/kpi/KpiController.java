package jp.madoguchi.analytics.kpi;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.fiscal.FiscalYear;
import jp.madoguchi.platform.kpi.KpiReport;
import jp.madoguchi.platform.messaging.IntegrationEventConsumer;
import jp.madoguchi.platform.messaging.IntegrationEventConsumers;
import jp.madoguchi.platform.security.ApiProblems;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/towns/{tenantId}/kpis[?fiscalYear=2025]}: the town's KPIs for a fiscal year
 * (default: the current one). The platform's security lets only that town's staff in.
 */
@RestController
class KpiController {

    private final KpiQueries queries;
    private final KpiBreakdowns breakdowns;
    private final KpiRebuild rebuild;
    private final KpiOverview overview;

    KpiController(KpiQueries queries, KpiBreakdowns breakdowns, KpiRebuild rebuild, KpiOverview overview) {
        this.queries = queries;
        this.breakdowns = breakdowns;
        this.rebuild = rebuild;
        this.overview = overview;
    }

    @GetMapping("/api/towns/{tenantId}/kpis")
    public Mono<ResponseEntity<Object>> kpis(TenantId tenant, @RequestParam(required = false) Integer fiscalYear) {
        return queries.report(tenant, year(fiscalYear)).map(ResponseEntity::ok);
    }

    /**
     * {@code GET /api/towns/{tenantId}/kpis/years?from=2023[&to=]}: the report of each fiscal year from {@code from} to
     * {@code to} (default: the current year), oldest first, for charts and the grant's table.
     */
    @GetMapping("/api/towns/{tenantId}/kpis/years")
    public Flux<KpiReport> years(TenantId tenant, @RequestParam(required = false) Integer from, @RequestParam(required = false) Integer to) {
        return Flux.fromIterable(range(from, to)).concatMap(y -> queries.report(tenant, new FiscalYear(y)));
    }

    /** {@code GET /api/towns/{tenantId}/kpis/grant.csv?from=2023[&to=]}: the same years as the grant's 実績 vs 目標 table, for Excel. */
    @GetMapping("/api/towns/{tenantId}/kpis/grant.csv")
    public Mono<ResponseEntity<String>> grantCsv(TenantId tenant, @RequestParam(required = false) Integer from,
                                                 @RequestParam(required = false) Integer to) {
        List<Integer> years = range(from, to);
        return Flux.fromIterable(years).concatMap(y -> queries.report(tenant, new FiscalYear(y))).collectList()
                .map(reports -> ResponseEntity.ok()
                        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                                .filename("kpi-" + tenant.code() + "-" + years.get(0) + "-" + years.get(years.size() - 1) + ".csv").build().toString())
                        .body(KpiGrantCsv.of(reports)));
    }

    /** {@code GET /api/towns/{tenantId}/kpis/details[?fiscalYear=]}: the breakdowns and funnels behind the KPIs. */
    @GetMapping("/api/towns/{tenantId}/kpis/details")
    public Mono<KpiDetails> details(TenantId tenant, @RequestParam(required = false) Integer fiscalYear) {
        return breakdowns.details(tenant, year(fiscalYear));
    }

    /** {@code GET /api/towns/{tenantId}/kpis/comments[?fiscalYear=]}: the survey's free-text answers, newest first. */
    @GetMapping("/api/towns/{tenantId}/kpis/comments")
    public Mono<java.util.List<KpiBreakdowns.Comment>> comments(TenantId tenant, @RequestParam(required = false) Integer fiscalYear) {
        return breakdowns.comments(tenant, year(fiscalYear));
    }

    /** {@code GET /api/operator/kpis/towns[?fiscalYear=]}: every town's activity this fiscal year, for the operators' overview. */
    @GetMapping("/api/operator/kpis/towns")
    Mono<List<KpiOverview.TownActivity>> towns(@RequestParam(required = false) Integer fiscalYear) {
        return overview.towns(year(fiscalYear));
    }

    /** {@code POST /api/operator/kpis/rebuild}: every town's KPIs from the start of the topics (see {@link KpiRebuild}). */
    @PostMapping("/api/operator/kpis/rebuild")
    public Mono<ResponseEntity<java.util.Map<String, Object>>> rebuild() {
        return rebuild.rebuild().map(towns -> ResponseEntity.status(HttpStatus.ACCEPTED).body(java.util.Map.of("townsCleared", towns,
                "watch", "madoguchi_projection_lag_seconds{consumer=\"analytics-kpi-v1\"} falls back to 0 once caught up")));
    }

    /** At most this many years in one answer: a town reports a few years; more is a mistake in the query. */
    static final int MAX_YEARS = 20;

    private static List<Integer> range(Integer from, Integer to) {
        if (from == null) {
            throw ApiProblems.of(HttpStatus.BAD_REQUEST, "Missing fiscal year", "from is required: the first fiscal year, e.g. from=2023");
        }
        int first = year(from).year(), last = to == null ? FiscalYear.of(Instant.now()).year() : year(to).year();
        if (last < first || last - first >= MAX_YEARS) {
            throw ApiProblems.of(HttpStatus.BAD_REQUEST, "Invalid fiscal year range",
                    "from must not be after to, and at most " + MAX_YEARS + " years at once (from=" + first + ", to=" + last + ")");
        }
        return IntStream.rangeClosed(first, last).boxed().toList();
    }

    private static FiscalYear year(Integer fiscalYear) {
        if (fiscalYear != null && (fiscalYear < 2000 || fiscalYear > 2100)) {
            throw ApiProblems.of(HttpStatus.BAD_REQUEST, "Invalid fiscal year",
                    "fiscalYear must be a year between 2000 and 2100 (年度: 2025 = April 2025 to March 2026)");
        }
        return fiscalYear == null ? FiscalYear.of(Instant.now()) : new FiscalYear(fiscalYear);
    }

    @Configuration(proxyBeanMethods = false)
    static class ProjectionFeed {

        /** Renaming this consumer rebuilds the KPI projection from the start of every topic. */
        @Bean
        IntegrationEventConsumer kpiProjectionConsumer(IntegrationEventConsumers consumers, KpiProjection projection) {
            return consumers.create("analytics-kpi-v1", Topics.ALL, projection);
        }
    }
}
