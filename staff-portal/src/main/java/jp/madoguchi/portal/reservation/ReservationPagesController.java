package jp.madoguchi.portal.reservation;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
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
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;

/**
 * 予約: the town's resources, and per resource a calendar by week or by day (places taken out of each slot's capacity,
 * the bookings with name and phone for the desk), a booking for a phone caller, a cancellation with a message to the
 * resident, a no-show mark and the bookings as CSV. Everything goes to conversation-service for the member's own town.
 */
@Controller
class ReservationPagesController {

    static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    private static final String RESOURCE = "/api/towns/{tenantId}/resources/{resourceId}";
    private static final ParameterizedTypeReference<List<JsonNode>> LIST = new ParameterizedTypeReference<>() {
    };
    private static final Map<String, String> WHY = Map.of("FULL", "満員です", "NOT_OFFERED", "その時間は受付していません",
            "ALREADY_BOOKED", "すでに予約されています");
    private static final Map<String, String> DONE = Map.of("booked", "予約しました。", "cancelled", "取り消しました。住民に連絡を送ります。",
            "no-show", "来なかったことを記録しました。");

    private final ServiceClient services;
    private final Clock clock;

    ReservationPagesController(ServiceClient services, Clock clock) {
        this.services = services;
        this.clock = clock;
    }

    @GetMapping("/reservations")
    Mono<String> resources(@AuthenticationPrincipal PortalUser user, WebSession session, Model model) {
        return services.get(session, Service.CONVERSATION, LIST, "/api/towns/{tenantId}/resources", user.tenantId())
                .map(list -> {
                    model.addAttribute("resources", list.stream().map(r -> Map.of("id", r.path("resourceId").asText(),
                            "name", r.path("name").asText())).toList());
                    return "portal/reservations";
                });
    }

    @GetMapping("/reservations/{resourceId:[A-Za-z0-9_-]{1,64}}")
    Mono<String> calendar(@AuthenticationPrincipal PortalUser user, @PathVariable String resourceId, @RequestParam(required = false) String view,
                          @RequestParam(required = false) String date, @RequestParam(required = false) String done, WebSession session, Model model) {
        if (done != null && DONE.containsKey(done)) {
            model.addAttribute("notice", DONE.get(done));
        }
        return page(user, resourceId, "day".equals(view), parse(date), session, model);
    }

    /** A phone caller booked at once; a taken time says so with the day's next free times. */
    @PostMapping("/reservations/{resourceId:[A-Za-z0-9_-]{1,64}}/bookings")
    Mono<String> book(@AuthenticationPrincipal PortalUser user, @PathVariable String resourceId, ServerWebExchange exchange, WebSession session,
                      Model model) {
        return exchange.getFormData().flatMap(form -> {
            LocalDate day = parse(form.getFirst("date"));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("date", day.toString());
            body.put("start", value(form, "start"));
            body.put("name", value(form, "name"));
            body.put("phone", value(form, "phone"));
            return services.send(session, Service.CONVERSATION, HttpMethod.POST, null, body, Map.class, RESOURCE + "/bookings", user.tenantId(),
                            resourceId)
                    .thenReturn(dayView(resourceId, day, "booked"))
                    .onErrorResume(e -> e instanceof ServiceException se && se.rejected(), e -> {
                        model.addAttribute("error", refusal((ServiceException) e, day, value(form, "start")));
                        model.addAttribute("form", form.toSingleValueMap());
                        return page(user, resourceId, true, day, session, model);
                    });
        });
    }

    @PostMapping("/reservations/{resourceId:[A-Za-z0-9_-]{1,64}}/bookings/{bookingId:[A-Za-z0-9-]{1,64}}/{action:cancel|no-show}")
    Mono<String> act(@AuthenticationPrincipal PortalUser user, @PathVariable String resourceId, @PathVariable String bookingId,
                     @PathVariable String action, ServerWebExchange exchange, WebSession session, Model model) {
        return exchange.getFormData().flatMap(form -> {
            LocalDate day = parse(form.getFirst("date"));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("date", day.toString());
            if (action.equals("cancel")) {
                body.put("message", value(form, "message"));
            }
            return services.send(session, Service.CONVERSATION, HttpMethod.POST, null, body, Void.class,
                            RESOURCE + "/bookings/{bookingId}/" + action, user.tenantId(), resourceId, bookingId)
                    .thenReturn(dayView(resourceId, day, action.equals("cancel") ? "cancelled" : "no-show"))
                    .onErrorResume(e -> e instanceof ServiceException se && se.rejected(), e -> {
                        ServiceException se = (ServiceException) e;
                        model.addAttribute("error", (action.equals("cancel") ? "取り消せませんでした。" : "記録できませんでした。")
                                + (se.status() == 409 ? "枠の時間が始まってから記録できます。" : problems(se)));
                        return page(user, resourceId, true, day, session, model);
                    });
        });
    }

