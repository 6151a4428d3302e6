package jp.madoguchi.analytics.kpi;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import jp.madoguchi.analytics.kpi.KpiCounters.Slot;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.contracts.ApplicationStatusChanged;
import jp.madoguchi.platform.events.contracts.ApplicationSubmitted;
import jp.madoguchi.platform.events.contracts.BroadcastSent;
import jp.madoguchi.platform.events.contracts.ConversationAbandoned;
import jp.madoguchi.platform.events.contracts.ConversationCompleted;
import jp.madoguchi.platform.events.contracts.ConversationStarted;
import jp.madoguchi.platform.events.contracts.KpiTargetsSet;
import jp.madoguchi.platform.events.contracts.ResidentFollowed;
import jp.madoguchi.platform.events.contracts.ResidentUnfollowed;
import jp.madoguchi.platform.fiscal.FiscalYear;
import jp.madoguchi.platform.messaging.IntegrationEventHandler;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Keeps each town's KPI facts in its own database: one document per counted thing (a friend, an application, a
 * conversation, a broadcast, a survey answer, a year's targets), and the year counters ({@link KpiCounters}) that
 * the KPI page reads. An event applies only if it is newer than what its thing's document reflects (the envelope's
 * per-aggregate sequence); the counters then get the difference it makes, before the document records it, so a
 * crash in between replays the event and the counters' markers keep it from counting twice.
 */
@Component
class KpiProjection implements IntegrationEventHandler {

    static final String FRIENDS = "kpi_friends";
    static final String APPLICATIONS = "kpi_applications";
    static final String BROADCASTS = "kpi_broadcasts";
    static final String TARGETS = "kpi_targets";
    /** One document per completed survey conversation: its fiscal year and its 1–5 score. */
    static final String SATISFACTION = "kpi_satisfaction";
    /** The survey's answer field (template 満足度アンケート): "1" to "5". */
    static final String SATISFACTION_FIELD = "satisfaction";
    /** The survey's free-text field: what residents would like better (不満点, ご意見). */
    static final String COMMENT_FIELD = "comment";
    /** One document per conversation: its procedure, fiscal year and how it ended (the funnel). */
    static final String CONVERSATIONS = "kpi_conversations";

    private static final BiFunction<Document, Document, Map<Slot, Long>> NO_COUNTS = (before, after) -> Map.of();

    private final TenantMongo mongo;

    public KpiProjection(TenantMongo mongo) {
        this.mongo = mongo;
    }

    @Override
    public boolean handles(Record payload) {
        return payload instanceof ResidentFollowed || payload instanceof ResidentUnfollowed || payload instanceof ApplicationSubmitted
                || payload instanceof ApplicationStatusChanged || payload instanceof ConversationCompleted
                || payload instanceof ConversationStarted || payload instanceof ConversationAbandoned
                || payload instanceof BroadcastSent || payload instanceof KpiTargetsSet;
    }

