package jp.madoguchi.notification.garbage;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import jp.madoguchi.platform.security.ApiProblems;
import jp.madoguchi.platform.security.StaffPrincipal;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The garbage calendar for the town's staff (viewers only read): import the 5374 files (a zip, or the CSVs as
 * multipart), set the town's rules (holidays, breaks, extra dates), read a district's month and next collections.
 * {@code /public/garbage/{t}/{key}.ics} is each district's iCalendar, public on purpose: it holds no personal data
 * and residents subscribe to it from calendar apps that send no token.
 */
@RestController
class GarbageController {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    /** How many months a downloaded calendar covers, from the first of the current month. */
    static final int ICS_MONTHS = 12;

    private final GarbageStore store;
    private final GarbageReminders reminders;
    private final Clock clock;

    GarbageController(GarbageStore store, GarbageReminders reminders, ObjectProvider<Clock> clocks) {
        this.store = store;
        this.reminders = reminders;
        this.clock = clocks.getIfUnique(Clock::systemUTC);
    }

    @PutMapping(path = "/api/towns/{tenantId}/garbage/calendar", consumes = {"application/zip", "application/x-zip-compressed",
            MediaType.APPLICATION_OCTET_STREAM_VALUE})
    Mono<Map<String, Object>> importZip(TenantId tenant, @RequestBody Flux<DataBuffer> body, @AuthenticationPrincipal Jwt jwt) {
        return bytes(body).flatMap(zip -> {
            Uploads uploads = new Uploads();
            uploads.add("upload.zip", zip);
            return save(tenant, uploads, jwt);
        });
    }

    @PutMapping(path = "/api/towns/{tenantId}/garbage/calendar", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<Map<String, Object>> importFiles(TenantId tenant, @RequestBody Flux<Part> parts, @AuthenticationPrincipal Jwt jwt) {
        Uploads uploads = new Uploads();
        return parts.concatMap(part -> bytes(part.content()).doOnNext(b -> uploads.add(name(part), b))).then(Mono.defer(() -> save(tenant, uploads, jwt)));
    }

    @PutMapping("/api/towns/{tenantId}/garbage/rules")
    Mono<JsonNode> saveRules(TenantId tenant, @RequestBody JsonNode body, @AuthenticationPrincipal Jwt jwt) {
        return store.find(tenant).map(s -> Optional.of(s.calendar())).defaultIfEmpty(Optional.empty()).flatMap(calendar -> {
            TownRules rules;
            try {
                rules = RulesJson.read(body, calendar);
            } catch (RulesJson.InvalidRulesException e) {
                return Mono.error(ApiProblems.invalid("Invalid garbage rules", e.problems()));
            }
            return store.saveRules(tenant, rules, new GarbageStore.Imported(clock.instant(), StaffPrincipal.from(jwt).subject()))
                    .thenReturn(RulesJson.write(rules));
        });
    }

    @GetMapping("/api/towns/{tenantId}/garbage/rules")
    Mono<JsonNode> rules(TenantId tenant) {
        return store.rules(tenant).map(RulesJson::write);
    }

    @GetMapping("/api/towns/{tenantId}/garbage/calendar")
    Mono<Map<String, Object>> calendar(TenantId tenant) {
        return stored(tenant).map(s -> {
            GarbageCalendar calendar = s.calendar();
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("importedAt", s.imported().at());
            view.put("importedBy", s.imported().by());
            view.put("types", calendar.types().stream().map(t -> Map.of("label", t.label(), "sublabel", t.sublabel(), "description", t.description(),
                    "onHolidays", calendar.rules().holidayPolicy(t.label()).name().toLowerCase(Locale.ROOT))).toList());
            view.put("districts", calendar.districts().stream().map(d -> {
                Map<String, Object> district = new LinkedHashMap<>();
                district.put("name", d.name());
                district.put("center", d.center());
                Map<String, String> days = new LinkedHashMap<>();
                d.schedules().forEach(t -> days.put(t.type(), t.label()));
                district.put("days", days);
                district.put("ics", "/public/garbage/" + tenant.code() + "/" + d.key() + ".ics");
                return district;
            }).toList());
            view.put("centers", calendar.centerBreaks().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> Map.of("name", e.getKey(), "from", e.getValue().from(), "to", e.getValue().to())).toList());
            view.put("rules", RulesJson.write(calendar.rules()));
            view.put("targetItems", s.targetItems());
            view.put("holidaysUntil", calendar.holidays().lastYear());
            return view;
        });
    }

    /** Every day of {@code month} in {@code district}: its types (empty when none) and the holiday's name. */
    @GetMapping("/api/towns/{tenantId}/garbage/calendar/days")
    Mono<Map<String, Object>> month(TenantId tenant, @RequestParam String district, @RequestParam String month) {
        YearMonth ym = yearMonth(month);
        return stored(tenant).map(s -> {
            District d = district(s.calendar(), district);
            List<Map<String, Object>> days = new ArrayList<>();
            for (LocalDate date = ym.atDay(1); !date.isAfter(ym.atEndOfMonth()); date = date.plusDays(1)) {
                Map<String, Object> day = new LinkedHashMap<>();
                day.put("date", date);
                day.put("weekday", Weekdays.name(date.getDayOfWeek()));
                day.put("holiday", s.calendar().holidays().name(date).orElse(null));
                day.put("types", s.calendar().collected(d, date));
                days.add(day);
            }
            return Map.of("district", d.name(), "month", ym.toString(), "days", days);
        });
    }

