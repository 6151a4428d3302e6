package jp.madoguchi.conversation.reservation;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import jp.madoguchi.conversation.reservation.DayMessages.BookHeldSlot;
import jp.madoguchi.conversation.reservation.DayMessages.BookSlot;
import jp.madoguchi.conversation.reservation.DayMessages.Booked;
import jp.madoguchi.conversation.reservation.DayMessages.Booker;
import jp.madoguchi.conversation.reservation.DayMessages.BookingState;
import jp.madoguchi.conversation.reservation.DayMessages.BookingStatus;
import jp.madoguchi.conversation.reservation.DayMessages.By;
import jp.madoguchi.conversation.reservation.DayMessages.CancelBooking;
import jp.madoguchi.conversation.reservation.DayMessages.Cancellation;
import jp.madoguchi.conversation.reservation.DayMessages.DescribeBooking;
import jp.madoguchi.conversation.reservation.DayMessages.DescribeDay;
import jp.madoguchi.conversation.reservation.DayMessages.FreeStarts;
import jp.madoguchi.conversation.reservation.DayMessages.HoldSlot;
import jp.madoguchi.conversation.reservation.DayMessages.JoinWaitingList;
import jp.madoguchi.conversation.reservation.DayMessages.MarkNoShow;
import jp.madoguchi.conversation.reservation.DayMessages.Outcome;
import jp.madoguchi.conversation.reservation.DayMessages.ReleaseHold;
import jp.madoguchi.conversation.reservation.ResourceMessages.DefineResource;
import jp.madoguchi.conversation.reservation.ResourceMessages.DescribeResource;
import jp.madoguchi.conversation.reservation.ResourceMessages.Described;
import jp.madoguchi.conversation.reservation.ResourceMessages.ReviseResource;
import jp.madoguchi.platform.tenancy.TenantContext;
import jp.madoguchi.platform.tenancy.TenantId;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The one way into reservations for the engine's reservation step, the channels and staff: turns a town, a
 * resource and a date into the commands of its {@link Resource} and {@link ResourceDay}s, with the day's layout
 * from the resource's current schedule. What is free is read from the day aggregate itself, so an offer never
 * disagrees with what a hold will find (a day nobody has booked yet is all free).
 */
@Component
class ReservationDesk {

    private final CommandGateway commands;
    private final EventStore events;
    private final Cache days;
    private final Clock clock;

    ReservationDesk(CommandGateway commands, EventStore events, @Qualifier(ReservationConfiguration.DAY_CACHE) Cache days,
                    @Qualifier(ReservationConfiguration.CLOCK) Clock clock) {
        this.commands = commands;
        this.events = events;
        this.days = days;
        this.clock = clock;
    }

    public void define(TenantId tenant, String resourceId, String name, ResourceSchedule schedule, String staffId) {
        send(tenant, new DefineResource(ResourceMessages.aggregateId(tenant.code(), resourceId), tenant.code(), resourceId, name,
                schedule, staffId, clock.instant()));
    }

    /** A new name or schedule for an existing resource; days already opened keep their slots. */
    public void revise(TenantId tenant, String resourceId, String name, ResourceSchedule schedule, String staffId) {
        send(tenant, new ReviseResource(ResourceMessages.aggregateId(tenant.code(), resourceId), name, schedule, staffId, clock.instant()));
    }

