package jp.madoguchi.conversation.reservation;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import jp.madoguchi.conversation.engine.Reservations;
import jp.madoguchi.conversation.engine.Reservations.Day;
import jp.madoguchi.conversation.engine.Reservations.Days;
import jp.madoguchi.conversation.engine.Reservations.Waiting;
import jp.madoguchi.conversation.engine.ResidentReservations;
import jp.madoguchi.conversation.reservation.DayMessages.Booked;
import jp.madoguchi.conversation.reservation.DayMessages.Booker;
import jp.madoguchi.conversation.reservation.DayMessages.Held;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.stereotype.Component;

/**
 * The engine's reservation steps, served by the {@link ReservationDesk} for the resident in the conversation.
 * A resource the town has not defined offers no days rather than failing the turn.
 */
@Component
class ChatReservations implements ResidentReservations {

    private final ReservationDesk desk;
    private final BookingCalendar calendar;

    ChatReservations(ReservationDesk desk, BookingCalendar calendar) {
        this.desk = desk;
        this.calendar = calendar;
    }

    @Override
    public Reservations of(String tenantCode, String residentId, String channel, String channelUserId) {
        TenantId tenant = TenantId.of(tenantCode);
        Booker booker = new Booker(residentId, channel, channelUserId, "", "");
        return new Reservations() {
            public Days days(String resourceId, int maxFree, int maxWaitable) {
                if (desk.resource(tenant, resourceId).isEmpty()) {
                    return new Days(List.of(), List.of());
                }
                ReservationDesk.OpenDays open = desk.openDays(tenant, resourceId, maxFree, maxWaitable);
                return new Days(open.free(), open.waitable());
            }

            public Day day(String resourceId, LocalDate date) {
                if (desk.resource(tenant, resourceId).isEmpty()) {
                    return new Day(List.of(), List.of());
                }
                DayMessages.FreeStarts day = desk.day(tenant, resourceId, date);
                return new Day(day.starts(), day.waitable());
            }

            public Optional<String> hold(String resourceId, LocalDate date, LocalTime start) {
                return desk.hold(tenant, resourceId, date, start, booker) instanceof Held held ? Optional.of(held.holdId()) : Optional.empty();
            }

            public boolean book(String resourceId, LocalDate date, String holdId) {
                return desk.book(tenant, resourceId, date, holdId) instanceof Booked;
            }

            public String calendarLink(String bookingId) {
                return calendar.link(tenant, bookingId);
            }

            public Optional<Waiting> joinWaitingList(String resourceId, LocalDate date, LocalTime start) {
                return desk.joinWaitingList(tenant, resourceId, date, start, booker) instanceof DayMessages.Waiting w
                        ? Optional.of(new Waiting(w.waiterId(), w.position())) : Optional.empty();
            }
        };
    }
}
