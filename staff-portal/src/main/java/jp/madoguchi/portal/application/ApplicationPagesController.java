package jp.madoguchi.portal.application;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.madoguchi.portal.auth.PortalUser;
import jp.madoguchi.portal.web.ServiceClient;
import jp.madoguchi.portal.web.ServiceClient.Service;
import jp.madoguchi.portal.web.ServiceException;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/**
 * 申請: one application's page (answers, attachments, history, and for staff: status, assignment, notes,
 * messages); the queue is {@link ApplicationQueueController}. Writes are stored before the queue shows them,
 * so after a change the page waits briefly for the queue to catch up.
 */
@Controller
class ApplicationPagesController {

    private static final int CATCH_UP_TRIES = 20;
    private static final Duration CATCH_UP_PAUSE = Duration.ofMillis(150);

    private static final Map<String, String> DONE = Map.of(
            "status", "状態を変更しました。",
            "assign", "担当にしました。",
            "note", "内部メモを追加しました。",
            "message", "住民へのメッセージを受け付けました。LINE などで順に届けられます。");

    private final ServiceClient services;

    public ApplicationPagesController(ServiceClient services) {
        this.services = services;
    }

    @GetMapping("/applications/{applicationId}")
    public Mono<String> detail(@AuthenticationPrincipal PortalUser user, @PathVariable String applicationId,
                               @RequestParam(required = false) String done, WebSession session, Model model) {
        if (done != null && DONE.containsKey(done)) {
            model.addAttribute("notice", DONE.get(done));
        }
        return detailPage(user, applicationId, session, model);
    }

    private Mono<String> detailPage(PortalUser user, String applicationId, WebSession session, Model model) {
        return fetch(user, applicationId, session).flatMap(app -> Mono.zip(ApplicationQueueController.titles(services, user, session), labels(user, app, session),
                        services.staffId(session).defaultIfEmpty(""))
                .map(all -> {
                    Map<String, String> labels = all.getT2();
                    Map<String, String> answers = new LinkedHashMap<>();
                    app.answers().forEach((key, value) -> answers.put(labels.getOrDefault(key, key), value));
                    model.addAttribute("app", app);
                    model.addAttribute("procedureTitle", all.getT1().getOrDefault(app.procedureId(), app.procedureId()));
                    model.addAttribute("answers", answers);
                    model.addAttribute("nextStatuses", ApplicationViews.nextStatuses(app.status()));
                    model.addAttribute("canEdit", !user.isViewer());
                    model.addAttribute("assignedToMe", !all.getT3().isEmpty() && all.getT3().equals(app.assigneeId()));
                    model.addAttribute("canAssign", !all.getT3().isEmpty());
                    return "portal/application";
                }));
    }

    @PostMapping("/applications/{applicationId}/status")
    public Mono<String> changeStatus(@AuthenticationPrincipal PortalUser user, @PathVariable String applicationId, ServerWebExchange exchange,
                                     WebSession session, Model model) {
        return exchange.getFormData().flatMap(form -> {
            String to = value(form, "to");
            String reason = value(form, "reason");
            if (to.isEmpty()) {
                model.addAttribute("error", "変更後の状態を選んでください。");
                return detailPage(user, applicationId, session, model);
            }
            if ("REJECTED".equals(to) && reason.isEmpty()) {
                model.addAttribute("error", "却下するときは理由を入力してください。理由は住民に伝えられます。");
                model.addAttribute("statusForm", Map.of("to", to, "reason", reason));
                return detailPage(user, applicationId, session, model);
            }
            return write(user, applicationId, form, session, model, "status", "状態を変更できませんでした。",
                    services.send(session, Service.PROCEDURE, HttpMethod.POST, null, Map.of("to", to, "reason", reason), Void.class,
                            "/api/towns/{tenantId}/applications/{applicationId}/status", user.tenantId(), applicationId));
        });
    }

    @PostMapping("/applications/{applicationId}/assign")
    public Mono<String> assign(@AuthenticationPrincipal PortalUser user, @PathVariable String applicationId, ServerWebExchange exchange,
                               WebSession session, Model model) {
        return exchange.getFormData().flatMap(form -> services.staffId(session)
                .switchIfEmpty(Mono.error(new ServiceException(400, "担当者を確かめられませんでした。ログインし直してください。")))
                .flatMap(me -> write(user, applicationId, form, session, model, "assign", "担当にできませんでした。",
                        services.send(session, Service.PROCEDURE, HttpMethod.POST, null,
                                Map.of("staffId", me, "staffName", user.displayName()), Void.class,
                                "/api/towns/{tenantId}/applications/{applicationId}/assign", user.tenantId(), applicationId))));
    }

