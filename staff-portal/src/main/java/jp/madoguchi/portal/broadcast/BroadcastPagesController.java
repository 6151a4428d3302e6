package jp.madoguchi.portal.broadcast;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.madoguchi.portal.auth.PortalUser;
import jp.madoguchi.portal.web.ServiceClient;
import jp.madoguchi.portal.web.ServiceClient.Service;
import jp.madoguchi.portal.web.ServiceException;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/**
 * お知らせ配信: staff compose a notice, choose all friends or a saved segment, see the preview, the audience's size and
 * the month's LINE quota, then approve, send now or at a time, or cancel; progress updates live while it is sent.
 * Everything goes to notification-service for the signed-in member's own town.
 */
@Controller
class BroadcastPagesController {

    static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm").withZone(JAPAN);
    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<Map<String, Object>> ONE = new ParameterizedTypeReference<>() {
    };
    private static final Map<String, String> STATUS = Map.of("DRAFT", "下書き", "SCHEDULED", "送信予約", "SENDING", "送信中",
            "SENT", "送信済み", "CANCELLED", "取り消し");
    private static final Map<String, String> DONE = Map.of("approve", "承認しました。", "send", "送信を受け付けました。",
            "cancel", "取り消しました。", "draft", "下書きを保存しました。内容と送信先を確認してから送信してください。");

    private final ServiceClient services;

    BroadcastPagesController(ServiceClient services) {
        this.services = services;
    }

    @GetMapping("/broadcasts")
    Mono<String> list(@AuthenticationPrincipal PortalUser user, WebSession session, Model model) {
        return listPage(user, session, model);
    }

    private Mono<String> listPage(PortalUser user, WebSession session, Model model) {
        return Mono.zip(services.get(session, Service.NOTIFICATION, LIST, "/api/towns/{tenantId}/broadcasts", user.tenantId()),
                        services.get(session, Service.NOTIFICATION, LIST, "/api/towns/{tenantId}/segments", user.tenantId()))
                .map(t -> {
                    model.addAttribute("broadcasts", t.getT1().stream().map(BroadcastPagesController::row).toList());
                    model.addAttribute("segments", t.getT2());
                    model.addAttribute("canSend", !user.isViewer());
                    return "portal/broadcasts";
                });
    }

    @PostMapping("/broadcasts")
    Mono<String> draft(@AuthenticationPrincipal PortalUser user, ServerWebExchange exchange, WebSession session, Model model) {
        return exchange.getFormData().flatMap(form -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("title", form.getFirst("title"));
            body.put("text", form.getFirst("text"));
            body.put("imageUrl", blankToNull(form.getFirst("imageUrl")));
            body.put("procedureId", blankToNull(form.getFirst("procedureId")));
            String segment = blankToNull(form.getFirst("segmentId"));
            if (segment != null) {
                body.put("audience", Map.of("segmentId", segment));
            }
            return services.send(session, Service.NOTIFICATION, HttpMethod.POST, null, body, Map.class, "/api/towns/{tenantId}/broadcasts",
                            user.tenantId())
                    .map(created -> "redirect:/broadcasts/" + created.get("id") + "?done=draft")
                    .onErrorResume(e -> e instanceof ServiceException se && se.rejected(), e -> {
                        model.addAttribute("error", "保存できませんでした。" + problems((ServiceException) e));
                        model.addAttribute("form", form.toSingleValueMap());
                        return listPage(user, session, model);
                    });
        });
    }

    @GetMapping("/broadcasts/{id}")
    Mono<String> detail(@AuthenticationPrincipal PortalUser user, @PathVariable String id, @RequestParam(required = false) String done,
                        WebSession session, Model model) {
        if (done != null && DONE.containsKey(done)) {
            model.addAttribute("notice", DONE.get(done));
        }
        return detailPage(user, id, session, model);
    }

    /** htmx, every 2 s while it is scheduled or being sent: the status and figures. */
    @GetMapping("/broadcasts/{id}/progress")
    Mono<String> progress(@AuthenticationPrincipal PortalUser user, @PathVariable String id, WebSession session, Model model) {
        return services.get(session, Service.NOTIFICATION, ONE, "/api/towns/{tenantId}/broadcasts/{id}", user.tenantId(), id)
                .map(b -> {
                    model.addAttribute("b", row(b));
                    return "portal/broadcast :: progress";
                });
    }

    @PostMapping("/broadcasts/{id}/{action:approve|send|cancel}")
    Mono<String> act(@AuthenticationPrincipal PortalUser user, @PathVariable String id, @PathVariable String action, ServerWebExchange exchange,
                     WebSession session, Model model) {
        return exchange.getFormData().flatMap(form -> {
            Map<String, Object> body = new LinkedHashMap<>();
            if (action.equals("send") && blankToNull(form.getFirst("sendAt")) != null) {
                try {
                    body.put("sendAt", LocalDateTime.parse(form.getFirst("sendAt")).atZone(JAPAN).toInstant().toString());
                } catch (DateTimeParseException e) {
                    model.addAttribute("error", "送信日時が正しくありません。");
                    return detailPage(user, id, session, model);
                }
            }
            return services.send(session, Service.NOTIFICATION, HttpMethod.POST, null, body, Map.class,
                            "/api/towns/{tenantId}/broadcasts/{id}/" + action, user.tenantId(), id)
                    .thenReturn("redirect:/broadcasts/" + id + "?done=" + action)
                    .onErrorResume(e -> e instanceof ServiceException se && se.rejected(), e -> {
                        model.addAttribute("error", "できませんでした。" + problems((ServiceException) e));
                        return detailPage(user, id, session, model);
                    });
        });
    }

    private Mono<String> detailPage(PortalUser user, String id, WebSession session, Model model) {
        return Mono.zip(services.get(session, Service.NOTIFICATION, ONE, "/api/towns/{tenantId}/broadcasts/{id}", user.tenantId(), id),
                        services.get(session, Service.NOTIFICATION, ONE, "/api/towns/{tenantId}/broadcasts/{id}/preview", user.tenantId(), id))
                .map(t -> {
                    model.addAttribute("b", row(t.getT1()));
                    model.addAttribute("preview", t.getT2());
                    model.addAttribute("canSend", !user.isViewer());
                    return "portal/broadcast";
                });
    }

    /** A broadcast as the pages show it: labels in Japanese, times in Japan's time. */
    private static Map<String, Object> row(Map<String, Object> b) {
        Map<String, Object> row = new LinkedHashMap<>(b);
        // notification-service leaves out what is not there yet (a draft has no recipients); SpEL fails on a missing map key
        for (String optional : List.of("recipients", "approvedBy", "audienceCount", "progress")) {
            row.putIfAbsent(optional, null);
        }
        row.put("statusLabel", STATUS.getOrDefault(String.valueOf(b.get("status")), String.valueOf(b.get("status"))));
        for (String field : List.of("draftedAt", "sendAt", "sentAt")) {
            row.put(field + "Text", b.get(field) == null ? "" : WHEN.format(Instant.parse(String.valueOf(b.get(field)))));
        }
        row.put("live", "SCHEDULED".equals(b.get("status")) || "SENDING".equals(b.get("status")));
        return row;
    }

    private static String problems(ServiceException e) {
        if (e.problem().path("problems").isArray() && !e.problem().path("problems").isEmpty()) {
            StringBuilder out = new StringBuilder();
            e.problem().path("problems").forEach(p -> out.append(p.asText().replaceFirst("^[A-Za-z.]+: ", "")).append(' '));
            return out.toString().strip();
        }
        return e.detail() == null ? "" : e.detail();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
