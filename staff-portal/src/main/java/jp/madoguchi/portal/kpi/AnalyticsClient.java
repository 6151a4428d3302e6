package jp.madoguchi.portal.kpi;

import java.util.List;
import java.util.Map;
import jp.madoguchi.platform.kpi.KpiReport;
import jp.madoguchi.portal.web.ServiceClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/** Reads a town's KPIs from analytics-service with the signed-in member's token. */
@Component
class AnalyticsClient {

    private final ServiceClient services;

    public AnalyticsClient(ServiceClient services) {
        this.services = services;
    }

    /** What the KPI page shows of the year's details: the funnels (analytics-service's {@code KpiDetails}, in part). */
    record Details(List<Funnel> funnels) {
    }

    record Funnel(String procedureId, long started, long inProgress, long completed, long abandoned, Map<String, Long> abandonedAtStep,
                  String worstStep) {
    }

    record Comment(int score, String comment, long answeredAtMs) {
    }

    private static final ParameterizedTypeReference<List<KpiReport>> REPORTS = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<List<Comment>> COMMENTS = new ParameterizedTypeReference<>() {
    };

    /** Each fiscal year's report from {@code from} to {@code to}, oldest first. */
    Mono<List<KpiReport>> years(WebSession session, String tenantId, int from, int to) {
        return services.get(session, ServiceClient.Service.ANALYTICS, REPORTS,
                "/api/towns/{tenantId}/kpis/years?from={from}&to={to}", tenantId, from, to);
    }

    Mono<Details> details(WebSession session, String tenantId, int fiscalYear) {
        return services.get(session, ServiceClient.Service.ANALYTICS, Details.class,
                "/api/towns/{tenantId}/kpis/details?fiscalYear={fiscalYear}", tenantId, fiscalYear);
    }

    Mono<List<Comment>> comments(WebSession session, String tenantId, int fiscalYear) {
        return services.get(session, ServiceClient.Service.ANALYTICS, COMMENTS,
                "/api/towns/{tenantId}/kpis/comments?fiscalYear={fiscalYear}", tenantId, fiscalYear);
    }

    /** The grant's table as analytics-service writes it for Excel (UTF-8 with BOM), bytes untouched. */
    Mono<ResponseEntity<byte[]>> grantCsv(WebSession session, String tenantId, int from, int to) {
        return services.download(session, ServiceClient.Service.ANALYTICS, "/api/towns/{tenantId}/kpis/grant.csv?from={from}&to={to}",
                tenantId, from, to);
    }

    public Mono<KpiReport> kpis(WebSession session, String tenantId, int fiscalYear) {
        return services.get(session, ServiceClient.Service.ANALYTICS, KpiReport.class,
                "/api/towns/{tenantId}/kpis?fiscalYear={fiscalYear}", tenantId, fiscalYear);
    }
}
