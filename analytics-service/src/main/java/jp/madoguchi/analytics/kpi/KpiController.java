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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/towns/{tenantId}/kpis[?fiscalYear=2025]}: the town's KPIs for a fiscal year
 * (default: the current one). The platform's security lets only that town's staff in.
 */
@RestController
public class KpiController {

    private final KpiQueries queries;

    public KpiController(KpiQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/towns/{tenantId}/kpis")
    public Mono<ResponseEntity<Object>> kpis(TenantId tenant, @RequestParam(required = false) Integer fiscalYear) {
        if (fiscalYear != null && (fiscalYear < 2000 || fiscalYear > 2100)) {
            throw ApiProblems.of(HttpStatus.BAD_REQUEST, "Invalid fiscal year",
                    "fiscalYear must be a year between 2000 and 2100 (年度: 2025 = April 2025 to March 2026)");
        }
        FiscalYear year = fiscalYear == null ? FiscalYear.of(Instant.now()) : new FiscalYear(fiscalYear);
        return queries.report(tenant, year).map(ResponseEntity::ok);
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
