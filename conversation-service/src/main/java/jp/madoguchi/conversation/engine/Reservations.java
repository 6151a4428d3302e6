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

        public List<LocalDate> waitableDates(String resourceId, int max) {
            return List.of();
        }

        public List<LocalTime> waitableStarts(String resourceId, LocalDate date) {
            return List.of();
        }

        public Optional<Waiting> joinWaitingList(String resourceId, LocalDate date, LocalTime start) {
            return Optional.empty();
        }
    };

    /** A place on a slot's waiting list: its id becomes the booking's id when a cancellation promotes it. */
    record Waiting(String waiterId, int position) {
    }

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

    /** Up to {@code max} days with a fully booked time whose waiting list is open, soonest first. */
    List<LocalDate> waitableDates(String resourceId, int max);

    /** The fully booked starts on {@code date}, in order. */
    List<LocalTime> waitableStarts(String resourceId, LocalDate date);

    /** The resident's place on the waiting list (the same one again if already on it), or empty when it is not open. */
    Optional<Waiting> joinWaitingList(String resourceId, LocalDate date, LocalTime start);
}
