package jp.madoguchi.conversation.engine;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

/**
 * What a reservation step needs from the town's reservation desk, for the resident whose turn it is. The
 * engine stays plain Java; the session passes an implementation that sends the desk's commands.
 */
public interface Reservations {

    /** Offers nothing: for flows without a reservation step and for tests of other steps. */
    Reservations NONE = new Reservations() {
        public List<LocalDate> freeDates(String resourceId, int max) {
            return List.of();
        }

        public List<LocalTime> freeStarts(String resourceId, LocalDate date) {
            return List.of();
        }

        public Optional<String> hold(String resourceId, LocalDate date, LocalTime start) {
            return Optional.empty();
        }

        public boolean book(String resourceId, LocalDate date, String holdId) {
            return false;
        }

        public String calendarLink(String bookingId) {
            return "";
        }
    };

    /** Up to {@code max} days with a free place, soonest first. */
    List<LocalDate> freeDates(String resourceId, int max);

    /** The free start times on {@code date}, in order. */
    List<LocalTime> freeStarts(String resourceId, LocalDate date);

    /** The hold's id, or empty when the place went to someone else first. */
    Optional<String> hold(String resourceId, LocalDate date, LocalTime start);

    /** Whether the held place is now booked (false: the hold expired and the place went to someone else). */
    boolean book(String resourceId, LocalDate date, String holdId);

    /** Where the resident gets the booking as an iCalendar event; blank when there is no such link. */
    String calendarLink(String bookingId);
}
