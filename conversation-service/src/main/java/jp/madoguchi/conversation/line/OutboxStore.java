package jp.madoguchi.conversation.line;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The table {@code line_outbox}: one row per LINE call, written in the caller's transaction. A row is leased
 * before any call, so two threads or two instances never send it at the same time, and a user's rows are taken
 * strictly in order: a row waits while an earlier one of the same user is pending.
 */
@Component
class OutboxStore {

    /** One row as claimed for sending. */
    record Row(long id, TenantId tenant, String lineUserId, UUID retryKey, String messages, String replyToken,
               Instant replyTokenExpiresAt, String replyState, int attempts) {
    }

    /** A user with a row due, as the sweep finds them. */
    record DueUser(String tenant, String lineUserId) {
    }

    static final Duration LEASE = Duration.ofSeconds(20);
    /**
     * A row never tried is left to the sender it was handed to for this long before the sweep takes it up: a
     * sweep that raced a busy sender for a fresh row would hold the user's later rows back a second each.
     */
    static final Duration SENDER_GRACE = Duration.ofSeconds(3);
    /** Only the user's oldest pending row may be claimed: this keeps each user's sends in order. */
    private static final String NO_EARLIER_PENDING = "NOT EXISTS (SELECT 1 FROM line_outbox p WHERE p.tenant_id = o.tenant_id "
            + "AND p.line_user_id = o.line_user_id AND p.status = 'PENDING' AND p.id < o.id)";

    private final JdbcTemplate jdbc;

    OutboxStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a row unless its send key was recorded before; answers its id, or empty. */
    Optional<Long> insert(TenantId tenant, String lineUserId, String sendKey, UUID retryKey, String messages, String replyToken,
                          Instant replyTokenExpiresAt) {
        return jdbc.queryForList("INSERT INTO line_outbox (tenant_id, line_user_id, send_key, retry_key, messages, "
                        + "reply_token, reply_token_expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id", Long.class,
                tenant.code(), lineUserId, sendKey, retryKey, messages, replyToken,
                replyTokenExpiresAt == null ? null : Timestamp.from(replyTokenExpiresAt)).stream().findFirst();
    }

    /**
     * Leases the row for one attempt if it is pending, due, not leased and the user's oldest pending row. When a
     * fresh reply token was never tried, the row is marked TRIED in the same statement, so a crash during the
     * call is known afterwards.
     */
    Optional<Row> claim(long id) {
        return jdbc.query("UPDATE line_outbox o SET lease_until = now() + make_interval(secs => ?), attempts = o.attempts + 1, "
                        + "reply_state = CASE WHEN o.reply_state = 'NONE' AND o.reply_token IS NOT NULL AND o.reply_token_expires_at > now() "
                        + "THEN 'TRIED' ELSE o.reply_state END "
                        + "WHERE o.id = ? AND o.status = 'PENDING' AND o.next_attempt_at <= now() "
                        + "AND (o.lease_until IS NULL OR o.lease_until < now()) AND " + NO_EARLIER_PENDING
                        + " RETURNING o.id, o.tenant_id, o.line_user_id, o.retry_key, o.messages, o.reply_token, o.reply_token_expires_at, "
                        + "o.reply_state, o.attempts",
                (rs, n) -> new Row(rs.getLong(1), TenantId.of(rs.getString(2)), rs.getString(3), rs.getObject(4, UUID.class),
                        rs.getString(5), rs.getString(6), rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant(),
                        rs.getString(8), rs.getInt(9)),
                (double) LEASE.toSeconds(), id).stream().findFirst();
    }

    /** Users whose oldest pending row is due and not leased (left alone for {@link #SENDER_GRACE} if never tried). */
    List<DueUser> dueUsers(int limit) {
        return jdbc.query("SELECT o.tenant_id, o.line_user_id FROM line_outbox o "
                + "WHERE o.status = 'PENDING' AND o.next_attempt_at <= now() AND (o.lease_until IS NULL OR o.lease_until < now()) "
                + "AND (o.attempts > 0 OR o.created_at < now() - make_interval(secs => ?)) AND " + NO_EARLIER_PENDING
                + " ORDER BY o.id LIMIT ?", (rs, n) -> new DueUser(rs.getString(1), rs.getString(2)), (double) SENDER_GRACE.toSeconds(), limit);
    }

    /** The user's pending rows, oldest first. */
    List<Long> pendingOf(DueUser user, int limit) {
        return jdbc.queryForList("SELECT id FROM line_outbox WHERE tenant_id = ? AND line_user_id = ? AND status = 'PENDING' "
                + "ORDER BY id LIMIT ?", Long.class, user.tenant(), user.lineUserId(), limit);
    }

    void markSent(long id, String via) {
        // the messages are emptied: residents' answers are not kept longer than needed
        jdbc.update("UPDATE line_outbox SET status = 'SENT', sent_at = now(), sent_via = ?, messages = '[]', lease_until = NULL, "
                + "reply_token = NULL WHERE id = ?", via, id);
    }

    void markFailed(long id, String reason) {
        jdbc.update("UPDATE line_outbox SET status = 'FAILED', last_error = ?, lease_until = NULL, reply_token = NULL WHERE id = ?",
                reason, id);
    }

    void markReplyFailed(long id) {
        jdbc.update("UPDATE line_outbox SET reply_state = 'FAILED' WHERE id = ?", id);
    }

    void retryIn(long id, Duration delay, String reason) {
        jdbc.update("UPDATE line_outbox SET next_attempt_at = now() + make_interval(secs => ?), lease_until = NULL, last_error = ? "
                + "WHERE id = ?", delay.toMillis() / 1000.0, reason, id);
    }

    /** Deletes sent and failed rows older than {@code days}; pending rows are never deleted. */
    int purgeDone(int days) {
        return jdbc.update("DELETE FROM line_outbox WHERE status IN ('SENT', 'FAILED') AND created_at < now() - make_interval(days => ?)",
                days);
    }
}
