package jp.madoguchi.conversation.reservation;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;

import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Date;
import java.util.List;
import jp.madoguchi.conversation.reservation.DayMessages.Booker;
import jp.madoguchi.conversation.reservation.DayMessages.BookingCancelled;
import jp.madoguchi.conversation.reservation.DayMessages.SlotBooked;
import jp.madoguchi.conversation.reservation.ResourceMessages.Described;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The reminder the day before a booking: each resident booking gets a due time (the day before, at the resource's,
 * the town's or the default time, Asia/Tokyo) in {@value #COLLECTION} of the platform database; a sweep sends what is
 * due through {@link BookingNotices} under the send key {@code booking-reminder:<bookingId>}, so a retry, a second
 * instance or a restart between the send and its mark never delivers it twice (the LINE outbox refuses a send key it
 * recorded, and the retry key derived from it makes LINE refuse a repeated push). A booking cancelled or started
 * before its reminder went out gets none. Phone callers are not reminded in chat.
 */
@Component
@ProcessingGroup(BookingReminders.PROCESSING_GROUP)
class BookingReminders {

    static final String PROCESSING_GROUP = "reservation-reminders";
    static final String COLLECTION = "reservation_reminders";
    private static final Logger log = LoggerFactory.getLogger(BookingReminders.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int BATCH = 200;

    private final TenantMongo mongo;
    private final ReservationDesk desk;
    private final BookingNotices notices;
    private final ReservationProperties props;
    private final Clock clock;

    BookingReminders(TenantMongo mongo, ReservationDesk desk, BookingNotices notices, ReservationProperties props,
                     @Qualifier(ReservationConfiguration.CLOCK) Clock clock) {
        this.mongo = mongo;
        this.desk = desk;
        this.notices = notices;
        this.props = props;
        this.clock = clock;
    }

    /**
     * Written once per booking ($setOnInsert): a replay keeps the state a sweep gave it. A booking made after its
     * reminder time (tonight for tomorrow) needs none: the resident has just booked it.
     */
    @EventHandler
    void on(SlotBooked e) {
        if (e.booker().channelUserId() == null || e.booker().channelUserId().isBlank()) {
            return;
        }
        ResourceSchedule schedule = desk.resource(TenantId.of(e.tenantId()), e.resourceId()).map(Described::schedule).orElse(null);
        Instant due = e.date().minusDays(1).atTime(props.remindAt(e.tenantId(), schedule)).atZone(ResourceSchedule.JAPAN).toInstant();
        Document fields = new Document("tenantId", e.tenantId()).append("resourceId", e.resourceId()).append("date", e.date().toString())
                .append("start", e.start().toString()).append("residentId", e.booker().residentId()).append("channel", e.booker().channel())
                .append("channelUserId", e.booker().channelUserId()).append("dueAt", Date.from(due)).append("state", e.at().isBefore(due) ? "PENDING" : "NOT_NEEDED");
        Mono.from(reminders().updateOne(eq("_id", key(e.tenantId(), e.bookingId())), new Document("$setOnInsert", fields),
                new UpdateOptions().upsert(true))).block(TIMEOUT);
    }

    @EventHandler
    void on(BookingCancelled e) {
        Mono.from(reminders().updateOne(and(eq("_id", key(e.tenantId(), e.bookingId())), eq("state", "PENDING")),
                Updates.set("state", "CANCELLED"))).block(TIMEOUT);
    }

    @Scheduled(initialDelayString = "${madoguchi.reservations.reminder-sweep:30s}", fixedDelayString = "${madoguchi.reservations.reminder-sweep:30s}")
    void sweep() {
        try {
            sendDue(clock.instant());
        } catch (RuntimeException e) {
            log.warn("event=booking-reminders-failed error={}", e.getClass().getSimpleName());
        }
    }

    /** Sends every reminder due by {@code now}; answers how many went out. */
    int sendDue(Instant now) {
        List<Document> due = Flux.from(reminders().find(and(eq("state", "PENDING"), lte("dueAt", Date.from(now)))).limit(BATCH))
                .collectList().block(TIMEOUT);
        int sent = 0;
        for (Document d : due == null ? List.<Document>of() : due) {
            LocalDate date = LocalDate.parse(d.getString("date"));
            LocalTime start = LocalTime.parse(d.getString("start"));
            String bookingId = d.getString("_id").substring(d.getString("_id").indexOf(':') + 1);
            String state = "SKIPPED";
            if (now.isBefore(DayLedger.startsAt(date, start))) {
                TenantId tenant = TenantId.of(d.getString("tenantId"));
                String name = desk.resource(tenant, d.getString("resourceId")).map(Described::name).orElse(d.getString("resourceId"));
                Booker booker = new Booker(d.getString("residentId"), d.getString("channel"), d.getString("channelUserId"), "", "");
                notices.tell(tenant, booker, "booking-reminder:" + bookingId, reminder(name, date, start));
                state = "SENT";
                sent++;
            }
            Mono.from(reminders().updateOne(and(eq("_id", d.getString("_id")), eq("state", "PENDING")),
                    Updates.combine(Updates.set("state", state), Updates.set("doneAt", Date.from(now))))).block(TIMEOUT);
        }
        return sent;
    }

    static String reminder(String resource, LocalDate date, LocalTime start) {
        return "あしたは 予約の日です。\n" + resource + "　" + BookingNotices.when(date, start) + "から\n"
                + "行けなくなったときは、メニューの「予約の確認」から キャンセルしてください。";
    }

    private static String key(String tenantId, String bookingId) {
        return tenantId + ":" + bookingId;
    }

    private MongoCollection<Document> reminders() {
        return mongo.platform().getCollection(COLLECTION);
    }
}