    @Override
    public Mono<Void> handle(EventEnvelope envelope, Record payload) {
        MongoDatabase db = mongo.database(TenantId.of(envelope.tenantId()));
        if (payload instanceof ResidentFollowed e) {
            return apply(db, envelope, FRIENDS, pseudonym(e.residentId()), fields("following", true), friendChange(e.followedAt(), "added"));
        }
        if (payload instanceof ResidentUnfollowed e) {
            return apply(db, envelope, FRIENDS, pseudonym(e.residentId()), fields("following", false), friendChange(e.unfollowedAt(), "blocked"));
        }
        if (payload instanceof ApplicationSubmitted e) {
            return apply(db, envelope, APPLICATIONS, e.applicationId(), fields("fiscalYear", year(e.submittedAt()), "procedureId", e.procedureId(),
                    "channel", e.channel(), "submittedAtMs", e.submittedAt().toEpochMilli()), diff(KpiProjection::applicationCounts));
        }
        if (payload instanceof ApplicationStatusChanged e) {
            // same aggregate as ApplicationSubmitted, so the sequence orders them
            Map<String, Object> fields = "COMPLETED".equals(e.to()) ? fields("status", e.to(), "completedAtMs", e.changedAt().toEpochMilli())
                    : fields("status", e.to());
            return apply(db, envelope, APPLICATIONS, e.applicationId(), fields, diff(KpiProjection::applicationCounts));
        }
        if (payload instanceof ConversationStarted e) {
            return apply(db, envelope, CONVERSATIONS, e.conversationId(), fields("fiscalYear", year(e.startedAt()),
                    "procedureId", e.procedureId(), "state", "started"), diff(KpiProjection::funnelCounts));
        }
        if (payload instanceof ConversationAbandoned e) {
            Map<String, Object> fields = new HashMap<>(fields("procedureId", e.procedureId(), "state", "abandoned"));
            fields.put("reason", e.reason());
            fields.put("step", e.stepId());
            return apply(db, envelope, CONVERSATIONS, e.conversationId(), fields, diff(KpiProjection::funnelCounts));
        }
        if (payload instanceof ConversationCompleted e) {
            Mono<Void> funnel = apply(db, envelope, CONVERSATIONS, e.conversationId(),
                    fields("procedureId", e.procedureId(), "state", "completed"), diff(KpiProjection::funnelCounts));
            Integer score = score(e.answers() == null ? null : e.answers().get(SATISFACTION_FIELD));
            if (score == null) {
                return funnel;
            }
            String comment = e.answers().getOrDefault(COMMENT_FIELD, "").strip();
            int year = year(e.completedAt());
            long at = e.completedAt().toEpochMilli();
            // the conversation id names one answer: a redelivered or republished completion counts once
            return funnel.then(apply(db, envelope, SATISFACTION, e.conversationId(),
                    fields("fiscalYear", year, "score", score, "comment", comment, "answeredAtMs", at), diff(KpiProjection::satisfactionCounts),
                    comment.isEmpty() ? Mono.empty() : KpiCounters.comment(db, year, new Document("id", e.conversationId())
                            .append("score", score).append("comment", comment).append("answeredAtMs", at))));
        }
        if (payload instanceof BroadcastSent e) {
            return apply(db, envelope, BROADCASTS, e.broadcastId(), fields("fiscalYear", year(e.sentAt()), "recipients", e.recipientCount()),
                    diff(KpiProjection::broadcastCounts));
        }
        if (payload instanceof KpiTargetsSet e) {
            // one town aggregate sets every year's targets: order by sequence within the year's document
            return apply(db, envelope, TARGETS, String.valueOf(e.fiscalYear()), fields("friends", e.friends(), "broadcasts", e.broadcasts(),
                    "applications", e.applications(), "satisfaction", e.satisfaction()), NO_COUNTS);
        }
        return Mono.empty();
    }

    private static Mono<Void> apply(MongoDatabase db, EventEnvelope envelope, String collection, String id, Map<String, Object> fields,
                                    BiFunction<Document, Document, Map<Slot, Long>> counts) {
        return apply(db, envelope, collection, id, fields, counts, Mono.empty());
    }

    /**
     * Applies {@code fields} to the thing's document unless it already reflects this event's sequence or a later one:
     * first what the change adds to the counters (and {@code alsoOnce}, itself idempotent), then the document.
     */
    private static Mono<Void> apply(MongoDatabase db, EventEnvelope envelope, String collection, String id, Map<String, Object> fields,
                                    BiFunction<Document, Document, Map<Slot, Long>> counts, Mono<Void> alsoOnce) {
        long seq = envelope.sequence();
        MongoCollection<Document> things = db.getCollection(collection);
        return Mono.from(things.find(eq("_id", id)).first()).defaultIfEmpty(new Document()).flatMap(before -> {
            Number applied = before.get("seq", Number.class);
            if (applied != null && applied.longValue() >= seq) {
                return Mono.empty();
            }
            Document after = new Document(before);
            after.putAll(fields);
            Document set = new Document(fields).append("seq", seq);
            return KpiCounters.add(db, envelope.eventId() + ":" + collection, counts.apply(before, after), envelope.occurredAt())
                    .then(alsoOnce)
                    .then(Mono.from(things.updateOne(and(eq("_id", id), lt("seq", seq)), new Document("$set", set),
                            new UpdateOptions().upsert(true))))
                    // the filter missed because a newer event is there already: the upsert's duplicate _id says so
                    .onErrorResume(MongoWriteException.class,
                            e -> e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY ? Mono.empty() : Mono.error(e))
                    .then();
        });
    }

