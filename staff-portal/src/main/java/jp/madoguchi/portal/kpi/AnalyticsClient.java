package jp.madoguchi.portal.kpi;

import jp.madoguchi.portal.PortalProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/** Reads a town's KPIs from analytics-service; bounded by a timeout so a slow service cannot hang a page. */
@Component
public class AnalyticsClient {

    private final WebClient web;
    private final PortalProperties props;

    public AnalyticsClient(WebClient.Builder builder, PortalProperties props) {
        this.web = builder.baseUrl(props.analyticsUrl().toString()).build();
        this.props = props;
    }

    public Mono<KpiReport> kpis(String tenantId) {
        return web.get()
                .uri(uri -> uri.path("/api/kpis").queryParam("tenant", tenantId).build())
                .retrieve()
                .bodyToMono(KpiReport.class)
                .timeout(props.analyticsTimeout());
    }
}
