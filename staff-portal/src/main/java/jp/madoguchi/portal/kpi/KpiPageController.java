package jp.madoguchi.portal.kpi;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.madoguchi.platform.fiscal.FiscalYear;
import jp.madoguchi.portal.auth.IdentityClient;
import jp.madoguchi.portal.auth.PortalUser;
import jp.madoguchi.portal.web.ServiceClient;
import jp.madoguchi.portal.web.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.WebSession;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;

/**
 * The KPI page: each KPI against its target for every fiscal year since the grant's first ({@link #FIRST_GRANT_YEAR}),
 * as charts and as the grant's table (also as CSV), and for the chosen year the funnel of each procedure and the
 * survey's free-text answers (不満点).
 */
@Controller
class KpiPageController {

    /** The national grant's reporting starts with FY2023: the table runs from it to the current year. */
    static final int FIRST_GRANT_YEAR = 2023;

    private static final Logger log = LoggerFactory.getLogger(KpiPageController.class);
    private static final ParameterizedTypeReference<List<JsonNode>> LIST = new ParameterizedTypeReference<>() {
    };

    private final AnalyticsClient analytics;
    private final ServiceClient services;
    private final Clock clock;

    KpiPageController(AnalyticsClient analytics, ServiceClient services, Clock clock) {
        this.analytics = analytics;
        this.services = services;
        this.clock = clock;
    }

    @GetMapping("/kpis")
    Mono<String> page(@AuthenticationPrincipal PortalUser user, @RequestParam(required = false) String fiscalYear, WebSession session,
                      Model model) {
        if (user.isOperator()) {
            return Mono.just("redirect:/operator/overview");
        }
        int current = FiscalYear.current(clock).year();
        int year = FiscalYear.parse(fiscalYear, clock).year();
        model.addAttribute("fiscalYear", year);
        model.addAttribute("fiscalYears", FiscalYear.current(clock).choices());
        model.addAttribute("csvFrom", FIRST_GRANT_YEAR);
        model.addAttribute("csvTo", current);
        return Mono.zip(analytics.years(session, user.tenantId(), FIRST_GRANT_YEAR, current),
                        analytics.details(session, user.tenantId(), year),
                        analytics.comments(session, user.tenantId(), year),
                        titles(user, session),
                        resourceNames(user, session))
                .map(t -> {
                    model.addAttribute("page", KpiPage.of(t.getT1(), t.getT2(), t.getT3(), t.getT4(), t.getT5()));
                    return "portal/kpis";
                })
                .onErrorResume(e -> !(e instanceof IdentityClient.SessionExpired) && !(e instanceof ServiceException se && se.forbidden()), e -> {
                    // the page still opens and says why it has no numbers
                    log.warn("event=analytics_unreachable tenant={} error={}", user.tenantId(),
                            e instanceof ServiceException se ? "status " + se.status() : e.getClass().getSimpleName());
                    model.addAttribute("unreachable", true);
                    return Mono.just("portal/kpis");
                });
    }

    /** The grant's table for Excel, from the first grant year to the current one, under a Japanese file name. */
    @GetMapping("/kpis/grant.csv")
    Mono<ResponseEntity<byte[]>> grantCsv(@AuthenticationPrincipal PortalUser user, WebSession session) {
        if (user.isOperator()) {
            return Mono.error(new ServiceException(403, null));
        }
        int current = FiscalYear.current(clock).year();
        String name = "KPI実績_" + FIRST_GRANT_YEAR + "-" + current + "年度.csv";
        return analytics.grantCsv(session, user.tenantId(), FIRST_GRANT_YEAR, current)
                .map(file -> ResponseEntity.ok()
                        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                        // RFC 6266 filename* only, as for the applications CSV
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename*=UTF-8''" + UriUtils.encode(name, StandardCharsets.UTF_8))
                        .body(file.getBody() == null ? new byte[0] : file.getBody()));
    }

    /** Resource names by id, so utilisation shows names; without conversation-service the ids stand in. */
    private Mono<Map<String, String>> resourceNames(PortalUser user, WebSession session) {
        return names(session, ServiceClient.Service.CONVERSATION, "/api/towns/{tenantId}/resources", user.tenantId(), "resourceId", "name");
    }

    /** Procedure titles by id, so funnels show names; without procedure-service the ids stand in. */
    private Mono<Map<String, String>> titles(PortalUser user, WebSession session) {
        return names(session, ServiceClient.Service.PROCEDURE, "/api/towns/{tenantId}/procedures", user.tenantId(), "procedureId", "title");
    }

    /** A service's list as names by id (the id where a name is missing); empty when the service does not answer. */
    private Mono<Map<String, String>> names(WebSession session, ServiceClient.Service service, String path, String tenantId, String id,
                                            String name) {
        return services.get(session, service, LIST, path, tenantId)
                .map(list -> {
                    Map<String, String> names = new HashMap<>();
                    list.forEach(item -> names.put(item.path(id).asText(), item.path(name).asText(item.path(id).asText())));
                    return names;
                })
                .defaultIfEmpty(Map.of())
                .onErrorResume(e -> !(e instanceof IdentityClient.SessionExpired), e -> Mono.just(Map.of()));
    }
}
