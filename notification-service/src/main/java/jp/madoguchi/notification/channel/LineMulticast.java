package jp.madoguchi.notification.channel;

import com.linecorp.bot.client.base.exception.AbstractLineClientException;
import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.MulticastRequest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.madoguchi.platform.tenancy.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * One multicast (at most {@value #MAX_RECIPIENTS} residents) on a town's channel, sent until LINE gives a final answer: paced to at most
 * {@code madoguchi.broadcast.multicasts-per-second} per town (LINE allows 200), a 429 (rate) or an unreachable LINE
 * waited out with backoff, a 5xx retried a few times. The retry key makes every attempt the same send: LINE's 409
 * "already accepted" means those residents have it. What will not pass (400, the month's quota spent) is a failure.
 * It blocks, by design: callers run it on their own thread or a bounded worker.
 */
@Component
public class LineMulticast {

    /** LINE's limit of recipients per multicast. */
    public static final int MAX_RECIPIENTS = 500;
    private static final Logger log = LoggerFactory.getLogger(LineMulticast.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final int SERVER_ERROR_ATTEMPTS = 5;

    /** How many of the residents LINE took, and how many it refused for good. */
    public record Result(int delivered, int failed) {
    }

    /** The instance is stopping while waiting: the caller gives its work back; whoever goes on sends with the same key. */
    public static final class Stopping extends RuntimeException {
        Stopping() {
            super("stopping", null, false, false);
        }
    }

    private final MeterRegistry meters;
    private final long nanosPerMulticast;
    private final Map<String, Long> nextMulticast = new ConcurrentHashMap<>();

    LineMulticast(MeterRegistry meters, @Value("${madoguchi.broadcast.multicasts-per-second:200}") double multicastsPerSecond) {
        this.meters = meters;
        this.nanosPerMulticast = (long) (1e9 / multicastsPerSecond);
    }

    /** @param what names the send in logs (never who it was for) */
    public Result send(TenantId tenant, MessagingApiClient client, List<String> to, List<Message> messages, UUID retryKey, String what) {
        if (to.isEmpty()) {
            return new Result(0, 0);
        }
        MulticastRequest request = new MulticastRequest(messages, to, false, null);
        Duration backoff = Duration.ofMillis(500);
        int serverErrors = 0;
        while (true) {
            pace(tenant);
            String retry;
            try {
                client.multicast(retryKey, request).get(30, TimeUnit.SECONDS);
                return new Result(to.size(), 0);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof AbstractLineClientException refused)) {
                    retry = "unreachable";
                } else if (refused.getCode() == 409) {
                    // accepted before (a crash or a timeout after LINE took it): those residents have it
                    return new Result(to.size(), 0);
                } else if (refused.getCode() == 429 && String.valueOf(refused.getMessage()).contains("monthly limit")) {
                    log.warn("event=line-multicast-failed tenant={} what={} reason=monthly-quota-spent", tenant.code(), what);
                    return new Result(0, to.size());
                } else if (refused.getCode() == 429) {
                    retry = "rate_limited";
                } else if (refused.getCode() >= 500 && ++serverErrors < SERVER_ERROR_ATTEMPTS) {
                    retry = "server_error";
                } else {
                    log.warn("event=line-multicast-failed tenant={} what={} status={}", tenant.code(), what, refused.getCode());
                    return new Result(0, to.size());
                }
            } catch (TimeoutException e) {
                retry = "unreachable";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopping();
            }
            meters.counter("madoguchi_line_multicast_retries", "reason", retry).increment();
            sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private void pace(TenantId tenant) {
        long now = System.nanoTime();
        long[] at = new long[1];
        nextMulticast.compute(tenant.code(), (k, next) -> {
            at[0] = next == null ? now : Math.max(now, next);
            return at[0] + nanosPerMulticast;
        });
        if (at[0] > now) {
            sleep(TimeUnit.NANOSECONDS.toMillis(at[0] - now));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopping();
        }
    }
}
