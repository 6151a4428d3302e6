package jp.madoguchi.conversation.reservation;

import java.time.LocalDate;
import java.util.Optional;
import jp.madoguchi.platform.events.contracts.ReservationBooked;
import jp.madoguchi.platform.events.contracts.ReservationCancelled;
import jp.madoguchi.platform.events.contracts.ReservationDayOpened;
import jp.madoguchi.platform.events.contracts.ReservationNoShowMarked;

/**
 * What reservations tell the rest of the platform (analytics' utilisation): days opened with their places, bookings,
 * cancellations and no-shows, without who booked. Holds and waiting-list places stay inside.
 */
public final class ReservationIntegrationEvents {

    private ReservationIntegrationEvents() {
    }

    public static Optional<Record> translate(Object domainEvent) {
        if (domainEvent instanceof DayMessages.ResourceDayOpened e) {
            return Optional.of(new ReservationDayOpened(e.resourceId(), e.date(), e.layout().starts().size() * e.layout().capacity(), e.at()));
        }
        if (domainEvent instanceof DayMessages.SlotBooked e) {
            return Optional.of(new ReservationBooked(e.bookingId(), e.resourceId(), e.date(), e.start(), e.source().name(),
                    e.booker().channel(), e.at()));
        }
        if (domainEvent instanceof DayMessages.BookingCancelled e) {
            return Optional.of(new ReservationCancelled(e.bookingId(), e.resourceId(), e.date(), e.start(), e.by().name(), e.at()));
        }
        if (domainEvent instanceof DayMessages.NoShowMarked e) {
            // the day's id names its resource and date: <town>:<resourceId>:<yyyy-MM-dd> (resource ids have no colon)
            String[] day = e.dayId().split(":");
            return Optional.of(new ReservationNoShowMarked(e.bookingId(), day[1], LocalDate.parse(day[2]), e.at()));
        }
        return Optional.empty();
    }
}
