package jp.madoguchi.platform.messaging.parking;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code madoguchi_platform.parked_events}: one document per parked record, with what an operator needs to find
 * it and the raw key, value and headers to replay it. A record parked twice (read again after a restart) keeps
 * its first document: (service, consumer, topic, partition, offset) is unique.
 */
class ParkedEventStore {

    static final String COLLECTION = "parked_events";
    /** The listing's cap: parked events are exceptions, a longer list means an outage to fix, not to page through. */
    static final int LIST_LIMIT = 500;

    private final TenantMongo mongo;
    private final AtomicBoolean indexed = new AtomicBoolean();

    public ParkedEventStore(TenantMongo mongo) {
        this.mongo = mongo;
    }

    /** What a replay sends again: the original key, value and headers. */
    record Original(ParkedEvent event, Object key, byte[] value, List<Header> headers) {
    }

    private MongoCollection<Document> collection() {
        return mongo.platform().getCollection(COLLECTION);
    }

    /** Stores a parked record; false when it was already stored. */
    Mono<Boolean> park(ParkedEvent event, String errorMessage, Object key, byte[] value, Iterable<Header> headers) {
        List<Document> rawHeaders = new ArrayList<>();
        for (Header header : headers) {
            rawHeaders.add(new Document("name", header.key()).append("value", header.value() == null ? null : new Binary(header.value())));
        }
        Document document = new Document("_id", event.id())
                .append("service", event.service())
                .append("consumer", event.consumer())
                .append("tenantId", event.tenantId())
                .append("topic", event.topic())
                .append("partition", event.partition())
                .append("offset", event.offset())
                .append("key", key instanceof byte[] bytes ? new Binary(bytes) : key)
                .append("eventId", event.eventId())
                .append("eventType", event.eventType())
                .append("errorClass", event.errorClass())
                .append("errorMessage", errorMessage)
                .append("parkedAt", Date.from(event.parkedAt()))
                .append("status", event.status().name())
                .append("replayedAt", null)
                .append("value", value == null ? null : new Binary(value))
                .append("headers", rawHeaders);
        return ensureIndexes()
                .then(Mono.from(collection().insertOne(document)))
                .thenReturn(true)
                .onErrorResume(MongoWriteException.class,
                        e -> e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY ? Mono.just(false) : Mono.error(e));
    }

    private Mono<Void> ensureIndexes() {
        if (indexed.get()) {
            return Mono.empty();
        }
        return Mono.from(collection().createIndex(
                        Indexes.ascending("service", "consumer", "topic", "partition", "offset"), new IndexOptions().unique(true)))
                .doOnSuccess(name -> indexed.set(true))
                .then();
    }

    /** This service's parked events, newest first; null filters match everything. */
    Flux<ParkedEvent> list(String service, String tenantId, String consumer, ParkedEvent.Status status) {
        List<Bson> filters = new ArrayList<>(List.of(Filters.eq("service", service)));
        if (tenantId != null) {
            filters.add(Filters.eq("tenantId", tenantId));
        }
        if (consumer != null) {
            filters.add(Filters.eq("consumer", consumer));
        }
        if (status != null) {
            filters.add(Filters.eq("status", status.name()));
        }
        return Flux.from(collection().find(Filters.and(filters))
                        .projection(Projections.exclude("key", "value", "headers", "errorMessage"))
                        .sort(Sorts.descending("parkedAt"))
                        .limit(LIST_LIMIT))
                .map(ParkedEventStore::event);
    }

    Mono<Original> find(String service, String id) {
        return Mono.from(collection().find(Filters.and(Filters.eq("_id", id), Filters.eq("service", service))).first())
                .map(document -> new Original(event(document), key(document.get("key")), bytes(document.get("value")), headers(document)));
    }

    /** Marks a parked event replayed; empty when it was no longer parked. */
    Mono<ParkedEvent> markReplayed(String service, String id, Instant at) {
        return Mono.from(collection().findOneAndUpdate(
                        Filters.and(Filters.eq("_id", id), Filters.eq("service", service), Filters.eq("status", ParkedEvent.Status.PARKED.name())),
                        Updates.combine(Updates.set("status", ParkedEvent.Status.REPLAYED.name()), Updates.set("replayedAt", Date.from(at))),
                        new FindOneAndUpdateOptions()
                                .returnDocument(ReturnDocument.AFTER)
                                .projection(Projections.exclude("key", "value", "headers", "errorMessage"))))
                .map(ParkedEventStore::event);
    }

    private static ParkedEvent event(Document d) {
        Date replayedAt = d.getDate("replayedAt");
        return new ParkedEvent(d.getString("_id"), d.getString("service"), d.getString("consumer"), d.getString("tenantId"),
                d.getString("topic"), d.get("partition", Number.class).intValue(), d.get("offset", Number.class).longValue(),
                d.getString("eventId"), d.getString("eventType"), d.getString("errorClass"), d.getDate("parkedAt").toInstant(),
                ParkedEvent.Status.valueOf(d.getString("status")), replayedAt == null ? null : replayedAt.toInstant());
    }

    private static Object key(Object stored) {
        return stored instanceof Binary binary ? binary.getData() : stored;
    }

    private static byte[] bytes(Object stored) {
        return stored instanceof Binary binary ? binary.getData() : null;
    }

    private static List<Header> headers(Document document) {
        List<Header> headers = new ArrayList<>();
        for (Document header : document.getList("headers", Document.class, List.of())) {
            headers.add(new RecordHeader(header.getString("name"), bytes(header.get("value"))));
        }
        return headers;
    }
}
