package jp.madoguchi.notification.lunch;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.madoguchi.platform.security.ApiProblems;
import jp.madoguchi.platform.security.StaffPrincipal;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.Part;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * School lunch menus for the town's staff (viewers only read): upload a month's menu as CSV (the body itself, or one
 * file as multipart), read a month, read a day with how many friends will get it (a count, never who).
 */
@RestController
class LunchController {

    static final int MAX_BYTES = 1024 * 1024;

    private final LunchStore store;
    private final LunchDeliveries deliveries;
    private final Clock clock;

    LunchController(LunchStore store, LunchDeliveries deliveries, ObjectProvider<Clock> clocks) {
        this.store = store;
        this.deliveries = deliveries;
        this.clock = clocks.getIfUnique(Clock::systemUTC);
    }

    @PutMapping(path = "/api/towns/{tenantId}/lunch/menus", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE})
    Mono<Map<String, Object>> upload(TenantId tenant, @RequestBody Flux<DataBuffer> body, @AuthenticationPrincipal Jwt jwt) {
        return bytes(body).flatMap(csv -> save(tenant, csv, jwt));
    }

    @PutMapping(path = "/api/towns/{tenantId}/lunch/menus", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<Map<String, Object>> uploadFile(TenantId tenant, @RequestBody Flux<Part> parts, @AuthenticationPrincipal Jwt jwt) {
        return parts.concatMap(part -> bytes(part.content())).collectList().flatMap(files -> files.size() == 1 ? save(tenant, files.get(0), jwt)
                : Mono.error(ApiProblems.invalid("Invalid lunch menu", List.of("献立のCSVファイルを1つだけ送ってください（" + files.size() + "個ありました）"))));
    }

    @GetMapping("/api/towns/{tenantId}/lunch/menus/{month}")
    Mono<Map<String, Object>> month(TenantId tenant, @PathVariable String month) {
        YearMonth ym = yearMonth(month);
        return store.find(tenant, ym).switchIfEmpty(Mono.error(() -> ApiProblems.of(HttpStatus.NOT_FOUND, "No lunch menu",
                        ym.getYear() + "年" + ym.getMonthValue() + "月の給食の献立はまだ取り込まれていません。PUT …/lunch/menus で献立のCSVを取り込んでください")))
                .map(s -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("month", ym.toString());
                    view.put("importedAt", s.importedAt());
                    view.put("importedBy", s.importedBy());
                    view.put("schools", schools(s.days()));
                    view.put("days", s.days().stream().map(LunchController::view).toList());
                    return view;
                });
    }

    /** The day's menus (an empty list on a day without lunch) with how many opted-in friends each reaches. */
    @GetMapping("/api/towns/{tenantId}/lunch/days/{date}")
    Mono<Map<String, Object>> day(TenantId tenant, @PathVariable String date) {
        LocalDate day = date(date);
        return deliveries.due(tenant, day).map(due -> Map.of("date", day, "menus", due.stream().map(d -> {
            Map<String, Object> view = view(d.menu());
            view.put("residents", d.residentIds().size());
            return view;
        }).toList()));
    }

    private Mono<Map<String, Object>> save(TenantId tenant, byte[] csv, Jwt jwt) {
        LunchMenuCsv.Parsed menu;
        try {
            menu = LunchMenuCsv.read(csv);
        } catch (LunchMenuCsv.InvalidMenuException e) {
            return Mono.error(ApiProblems.invalid("Invalid lunch menu", e.problems()));
        }
        Instant at = clock.instant();
        return store.save(tenant, menu, at, StaffPrincipal.from(jwt).subject())
                .thenReturn(Map.of("month", menu.month().toString(), "days", menu.days().size(), "schools", schools(menu.days()), "importedAt", at));
    }

    private static List<String> schools(List<LunchDay> days) {
        return days.stream().map(LunchDay::school).filter(s -> !s.isEmpty()).distinct().sorted().toList();
    }

    private static Map<String, Object> view(LunchDay d) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("date", d.date());
        view.put("school", d.school());
        view.put("dishes", d.dishes());
        view.put("ingredients", d.ingredients());
        view.put("kcal", d.kcal());
        view.put("allergens", d.allergens());
        return view;
    }

    private static Mono<byte[]> bytes(Flux<DataBuffer> content) {
        return DataBufferUtils.join(content, MAX_BYTES)
                .onErrorMap(DataBufferLimitException.class, e -> ApiProblems.invalid("Invalid lunch menu",
                        List.of("ファイルが大きすぎます（" + MAX_BYTES / 1024 / 1024 + "MBまで）。1か月分ずつ取り込んでください")))
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0]);
    }

    private static YearMonth yearMonth(String month) {
        try {
            return YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw ApiProblems.invalid("Invalid month", List.of("月は「2026-12」の形で指定してください（「" + month + "」）"));
        }
    }

    private static LocalDate date(String date) {
        try {
            return LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw ApiProblems.invalid("Invalid date", List.of("日付は「2026-12-08」の形で指定してください（「" + date + "」）"));
        }
    }
}
