package jp.madoguchi.conversation.reservation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands, events and answers of a {@link ResourceDay}: one resource's slots on one date. */
final class DayMessages {

    private DayMessages() {
    }

    /** {@code <tenantId>:<resourceId>:<yyyy-MM-dd>}. */
    public static String dayId(String tenantId, String resourceId, LocalDate date) {
        return tenantId + ":" + resourceId + ":" + date;
    }

    /**
     * The slots a day is opened with, from the resource's schedule at the time of the first booking: residents
     * may hold from {@code bookableFrom} until before {@code bookableUntil} (the booking window), and cancel or
     * change until {@code cancelCutoffHours} before a slot starts.
     */
    public record DayLayout(List<LocalTime> starts, int capacity, int slotMinutes, Instant bookableFrom, Instant bookableUntil,
                            int cancelCutoffHours) {
        public DayLayout {
            starts = List.copyOf(starts);
        }

        boolean inWindow(Instant at) {
            return !at.isBefore(bookableFrom) && at.isBefore(bookableUntil);
        }
    }

    /** Who a place is for: a resident on a channel, or a phone caller staff booked for ({@code channel} PHONE). */
    public record Booker(String residentId, String channel, String channelUserId, String name, String phone) {
        public static Booker phoneCaller(String name, String phone) {
            return new Booker("", "PHONE", "", name, phone);
        }
    }

    /** Who asked: the resident in chat, or a staff member (who may cancel at any time). */
    public enum By { RESIDENT, STAFF }

    /** How a booking came about. */
    public enum Source { RESIDENT, STAFF, WAITING_LIST }

    /** What a cancellation came to; a resident's button may be stale, so none of these is an error. */
    public enum Cancellation { CANCELLED, ALREADY_CANCELLED, NOT_FOUND, TOO_LATE }

    /** Why a place was not given. */
    public enum Refusal { FULL, NOT_OFFERED, OUTSIDE_WINDOW, ALREADY_BOOKED, HOLD_LOST, PLACE_FREE }

    // commands (the day is opened with the layout by whichever comes first)

    public record HoldSlot(@TargetAggregateIdentifier String dayId, String tenantId, String resourceId, LocalDate date, DayLayout layout,
                           LocalTime start, String holdId, Booker booker, Instant at, Instant expiresAt) {
    }

    public record BookHeldSlot(@TargetAggregateIdentifier String dayId, String holdId, Instant at) {
    }

    public record ReleaseHold(@TargetAggregateIdentifier String dayId, String holdId, Instant at) {
    }

    /** Staff book for a phone caller: no hold, the place is taken at once if free. */
    public record BookSlot(@TargetAggregateIdentifier String dayId, String tenantId, String resourceId, LocalDate date, DayLayout layout,
                           LocalTime start, String bookingId, Booker booker, String staffId, Instant at) {
    }

    /**
     * A resident may cancel only their own booking and only until the day's cutoff; staff any booking at any time.
     * Answered with a {@link Cancellation}.
     */
    public record CancelBooking(@TargetAggregateIdentifier String dayId, String bookingId, By by, String residentId, String message,
                                Instant at) {
    }

    public record JoinWaitingList(@TargetAggregateIdentifier String dayId, String tenantId, String resourceId, LocalDate date,
                                  DayLayout layout, LocalTime start, String waiterId, Booker booker, Instant at) {
    }

    public record MarkNoShow(@TargetAggregateIdentifier String dayId, String bookingId, String staffId, Instant at) {
    }

    /** Read-only: the starts with a free place at {@code at} and those with a waiting list, answered as {@link FreeStarts}. */
    public record DescribeDay(@TargetAggregateIdentifier String dayId, Instant at) {
    }

    /** Read-only: one booking of the day as {@link BookingState}. */
    public record DescribeBooking(@TargetAggregateIdentifier String dayId, String bookingId) {
    }

    // events

    public record ResourceDayOpened(String dayId, String tenantId, String resourceId, LocalDate date, DayLayout layout, Instant at) {
    }

    public record SlotHeld(String dayId, LocalTime start, String holdId, Booker booker, Instant at, Instant expiresAt) {
    }

    public record HoldReleased(String dayId, LocalTime start, String holdId, Instant at) {
    }

    /** For a promotion from the waiting list, {@code bookingId} is the waiter's id. */
    public record SlotBooked(String dayId, String tenantId, String resourceId, LocalDate date, LocalTime start, String bookingId,
                             Booker booker, Source source, String staffId, Instant at) {
    }

    public record BookingCancelled(String dayId, String tenantId, String resourceId, LocalDate date, LocalTime start, String bookingId,
                                   Booker booker, By by, String message, Instant at) {
    }

    public record WaitingListJoined(String dayId, LocalTime start, String waiterId, Booker booker, int position, Instant at) {
    }

    public record NoShowMarked(String dayId, String bookingId, String staffId, Instant at) {
    }

    // answers

    /** A booking as its day knows it; {@code start}, {@code booker} and {@code changeUntil} only while BOOKED. */
    public record BookingState(BookingStatus status, LocalTime start, Booker booker, Instant changeUntil) {
        static final BookingState UNKNOWN = new BookingState(BookingStatus.UNKNOWN, null, null, null);
        static final BookingState CANCELLED = new BookingState(BookingStatus.CANCELLED, null, null, null);
    }

    public enum BookingStatus { BOOKED, CANCELLED, UNKNOWN }

    /** {@code waitable}: every place booked, so a resident may join the waiting list (none once the booking window has closed). */
    public record FreeStarts(List<LocalTime> starts, List<LocalTime> waitable) {
        public FreeStarts {
            starts = List.copyOf(starts);
            waitable = List.copyOf(waitable);
        }
    }

    /** What a hold, a booking or a place on the waiting list came to. */
    public sealed interface Outcome {
    }

    public record Held(String holdId, LocalTime start, Instant expiresAt) implements Outcome {
    }

    public record Booked(String bookingId, LocalTime start) implements Outcome {
    }

    public record Waiting(String waiterId, LocalTime start, int position) implements Outcome {
    }

    /** Not given: the next free starts that day (later ones first) and whether the waiting list is open for the slot asked for. */
    public record Refused(Refusal why, List<LocalTime> alternatives, boolean waitingListOpen) implements Outcome {
        public Refused {
            alternatives = List.copyOf(alternatives);
        }
    }
}