    /** Each type's next collection in {@code district} on or after {@code from} (default: today in Japan). */
    @GetMapping("/api/towns/{tenantId}/garbage/calendar/next")
    Mono<Map<String, Object>> next(TenantId tenant, @RequestParam String district, @RequestParam Optional<String> from) {
        LocalDate start = from.map(GarbageController::date).orElseGet(() -> LocalDate.now(clock.withZone(TOKYO)));
        return stored(tenant).map(s -> {
            District d = district(s.calendar(), district);
            return Map.of("district", d.name(), "from", start, "next", s.calendar().next(d, start));
        });
    }

    /**
     * The reminders for collection day {@code date} (default tomorrow in Japan) as staff may see them: districts,
     * types and how many friends opted in, never who.
     */
    @GetMapping("/api/towns/{tenantId}/garbage/reminders")
    Mono<List<Map<String, Object>>> reminders(TenantId tenant, @RequestParam Optional<String> date) {
        Instant eveningBefore = date.map(GarbageController::date).map(d -> d.minusDays(1).atTime(18, 0).atZone(TOKYO).toInstant())
                .orElseGet(clock::instant);
        return stored(tenant).then(reminders.due(tenant, eveningBefore)).map(due -> due.stream()
                .map(r -> Map.<String, Object>of("date", r.date(), "district", r.district(), "types", r.types(), "residents", r.residentIds().size()))
                .toList());
    }

    @GetMapping("/public/garbage/{tenantId}/{key}.ics")
    Mono<ResponseEntity<String>> ics(TenantId tenant, @PathVariable String key) {
        LocalDate from = LocalDate.now(clock.withZone(TOKYO)).withDayOfMonth(1);
        LocalDate to = from.plusMonths(ICS_MONTHS).minusDays(1);
        return stored(tenant).map(s -> {
            District d = s.calendar().districtByKey(key).orElseThrow(() -> ApiProblems.of(HttpStatus.NOT_FOUND, "No such district",
                    "この地区のカレンダーはありません。町のごみカレンダーが取り込み直された場合は、新しいリンクを町に確認してください"));
            String ics = ICalendar.of(tenant.code(), d, s.calendar().between(d, from, to), s.imported().at());
            return ResponseEntity.ok().contentType(MediaType.parseMediaType(ICalendar.MEDIA_TYPE))
                    .header("Content-Disposition", "attachment; filename=\"garbage-" + d.key() + ".ics\"").body(ics);
        });
    }

    private Mono<Map<String, Object>> save(TenantId tenant, Uploads uploads, Jwt jwt) {
        Uploads.Files files;
        FiveThreeSevenFour.Parsed parsed;
        try {
            files = uploads.files();
            parsed = FiveThreeSevenFour.read(files.files());
        } catch (FiveThreeSevenFour.InvalidFilesException e) {
            return Mono.error(ApiProblems.invalid("Invalid garbage calendar files", e.problems()));
        }
        Instant at = clock.instant();
        return store.saveFiles(tenant, files.files(), new GarbageStore.Imported(at, StaffPrincipal.from(jwt).subject()))
                .thenReturn(Map.of("districts", parsed.districts().size(), "types", parsed.types().stream().map(GarbageCalendar.GarbageType::label).toList(),
                        "targetItems", parsed.targetItems(), "files", List.copyOf(files.files().keySet()), "ignored", files.ignored(), "importedAt", at));
    }

    private Mono<GarbageStore.Stored> stored(TenantId tenant) {
        return store.find(tenant).switchIfEmpty(Mono.error(() -> ApiProblems.of(HttpStatus.NOT_FOUND, "No garbage calendar",
                "ごみカレンダーがまだ取り込まれていません。5374形式の area_days.csv などを PUT …/garbage/calendar で取り込んでください")));
    }

    private static District district(GarbageCalendar calendar, String name) {
        return calendar.district(name.strip()).orElseThrow(() -> ApiProblems.of(HttpStatus.NOT_FOUND, "No such district",
                "地区「" + name + "」はごみカレンダーにありません。area_days.csv の地名と同じ名前を指定してください"));
    }

    private static String name(Part part) {
        String name = part instanceof FilePart file && !file.filename().isBlank() ? file.filename() : part.name();
        return name.contains(".") ? name : name + ".csv";
    }

    private static Mono<byte[]> bytes(Flux<DataBuffer> content) {
        return DataBufferUtils.join(content, Uploads.MAX_BYTES)
                .onErrorMap(DataBufferLimitException.class, e -> ApiProblems.invalid("Invalid garbage calendar files",
                        List.of("ファイルが大きすぎます（" + Uploads.MAX_BYTES / 1024 / 1024 + "MBまで）")))
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
            throw ApiProblems.invalid("Invalid month", List.of("month: 「2026-12」の形で指定してください"));
        }
    }

    private static LocalDate date(String date) {
        try {
            return LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw ApiProblems.invalid("Invalid date", List.of("日付は「2026-12-07」の形で指定してください（「" + date + "」）"));
        }
    }
}