    public Optional<Described> resource(TenantId tenant, String resourceId) {
        try {
            return Optional.of((Described) send(tenant, new DescribeResource(ResourceMessages.aggregateId(tenant.code(), resourceId))));
        } catch (AggregateNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Up to {@code max} dates inside the booking window with at least one free start, soonest first. */
    public List<LocalDate> freeDates(TenantId tenant, String resourceId, int max) {
        return openDays(tenant, resourceId, max, 0).free();
    }

    /** The starts with a free place on {@code date}; none outside the booking window. */
    public List<LocalTime> freeStarts(TenantId tenant, String resourceId, LocalDate date) {
        return day(tenant, resourceId, date).starts();
    }

    /** The day's free starts and its fully booked ones (whose waiting list a resident may join), from one look at the day. */
    public FreeStarts day(TenantId tenant, String resourceId, LocalDate date) {
        return day(tenant, resourceId, schedule(tenant, resourceId), date);
    }

    /** Dates of the booking window, soonest first: up to {@code maxFree} with a free start and up to {@code maxWaitable} with a full one. */
    public record OpenDays(List<LocalDate> free, List<LocalDate> waitable) {
    }

    /** Both kinds of date in one pass over the window, each day looked at once; it stops once both lists are full. */
    public OpenDays openDays(TenantId tenant, String resourceId, int maxFree, int maxWaitable) {
        ResourceSchedule schedule = schedule(tenant, resourceId);
        LocalDate today = LocalDate.now(clock.withZone(ResourceSchedule.JAPAN));
        List<LocalDate> free = new ArrayList<>(), waitable = new ArrayList<>();
        for (int ahead = schedule.bookFromDays(); ahead <= schedule.bookUntilDays()
                && (free.size() < maxFree || waitable.size() < maxWaitable); ahead++) {
            LocalDate date = today.plusDays(ahead);
            FreeStarts day = day(tenant, resourceId, schedule, date);
            if (free.size() < maxFree && !day.starts().isEmpty()) {
                free.add(date);
            }
            if (waitable.size() < maxWaitable && !day.waitable().isEmpty()) {
                waitable.add(date);
            }
        }
        return new OpenDays(free, waitable);
    }

    private FreeStarts day(TenantId tenant, String resourceId, ResourceSchedule schedule, LocalDate date) {
        Instant now = clock.instant();
        if (!schedule.layoutOn(date).inWindow(now)) {
            return new FreeStarts(List.of(), List.of());
        }
        String dayId = DayMessages.dayId(tenant.code(), resourceId, date);
        if (!opened(dayId)) {
            return new FreeStarts(schedule.startsOn(date), List.of());
        }
        return (FreeStarts) send(tenant, new DescribeDay(dayId, now));
    }

    /** Holds a place while the resident confirms, for the resource's hold time. */
    public Outcome hold(TenantId tenant, String resourceId, LocalDate date, LocalTime start, Booker booker) {
        ResourceSchedule schedule = schedule(tenant, resourceId);
        Instant now = clock.instant();
        String dayId = DayMessages.dayId(tenant.code(), resourceId, date);
        HoldSlot hold = new HoldSlot(dayId, tenant.code(), resourceId, date, schedule.layoutOn(date), start, UUID.randomUUID().toString(),
                booker, now, now.plusSeconds(schedule.holdMinutes() * 60L));
        return creating(() -> (Outcome) send(tenant, hold));
    }

    public Outcome book(TenantId tenant, String resourceId, LocalDate date, String holdId) {
        return (Outcome) send(tenant, new BookHeldSlot(DayMessages.dayId(tenant.code(), resourceId, date), holdId, clock.instant()));
    }

    public void release(TenantId tenant, String resourceId, LocalDate date, String holdId) {
        send(tenant, new ReleaseHold(DayMessages.dayId(tenant.code(), resourceId, date), holdId, clock.instant()));
    }

    public Outcome joinWaitingList(TenantId tenant, String resourceId, LocalDate date, LocalTime start, Booker booker) {
        String dayId = DayMessages.dayId(tenant.code(), resourceId, date);
        JoinWaitingList join = new JoinWaitingList(dayId, tenant.code(), resourceId, date, schedule(tenant, resourceId).layoutOn(date), start,
                UUID.randomUUID().toString(), booker, clock.instant());
        return creating(() -> (Outcome) send(tenant, join));
    }

    /** Staff cancel any booking at any time, with a message to the resident; an unknown booking is {@link BookingNotFound}. */
    public void cancelByStaff(TenantId tenant, String resourceId, LocalDate date, String bookingId, String message) {
        Cancellation done = (Cancellation) send(tenant, new CancelBooking(DayMessages.dayId(tenant.code(), resourceId, date), bookingId,
                By.STAFF, "", message, clock.instant()));
        if (done == Cancellation.NOT_FOUND) {
            throw new BookingNotFound(bookingId);
        }
    }

    /** A resident cancels their own booking until the cutoff; a stale or foreign booking id is answered, never thrown. */
    public Cancellation cancelOwn(TenantId tenant, String resourceId, LocalDate date, String bookingId, String residentId) {
        String dayId = DayMessages.dayId(tenant.code(), resourceId, date);
        if (!opened(dayId)) {
            return Cancellation.NOT_FOUND;
        }
        return (Cancellation) send(tenant, new CancelBooking(dayId, bookingId, By.RESIDENT, residentId, "", clock.instant()));
    }

    /** The booking as its day knows it; {@code UNKNOWN} also when the day was never opened or it is not {@code residentId}'s. */
    public BookingState booking(TenantId tenant, String resourceId, LocalDate date, String bookingId, String residentId) {
        String dayId = DayMessages.dayId(tenant.code(), resourceId, date);
        if (!opened(dayId)) {
            return BookingState.UNKNOWN;
        }
        BookingState state = (BookingState) send(tenant, new DescribeBooking(dayId, bookingId));
        return state.status() == BookingStatus.BOOKED && !state.booker().residentId().equals(residentId) ? BookingState.UNKNOWN : state;
    }

    /** What moving a booking to a held place came to. */
    public enum Change { CHANGED, HOLD_LOST, GONE, TOO_LATE }

    /**
     * Moves a resident's booking to the place they hold: the new place is booked first, then the old one is
     * cancelled, both at the same instant, so the resident never ends with neither and the cutoff checked first
     * still holds for the cancellation. A booking already cancelled or past its cutoff is not moved.
     */
    public Change change(TenantId tenant, String resourceId, LocalDate date, String bookingId, String residentId, LocalDate newDate,
                         String holdId) {
        Instant now = clock.instant();
        BookingState old = booking(tenant, resourceId, date, bookingId, residentId);
        if (old.status() != BookingStatus.BOOKED) {
            return Change.GONE;
        }
        if (now.isAfter(old.changeUntil())) {
            return Change.TOO_LATE;
        }
        Outcome booked = (Outcome) send(tenant, new BookHeldSlot(DayMessages.dayId(tenant.code(), resourceId, newDate), holdId, now));
        if (!(booked instanceof Booked)) {
            return Change.HOLD_LOST;
        }
        send(tenant, new CancelBooking(DayMessages.dayId(tenant.code(), resourceId, date), bookingId, By.RESIDENT, residentId, "", now));
        return Change.CHANGED;
    }

    /** Staff book a phone caller straight away. */
    public Outcome bookForCaller(TenantId tenant, String resourceId, LocalDate date, LocalTime start, Booker caller, String staffId) {
        String dayId = DayMessages.dayId(tenant.code(), resourceId, date);
        BookSlot book = new BookSlot(dayId, tenant.code(), resourceId, date, schedule(tenant, resourceId).layoutOn(date), start,
                UUID.randomUUID().toString(), caller, staffId, clock.instant());
        return creating(() -> (Outcome) send(tenant, book));
    }

    public void markNoShow(TenantId tenant, String resourceId, LocalDate date, String bookingId, String staffId) {
        send(tenant, new MarkNoShow(DayMessages.dayId(tenant.code(), resourceId, date), bookingId, staffId, clock.instant()));
    }

    private boolean opened(String dayId) {
        return days.containsKey(dayId) || events.lastSequenceNumberFor(dayId).isPresent();
    }

    private ResourceSchedule schedule(TenantId tenant, String resourceId) {
        return resource(tenant, resourceId).map(Described::schedule)
                .orElseThrow(() -> new ReservationRuleViolation(List.of("予約先「" + resourceId + "」はありません。")));
    }

    /**
     * Two nodes opening the same day at once: the event store refuses the second stream, and the command is
     * sent again to the day that now exists (in one node Axon's aggregate lock already orders them).
     */
    private static Outcome creating(Supplier<Outcome> command) {
        for (int attempt = 1; ; attempt++) {
            try {
                return command.get();
            } catch (ConcurrencyException | EventStoreException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private Object send(TenantId tenant, Object command) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).withMetaData(TenantContext.metaData(tenant)));
    }
}
