package jp.madoguchi.conversation.reservation;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import jp.madoguchi.conversation.reservation.DayMessages.BookingCancelled;
import jp.madoguchi.conversation.reservation.DayMessages.NoShowMarked;
import jp.madoguchi.conversation.reservation.DayMessages.SlotBooked;
import jp.madoguchi.platform.tenancy.TenantContext;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The bookings staff see: one document per booking in the town's own database ({@value #COLLECTION}), with
 * who booked (name and phone as given, for the desk), how, and whether it was cancelled or missed. Each event
 * is applied once, guarded by its sequence number in its day, so a replay changes nothing.
 */
@Component
@ProcessingGroup(BookingList.PROCESSING_GROUP)
public class BookingList {

    public static final String PROCESSING_GROUP = "reservation-bookings";
    static final String COLLECTION = "reservation_bookings";
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    /** A resident's booking as the chat lists it (no names or phone numbers). */
    public record Upcoming(String bookingId, String resourceId, LocalDate date, String start) {
    }

    /** One booking as the desk lists it; {@code status} BOOKED, CANCELLED or NO_SHOW. */
    public record Booking(String bookingId, String resourceId, LocalDate date, String start, String status, String source, String name,
                          String phone, String channel, Instant bookedAt, String cancelledBy, String cancelMessage) {
    }

    private final TenantMongo mongo;

    BookingList(TenantMongo mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(SlotBooked e, @SequenceNumber long seq) {
        Document booking = new Document("resourceId", e.resourceId())
                .append("date", e.date().toString())
                .append("start", e.start().toString())
                .append("status", "BOOKED")
                .append("source", e.source().name())
                .append("name", e.booker().name())
                .append("phone", e.booker().phone())
                .append("channel", e.booker().channel())
                .append("residentId", e.booker().residentId())
                .append("channelUserId", e.booker().channelUserId())
                .append("bookedAt", Date.from(e.at()))
                .append("seq", seq);
        try {
            Mono.from(bookings(TenantId.of(e.tenantId())).updateOne(and(eq("_id", e.bookingId()), lt("seq", seq)),
                    new Document("$set", booking), new UpdateOptions().upsert(true))).block(WRITE_TIMEOUT);
        } catch (MongoWriteException ex) {
            // the document has seen this event already: the upsert's insert met the existing id
            if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw ex;
            }
        }
    }

    @EventHandler
    void on(BookingCancelled e, @SequenceNumber long seq) {
        update(e.tenantId(), e.bookingId(), seq, Updates.combine(Updates.set("status", "CANCELLED"), Updates.set("cancelledBy", e.by().name()),
                Updates.set("cancelMessage", e.message()), Updates.set("seq", seq)));
    }

    @EventHandler
    void on(NoShowMarked e, @SequenceNumber long seq, @MetaDataValue(TenantContext.KEY) String tenant) {
        update(tenant, e.bookingId(), seq, Updates.combine(Updates.set("status", "NO_SHOW"), Updates.set("seq", seq)));
    }

    /** A resource's bookings from {@code from} to {@code to} (both included), by date and start. */
    public Flux<Booking> between(TenantId tenant, String resourceId, LocalDate from, LocalDate to) {
        return Flux.from(bookings(tenant).find(and(eq("resourceId", resourceId), gte("date", from.toString()), lte("date", to.toString())))
                        .sort(Sorts.ascending("date", "start", "bookedAt")))
                .map(BookingList::booking);
    }

    private static Booking booking(Document d) {
        return new Booking(d.getString("_id"), d.getString("resourceId"), LocalDate.parse(d.getString("date")), d.getString("start"),
                d.getString("status"), d.getString("source"), d.getString("name"), d.getString("phone"), d.getString("channel"),
                d.getDate("bookedAt").toInstant(), d.getString("cancelledBy"), d.getString("cancelMessage"));
    }

    /** One booking by its id, whoever booked it. */
    public Mono<Booking> find(TenantId tenant, String bookingId) {
        return Mono.from(bookings(tenant).find(eq("_id", bookingId)).first()).map(BookingList::booking);
    }

    /** The resident's bookings from {@code from} on that are still booked, soonest first, at most {@code max}. */
    public Flux<Upcoming> upcoming(TenantId tenant, String residentId, LocalDate from, int max) {
        return Flux.from(bookings(tenant).find(and(eq("residentId", residentId), eq("status", "BOOKED"), gte("date", from.toString())))
                        .sort(Sorts.ascending("date", "start")).limit(max))
                .map(d -> new Upcoming(d.getString("_id"), d.getString("resourceId"), LocalDate.parse(d.getString("date")), d.getString("start")));
    }

    private void update(String tenant, String bookingId, long seq, org.bson.conversions.Bson update) {
        Mono.from(bookings(TenantId.of(tenant)).updateOne(and(eq("_id", bookingId), lt("seq", seq)), update)).block(WRITE_TIMEOUT);
    }

    private MongoCollection<Document> bookings(TenantId tenant) {
        return mongo.database(tenant).getCollection(COLLECTION);
    }
}