    @PostMapping("/applications/{applicationId}/notes")
    public Mono<String> note(@AuthenticationPrincipal PortalUser user, @PathVariable String applicationId, ServerWebExchange exchange,
                             WebSession session, Model model) {
        return exchange.getFormData().flatMap(form -> text(user, applicationId, form, session, model, "note", "notes", "内部メモ"));
    }

    @PostMapping("/applications/{applicationId}/messages")
    public Mono<String> message(@AuthenticationPrincipal PortalUser user, @PathVariable String applicationId, ServerWebExchange exchange,
                                WebSession session, Model model) {
        return exchange.getFormData().flatMap(form -> text(user, applicationId, form, session, model, "message", "messages", "メッセージ"));
    }

    private Mono<String> text(PortalUser user, String applicationId, MultiValueMap<String, String> form, WebSession session, Model model,
                              String done, String route, String what) {
        String text = value(form, "text");
        if (text.isEmpty()) {
            model.addAttribute("error", what + "を入力してください。");
            return detailPage(user, applicationId, session, model);
        }
        return write(user, applicationId, form, session, model, done, what + "を送れませんでした。",
                services.send(session, Service.PROCEDURE, HttpMethod.POST, null, Map.of("text", text), JsonNode.class,
                        "/api/towns/{tenantId}/applications/{applicationId}/" + route, user.tenantId(), applicationId).then());
    }

    /**
     * Makes the change, waits (briefly) until the queue shows one more history entry than the page
     * did, then shows the page again; a refusal is shown on the page with the service's reason.
     */
    private Mono<String> write(PortalUser user, String applicationId, MultiValueMap<String, String> form, WebSession session, Model model,
                               String done, String failed, Mono<Void> change) {
        int seen = number(value(form, "seen"));
        return change
                .then(Mono.defer(() -> fetch(user, applicationId, session))
                        .filter(app -> app.history().size() > seen)
                        .repeatWhenEmpty(CATCH_UP_TRIES, attempts -> attempts.delayElements(CATCH_UP_PAUSE))
                        .then(Mono.just("redirect:/applications/" + applicationId + "?done=" + done)))
                .onErrorResume(e -> e instanceof ServiceException se && se.rejected() && se.status() != 404, e -> {
                    ServiceException se = (ServiceException) e;
                    model.addAttribute("error", failed + (se.status() == 409 ? "いまの状態ではできない操作です。" : "") + detail(se));
                    return detailPage(user, applicationId, session, model);
                });
    }

    private Mono<ApplicationViews.Detail> fetch(PortalUser user, String applicationId, WebSession session) {
        return services.get(session, Service.PROCEDURE, ApplicationViews.Detail.class, "/api/towns/{tenantId}/applications/{applicationId}",
                user.tenantId(), applicationId);
    }

    /** The questions' labels by field (and step id) in the version the resident answered; empty when it cannot be read. */
    private Mono<Map<String, String>> labels(PortalUser user, ApplicationViews.Detail app, WebSession session) {
        return services.get(session, Service.PROCEDURE, JsonNode.class, "/api/towns/{tenantId}/procedures/{procedureId}/versions/{version}",
                        user.tenantId(), app.procedureId(), app.procedureVersion())
                .map(version -> {
                    Map<String, String> labels = new LinkedHashMap<>();
                    for (JsonNode step : version.path("definition").path("steps")) {
                        String label = step.path("label").asText("");
                        if (!label.isBlank()) {
                            labels.putIfAbsent(step.path("id").asText(), label);
                            if (step.hasNonNull("field")) {
                                labels.put(step.path("field").asText(), label);
                            }
                        }
                    }
                    return labels;
                })
                .onErrorResume(e -> e instanceof ServiceException se && se.status() != 401, e -> Mono.just(Map.<String, String>of()));
    }

    private static String detail(ServiceException e) {
        return e.detail() == null ? "" : "（" + e.detail() + "）";
    }

    private static String value(MultiValueMap<String, String> form, String key) {
        String v = form.getFirst(key);
        return v == null ? "" : v.strip();
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
