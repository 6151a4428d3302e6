package jp.madoguchi.portal.operator;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.madoguchi.platform.fiscal.FiscalYear;
import jp.madoguchi.portal.auth.IdentityClient;
import jp.madoguchi.portal.web.ServiceClient;
import jp.madoguchi.portal.web.ServiceException;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The vendor's pages (operators only, see PortalSecurity): 自治体一覧, onboarding a town with its first
 * admin (whose invitation code is shown once), suspending and reactivating a town.
 */
@Controller
class OperatorController {

    public record TownSummary(String tenantId, String name, String prefecture, String status) {

        public boolean suspended() {
            return "SUSPENDED".equalsIgnoreCase(status);
        }
    }

    public record Onboarded(String tenantId, String adminInvitationCode) {

        @Override
        public String toString() {
            return "Onboarded[tenantId=" + tenantId + "]";
        }
    }

    private static final ParameterizedTypeReference<List<TownSummary>> TOWNS = new ParameterizedTypeReference<>() {
    };

    private static final ParameterizedTypeReference<List<OperatorOverview.Activity>> ACTIVITY = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<List<OperatorOverview.Parked>> PARKED = new ParameterizedTypeReference<>() {
    };
    /** The services the portal can ask for parked events (conversation- and notification-service have no portal client). */
    private static final Map<String, ServiceClient.Service> PARKING_SERVICES = Map.of("tenant-service", ServiceClient.Service.TENANT,
            "procedure-service", ServiceClient.Service.PROCEDURE, "analytics-service", ServiceClient.Service.ANALYTICS);

    private final ServiceClient services;
    private final Clock clock;

    public OperatorController(ServiceClient services, Clock clock) {
        this.services = services;
        this.clock = clock;
    }

    @GetMapping("/operator/towns")
    public Mono<String> towns(@RequestParam(required = false) String saved, WebSession session, Model model) {
        if ("suspended".equals(saved)) {
            model.addAttribute("notice", "自治体を停止しました。");
        } else if ("reactivated".equals(saved)) {
            model.addAttribute("notice", "自治体を再開しました。");
        }
        return page(session, model);
    }

    private Mono<String> page(WebSession session, Model model) {
        return services.get(session, ServiceClient.Service.TENANT, TOWNS, "/api/operator/towns")
                .map(towns -> {
                    model.addAttribute("towns", towns);
                    return "portal/operator-towns";
                });
    }

    /**
     * Every town on one page: its activity this fiscal year (analytics-service) and its health (status, and the events
     * that tenant-, procedure- and analytics-service parked for it). A service that does not answer is named, not zeroed.
     */
    @GetMapping("/operator/overview")
    public Mono<String> overview(WebSession session, Model model) {
        int year = FiscalYear.current(clock).year();
        List<String> unreachable = new java.util.concurrent.CopyOnWriteArrayList<>();
        Mono<Optional<List<OperatorOverview.Activity>>> activity = services.get(session, ServiceClient.Service.ANALYTICS, ACTIVITY,
                        "/api/operator/kpis/towns?fiscalYear={year}", year)
                .map(Optional::of)
                .onErrorResume(e -> !(e instanceof IdentityClient.SessionExpired), e -> {
                    unreachable.add("analytics-service");
                    return Mono.just(Optional.empty());
                });
        Mono<Map<String, List<OperatorOverview.Parked>>> parked = Flux.fromIterable(PARKING_SERVICES.entrySet())
                .flatMap(s -> services.get(session, s.getValue(), PARKED, "/api/operator/parked-events?status=PARKED")
                        .map(list -> Map.entry(s.getKey(), list))
                        .onErrorResume(e -> !(e instanceof IdentityClient.SessionExpired), e -> {
                            unreachable.add(s.getKey());
                            return Mono.empty();
                        }))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
        return Mono.zip(services.get(session, ServiceClient.Service.TENANT, TOWNS, "/api/operator/towns"), activity, parked)
                .map(t -> {
                    model.addAttribute("overview", OperatorOverview.of(year, t.getT1(), t.getT2().orElse(null), t.getT3(),
                            unreachable.stream().sorted().toList()));
                    return "portal/operator-overview";
                });
    }

    @PostMapping("/operator/towns")
    public Mono<String> onboard(ServerWebExchange exchange, WebSession session, Model model) {
        return exchange.getFormData().flatMap(form -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("tenantId", strip(form.getFirst("tenantId")));
            body.put("name", strip(form.getFirst("name")));
            body.put("nameKana", strip(form.getFirst("nameKana")));
            body.put("prefecture", strip(form.getFirst("prefecture")));
            String population = strip(form.getFirst("population"));
            body.put("population", population == null || !population.replace(",", "").matches("\\d{1,9}") ? null
                    : Long.parseLong(population.replace(",", "")));
            Map<String, String> admin = new LinkedHashMap<>();
            admin.put("loginId", strip(form.getFirst("adminLoginId")));
            admin.put("displayName", strip(form.getFirst("adminDisplayName")));
            body.put("admin", admin);
            return services.send(session, HttpMethod.POST, body, Onboarded.class, "/api/operator/towns")
                    .flatMap(onboarded -> {
                        // Rendered once, never redirected: the code must not end up in a URL.
                        model.addAttribute("onboarded", onboarded);
                        model.addAttribute("onboardedName", body.get("name"));
                        model.addAttribute("adminLoginId", admin.get("loginId"));
                        return page(session, model);
                    })
                    .onErrorResume(e -> e instanceof ServiceException se && se.rejected(), e -> {
                        ServiceException se = (ServiceException) e;
                        model.addAttribute("error", "登録できませんでした。" + (se.detail() == null ? "" : "（" + se.detail() + "）"));
                        model.addAttribute("form", form.toSingleValueMap());
                        return page(session, model);
                    });
        });
    }

    @PostMapping("/operator/towns/{tenantId}/suspend")
    public Mono<String> suspend(@PathVariable String tenantId, ServerWebExchange exchange, WebSession session, Model model) {
        return exchange.getFormData().flatMap(form -> {
            String reason = strip(form.getFirst("reason"));
            return change(session, model, "suspended", services.send(session, HttpMethod.POST,
                    Map.of("reason", reason == null || reason.isEmpty() ? "運営事業者による停止" : reason), Void.class,
                    "/api/operator/towns/{tenantId}/suspend", tenantId));
        });
    }

    @PostMapping("/operator/towns/{tenantId}/reactivate")
    public Mono<String> reactivate(@PathVariable String tenantId, WebSession session, Model model) {
        return change(session, model, "reactivated",
                services.send(session, HttpMethod.POST, null, Void.class, "/api/operator/towns/{tenantId}/reactivate", tenantId));
    }

    private Mono<String> change(WebSession session, Model model, String what, Mono<Void> change) {
        return change.then(Mono.just("redirect:/operator/towns?saved=" + what))
                .onErrorResume(e -> e instanceof ServiceException se && se.rejected(), e -> {
                    ServiceException se = (ServiceException) e;
                    model.addAttribute("error", "変更できませんでした。" + (se.detail() == null ? "" : "（" + se.detail() + "）"));
                    return page(session, model);
                });
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }
}