    /** The bookings of the period as conversation-service writes them (UTF-8 with BOM for Excel), under a Japanese file name. */
    @GetMapping("/reservations/{resourceId:[A-Za-z0-9_-]{1,64}}/bookings.csv")
    Mono<ResponseEntity<byte[]>> csv(@AuthenticationPrincipal PortalUser user, @PathVariable String resourceId, @RequestParam String from,
                                     @RequestParam String to, WebSession session) {
        LocalDate first = parse(from);
        LocalDate last = parse(to);
        String name = "予約一覧-" + resourceId + "-" + first + "-" + last + ".csv";
        return services.download(session, Service.CONVERSATION, RESOURCE + "/bookings.csv?from={from}&to={to}", user.tenantId(), resourceId, first, last)
                .map(file -> ResponseEntity.ok()
                        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename*=UTF-8''" + UriUtils.encode(name, StandardCharsets.UTF_8))
                        .body(file.getBody() == null ? new byte[0] : file.getBody()));
    }

    private Mono<String> page(PortalUser user, String resourceId, boolean dayView, LocalDate date, WebSession session, Model model) {
        LocalDate from = dayView ? date : ReservationCalendar.weekStart(date);
        LocalDate to = dayView ? date : from.plusDays(6);
        return Mono.zip(services.get(session, Service.CONVERSATION, JsonNode.class, RESOURCE, user.tenantId(), resourceId),
                        services.get(session, Service.CONVERSATION, LIST, RESOURCE + "/bookings?from={from}&to={to}", user.tenantId(), resourceId, from, to))
                .map(t -> {
                    JsonNode schedule = t.getT1().path("schedule");
                    model.addAttribute("resource", Map.of("id", resourceId, "name", t.getT1().path("name").asText(resourceId),
                            "capacity", schedule.path("capacity").asInt(1), "slotMinutes", schedule.path("slotMinutes").asInt()));
                    model.addAttribute("view", dayView ? "day" : "week");
                    model.addAttribute("date", date.toString());
                    model.addAttribute("from", from.toString());
                    model.addAttribute("to", to.toString());
                    model.addAttribute("dayLabel", ReservationCalendar.label(date));
                    model.addAttribute("previous", (dayView ? date.minusDays(1) : from.minusWeeks(1)).toString());
                    model.addAttribute("next", (dayView ? date.plusDays(1) : from.plusWeeks(1)).toString());
                    model.addAttribute("today", LocalDate.now(clock.withZone(JAPAN)).toString());
                    if (dayView) {
                        model.addAttribute("day", ReservationCalendar.day(schedule, date, t.getT2()));
                    } else {
                        model.addAttribute("week", ReservationCalendar.week(schedule, from, t.getT2()));
                    }
                    model.addAttribute("canBook", !user.isViewer());
                    return "portal/reservation";
                });
    }

    /** What the form's sender reads when the caller's time cannot be booked: why, and the day's next free times. */
    private static String refusal(ServiceException e, LocalDate day, String start) {
        JsonNode problem = e.problem();
        if (e.status() != 409) {
            return "予約できませんでした。" + problems(e);
        }
        List<String> free = new ArrayList<>();
        problem.path("alternatives").forEach(a -> free.add(a.asText()));
        String why = WHY.getOrDefault(problem.path("why").asText(), "予約できません");
        return ReservationCalendar.label(day) + " " + start + " は予約できません（" + why + "）。"
                + (free.isEmpty() ? "この日に空いている時間はありません。" : "空いている時間: " + String.join("、", free));
    }

    private static String problems(ServiceException e) {
        List<String> out = new ArrayList<>();
        e.problem().path("problems").forEach(p -> out.add(p.asText().replaceFirst("^[A-Za-z.]+: ", "")));
        return out.isEmpty() ? (e.detail() == null ? "" : e.detail()) : String.join(" ", out);
    }

    private LocalDate parse(String date) {
        try {
            return date == null || date.isBlank() ? LocalDate.now(clock.withZone(JAPAN)) : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            return LocalDate.now(clock.withZone(JAPAN));
        }
    }

    private static String dayView(String resourceId, LocalDate day, String done) {
        return "redirect:/reservations/" + resourceId + "?view=day&date=" + day + "&done=" + done;
    }

    private static String value(MultiValueMap<String, String> form, String field) {
        String v = form.getFirst(field);
        return v == null ? "" : v.strip();
    }
}
