package jp.madoguchi.portal.kpi;

import jp.madoguchi.platform.kpi.KpiReport;
import jp.madoguchi.portal.web.ServiceClient;
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

    public Mono<KpiReport> kpis(WebSession session, String tenantId, int fiscalYear) {
        return services.get(session, ServiceClient.Service.ANALYTICS, KpiReport.class,
                "/api/towns/{tenantId}/kpis?fiscalYear={fiscalYear}", tenantId, fiscalYear);
    }
}
