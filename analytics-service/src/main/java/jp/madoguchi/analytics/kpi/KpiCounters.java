package jp.madoguchi.analytics.kpi;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.ne;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.conversions.Bson;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A town's KPIs pre-counted: one document per fiscal year ({@code _id} = the year) holding every number the KPI
 * page shows, so a read costs the size of the answer, not the number of events behind it. The projection adds to
 * it the difference an event makes; each addition is applied once per marker (event id and collection), remembered
 * in a short list in the same document, because a crash between adding and recording the event replays the event.
 */
final class KpiCounters {

    static final String COLLECTION = "kpi_years";
    /** The survey's most recent free-text answers per year ({@code _id} = the year), newest first. */
    static final String COMMENTS = "kpi_comments";
    /** Enough for the events in flight when the consumer stopped: only those can be applied again. */
    private static final int MARKERS_KEPT = 32;

    private KpiCounters() {
    }

    /** A number in one year's document, e.g. {@code (2026, "applications.byChannel.LINE")}. */
    record Slot(int year, String field) {
    }

    /** What a change of a document means for the counters: after minus before, plus what the event counts by itself. */
    static Map<Slot, Long> delta(Map<Slot, Long> before, Map<Slot, Long> after, Map<Slot, Long> once) {
        Map<Slot, Long> delta = new HashMap<>(once);
        after.forEach((slot, n) -> delta.merge(slot, n, Long::sum));
        before.forEach((slot, n) -> delta.merge(slot, -n, Long::sum));
        delta.values().removeIf(n -> n == 0);
        return delta;
    }

    /**
     * Adds {@code delta} to the year documents, each at most once for {@code marker}, and keeps the latest {@code at}
     * of the events counted there (the town's last activity, for operators).
     */
    static Mono<Void> add(MongoDatabase db, String marker, Map<Slot, Long> delta, java.time.Instant at) {
        Map<Integer, List<Bson>> byYear = new TreeMap<>();
        delta.forEach((slot, n) -> byYear.computeIfAbsent(slot.year(), y -> new ArrayList<>()).add(Updates.inc(slot.field(), n)));
        return Flux.fromIterable(byYear.entrySet()).concatMap(year -> {
            List<Bson> updates = new ArrayList<>(year.getValue());
            updates.add(Updates.max("lastEventAtMs", at.toEpochMilli()));
            updates.add(Updates.pushEach("markers", List.of(marker), new PushOptions().slice(-MARKERS_KEPT)));
            return once(db.getCollection(COLLECTION).updateOne(and(eq("_id", year.getKey()), ne("markers", marker)),
                    Updates.combine(updates), new UpdateOptions().upsert(true)));
        }).then();
    }

    /**
     * Keeps a comment among the year's newest {@link KpiBreakdowns#COMMENTS_LIMIT}: pushed unless there already, then
     * sorted and cut, so a comment applied again after it fell off is cut again.
     */
    static Mono<Void> comment(MongoDatabase db, int year, Document comment) {
        return once(db.getCollection(COMMENTS).updateOne(and(eq("_id", year), ne("items.id", comment.getString("id"))),
                Updates.pushEach("items", List.of(comment), new PushOptions()
                        .sortDocument(new Document("answeredAtMs", -1).append("id", -1)).slice(KpiBreakdowns.COMMENTS_LIMIT)),
                new UpdateOptions().upsert(true)));
    }

    /** An upsert whose filter missed because it was applied already tries to insert an existing _id: that is success. */
    private static Mono<Void> once(org.reactivestreams.Publisher<?> update) {
        return Mono.from(update).onErrorResume(MongoWriteException.class,
                e -> e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY ? Mono.empty() : Mono.error(e)).then();
    }

    /** A procedure id, step id or channel as a field name: Mongo reads '.' as a path and '$' as an operator. */
    static String key(String value) {
        String v = value == null || value.isEmpty() ? "(unknown)" : value;
        return v.replace("%", "%25").replace(".", "%2E").replace("$", "%24");
    }

    static String unkey(String field) {
        return field.replace("%2E", ".").replace("%24", "$").replace("%25", "%");
    }
}
