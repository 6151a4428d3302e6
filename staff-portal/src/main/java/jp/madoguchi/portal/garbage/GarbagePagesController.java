package jp.madoguchi.portal.garbage;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.madoguchi.portal.auth.PortalUser;
import jp.madoguchi.portal.web.ServiceClient;
import jp.madoguchi.portal.web.ServiceClient.Service;
import jp.madoguchi.portal.web.ServiceException;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
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
 * ごみ収集カレンダー: staff upload the town's 5374 files (a zip) to notification-service, see its districts with each type's
 * days and a district's month; a bad file's problems (file, line and column, in Japanese) are listed beside the form.
 */
@Controller
class GarbagePagesController {

    static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm").withZone(JAPAN);
    private static final String CALENDAR = "/api/towns/{tenantId}/garbage/calendar";
    private static final ParameterizedTypeReference<Map<String, Object>> ONE = new ParameterizedTypeReference<>() {
    };

    private final ServiceClient services;
    private final Clock clock;

    GarbagePagesController(ServiceClient services, Clock clock) {
        this.services = services;
        this.clock = clock;
    }

    @GetMapping("/garbage")
    Mono<String> calendar(@AuthenticationPrincipal PortalUser user, @RequestParam(required = false) String done, WebSession session, Model model) {
        if ("imported".equals(done)) {
            model.addAttribute("notice", "カレンダーを読み込みました。");
        }
        model.addAttribute("canUpload", !user.isViewer());
        model.addAttribute("month", YearMonth.now(clock.withZone(JAPAN)).toString());
        return services.get(session, Service.NOTIFICATION, ONE, CALENDAR, user.tenantId())
                .map(calendar -> {
                    model.addAttribute("calendar", calendar);
                    model.addAttribute("importedAtText", when(calendar.get("importedAt")));
                    return "portal/garbage";
                })
                // before the town's first upload there is no calendar: the page offers the upload alone
                .onErrorResume(e -> e instanceof ServiceException se && se.status() == 404, e -> Mono.just("portal/garbage"));
    }

    /** htmx multipart (CSRF token in a header): the zip goes on as it is; the answer is a redirect, or the problems beside the form. */
    @PostMapping(value = "/garbage", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<String> upload(@AuthenticationPrincipal PortalUser user, ServerWebExchange exchange, WebSession session, Model model) {
        return exchange.getMultipartData().flatMap(parts -> {
            if (!(parts.getFirst("file") instanceof FilePart file)) {
                model.addAttribute("problems", List.of("読み込む zip ファイルを選んでください。"));
                return Mono.just("portal/garbage :: result");
            }
            return DataBufferUtils.join(file.content()).map(buffer -> {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        DataBufferUtils.release(buffer);
                        return bytes;
                    })
                    .flatMap(zip -> services.send(session, Service.NOTIFICATION, HttpMethod.PUT, MediaType.parseMediaType("application/zip"), zip,
                            JsonNode.class, CALENDAR, user.tenantId()))
                    .map(imported -> {
                        exchange.getResponse().getHeaders().set("HX-Redirect", "/garbage?done=imported");
                        return "portal/garbage :: result";
                    })
                    .onErrorResume(e -> e instanceof ServiceException se && se.rejected(), e -> {
                        ServiceException se = (ServiceException) e;
                        List<String> problems = new ArrayList<>();
                        se.problem().path("problems").forEach(p -> problems.add(p.asText()));
                        if (problems.isEmpty()) {
                            problems.add(se.detail() == null ? "読み込めませんでした。" : se.detail());
                        }
                        model.addAttribute("problems", problems);
                        return Mono.just("portal/garbage :: result");
                    });
        });
    }

    /** A district's iCalendar through the portal, so the link works wherever notification-service is reachable only from the portal. */
    @GetMapping("/garbage/ics/{key:[A-Za-z0-9_-]{1,128}}.ics")
    Mono<ResponseEntity<byte[]>> ics(@AuthenticationPrincipal PortalUser user, @PathVariable String key, WebSession session) {
        return services.download(session, Service.NOTIFICATION, "/public/garbage/{tenantId}/{key}.ics", user.tenantId(), key)
                .map(file -> ResponseEntity.ok().contentType(new MediaType("text", "calendar", StandardCharsets.UTF_8))
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + key + ".ics\"")
                        .body(file.getBody() == null ? new byte[0] : file.getBody()));
    }

    /** One district's month: each day with its types and holiday. */
    @GetMapping("/garbage/month")
    Mono<String> month(@AuthenticationPrincipal PortalUser user, @RequestParam String district, @RequestParam(required = false) String month,
                       WebSession session, Model model) {
        YearMonth ym = yearMonth(month);
        return services.get(session, Service.NOTIFICATION, ONE, CALENDAR + "/days?district={district}&month={month}", user.tenantId(),
                        district, ym.toString())
                .map(days -> {
                    model.addAttribute("days", days);
                    model.addAttribute("district", district);
                    model.addAttribute("monthLabel", ym.getYear() + "年" + ym.getMonthValue() + "月");
                    model.addAttribute("previous", ym.minusMonths(1).toString());
                    model.addAttribute("next", ym.plusMonths(1).toString());
                    return "portal/garbage-month";
                });
    }

    private static String when(Object instant) {
        try {
            return WHEN.format(Instant.parse(String.valueOf(instant)));
        } catch (DateTimeParseException e) {
            return String.valueOf(instant);
        }
    }

    private YearMonth yearMonth(String month) {
        try {
            return month == null || month.isBlank() ? YearMonth.now(clock.withZone(JAPAN)) : YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            return YearMonth.now(clock.withZone(JAPAN));
        }
    }
}
