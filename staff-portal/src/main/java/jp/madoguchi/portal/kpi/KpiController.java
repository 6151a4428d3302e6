package jp.madoguchi.portal.kpi;

import java.time.Clock;
import jp.madoguchi.platform.fiscal.FiscalYear;
import jp.madoguchi.portal.auth.IdentityClient;
import jp.madoguchi.portal.auth.PortalUser;
import jp.madoguchi.portal.web.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/** The dashboard: the town's KPIs for a fiscal year, refreshed by an htmx poll of the fragment. */
@Controller
class KpiController {

    private static final Logger log = LoggerFactory.getLogger(KpiController.class);

    private final AnalyticsClient analytics;
    private final Clock clock;

    public KpiController(AnalyticsClient analytics, Clock clock) {
        this.analytics = analytics;
        this.clock = clock;
    }

    @GetMapping("/")
    public String home(@AuthenticationPrincipal PortalUser user, @RequestParam(required = false) String fiscalYear, Model model) {
        if (user.isOperator()) {
            return "redirect:/operator/towns";
        }
        int year = FiscalYear.parse(fiscalYear, clock).year();
        model.addAttribute("fiscalYear", year);
        model.addAttribute("fiscalYears", FiscalYear.current(clock).choices());
        return "portal/index";
    }

    @GetMapping("/fragments/kpis")
    public Mono<String> kpis(@AuthenticationPrincipal PortalUser user, @RequestParam(required = false) String fiscalYear,
                             WebSession session, Model model) {
        if (user.isOperator()) {
            return Mono.error(new ServiceException(403, null));
        }
        int year = FiscalYear.parse(fiscalYear, clock).year();
        model.addAttribute("fiscalYear", year);
        return analytics.kpis(session, user.tenantId(), year)
                .doOnNext(report -> model.addAttribute("rows", KpiRow.of(report)))
                .thenReturn("portal/fragments/kpis :: kpis")
                .onErrorResume(e -> !(e instanceof IdentityClient.SessionExpired) && !(e instanceof ServiceException se && se.forbidden()), e -> {
                    // The page stays usable and says so; the next poll tries again.
                    log.warn("event=analytics_unreachable tenant={} error={}", user.tenantId(),
                            e instanceof ServiceException se ? "status " + se.status() : e.getClass().getSimpleName());
                    model.addAttribute("unreachable", true);
                    return Mono.just("portal/fragments/kpis :: kpis");
                });
    }
}
