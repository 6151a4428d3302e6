package jp.madoguchi.conversation.reservation;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import jp.madoguchi.conversation.engine.Reply;
import jp.madoguchi.conversation.notice.ResidentInbox;
import jp.madoguchi.conversation.notice.ResidentPush;
import jp.madoguchi.conversation.reservation.DayMessages.Booker;
import jp.madoguchi.conversation.reservation.DayMessages.BookingCancelled;
import jp.madoguchi.conversation.reservation.DayMessages.By;
import jp.madoguchi.conversation.reservation.DayMessages.SlotBooked;
import jp.madoguchi.conversation.reservation.DayMessages.Source;
import jp.madoguchi.conversation.reservation.ResourceMessages.Described;
import jp.madoguchi.platform.tenancy.TenantId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells a resident what staff or the waiting list did to their booking: a cancellation by staff, with the staff
 * member's message, and a place given from the waiting list. On LINE by push, under a send key named by the
 * booking, so a replay never sends twice; web chat residents find it in their {@link ResidentInbox}. Phone
 * callers are told by staff on the phone.
 */
@Component
@ProcessingGroup(BookingNotices.PROCESSING_GROUP)
class BookingNotices {

    static final String PROCESSING_GROUP = "reservation-notices";
    private static final Logger log = LoggerFactory.getLogger(BookingNotices.class);
    private static final String[] WEEKDAYS = {"月", "火", "水", "木", "金", "土", "日"};

    private final List<ResidentPush> channels;
    private final ResidentInbox inbox;
    private final ReservationDesk desk;

    BookingNotices(List<ResidentPush> channels, ResidentInbox inbox, ReservationDesk desk) {
        this.channels = List.copyOf(channels);
        this.inbox = inbox;
        this.desk = desk;
    }

    @EventHandler
    void on(BookingCancelled e) {
        if (e.by() == By.STAFF) {
            tell(TenantId.of(e.tenantId()), e.booker(), "booking-cancelled:" + e.bookingId(), cancelledByStaff(name(e.tenantId(), e.resourceId()),
                    e.date(), e.start(), e.message()));
        }
    }

    @EventHandler
    void on(SlotBooked e) {
        if (e.source() == Source.WAITING_LIST) {
            tell(TenantId.of(e.tenantId()), e.booker(), "booking-promoted:" + e.bookingId(), promoted(name(e.tenantId(), e.resourceId()),
                    e.date(), e.start()));
        }
    }

    static String cancelledByStaff(String resource, LocalDate date, LocalTime start, String message) {
        return resource + "　" + when(date, start) + "からの予約を、役場の担当者が取り消しました。\n"
                + (message == null || message.isBlank() ? "" : "【担当者から】" + message.strip() + "\n")
                + "わからないことは、役場にお問い合わせください。";
    }

    static String promoted(String resource, LocalDate date, LocalTime start) {
        return "キャンセルが出たので、" + resource + "　" + when(date, start) + "からの予約が取れました。\n"
                + "行けなくなったときは、メニューの「予約の確認」から キャンセルしてください。";
    }

    /** 「6月3日（水）10:00」 */
    static String when(LocalDate date, LocalTime start) {
        return day(date) + String.format("%d:%02d", start.getHour(), start.getMinute());
    }

    /** 「6月3日（水）」 */
    static String day(LocalDate date) {
        return date.getMonthValue() + "月" + date.getDayOfMonth() + "日（" + WEEKDAYS[date.getDayOfWeek().getValue() - 1] + "）";
    }

    private String name(String tenant, String resourceId) {
        return desk.resource(TenantId.of(tenant), resourceId).map(Described::name).orElse(resourceId);
    }

    /** Sends {@code text} once per {@code sendKey} on the resident's channel (LINE push, else the web inbox). */
    void tell(TenantId tenant, Booker booker, String sendKey, String text) {
        if (booker.channelUserId() == null || booker.channelUserId().isBlank()) {
            return; // a phone caller: staff tell them on the phone
        }
        List<Reply> replies = List.of(new Reply.Ask(text, List.of(new Reply.QuickOption("予約の確認", ResidentBookings.POSTBACK),
                new Reply.QuickOption("メニュー", "menu"))));
        ResidentPush push = channels.stream().filter(c -> c.channel().equals(booker.channel())).findFirst().orElse(null);
        if (push != null) {
            push.push(tenant, booker.channelUserId(), sendKey, replies);
        } else {
            inbox.keep(tenant, booker.residentId(), new ResidentInbox.Notice(sendKey, null, null, text, java.time.Instant.now()))
                    .block(Duration.ofSeconds(10));
        }
        log.info("event=booking-notice tenant={} channel={} kind={}", tenant, booker.channel(), sendKey.substring(0, sendKey.indexOf(':')));
    }
}
