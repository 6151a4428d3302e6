package jp.madoguchi.portal.application;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.madoguchi.portal.auth.PortalUser;
import jp.madoguchi.portal.web.ServiceClient;
import jp.madoguchi.portal.web.ServiceClient.Service;
import jp.madoguchi.portal.web.ServiceException;
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
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;

/** 申請: the town's work queue (filters, 50 a page, newest first, CSV for Excel); one application is {@link ApplicationPagesController}. */
@Controller
class ApplicationQueueController {

    static final int PAGE_SIZE = 50;
    static final String CSV_NAME = "申請一覧.csv";
    private static final ParameterizedTypeReference<List<JsonNode>> PROCEDURES = new ParameterizedTypeReference<>() {
    };
    private static final String QUEUE_QUERY = "?procedureId={procedureId}&status={status}&from={from}&to={to}&assignee={assignee}";

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

    public ApplicationQueueController(ServiceClient services) {
        this.services = services;
    }

    @GetMapping("/applications")
    public Mono<String> queue(@AuthenticationPrincipal PortalUser user, @RequestParam(required = false) String procedureId,
                              @RequestParam(required = false) String status, @RequestParam(required = false) String from,
                              @RequestParam(required = false) String to, @RequestParam(required = false) String assignee,
                              @RequestParam(defaultValue = "0") int page, WebSession session, Model model) {
        Filters filters = Filters.of(procedureId, status, from, to, assignee);
        int p = Math.max(0, page);
        Mono<Map<String, String>> titles = titles(services, user, session);
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

    /** The staff id a filter means: "me" is the signed-in member, "none" unassigned, anything else anyone. */
    private Mono<String> assignee(Filters filters, WebSession session) {
        return switch (filters.assignee()) {
            case "me" -> services.staffId(session)
                    .switchIfEmpty(Mono.error(new ServiceException(400, "担当者を確かめられませんでした。ログインし直してください。")));
            case "none" -> Mono.just("none");
            default -> Mono.just("");
        };
    }

    /** Procedure titles by id, so the queue and an application's page show names, not ids. */
    static Mono<Map<String, String>> titles(ServiceClient services, PortalUser user, WebSession session) {
        return services.get(session, Service.PROCEDURE, PROCEDURES, "/api/towns/{tenantId}/procedures", user.tenantId())
                .map(list -> {
                    Map<String, String> titles = new LinkedHashMap<>();
                    list.forEach(p -> titles.put(p.path("procedureId").asText(), p.path("title").asText(p.path("procedureId").asText())));
                    return titles;
                })
                .onErrorResume(e -> e instanceof ServiceException se && se.status() != 401, e -> Mono.just(Map.of()));
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
}
