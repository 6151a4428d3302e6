package jp.madoguchi.conversation.reservation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import jp.madoguchi.conversation.reservation.DayMessages.Booker;
import jp.madoguchi.conversation.reservation.DayMessages.DayLayout;

/**
 * The places of one resource-day: per slot, its bookings, the holds of residents confirming (a hold past its
 * expiry no longer takes a place) and the waiting list in order. Plain Java; {@link ResourceDay} decides with
 * it and changes it only from its events.
 */
final class DayLedger {

    record Hold(String holdId, LocalTime start, Booker booker, Instant expiresAt) {
    }

    record Place(String bookingId, LocalTime start, Booker booker) {
    }

    /** A record so that Axon's fixture can compare the state it sourced with the state it worked on. */
    private record Slot(Map<String, Hold> holds, Map<String, Place> bookings, Map<String, Place> waiting) {
        Slot() {
            this(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        }
    }

    private final TreeMap<LocalTime, Slot> slots = new TreeMap<>();
    private final Set<String> cancelled = new HashSet<>();
    private final Set<String> noShows = new HashSet<>();
    private int capacity;

    void open(DayLayout layout) {
        capacity = layout.capacity();
        layout.starts().forEach(start -> slots.put(start, new Slot()));
    }

    boolean offers(LocalTime start) {
        return slots.containsKey(start);
    }

    /** Places left at {@code start} at {@code at}: capacity less bookings and unexpired holds. */
    int free(LocalTime start, Instant at) {
        Slot slot = slots.get(start);
        if (slot == null) {
            return 0;
        }
        long holding = slot.holds().values().stream().filter(h -> h.expiresAt().isAfter(at)).count();
        return (int) (capacity - slot.bookings().size() - holding);
    }

    /** Every place booked (not merely held): only then is there a waiting list to join. */
    boolean fullyBooked(LocalTime start) {
        Slot slot = slots.get(start);
        return slot != null && slot.bookings().size() >= capacity;
    }

    /** Up to {@code max} starts with a free place, the ones after {@code asked} first, then the nearest before it. */
    List<LocalTime> alternatives(LocalTime asked, Instant at, int max) {
        List<LocalTime> found = new ArrayList<>();
        for (LocalTime start : slots.tailMap(asked, false).keySet()) {
            if (found.size() < max && free(start, at) > 0) {
                found.add(start);
            }
        }
        for (LocalTime start : slots.headMap(asked, false).descendingKeySet()) {
            if (found.size() < max && free(start, at) > 0) {
                found.add(start);
            }
        }
        return found;
    }

    /** Starts with a free place at {@code at}, in order. */
    List<LocalTime> freeStarts(Instant at) {
        return slots.keySet().stream().filter(s -> free(s, at) > 0).toList();
    }

    /** Starts whose every place is booked: the ones with a waiting list to join, in order. */
    List<LocalTime> fullyBookedStarts() {
        return slots.keySet().stream().filter(this::fullyBooked).toList();
    }

    boolean hasBooking(LocalTime start, String residentId) {
        Slot slot = slots.get(start);
        return slot != null && !residentId.isBlank() && slot.bookings().values().stream().anyMatch(p -> residentId.equals(p.booker().residentId()));
    }

    Optional<Place> waiter(LocalTime start, String residentId) {
        Slot slot = slots.get(start);
        return slot == null || residentId.isBlank() ? Optional.empty()
                : slot.waiting().values().stream().filter(p -> residentId.equals(p.booker().residentId())).findFirst();
    }

    int waitingPosition(LocalTime start, String waiterId) {
        return new ArrayList<>(slots.get(start).waiting().keySet()).indexOf(waiterId) + 1;
    }

    int waitingCount(LocalTime start) {
        return slots.get(start).waiting().size();
    }

    Optional<Place> firstWaiter(LocalTime start) {
        return slots.get(start).waiting().values().stream().findFirst();
    }

    Optional<Hold> hold(String holdId) {
        return slots.values().stream().map(s -> s.holds().get(holdId)).filter(h -> h != null).findFirst();
    }

    Optional<Place> booking(String bookingId) {
        return slots.values().stream().map(s -> s.bookings().get(bookingId)).filter(p -> p != null).findFirst();
    }

    boolean wasCancelled(String bookingId) {
        return cancelled.contains(bookingId);
    }

    boolean isNoShow(String bookingId) {
        return noShows.contains(bookingId);
    }

    static Instant startsAt(LocalDate date, LocalTime start) {
        return date.atTime(start).atZone(ResourceSchedule.JAPAN).toInstant();
    }

    // changes, from events only

    void held(Hold hold) {
        slots.get(hold.start()).holds.put(hold.holdId(), hold);
    }

    void released(String holdId) {
        slots.values().forEach(s -> s.holds().remove(holdId));
    }

    /** A booking replaces the hold or the place on the waiting list it came from, if any. */
    void booked(Place place) {
        Slot slot = slots.get(place.start());
        slot.holds().remove(place.bookingId());
        slot.waiting().remove(place.bookingId());
        slot.bookings().put(place.bookingId(), place);
    }

    void cancelledBooking(String bookingId) {
        slots.values().forEach(s -> s.bookings().remove(bookingId));
        cancelled.add(bookingId);
    }

    void joined(Place waiter) {
        slots.get(waiter.start()).waiting.put(waiter.bookingId(), waiter);
    }

    void markedNoShow(String bookingId) {
        noShows.add(bookingId);
    }
}