    /** The counters a document stands for, before and after: the event adds the difference. */
    private static BiFunction<Document, Document, Map<Slot, Long>> diff(Function<Document, Map<Slot, Long>> counts) {
        return (before, after) -> KpiCounters.delta(counts.apply(before), counts.apply(after), Map.of());
    }

    /**
     * A follow or unfollow counts in the year it happened: as added or blocked, and as the change it makes to the
     * number following (so the number at the end of any year is the sum of the changes up to it).
     */
    private static BiFunction<Document, Document, Map<Slot, Long>> friendChange(Instant at, String kind) {
        int year = year(at);
        return (before, after) -> {
            long change = (Boolean.TRUE.equals(after.get("following")) ? 1 : 0) - (Boolean.TRUE.equals(before.get("following")) ? 1 : 0);
            return KpiCounters.delta(Map.of(), Map.of(new Slot(year, "friends.following"), change), Map.of(new Slot(year, "friends." + kind), 1L));
        };
    }

    private static Map<Slot, Long> applicationCounts(Document d) {
        Integer year = d.getInteger("fiscalYear");
        if (year == null) {
            return Map.of();
        }
        Map<Slot, Long> counts = new HashMap<>();
        counts.put(new Slot(year, "applications.received"), 1L);
        counts.put(new Slot(year, "applications.byProcedure." + KpiCounters.key(d.getString("procedureId"))), 1L);
        counts.put(new Slot(year, "applications.byChannel." + KpiCounters.key(d.getString("channel"))), 1L);
        Number completed = d.get("completedAtMs", Number.class), submitted = d.get("submittedAtMs", Number.class);
        if (completed != null && submitted != null) {
            counts.put(new Slot(year, "processing.completed"), 1L);
            counts.put(new Slot(year, "processing.millis"), completed.longValue() - submitted.longValue());
        }
        return counts;
    }

    private static Map<Slot, Long> funnelCounts(Document d) {
        Integer year = d.getInteger("fiscalYear");
        if (year == null) {
            return Map.of();
        }
        String funnel = "funnels." + KpiCounters.key(d.getString("procedureId")) + ".";
        Map<Slot, Long> counts = new HashMap<>();
        counts.put(new Slot(year, funnel + "started"), 1L);
        String state = d.getString("state");
        if ("completed".equals(state)) {
            counts.put(new Slot(year, funnel + "completed"), 1L);
        } else if ("abandoned".equals(state)) {
            counts.put(new Slot(year, funnel + "abandoned"), 1L);
            counts.put(new Slot(year, funnel + "steps." + KpiCounters.key(d.getString("step"))), 1L);
        }
        return counts;
    }

    private static Map<Slot, Long> satisfactionCounts(Document d) {
        Integer year = d.getInteger("fiscalYear");
        Number score = d.get("score", Number.class);
        return year == null || score == null ? Map.of()
                : Map.of(new Slot(year, "satisfaction.answers"), 1L, new Slot(year, "satisfaction.sum"), score.longValue());
    }

    private static Map<Slot, Long> broadcastCounts(Document d) {
        Integer year = d.getInteger("fiscalYear");
        Number recipients = d.get("recipients", Number.class);
        return year == null ? Map.of() : Map.of(new Slot(year, "broadcasts.sent"), 1L,
                new Slot(year, "broadcasts.recipients"), recipients == null ? 0L : recipients.longValue());
    }

    /** Field names and values, in pairs; a value may be null (an event field that is absent). */
    private static Map<String, Object> fields(Object... pairs) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put((String) pairs[i], pairs[i + 1]);
        }
        return fields;
    }

    private static int year(Instant at) {
        return FiscalYear.of(at).year();
    }

    /** A 5-point answer ("1"–"5", also "5 とても満足" or full-width digits), or null when the answer is not one. */
    static Integer score(String answer) {
        if (answer == null) {
            return null;
        }
        String a = java.text.Normalizer.normalize(answer, java.text.Normalizer.Form.NFKC).strip();
        if (a.isEmpty() || a.charAt(0) < '1' || a.charAt(0) > '5' || (a.length() > 1 && Character.isDigit(a.charAt(1)))) {
            return null;
        }
        return a.charAt(0) - '0';
    }

    /** Analytics needs to tell friends apart, not to know who they are. */
    static String pseudonym(String residentId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(residentId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
