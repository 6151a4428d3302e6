package jp.madoguchi.analytics.kpi;

import java.time.Instant;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.fiscal.FiscalYear;
import jp.madoguchi.platform.kpi.KpiReport;
import jp.madoguchi.platform.messaging.IntegrationEventConsumer;
import jp.madoguchi.platform.messaging.IntegrationEventConsumers;
import jp.madoguchi.platform.security.ApiProblems;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
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

    public KpiController(KpiQueries queries, KpiBreakdowns breakdowns, KpiRebuild rebuild) {
        this.queries = queries;
        this.breakdowns = breakdowns;
        this.rebuild = rebuild;
    }

    @GetMapping("/api/towns/{tenantId}/kpis")
    public Mono<ResponseEntity<Object>> kpis(TenantId tenant, @RequestParam(required = false) Integer fiscalYear) {
        return queries.report(tenant, year(fiscalYear)).map(ResponseEntity::ok);
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

    /** {@code POST /api/operator/kpis/rebuild}: every town's KPIs from the start of the topics (see {@link KpiRebuild}). */
    @PostMapping("/api/operator/kpis/rebuild")
    public Mono<ResponseEntity<java.util.Map<String, Object>>> rebuild() {
        return rebuild.rebuild().map(towns -> ResponseEntity.status(HttpStatus.ACCEPTED).body(java.util.Map.of("townsCleared", towns,
                "watch", "madoguchi_projection_lag_seconds{consumer=\"analytics-kpi-v1\"} falls back to 0 once caught up")));
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
