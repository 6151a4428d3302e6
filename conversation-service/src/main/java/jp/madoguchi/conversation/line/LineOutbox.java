package jp.madoguchi.conversation.line;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.bot.client.base.exception.AbstractLineClientException;
import com.linecorp.bot.jackson.ModelObjectMapper;
import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.PushMessageRequest;
import com.linecorp.bot.messaging.model.ReplyMessageRequest;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.madoguchi.platform.tenancy.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Recorded sends to LINE users (table {@code line_outbox}). {@link #record} writes the send in the
 * caller's transaction, so it commits with the commands that caused it or not at all; right after
 * the commit the rows are sent by a few sender threads (always the same one for a given user), and
 * a sweep every second hands over whatever is still pending (after a crash, a refused call or a
 * back-off) to the same threads.
 *
 * <p>Each row is sent once: it is leased before any call, a reply token is used only while fresh
 * and only if no earlier attempt is known to have failed, otherwise the row is pushed with its
 * {@code X-Line-Retry-Key} (409 = LINE accepted it before: delivered). A reply whose outcome was
 * never recorded (the process died during the call) is tried again with the same token: a
 * single-use token refused as already used means the earlier reply went out. 429 and 5xx are
 * retried with back-off; other 4xx mark the row FAILED. Rows of one user go out in order: a row
 * waits while an earlier one of the same user is pending.
 */
@Component
public class LineOutbox implements SmartLifecycle {

    /** One row as claimed for sending. */
    record Row(long id, TenantId tenant, String lineUserId, UUID retryKey, String messages, String replyToken,
               Instant replyTokenExpiresAt, String replyState, int attempts) {
    }

    static final Duration LEASE = Duration.ofSeconds(20);
    /**
     * A row never tried is left to the sender it was handed to for this long before the sweep takes it up: a
     * sweep that raced a busy sender for a fresh row would hold the user's later rows back a second each.
     */
    static final Duration SENDER_GRACE = Duration.ofSeconds(3);
    static final int MAX_ATTEMPTS = 30;
    /** Threads that send right after a commit: each LINE call waits for its answer, so several run at once. */
    static final int SENDERS = 16;
    private static final String RECORDED = LineOutbox.class.getName() + ".recorded";
    private static final Logger log = LoggerFactory.getLogger(LineOutbox.class);
    private static final ObjectMapper LINE_JSON = ModelObjectMapper.createNewObjectMapper();
    private static final TypeReference<List<Message>> MESSAGES = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final LineChannels channels;
    private final MeterRegistry meters;
    private volatile ScheduledExecutorService sweeper;
    private volatile ExecutorService[] senders;

    public LineOutbox(JdbcTemplate jdbc, LineChannels channels, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.channels = channels;
        this.meters = meters;
    }

    /** The retry key of a send: a UUID (v3) of the town and the send key, the same every time the same thing is sent. */
    public static UUID retryKey(TenantId tenant, String sendKey) {
        return UUID.nameUUIDFromBytes((tenant.code() + ":" + sendKey).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Records {@code messages} for {@code lineUserId}, split into calls of at most five messages (the first
     * may use {@code replyToken}), in the current transaction if there is one; they are sent after it commits
     * (or at once without a transaction). Recording the same {@code sendKey} again changes nothing.
     *
     * @return the ids of the rows recorded now (empty if the send was recorded before)
     */
    public List<Long> record(TenantId tenant, String lineUserId, String replyToken, Instant replyTokenExpiresAt, String sendKey,
                             List<Message> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        List<List<Message>> batches = LineMessages.batches(messages);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            String key = i == 0 ? sendKey : sendKey + ":" + i;
            boolean reply = i == 0 && replyToken != null;
            List<Long> inserted = jdbc.queryForList("INSERT INTO line_outbox (tenant_id, line_user_id, send_key, retry_key, messages, "
                            + "reply_token, reply_token_expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id", Long.class,
                    tenant.code(), lineUserId, key, retryKey(tenant, key), json(batches.get(i)),
                    reply ? replyToken : null, reply && replyTokenExpiresAt != null ? Timestamp.from(replyTokenExpiresAt) : null);
            ids.addAll(inserted);
        }
        if (ids.isEmpty()) {
            return ids;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            recordedInThisTransaction().computeIfAbsent(tenant.code() + ":" + lineUserId, k -> new ArrayList<>()).addAll(ids);
        } else {
            drain(ids);
        }
        return ids;
    }

    /**
     * The rows recorded in the current transaction, by user; once it commits, each user's rows are sent in
     * order on that user's sending thread, and the caller carries on meanwhile.
     */
    @SuppressWarnings("unchecked")
    private Map<String, List<Long>> recordedInThisTransaction() {
        Object bound = TransactionSynchronizationManager.getResource(RECORDED);
        if (bound != null) {
            return (Map<String, List<Long>>) bound;
        }
        Map<String, List<Long>> byUser = new LinkedHashMap<>();
        TransactionSynchronizationManager.bindResource(RECORDED, byUser);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                byUser.forEach((user, ids) -> onSenderOf(user, () -> drain(ids)));
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(RECORDED);
            }
        });
        return byUser;
    }

    /** One user's rows always go to the same sender thread, so they leave in order; users are sent in parallel. */
    private void onSenderOf(String user, Runnable sending) {
        ExecutorService[] senders = this.senders;
        if (senders == null) {
            return; // stopping: the rows stay pending and the sweep sends them after the restart
        }
        try {
            senders[Math.floorMod(user.hashCode(), senders.length)].execute(sending);
        } catch (RejectedExecutionException e) {
            // stopping: as above
        }
    }

    /**
     * Sends the given rows in order, stopping at the first one that cannot go now (an earlier row of the
     * user is pending, or the call must be retried later): the sweep carries on from there.
     */
    private void drain(List<Long> ids) {
        for (long id : ids) {
            try {
                Optional<Row> row = claim(id);
                if (row.isEmpty() || !attempt(row.get())) {
                    return;
                }
            } catch (RuntimeException e) {
                log.warn("event=line-outbox-drain-failed reason={}", e.getClass().getSimpleName());
                return;
            }
        }
    }

    /**
     * Hands each user with a due row (its oldest pending one, due and not leased) to that user's sender, which
     * sends the user's pending rows in order; answers how many users were handed over.
     */
    int sweep() {
        List<Map<String, Object>> due = jdbc.queryForList("SELECT o.tenant_id, o.line_user_id FROM line_outbox o "
                + "WHERE o.status = 'PENDING' AND o.next_attempt_at <= now() AND (o.lease_until IS NULL OR o.lease_until < now()) "
                + "AND (o.attempts > 0 OR o.created_at < now() - make_interval(secs => ?)) AND NOT EXISTS (SELECT 1 FROM line_outbox p "
                + "WHERE p.tenant_id = o.tenant_id AND p.line_user_id = o.line_user_id AND p.status = 'PENDING' AND p.id < o.id) "
                + "ORDER BY o.id LIMIT 500", (double) SENDER_GRACE.toSeconds());
        for (Map<String, Object> user : due) {
            String tenant = (String) user.get("tenant_id");
            String lineUserId = (String) user.get("line_user_id");
            onSenderOf(tenant + ":" + lineUserId, () -> drain(jdbc.queryForList("SELECT id FROM line_outbox WHERE tenant_id = ? "
                    + "AND line_user_id = ? AND status = 'PENDING' ORDER BY id LIMIT 50", Long.class, tenant, lineUserId)));
        }
        return due.size();
    }

    /** Rows still to send (for health and tests). */
    public long pending() {
        Long n = jdbc.queryForObject("SELECT count(*) FROM line_outbox WHERE status = 'PENDING'", Long.class);
        return n == null ? 0 : n;
    }

    /**
     * Leases the row for one attempt if it is pending, due, not leased and no earlier row of the same user is
     * pending. When a fresh reply token was never tried, the row is marked TRIED in the same statement, so a
     * crash during the call is known afterwards.
     */
    private Optional<Row> claim(long id) {
        List<Row> rows = jdbc.query("UPDATE line_outbox o SET lease_until = now() + make_interval(secs => ?), attempts = o.attempts + 1, "
                        + "reply_state = CASE WHEN o.reply_state = 'NONE' AND o.reply_token IS NOT NULL AND o.reply_token_expires_at > now() "
                        + "THEN 'TRIED' ELSE o.reply_state END "
                        + "WHERE o.id = ? AND o.status = 'PENDING' AND o.next_attempt_at <= now() "
                        + "AND (o.lease_until IS NULL OR o.lease_until < now()) "
                        + "AND NOT EXISTS (SELECT 1 FROM line_outbox p WHERE p.tenant_id = o.tenant_id AND p.line_user_id = o.line_user_id "
                        + "AND p.status = 'PENDING' AND p.id < o.id) "
                        + "RETURNING o.id, o.tenant_id, o.line_user_id, o.retry_key, o.messages, o.reply_token, o.reply_token_expires_at, "
                        + "o.reply_state, o.attempts",
                (rs, n) -> new Row(rs.getLong(1), TenantId.of(rs.getString(2)), rs.getString(3), rs.getObject(4, UUID.class),
                        rs.getString(5), rs.getString(6), rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant(),
                        rs.getString(8), rs.getInt(9)),
                (double) LEASE.toSeconds(), id);
        return rows.stream().findFirst();
    }

    /** One attempt at a leased row; true when it is done with (sent, or failed for good). */
    boolean attempt(Row row) {
        Optional<MessagingApiClient> client = channels.client(row.tenant());
        if (client.isEmpty()) {
            return retryLater(row, "no-channel");
        }
        List<Message> messages;
        try {
            messages = LINE_JSON.readValue(row.messages(), MESSAGES);
        } catch (JsonProcessingException e) {
            markFailed(row, "unreadable-messages");
            return true;
        }
        boolean fresh = row.replyToken() != null && row.replyTokenExpiresAt() != null && Instant.now().isBefore(row.replyTokenExpiresAt());
        if ("TRIED".equals(row.replyState()) && fresh) {
            // first try (marked when claimed), or a try whose outcome was never recorded: the token is single-use either way
            boolean retried = row.attempts() > 1;
            try {
                client.get().replyMessage(new ReplyMessageRequest(row.replyToken(), messages, false)).get(10, TimeUnit.SECONDS);
                markSent(row, "reply");
                return true;
            } catch (Exception e) {
                int status = status(e);
                if (retried && status == 400) {
                    // the token was used: by the earlier try of this very row, whose success was never recorded
                    markSent(row, "reply-before");
                    return true;
                }
                jdbc.update("UPDATE line_outbox SET reply_state = 'FAILED' WHERE id = ?", row.id());
                log.info("event=line-reply-failed tenant={} fallback=push status={}", row.tenant(), status);
            }
        } else if ("TRIED".equals(row.replyState())) {
            // a reply was started before a crash and its token has expired since: it may have gone out (LINE cannot tell)
            log.warn("event=line-send-uncertain tenant={} outboxId={} fallback=push", row.tenant(), row.id());
        }
        try {
            client.get().pushMessage(row.retryKey(), new PushMessageRequest(row.lineUserId(), messages, false, null)).get(10, TimeUnit.SECONDS);
            markSent(row, "push");
            return true;
        } catch (Exception e) {
            int status = status(e);
            if (status == 409) {
                // LINE accepted this retry key before: the push was delivered once
                markSent(row, "push-before");
                return true;
            }
            if (status == 429 || status >= 500 || status < 0) {
                return retryLater(row, "status-" + status);
            }
            markFailed(row, "status-" + status);
            return true;
        }
    }

    private void markSent(Row row, String via) {
        jdbc.update("UPDATE line_outbox SET status = 'SENT', sent_at = now(), sent_via = ?, messages = '[]', lease_until = NULL, "
                + "reply_token = NULL WHERE id = ?", via, row.id());
        // a counter rather than a log line per send: at hundreds of sends a second the lines cost more than they tell
        meters.counter("madoguchi.line.sent", "via", via).increment();
        log.debug("event=line-sent tenant={} via={} outboxId={}", row.tenant(), via, row.id());
    }

    private void markFailed(Row row, String reason) {
        jdbc.update("UPDATE line_outbox SET status = 'FAILED', last_error = ?, lease_until = NULL, reply_token = NULL WHERE id = ?",
                reason, row.id());
        log.warn("event=line-send-failed tenant={} outboxId={} reason={}", row.tenant(), row.id(), reason);
    }

    /** Back-off: 1 s, 2 s, 4 s … up to 5 min; after {@value #MAX_ATTEMPTS} attempts the row is FAILED. */
    private boolean retryLater(Row row, String reason) {
        if (row.attempts() >= MAX_ATTEMPTS) {
            markFailed(row, reason);
            return true;
        }
        long delayMillis = Math.min(300_000L, 1000L << Math.min(row.attempts() - 1, 20));
        jdbc.update("UPDATE line_outbox SET next_attempt_at = now() + make_interval(secs => ?), lease_until = NULL, last_error = ? "
                + "WHERE id = ?", delayMillis / 1000.0, reason, row.id());
        log.info("event=line-send-retry tenant={} outboxId={} reason={} inMillis={}", row.tenant(), row.id(), reason, delayMillis);
        return false;
    }

    /** The HTTP status LINE answered, or -1 when there was no answer (timeout, connection refused). */
    static int status(Throwable e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof AbstractLineClientException line) {
            return line.getCode();
        }
        if (cause instanceof TimeoutException || cause instanceof java.io.IOException) {
            return -1;
        }
        return -1;
    }

    private static String json(List<Message> messages) {
        try {
            return LINE_JSON.writerFor(MESSAGES).writeValueAsString(messages);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("LINE messages cannot be written as JSON", e);
        }
    }

    // --- the sweep: every second --------------------------------------------------------------------

    @Override
    public void start() {
        ExecutorService[] pool = new ExecutorService[SENDERS];
        for (int i = 0; i < SENDERS; i++) {
            pool[i] = Executors.newSingleThreadExecutor(daemon("line-outbox-send-" + i));
        }
        senders = pool;
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(daemon("line-outbox-sweep"));
        executor.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                log.warn("event=line-outbox-sweep-failed reason={}", e.getClass().getSimpleName());
            }
        }, 1, 1, TimeUnit.SECONDS);
        sweeper = executor;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = sweeper;
        sweeper = null;
        if (executor != null) {
            executor.shutdownNow();
        }
        ExecutorService[] pool = senders;
        senders = null;
        if (pool != null) {
            for (ExecutorService sender : pool) {
                sender.shutdownNow();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return sweeper != null;
    }
}
