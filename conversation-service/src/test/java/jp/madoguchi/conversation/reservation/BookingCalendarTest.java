package jp.madoguchi.conversation.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import jp.madoguchi.conversation.reservation.ResourceMessages.Described;
import org.junit.jupiter.api.Test;

/** The iCalendar a resident's calendar reads: RFC 5545 lines, times in UTC, the status that tells a calendar to drop it. */
class BookingCalendarTest {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    static BookingList.Booking booking(String status) {
        return new BookingList.Booking("6f1c2d3e-0000-4000-8000-000000000001", "hall", LocalDate.of(2026, 6, 3), "10:00", status, "RESIDENT",
                "", "", "LINE", NOW, null, null);
    }

    static Optional<Described> hall(String name) {
        return Optional.of(new Described("hall", name, ScheduleTest.hall(List.of())));
    }

    @Test
    void aBookingIsOneEventInUtcWithItsSlotLength() {
        String ics = BookingCalendar.render(booking("BOOKED"), hall("公民館 大会議室"), NOW);
        assertThat(ics).startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n").endsWith("END:VEVENT\r\nEND:VCALENDAR\r\n")
                .contains("UID:6f1c2d3e-0000-4000-8000-000000000001@madoguchi\r\n", "DTSTAMP:20260601T000000Z\r\n",
                        "DTSTART:20260603T010000Z\r\n", "DTEND:20260603T020000Z\r\n", "SUMMARY:公民館 大会議室（予約）\r\n", "STATUS:CONFIRMED\r\n");
    }

    @Test
    void aCancelledBookingSaysSoSoTheCalendarDropsIt() {
        assertThat(BookingCalendar.render(booking("CANCELLED"), hall("公民館"), NOW)).contains("STATUS:CANCELLED\r\n");
    }

    @Test
    void longJapaneseLinesAreFoldedAt75OctetsWithoutSplittingACharacterAndTextIsEscaped() {
        String ics = BookingCalendar.render(booking("BOOKED"), hall("町民体育館, 第1・第2アリーナ; 全面を使う大会の予約"), NOW);
        for (String line : ics.split("\r\n")) {
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(line).isLessThanOrEqualTo(75);
        }
        String unfolded = ics.replace("\r\n ", "");
        assertThat(unfolded).contains("SUMMARY:町民体育館\\, 第1・第2アリーナ\\; 全面を使う大会の予約（予約）\r\n");
    }
}
