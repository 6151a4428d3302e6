package jp.madoguchi.conversation.reservation;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import jp.madoguchi.conversation.reservation.DayLedger.Hold;
import jp.madoguchi.conversation.reservation.DayLedger.Place;
import jp.madoguchi.conversation.reservation.DayMessages.BookHeldSlot;
import jp.madoguchi.conversation.reservation.DayMessages.BookSlot;
import jp.madoguchi.conversation.reservation.DayMessages.Booked;
import jp.madoguchi.conversation.reservation.DayMessages.Booker;
import jp.madoguchi.conversation.reservation.DayMessages.BookingCancelled;
import jp.madoguchi.conversation.reservation.DayMessages.BookingState;
import jp.madoguchi.conversation.reservation.DayMessages.BookingStatus;
import jp.madoguchi.conversation.reservation.DayMessages.By;
import jp.madoguchi.conversation.reservation.DayMessages.CancelBooking;
import jp.madoguchi.conversation.reservation.DayMessages.Cancellation;
import jp.madoguchi.conversation.reservation.DayMessages.DayLayout;
import jp.madoguchi.conversation.reservation.DayMessages.DescribeBooking;
import jp.madoguchi.conversation.reservation.DayMessages.DescribeDay;
import jp.madoguchi.conversation.reservation.DayMessages.FreeStarts;
import jp.madoguchi.conversation.reservation.DayMessages.Held;
import jp.madoguchi.conversation.reservation.DayMessages.HoldReleased;
import jp.madoguchi.conversation.reservation.DayMessages.HoldSlot;
import jp.madoguchi.conversation.reservation.DayMessages.JoinWaitingList;
import jp.madoguchi.conversation.reservation.DayMessages.MarkNoShow;
import jp.madoguchi.conversation.reservation.DayMessages.NoShowMarked;
import jp.madoguchi.conversation.reservation.DayMessages.Outcome;
import jp.madoguchi.conversation.reservation.DayMessages.Refusal;
import jp.madoguchi.conversation.reservation.DayMessages.Refused;
import jp.madoguchi.conversation.reservation.DayMessages.ReleaseHold;
import jp.madoguchi.conversation.reservation.DayMessages.ResourceDayOpened;
import jp.madoguchi.conversation.reservation.DayMessages.SlotBooked;
import jp.madoguchi.conversation.reservation.DayMessages.SlotHeld;
import jp.madoguchi.conversation.reservation.DayMessages.Source;
import jp.madoguchi.conversation.reservation.DayMessages.Waiting;
import jp.madoguchi.conversation.reservation.DayMessages.WaitingListJoined;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One resource's places on one date: the consistency boundary that keeps two residents from holding or
 * booking the last place (every hold and booking of the day goes through this aggregate, and the event
 * store's unique sequence per aggregate refuses a second writer). Opened with the day's layout by the first
 * command that needs it; a cancellation gives the freed place to the first on the slot's waiting list.
 */
@Aggregate(cache = ReservationConfiguration.DAY_CACHE)
class ResourceDay {

    /** How many other starts a refusal offers. */
    static final int ALTERNATIVES = 3;

    @AggregateIdentifier
    private String dayId;
    private String tenantId;
    private String resourceId;
    private LocalDate date;
    private DayLayout layout;
    private final DayLedger ledger = new DayLedger();

    protected ResourceDay() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public Outcome handle(HoldSlot command) {
        open(command.dayId(), command.tenantId(), command.resourceId(), command.date(), command.layout(), command.at());
        Optional<Refused> refused = refusal(command.start(), command.booker(), command.at(), true);
        if (refused.isPresent()) {
            return refused.get();
        }
        apply(new SlotHeld(dayId, command.start(), command.holdId(), command.booker(), command.at(), command.expiresAt()));
        return new Held(command.holdId(), command.start(), command.expiresAt());
    }

    /** A hold past its expiry is still booked if its place is free; a repeated booking answers as the first did. */
    @CommandHandler
    public Outcome handle(BookHeldSlot command) {
        Optional<Place> done = ledger.booking(command.holdId());
        if (done.isPresent()) {
            return new Booked(command.holdId(), done.get().start());
        }
        Optional<Hold> hold = ledger.hold(command.holdId());
        if (hold.isEmpty()) {
            return new Refused(Refusal.HOLD_LOST, ledger.freeStarts(command.at()).stream().limit(ALTERNATIVES).toList(), false);
        }
        LocalTime start = hold.get().start();
        if (!hold.get().expiresAt().isAfter(command.at()) && ledger.free(start, command.at()) < 1) {
            return new Refused(Refusal.HOLD_LOST, ledger.alternatives(start, command.at(), ALTERNATIVES), ledger.fullyBooked(start));
        }
        apply(new SlotBooked(dayId, tenantId, resourceId, date, start, command.holdId(), hold.get().booker(), Source.RESIDENT, "",
                command.at()));
        return new Booked(command.holdId(), start);
    }

    @CommandHandler
    public FreeStarts handle(DescribeDay command) {
        return new FreeStarts(ledger.freeStarts(command.at()), layout.inWindow(command.at()) ? ledger.fullyBookedStarts() : List.of());
    }

    @CommandHandler
    public void handle(ReleaseHold command) {
        ledger.hold(command.holdId()).ifPresent(h -> apply(new HoldReleased(dayId, h.start(), h.holdId(), command.at())));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public Outcome handle(BookSlot command) {
        open(command.dayId(), command.tenantId(), command.resourceId(), command.date(), command.layout(), command.at());
        Optional<Refused> refused = refusal(command.start(), command.booker(), command.at(), false);
        if (refused.isPresent()) {
            return refused.get();
        }
        apply(new SlotBooked(dayId, tenantId, resourceId, date, command.start(), command.bookingId(), command.booker(), Source.STAFF,
                command.staffId(), command.at()));
        return new Booked(command.bookingId(), command.start());
    }

    /** Residents only their own and only until the cutoff; staff at any time. The freed place goes to the waiting list. */
    @CommandHandler
    public Cancellation handle(CancelBooking command) {
        if (ledger.wasCancelled(command.bookingId())) {
            return Cancellation.ALREADY_CANCELLED;
        }
        Optional<Place> found = ledger.booking(command.bookingId())
                .filter(p -> command.by() == By.STAFF || p.booker().residentId().equals(command.residentId()));
        if (found.isEmpty()) {
            return Cancellation.NOT_FOUND;
        }
        Place place = found.get();
        if (command.by() == By.RESIDENT && command.at().isAfter(changeUntil(place.start()))) {
            return Cancellation.TOO_LATE;
        }
        apply(new BookingCancelled(dayId, tenantId, resourceId, date, place.start(), place.bookingId(), place.booker(), command.by(),
                command.message() == null ? "" : command.message(), command.at()));
        while (ledger.free(place.start(), command.at()) > 0 && ledger.firstWaiter(place.start()).isPresent()) {
            Place waiter = ledger.firstWaiter(place.start()).get();
            apply(new SlotBooked(dayId, tenantId, resourceId, date, place.start(), waiter.bookingId(), waiter.booker(), Source.WAITING_LIST,
                    "", command.at()));
        }
        return Cancellation.CANCELLED;
    }

    @CommandHandler
    public BookingState handle(DescribeBooking command) {
        if (ledger.wasCancelled(command.bookingId())) {
            return BookingState.CANCELLED;
        }
        return ledger.booking(command.bookingId())
                .map(p -> new BookingState(BookingStatus.BOOKED, p.start(), p.booker(), changeUntil(p.start())))
                .orElse(BookingState.UNKNOWN);
    }

    /** The last moment a resident may cancel or change the booking at {@code start} in chat. */
    private Instant changeUntil(LocalTime start) {
        return DayLedger.startsAt(date, start).minusSeconds(layout.cancelCutoffHours() * 3600L);
    }

    /** Open only when every place is booked; a place merely held will come free by itself or be booked. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public Outcome handle(JoinWaitingList command) {
        open(command.dayId(), command.tenantId(), command.resourceId(), command.date(), command.layout(), command.at());
        LocalTime start = command.start();
        Optional<Place> already = ledger.offers(start) ? ledger.waiter(start, command.booker().residentId()) : Optional.empty();
        if (already.isPresent()) {
            return new Waiting(already.get().bookingId(), start, ledger.waitingPosition(start, already.get().bookingId()));
        }
        Optional<Refused> refused = refusal(start, command.booker(), command.at(), true);
        if (refused.isEmpty()) {
            return new Refused(Refusal.PLACE_FREE, List.of(start), false);
        }
        if (!refused.get().waitingListOpen()) {
            return refused.get();
        }
        int position = ledger.waitingCount(start) + 1;
        apply(new WaitingListJoined(dayId, start, command.waiterId(), command.booker(), position, command.at()));
        return new Waiting(command.waiterId(), start, position);
    }

    @CommandHandler
    public void handle(MarkNoShow command) {
        Place place = ledger.booking(command.bookingId()).orElseThrow(() -> new BookingNotFound(command.bookingId()));
        if (command.at().isBefore(DayLedger.startsAt(date, place.start()))) {
            throw new ReservationConflict("a no-show can only be marked once the slot has started");
        }
        if (!ledger.isNoShow(command.bookingId())) {
            apply(new NoShowMarked(dayId, command.bookingId(), command.staffId(), command.at()));
        }
    }

    private void open(String id, String tenant, String resource, LocalDate day, DayLayout layout, Instant at) {
        if (dayId == null) {
            apply(new ResourceDayOpened(id, tenant, resource, day, layout, at));
        }
    }

    /** Staff booking for a phone caller are not bound by the residents' booking window ({@code windowed} false). */
    private Optional<Refused> refusal(LocalTime start, Booker booker, Instant at, boolean windowed) {
        if (!ledger.offers(start)) {
            return Optional.of(new Refused(Refusal.NOT_OFFERED, ledger.alternatives(start, at, ALTERNATIVES), false));
        }
        if (windowed && !layout.inWindow(at)) {
            return Optional.of(new Refused(Refusal.OUTSIDE_WINDOW, List.of(), false));
        }
        if (ledger.hasBooking(start, booker.residentId())) {
            return Optional.of(new Refused(Refusal.ALREADY_BOOKED, ledger.alternatives(start, at, ALTERNATIVES), false));
        }
        if (ledger.free(start, at) < 1) {
            return Optional.of(new Refused(Refusal.FULL, ledger.alternatives(start, at, ALTERNATIVES), ledger.fullyBooked(start)));
        }
        return Optional.empty();
    }

    @EventSourcingHandler
    void on(ResourceDayOpened event) {
        dayId = event.dayId();
        tenantId = event.tenantId();
        resourceId = event.resourceId();
        date = event.date();
        layout = event.layout();
        ledger.open(event.layout());
    }

    @EventSourcingHandler
    void on(SlotHeld event) {
        ledger.held(new Hold(event.holdId(), event.start(), event.booker(), event.expiresAt()));
    }

    @EventSourcingHandler
    void on(HoldReleased event) {
        ledger.released(event.holdId());
    }

    @EventSourcingHandler
    void on(SlotBooked event) {
        ledger.booked(new Place(event.bookingId(), event.start(), event.booker()));
    }

    @EventSourcingHandler
    void on(BookingCancelled event) {
        ledger.cancelledBooking(event.bookingId());
    }

    @EventSourcingHandler
    void on(WaitingListJoined event) {
        ledger.joined(new Place(event.waiterId(), event.start(), event.booker()));
    }

    @EventSourcingHandler
    void on(NoShowMarked event) {
        ledger.markedNoShow(event.bookingId());
    }
}
