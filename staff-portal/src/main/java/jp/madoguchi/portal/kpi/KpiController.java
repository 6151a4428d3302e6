package jp.madoguchi.portal.kpi;

import jp.madoguchi.portal.PortalProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import reactor.core.publisher.Mono;

/** The portal's home page and the KPI fragment it polls. */
@Controller
public class KpiController {

    private static final Logger log = LoggerFactory.getLogger(KpiController.class);

    private final AnalyticsClient analytics;
    private final PortalProperties props;

    public KpiController(AnalyticsClient analytics, PortalProperties props) {
        this.analytics = analytics;
        this.props = props;
    }

    @GetMapping("/")
    public String home(Model model) {
        model.addAttribute("townName", props.townName());
        return "portal/index";
    }

    @GetMapping("/fragments/kpis")
    public Mono<String> kpis(Model model) {
        return analytics.kpis(props.tenantId())
                .doOnNext(report -> {
                    model.addAttribute("fiscalYear", report.fiscalYear());
                    model.addAttribute("rows", KpiRow.of(report));
                })
                .thenReturn("portal/fragments/kpis :: kpis")
                .onErrorResume(e -> {
                    // The page stays usable and says so; the next poll tries again.
                    log.warn("event=analytics_unreachable tenant={} error={}", props.tenantId(), e.getClass().getSimpleName());
                    model.addAttribute("unreachable", true);
                    return Mono.just("portal/fragments/kpis :: kpis");
                });
    }
}
