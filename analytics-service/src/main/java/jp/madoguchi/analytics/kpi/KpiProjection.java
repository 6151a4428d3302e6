package jp.madoguchi.analytics.kpi;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.setOnInsert;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.contracts.ApplicationStatusChanged;
import jp.madoguchi.platform.events.contracts.ApplicationSubmitted;
import jp.madoguchi.platform.events.contracts.ConversationAbandoned;
import jp.madoguchi.platform.events.contracts.ConversationCompleted;
import jp.madoguchi.platform.events.contracts.ConversationStarted;
import jp.madoguchi.platform.events.contracts.BroadcastSent;
import jp.madoguchi.platform.events.contracts.KpiTargetsSet;
import jp.madoguchi.platform.events.contracts.ResidentFollowed;
import jp.madoguchi.platform.events.contracts.ResidentUnfollowed;
import jp.madoguchi.platform.fiscal.FiscalYear;
import jp.madoguchi.platform.messaging.IntegrationEventHandler;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Keeps each town's KPI facts in its own database, one document per counted thing (a friend, an
 * application, a broadcast, a year's targets), so counting is a query and replaying an event
 * is harmless: every write is a single-document upsert that applies only if the event is newer
 * than what the document already reflects (the envelope's per-aggregate sequence).
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
    /** One document per follow or unfollow event (_id = event id): when friends came and went, by fiscal year. */
    static final String FRIEND_CHANGES = "kpi_friend_changes";
    /** One document per conversation: its procedure, fiscal year and how it ended (the funnel). */
    static final String CONVERSATIONS = "kpi_conversations";

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
        long seq = envelope.sequence();
        if (payload instanceof ResidentFollowed e) {
            return applyInOrder(db, FRIENDS, pseudonym(e.residentId()), seq, set("following", true))
                    .then(recordOnce(db, FRIEND_CHANGES, envelope, e.followedAt(), "added"));
        }
        if (payload instanceof ResidentUnfollowed e) {
            return applyInOrder(db, FRIENDS, pseudonym(e.residentId()), seq, set("following", false))
                    .then(recordOnce(db, FRIEND_CHANGES, envelope, e.unfollowedAt(), "blocked"));
        }
        if (payload instanceof ApplicationSubmitted e) {
            return applyInOrder(db, APPLICATIONS, e.applicationId(), seq, combine(fiscalYear(e.submittedAt()),
                    set("procedureId", e.procedureId()), set("channel", e.channel()), set("submittedAtMs", e.submittedAt().toEpochMilli())));
        }
        if (payload instanceof ApplicationStatusChanged e) {
            // same aggregate as ApplicationSubmitted, so the sequence orders them
            Bson status = set("status", e.to());
            return applyInOrder(db, APPLICATIONS, e.applicationId(), seq,
                    "COMPLETED".equals(e.to()) ? combine(status, set("completedAtMs", e.changedAt().toEpochMilli())) : status);
        }
        if (payload instanceof ConversationStarted e) {
            return applyInOrder(db, CONVERSATIONS, e.conversationId(), seq,
                    combine(fiscalYear(e.startedAt()), set("procedureId", e.procedureId()), set("state", "started")));
        }
        if (payload instanceof ConversationAbandoned e) {
            return applyInOrder(db, CONVERSATIONS, e.conversationId(), seq, combine(set("procedureId", e.procedureId()),
                    set("state", "abandoned"), set("reason", e.reason()), set("step", e.stepId())));
        }
        if (payload instanceof ConversationCompleted e) {
            Mono<Void> funnel = applyInOrder(db, CONVERSATIONS, e.conversationId(), seq,
                    combine(set("procedureId", e.procedureId()), set("state", "completed")));
            Integer score = score(e.answers() == null ? null : e.answers().get(SATISFACTION_FIELD));
            if (score == null) {
                return funnel;
            }
            String comment = e.answers().getOrDefault(COMMENT_FIELD, "").strip();
            // the conversation id names one answer: a redelivered or republished completion counts once
            return funnel.then(applyInOrder(db, SATISFACTION, e.conversationId(), seq, combine(fiscalYear(e.completedAt()),
                    set("score", score), set("comment", comment), set("answeredAtMs", e.completedAt().toEpochMilli()))));
        }
        if (payload instanceof BroadcastSent e) {
            return applyInOrder(db, BROADCASTS, e.broadcastId(), seq,
                    combine(set("fiscalYear", FiscalYear.of(e.sentAt()).year()), set("recipients", e.recipientCount())));
        }
        if (payload instanceof KpiTargetsSet e) {
            // one town aggregate sets every year's targets: order by sequence within the year's document
            return applyInOrder(db, TARGETS, String.valueOf(e.fiscalYear()), seq, combine(
                    set("friends", e.friends()), set("broadcasts", e.broadcasts()),
                    set("applications", e.applications()), set("satisfaction", e.satisfaction())));
        }
        return Mono.empty();
    }

    /**
     * Upserts {@code id} unless it already reflects sequence {@code seq} or later. When it does,
     * the filter misses, the upsert tries to insert the same _id and Mongo refuses with a
     * duplicate key: that is the "already applied" answer, not an error.
     */
    private static Mono<Void> applyInOrder(MongoDatabase db, String collection, String id, long seq, Bson update) {
        return Mono.from(db.getCollection(collection).updateOne(
                        and(eq("_id", id), lt("seq", seq)),
                        combine(update, set("seq", seq)),
                        new UpdateOptions().upsert(true)))
                .onErrorResume(MongoWriteException.class,
                        e -> e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY ? Mono.empty() : Mono.error(e))
                .then();
    }

    /** Inserts the event's own document once (its id is the event id); a replay finds it there and changes nothing. */
    private static Mono<Void> recordOnce(MongoDatabase db, String collection, EventEnvelope envelope, java.time.Instant at, String kind) {
        Document fields = new Document("fiscalYear", FiscalYear.of(at).year()).append("kind", kind);
        return Mono.from(db.getCollection(collection).updateOne(eq("_id", envelope.eventId().toString()),
                setOnInsert(fields), new UpdateOptions().upsert(true))).then();
    }

    private static Bson fiscalYear(java.time.Instant at) {
        return set("fiscalYear", FiscalYear.of(at).year());
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
