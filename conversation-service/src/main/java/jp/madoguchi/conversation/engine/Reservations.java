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
        public Days days(String resourceId, int maxFree, int maxWaitable) {
            return new Days(List.of(), List.of());
        }

        public Day day(String resourceId, LocalDate date) {
            return new Day(List.of(), List.of());
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

        public Optional<Waiting> joinWaitingList(String resourceId, LocalDate date, LocalTime start) {
            return Optional.empty();
        }
    };

    /** A place on a slot's waiting list: its id becomes the booking's id when a cancellation promotes it. */
    record Waiting(String waiterId, int position) {
    }

    /** Days soonest first: up to {@code maxFree} with a free place, up to {@code maxWaitable} with a fully booked time. */
    record Days(List<LocalDate> free, List<LocalDate> waitable) {
    }

    /** A day's start times, in order: those with a free place, and those fully booked (their waiting list is open). */
    record Day(List<LocalTime> free, List<LocalTime> waitable) {
    }

    Days days(String resourceId, int maxFree, int maxWaitable);

    Day day(String resourceId, LocalDate date);

    /** The hold's id, or empty when the place went to someone else first. */
    Optional<String> hold(String resourceId, LocalDate date, LocalTime start);

    /** Whether the held place is now booked (false: the hold expired and the place went to someone else). */
    boolean book(String resourceId, LocalDate date, String holdId);

    /** Where the resident gets the booking as an iCalendar event; blank when there is no such link. */
    String calendarLink(String bookingId);

    /** The resident's place on the waiting list (the same one again if already on it), or empty when it is not open. */
    Optional<Waiting> joinWaitingList(String resourceId, LocalDate date, LocalTime start);
}
