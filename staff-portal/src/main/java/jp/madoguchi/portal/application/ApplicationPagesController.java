package jp.madoguchi.portal.application;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.madoguchi.portal.auth.PortalUser;
import jp.madoguchi.portal.web.ServiceClient;
import jp.madoguchi.portal.web.ServiceClient.Service;
import jp.madoguchi.portal.web.ServiceException;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;

/**
 * 申請: the town's work queue (filters, 50 a page, newest first, CSV for Excel) and one application's
 * page (answers, attachments, history, and for staff: status, assignment, notes, messages). Writes are
 * stored before the queue shows them, so after a change the page waits briefly for the queue to catch up.
 */
@Controller
public class ApplicationPagesController {

    static final int PAGE_SIZE = 50;
    static final String CSV_NAME = "申請一覧.csv";
    private static final int CATCH_UP_TRIES = 20;
    private static final Duration CATCH_UP_PAUSE = Duration.ofMillis(150);
    private static final ParameterizedTypeReference<List<JsonNode>> PROCEDURES = new ParameterizedTypeReference<>() {
    };
    private static final String QUEUE_QUERY = "?procedureId={procedureId}&status={status}&from={from}&to={to}&assignee={assignee}";

    private static final Map<String, String> DONE = Map.of(
            "status", "状態を変更しました。",
            "assign", "担当にしました。",
            "note", "内部メモを追加しました。",
            "message", "住民へのメッセージを受け付けました。LINE などで順に届けられます。");

    /** The queue's filters as the page's form has them; {@code assignee} is me, none or empty (anyone). */
    public record Filters(String procedureId, String status, String from, String to, String assignee) {

        static Filters of(String procedureId, String status, String from, String to, String assignee) {
            return new Filters(clean(procedureId), clean(status), clean(from), clean(to), clean(assignee));
        }

        /** The page's own query string for these filters, for links (paging, CSV). */
        public String query(int page) {
            UriComponentsBuilder b = UriComponentsBuilder.newInstance();
            add(b, "procedureId", procedureId);
            add(b, "status", status);
            add(b, "from", from);
            add(b, "to", to);
            add(b, "assignee", assignee);
            if (page > 0) {
                b.queryParam("page", page);
            }
            String q = b.encode().build().getQuery();
            return q == null ? "" : "?" + q;
        }

        private static void add(UriComponentsBuilder b, String name, String value) {
            if (!value.isEmpty()) {
                b.queryParam(name, value);
            }
        }

        private static String clean(String s) {
            return s == null ? "" : s.strip();
        }
    }

    private final ServiceClient services;

    public ApplicationPagesController(ServiceClient services) {
        this.services = services;
    }

    @GetMapping("/applications")
    public Mono<String> queue(@AuthenticationPrincipal PortalUser user, @RequestParam(required = false) String procedureId,
                              @RequestParam(required = false) String status, @RequestParam(required = false) String from,
                              @RequestParam(required = false) String to, @RequestParam(required = false) String assignee,
                              @RequestParam(defaultValue = "0") int page, WebSession session, Model model) {
        Filters filters = Filters.of(procedureId, status, from, to, assignee);
        int p = Math.max(0, page);
        Mono<Map<String, String>> titles = titles(user, session);
        Mono<ApplicationViews.Page> items = assignee(filters, session).flatMap(a -> services.get(session, Service.PROCEDURE,
                        ApplicationViews.Page.class, "/api/towns/{tenantId}/applications" + QUEUE_QUERY + "&page={page}&size={size}",
                        user.tenantId(), filters.procedureId(), filters.status(), filters.from(), filters.to(), a, p, PAGE_SIZE))
                .onErrorResume(e -> e instanceof ServiceException se && se.status() == 400, e -> {
                    model.addAttribute("error", "条件を確かめてください。" + problems((ServiceException) e));
                    return Mono.just(new ApplicationViews.Page(List.of(), 0, PAGE_SIZE, 0));
                });
        return Mono.zip(titles, items).map(both -> {
            model.addAttribute("titles", both.getT1());
            model.addAttribute("queue", both.getT2());
            model.addAttribute("filters", filters);
            model.addAttribute("statuses", ApplicationViews.STATUSES);
            return "portal/applications";
        });
    }

    /** The queue as CSV for Excel: procedure-service's bytes as they are (UTF-8 with BOM), under a Japanese file name. */
    @GetMapping("/applications.csv")
    public Mono<ResponseEntity<byte[]>> csv(@AuthenticationPrincipal PortalUser user, @RequestParam(required = false) String procedureId,
                                            @RequestParam(required = false) String status, @RequestParam(required = false) String from,
                                            @RequestParam(required = false) String to, @RequestParam(required = false) String assignee,
                                            WebSession session) {
        Filters filters = Filters.of(procedureId, status, from, to, assignee);
        return assignee(filters, session).flatMap(a -> services.download(session, Service.PROCEDURE,
                        "/api/towns/{tenantId}/applications.csv" + QUEUE_QUERY,
                        user.tenantId(), filters.procedureId(), filters.status(), filters.from(), filters.to(), a))
                .map(file -> ResponseEntity.ok()
                        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                        // RFC 6266 filename* only: Spring's builder would add an RFC 2047 "=?UTF-8?Q?…" filename browsers show as is
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename*=UTF-8''" + UriUtils.encode(CSV_NAME, StandardCharsets.UTF_8))
                        .body(file.getBody() == null ? new byte[0] : file.getBody()));
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
        return fetch(user, applicationId, session).flatMap(app -> Mono.zip(titles(user, session), labels(user, app, session),
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

    /** The staff id a filter means: "me" is the signed-in member, "none" unassigned, anything else anyone. */
    private Mono<String> assignee(Filters filters, WebSession session) {
        return switch (filters.assignee()) {
            case "me" -> services.staffId(session)
                    .switchIfEmpty(Mono.error(new ServiceException(400, "担当者を確かめられませんでした。ログインし直してください。")));
            case "none" -> Mono.just("none");
            default -> Mono.just("");
        };
    }

    /** Procedure titles by id, so the queue shows names, not ids. */
    private Mono<Map<String, String>> titles(PortalUser user, WebSession session) {
        return services.get(session, Service.PROCEDURE, PROCEDURES, "/api/towns/{tenantId}/procedures", user.tenantId())
                .map(list -> {
                    Map<String, String> titles = new LinkedHashMap<>();
                    list.forEach(p -> titles.put(p.path("procedureId").asText(), p.path("title").asText(p.path("procedureId").asText())));
                    return titles;
                })
                .onErrorResume(e -> e instanceof ServiceException se && se.status() != 401, e -> Mono.just(Map.of()));
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

    private static String problems(ServiceException e) {
        StringBuilder text = new StringBuilder();
        for (JsonNode p : e.problem().path("problems")) {
            text.append("（").append(p.isTextual() ? p.asText() : p.path("message").asText(p.toString())).append("）");
        }
        return text.isEmpty() ? detail(e) : text.toString();
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
