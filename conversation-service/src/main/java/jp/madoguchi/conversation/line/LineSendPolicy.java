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
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jp.madoguchi.conversation.line.OutboxStore.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * How one leased outbox row goes to LINE, so that it is delivered once. A reply token is used only while fresh
 * and only if no earlier attempt is known to have failed; otherwise the row is pushed with its
 * {@code X-Line-Retry-Key} (409 = LINE accepted it before: delivered). A reply whose outcome was never recorded
 * (the process died during the call) is tried again with the same token: a single-use token refused as already
 * used means the earlier reply went out. 429, 5xx and no answer are retried with back-off; other 4xx mark the
 * row FAILED.
 */
@Component
class LineSendPolicy {

    static final int MAX_ATTEMPTS = 30;
    static final ObjectMapper LINE_JSON = ModelObjectMapper.createNewObjectMapper();
    static final TypeReference<List<Message>> MESSAGES = new TypeReference<>() {
    };
    private static final Logger log = LoggerFactory.getLogger(LineSendPolicy.class);

    private final OutboxStore store;
    private final LineChannels channels;
    private final MeterRegistry meters;

    LineSendPolicy(OutboxStore store, LineChannels channels, MeterRegistry meters) {
        this.store = store;
        this.channels = channels;
        this.meters = meters;
        // registered at 0 now, so an alert on their increase sees the series before the first failure
        for (String reason : List.of("rate-limited", "server-error", "no-answer", "no-channel")) {
            failures(reason, "retry");
            failures(reason, "failed");
        }
        failures("refused", "failed");
        failures("unreadable-messages", "failed");
    }

    /** One attempt at a leased row; true when it is done with (sent, or failed for good), false when it waits for a retry. */
    boolean attempt(Row row) {
        Optional<MessagingApiClient> client = channels.client(row.tenant());
        if (client.isEmpty()) {
            return retryLater(row, "no-channel", "no-channel");
        }
        List<Message> messages;
        try {
            messages = LINE_JSON.readValue(row.messages(), MESSAGES);
        } catch (JsonProcessingException e) {
            return failed(row, "unreadable-messages", "unreadable-messages");
        }
        boolean fresh = row.replyToken() != null && row.replyTokenExpiresAt() != null && Instant.now().isBefore(row.replyTokenExpiresAt());
        if ("TRIED".equals(row.replyState()) && fresh) {
            // first try (marked when claimed), or a try whose outcome was never recorded: the token is single-use either way
            try {
                client.get().replyMessage(new ReplyMessageRequest(row.replyToken(), messages, false)).get(10, TimeUnit.SECONDS);
                return sent(row, "reply");
            } catch (Exception e) {
                int status = status(e);
                if (row.attempts() > 1 && status == 400) {
                    // the token was used: by the earlier try of this very row, whose success was never recorded
                    return sent(row, "reply-before");
                }
                store.markReplyFailed(row.id());
                log.info("event=line-reply-failed tenant={} fallback=push status={}", row.tenant(), status);
            }
        } else if ("TRIED".equals(row.replyState())) {
            // a reply was started before a crash and its token has expired since: it may have gone out (LINE cannot tell)
            log.warn("event=line-send-uncertain tenant={} outboxId={} fallback=push", row.tenant(), row.id());
        }
        try {
            client.get().pushMessage(row.retryKey(), new PushMessageRequest(row.lineUserId(), messages, false, null)).get(10, TimeUnit.SECONDS);
            return sent(row, "push");
        } catch (Exception e) {
            int status = status(e);
            if (status == 409) {
                // LINE accepted this retry key before: the push was delivered once
                return sent(row, "push-before");
            }
            if (status == 429 || status >= 500 || status < 0) {
                return retryLater(row, "status-" + status, status == 429 ? "rate-limited" : status < 0 ? "no-answer" : "server-error");
            }
            return failed(row, "status-" + status, "refused");
        }
    }

    private boolean sent(Row row, String via) {
        store.markSent(row.id(), via);
        // a counter rather than a log line per send: at hundreds of sends a second the lines cost more than they tell
        // per town: LINE counts a town's pushes against its monthly message quota (replies are free)
        Counter.builder("madoguchi.line.sent").tag("tenant", row.tenant().code()).tag("via", via)
                .description("Outbox rows delivered to LINE, by town and by reply or push (-before: an earlier try had delivered it)")
                .register(meters).increment();
        return true;
    }

    /** {@code kind}: the bounded metric label for {@code reason} (rate-limited, server-error, no-answer, no-channel, refused, unreadable-messages). */
    private boolean failed(Row row, String reason, String kind) {
        failures(kind, "failed").increment();
        store.markFailed(row.id(), reason);
        log.warn("event=line-send-failed tenant={} outboxId={} reason={}", row.tenant(), row.id(), reason);
        return true;
    }

    /** Back-off: 1 s, 2 s, 4 s … up to 5 min; after {@value #MAX_ATTEMPTS} attempts the row is FAILED. */
    private boolean retryLater(Row row, String reason, String kind) {
        if (row.attempts() >= MAX_ATTEMPTS) {
            return failed(row, reason, kind);
        }
        failures(kind, "retry").increment();
        Duration delay = Duration.ofMillis(Math.min(300_000L, 1000L << Math.min(row.attempts() - 1, 20)));
        store.retryIn(row.id(), delay, reason);
        log.info("event=line-send-retry tenant={} outboxId={} reason={} inMillis={}", row.tenant(), row.id(), reason, delay.toMillis());
        return false;
    }

    /** Attempts that did not deliver: {@code outcome} retry (tried again later) or failed (the row is given up). */
    private Counter failures(String kind, String outcome) {
        return Counter.builder("madoguchi.line.send.failures").description("LINE send attempts that did not deliver, by why and what came of the row")
                .tag("reason", kind).tag("outcome", outcome).register(meters);
    }

    /** The HTTP status LINE answered, or -1 when there was no answer (timeout, connection refused). */
    static int status(Throwable e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof AbstractLineClientException line ? line.getCode() : -1;
    }
}
