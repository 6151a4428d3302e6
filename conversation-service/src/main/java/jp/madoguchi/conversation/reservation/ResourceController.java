package jp.madoguchi.conversation.reservation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import jp.madoguchi.conversation.reservation.DayMessages.Booked;
import jp.madoguchi.conversation.reservation.DayMessages.Booker;
import jp.madoguchi.conversation.reservation.DayMessages.Refused;
import jp.madoguchi.conversation.reservation.ResourceMessages.Described;
import jp.madoguchi.platform.csv.ExcelCsv;
import jp.madoguchi.platform.messaging.ReactiveCommands;
import jp.madoguchi.platform.security.ApiProblems;
import jp.madoguchi.platform.security.AuditLog;
import jp.madoguchi.platform.security.StaffPrincipal;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Staff's side of reservations, under {@code /api/towns/{tenantId}/resources/{resourceId}}: the town's resources, define or revise a
 * resource ({@code PUT}), what is free on a day, the bookings of a period (JSON or CSV for Excel; both are reads
 * of residents' data and recorded in the audit log), a booking for a phone caller, a cancellation with a
 * message to the resident, a no-show. The desk's commands run on a bounded worker, never on the event loop.
 */
@RestController
@PreAuthorize("hasAnyRole('ADMIN','STAFF')")
class ResourceController {

    /** A period asked for is at most this long, so one request cannot ask for years of bookings. */
    static final int MAX_DAYS = 92;
    private static final String PATH = "/api/towns/{tenantId}/resources/{resourceId}";
    static final List<String> CSV_HEADER = List.of("日付", "開始", "状態", "予約の経路", "氏名", "電話番号", "受付チャネル", "予約日時", "取消", "取消の連絡", "予約ID");

    public record ResourceBody(String name, ResourceSchedule schedule) {
    }

    /** A phone caller booked by staff; {@code date} yyyy-MM-dd, {@code start} HH:mm. */
    public record CallerBody(String date, String start, String name, String phone) {
    }

    /** {@code message} is sent to the resident who booked. */
    public record CancelBody(String date, String message) {
    }

    public record DateBody(String date) {
    }

    private final ReservationDesk desk;
    private final BookingList bookings;
    private final AuditLog audit;
    private final ResourceList resources;

    ResourceController(ReservationDesk desk, BookingList bookings, AuditLog audit, ResourceList resources) {
        this.desk = desk;
        this.bookings = bookings;
        this.audit = audit;
        this.resources = resources;
    }

    /** The town's resources (id and name), for staff to pick one. */
    @GetMapping("/api/towns/{tenantId}/resources")
    public Mono<List<ResourceList.Entry>> list(TenantId tenantId) {
        return resources.all(tenantId).collectList();
    }

    @PutMapping(PATH)
    public Mono<ResponseEntity<Void>> put(TenantId tenantId, @PathVariable String resourceId, @RequestBody ResourceBody body,
                                          @AuthenticationPrincipal Jwt jwt) {
        String staff = StaffPrincipal.from(jwt).subject();
        return blocking(() -> {
            if (desk.resource(tenantId, resourceId).isPresent()) {
                desk.revise(tenantId, resourceId, body.name(), body.schedule(), staff);
            } else {
                desk.define(tenantId, resourceId, body.name(), body.schedule(), staff);
            }
            return ResponseEntity.noContent().<Void>build();
        });
    }

    @GetMapping(PATH)
    public Mono<Described> get(TenantId tenantId, @PathVariable String resourceId) {
        return blocking(() -> desk.resource(tenantId, resourceId).orElseThrow(() -> notFound(resourceId)));
    }

    /** The starts with a free place on {@code date}. */
    @GetMapping(PATH + "/free")
    public Mono<Map<String, Object>> free(TenantId tenantId, @PathVariable String resourceId, @RequestParam String date) {
        LocalDate day = date(date, "date");
        return blocking(() -> Map.of("date", day.toString(), "starts", desk.freeStarts(tenantId, resourceId, day).stream().map(LocalTime::toString).toList()));
    }

    @GetMapping(PATH + "/bookings")
    public Mono<List<BookingList.Booking>> bookings(TenantId tenantId, @PathVariable String resourceId, @RequestParam String from,
                                                    @RequestParam String to, @AuthenticationPrincipal Jwt jwt) {
        LocalDate[] period = period(from, to);
        return bookings.between(tenantId, resourceId, period[0], period[1]).collectList()
                .flatMap(list -> audit.recordRead(reader(jwt), "GET " + PATH + "/bookings",
                        "/api/towns/" + tenantId.code() + "/resources/" + resourceId + "/bookings", list.size(), Instant.now()).thenReturn(list));
    }

    /** The same as a CSV file Excel opens as is, streamed; recorded in the audit log with the rows it sent, however it ends. */
    @GetMapping(PATH + "/bookings.csv")
    public Mono<ResponseEntity<Flux<String>>> csv(TenantId tenantId, @PathVariable String resourceId, @RequestParam String from,
                                                  @RequestParam String to, @AuthenticationPrincipal Jwt jwt) {
        return Mono.fromSupplier(() -> csvFile(tenantId, resourceId, period(from, to), jwt));
    }

    private ResponseEntity<Flux<String>> csvFile(TenantId tenantId, String resourceId, LocalDate[] period, Jwt jwt) {
        Flux<String> lines = audit.streamedRead(reader(jwt), "GET " + PATH + "/bookings.csv",
                "/api/towns/" + tenantId.code() + "/resources/" + resourceId + "/bookings.csv", bookings.between(tenantId, resourceId, period[0], period[1]),
                rows -> Flux.concat(Mono.just(ExcelCsv.BOM + ExcelCsv.line(CSV_HEADER)), rows.map(b -> ExcelCsv.line(row(b)))));
        String filename = "bookings-" + tenantId.code() + "-" + resourceId + "-" + period[0] + "-" + period[1] + ".csv";
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString())
                .body(lines);
    }

    /** A phone caller: booked at once, or 409 with the next free starts that day. */
    @PostMapping(PATH + "/bookings")
    public Mono<ResponseEntity<Object>> bookForCaller(TenantId tenantId, @PathVariable String resourceId, @RequestBody CallerBody body,
                                                      @AuthenticationPrincipal Jwt jwt) {
        LocalDate day = date(body.date(), "date");
        LocalTime start = time(body.start());
        if (body.name() == null || body.name().isBlank() || body.name().length() > 60) {
            throw ApiProblems.invalid("Invalid booking", List.of("name: 予約する人の名前を1〜60文字で入れてください。"));
        }
        String phone = body.phone() == null ? "" : body.phone().strip();
        if (phone.length() > 20) {
            throw ApiProblems.invalid("Invalid booking", List.of("phone: 電話番号は20文字までです。"));
        }
        String staff = StaffPrincipal.from(jwt).subject();
        Mono<ResponseEntity<Object>> booking = blocking(() -> {
            var outcome = desk.bookForCaller(tenantId, resourceId, day, start, Booker.phoneCaller(body.name().strip(), phone), staff);
            if (outcome instanceof Booked booked) {
                return ResponseEntity.status(HttpStatus.CREATED).<Object>body(Map.of("bookingId", booked.bookingId(), "start", booked.start().toString()));
            }
            Refused refused = (Refused) outcome;
            var problem = ApiProblems.of(HttpStatus.CONFLICT, "Not booked", "no place at " + start + " on " + day + " (" + refused.why()
                    + "); offer the caller one of the alternatives").getBody();
            problem.setProperty("why", refused.why().name());
            problem.setProperty("alternatives", refused.alternatives().stream().map(LocalTime::toString).toList());
            problem.setProperty("waitingListOpen", refused.waitingListOpen());
            return ResponseEntity.status(HttpStatus.CONFLICT).<Object>body(problem);
        });
        // read-your-writes for staff: answer once the bookings list shows it, since the day view opened next reads that list
        return booking.flatMap(response -> response.getBody() instanceof Map<?, ?> created
                ? listed(tenantId, resourceId, day, String.valueOf(created.get("bookingId"))).thenReturn(response)
                : Mono.just(response));
    }

    /** Completes when the list shows the booking, or after about 10 s (the booking stands either way). */
    private Mono<Void> listed(TenantId tenantId, String resourceId, LocalDate day, String bookingId) {
        return bookings.between(tenantId, resourceId, day, day).filter(b -> b.bookingId().equals(bookingId)).next()
                .repeatWhenEmpty(100, again -> again.delayElements(java.time.Duration.ofMillis(100))).then();
    }

    /** Staff may cancel any booking at any time; the message goes to the resident who booked. */
    @PostMapping(PATH + "/bookings/{bookingId}/cancel")
    public Mono<ResponseEntity<Void>> cancel(TenantId tenantId, @PathVariable String resourceId, @PathVariable String bookingId,
                                             @RequestBody CancelBody body) {
        LocalDate day = date(body.date(), "date");
        String message = body.message() == null ? "" : body.message().strip();
        if (message.isEmpty() || message.length() > 500) {
            throw ApiProblems.invalid("Invalid cancellation", List.of("message: 住民に送る取消の連絡を1〜500文字で入れてください。"));
        }
        return blocking(() -> {
            desk.cancelByStaff(tenantId, resourceId, day, bookingId, message);
            return ResponseEntity.noContent().<Void>build();
        });
    }

    @PostMapping(PATH + "/bookings/{bookingId}/no-show")
    public Mono<ResponseEntity<Void>> noShow(TenantId tenantId, @PathVariable String resourceId, @PathVariable String bookingId,
                                             @RequestBody DateBody body, @AuthenticationPrincipal Jwt jwt) {
        LocalDate day = date(body.date(), "date");
        String staff = StaffPrincipal.from(jwt).subject();
        return blocking(() -> {
            desk.markNoShow(tenantId, resourceId, day, bookingId, staff);
            return ResponseEntity.noContent().<Void>build();
        });
    }

    private static List<String> row(BookingList.Booking b) {
        return java.util.Arrays.asList(b.date().toString(), b.start(), label(b.status()), b.source(), b.name(), b.phone(), b.channel(),
                b.bookedAt().toString(), b.cancelledBy(), b.cancelMessage(), b.bookingId());
    }

    private static String label(String status) {
        return switch (status) {
            case "BOOKED" -> "予約済み";
            case "CANCELLED" -> "取消";
            case "NO_SHOW" -> "来なかった";
            default -> status;
        };
    }

    /** The desk's work on a bounded worker, its refusals as problem documents staff can act on. */
    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic()).onErrorMap(ResourceController::problem);
    }

    private static Throwable problem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ReservationRuleViolation v) {
                return ApiProblems.invalid("Reservation not accepted", v.problems());
            }
            if (t instanceof BookingNotFound) {
                return ApiProblems.of(HttpStatus.NOT_FOUND, "Unknown booking", "no such booking on that day; check the booking id and the date");
            }
            if (t instanceof ReservationConflict c) {
                return ApiProblems.of(HttpStatus.CONFLICT, "Not possible now", c.getMessage());
            }
        }
        return ReactiveCommands.causedBy(e, org.axonframework.modelling.command.AggregateNotFoundException.class)
                ? ApiProblems.of(HttpStatus.NOT_FOUND, "Unknown booking", "no booking on that day; check the date") : e;
    }

    private static org.springframework.web.ErrorResponseException notFound(String resourceId) {
        return ApiProblems.of(HttpStatus.NOT_FOUND, "Unknown resource", "no resource '" + resourceId + "' in this town; define it with PUT first");
    }

    private static LocalDate[] period(String from, String to) {
        LocalDate first = date(from, "from");
        LocalDate last = date(to, "to");
        List<String> problems = new ArrayList<>();
        if (last.isBefore(first)) {
            problems.add("to: must not be before from");
        } else if (first.plusDays(MAX_DAYS).isBefore(last)) {
            problems.add("to: a period is at most " + MAX_DAYS + " days; ask for the rest separately");
        }
        if (!problems.isEmpty()) {
            throw ApiProblems.invalid("Invalid period", problems);
        }
        return new LocalDate[] {first, last};
    }

    private static LocalDate date(String value, String field) {
        try {
            return LocalDate.parse(value == null ? "" : value);
        } catch (DateTimeParseException e) {
            throw ApiProblems.invalid("Invalid date", List.of(field + ": a date as yyyy-MM-dd, e.g. 2026-06-03"));
        }
    }

    private static LocalTime time(String value) {
        try {
            return LocalTime.parse(value == null ? "" : value);
        } catch (DateTimeParseException e) {
            throw ApiProblems.invalid("Invalid time", List.of("start: a time as HH:mm, e.g. 09:30"));
        }
    }

    private static Optional<StaffPrincipal> reader(Jwt jwt) {
        return Optional.ofNullable(jwt).map(StaffPrincipal::from);
    }
}
