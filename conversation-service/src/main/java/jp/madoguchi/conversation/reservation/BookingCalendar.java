package jp.madoguchi.conversation.reservation;

import static jp.madoguchi.platform.ical.ContentLines.line;
import static jp.madoguchi.platform.ical.ContentLines.text;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.LocalTime;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.madoguchi.conversation.reservation.ResourceMessages.Described;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A resident's booking as an iCalendar event (RFC 5545), at a link offered in chat:
 * {@code /calendar/<town>/<bookingId>.ics}. The booking id is random (UUID v4), so the link cannot be guessed,
 * and it carries no personal data; the event names only the resource and the time. A cancelled booking answers
 * STATUS:CANCELLED, so a calendar that subscribed to it drops it.
 */
@RestController
class BookingCalendar {

    static final MediaType TEXT_CALENDAR = new MediaType("text", "calendar", StandardCharsets.UTF_8);
    private static final Pattern BOOKING_ID = Pattern.compile("[0-9a-f-]{36}");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final BookingList list;
    private final ReservationDesk desk;
    private final ReservationProperties props;
    private final Clock clock;

    BookingCalendar(BookingList list, ReservationDesk desk, ReservationProperties props, @Qualifier(ReservationConfiguration.CLOCK) Clock clock) {
        this.list = list;
        this.desk = desk;
        this.props = props;
        this.clock = clock;
    }

    /** The link for a booking, as the resident sees it in chat. */
    String link(TenantId tenant, String bookingId) {
        String base = props.publicBaseUrl().toString();
        return (base.endsWith("/") ? base : base + "/") + "calendar/" + tenant.code() + "/" + bookingId + ".ics";
    }

    @GetMapping("/calendar/{tenantId}/{bookingId}.ics")
    Mono<ResponseEntity<String>> event(@PathVariable String tenantId, @PathVariable String bookingId) {
        Optional<TenantId> tenant = town(tenantId);
        if (tenant.isEmpty() || !BOOKING_ID.matcher(bookingId).matches()) {
            return Mono.just(ResponseEntity.notFound().build());
        }
        return list.find(tenant.get(), bookingId)
                .publishOn(Schedulers.boundedElastic())
                .map(b -> ResponseEntity.ok().contentType(TEXT_CALENDAR).header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"booking.ics\"")
                        .body(render(b, desk.resource(tenant.get(), b.resourceId()), clock.instant())))
                .defaultIfEmpty(ResponseEntity.notFound().build());
    }

    /** One VEVENT; lines end in CRLF and are folded at 75 octets, text escaped as RFC 5545 says. */
    static String render(BookingList.Booking b, Optional<Described> resource, Instant now) {
        String name = resource.map(Described::name).orElse(b.resourceId());
        int minutes = resource.map(r -> r.schedule().slotMinutes()).orElse(60);
        Instant start = DayLedger.startsAt(b.date(), LocalTime.parse(b.start()));
        StringBuilder out = new StringBuilder();
        line(out, "BEGIN:VCALENDAR");
        line(out, "VERSION:2.0");
        line(out, "PRODID:-//Madoguchi//Reservations//JA");
        line(out, "CALSCALE:GREGORIAN");
        line(out, "METHOD:PUBLISH");
        line(out, "BEGIN:VEVENT");
        line(out, "UID:" + b.bookingId() + "@madoguchi");
        line(out, "DTSTAMP:" + UTC.format(now));
        line(out, "DTSTART:" + UTC.format(start));
        line(out, "DTEND:" + UTC.format(start.plusSeconds(minutes * 60L)));
        line(out, "SUMMARY:" + text(name + "（予約）"));
        line(out, "STATUS:" + ("BOOKED".equals(b.status()) ? "CONFIRMED" : "CANCELLED"));
        line(out, "END:VEVENT");
        line(out, "END:VCALENDAR");
        return out.toString();
    }

    private static Optional<TenantId> town(String code) {
        try {
            return Optional.of(TenantId.of(code));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
