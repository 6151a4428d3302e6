package jp.madoguchi.platform.embedded.line;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.madoguchi.platform.embedded.line.LineHttp.Answer;

/**
 * LINE's per-channel limits: requests per second for each kind of send (multicast 200/s, push 2,000/s by
 * default, as LINE documents them) and the monthly message quota, counted per recipient, replies free.
 * Over either, the send answers 429 and sends nothing, with LINE's own messages.
 */
final class SendLimits {

    static final Map<String, Double> LINE_RATES = Map.of(LineEmulator.PUSH, 2_000.0, LineEmulator.MULTICAST, 200.0);
    private static final ZoneId LINE_MONTH = ZoneId.of("Asia/Tokyo");

    /** A token bucket holding at most one second's worth of requests. */
    private static final class Bucket {
        private final double perSecond;
        private double tokens;
        private long refilledAt;

        Bucket(double perSecond, long now) {
            this.perSecond = perSecond;
            this.tokens = perSecond;
            this.refilledAt = now;
        }

        boolean take(long now) {
            tokens = Math.min(perSecond, tokens + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }

    private final Clock clock;
    private final Object lock = new Object();
    // guarded by lock
    private final Map<String, Double> rates = new HashMap<>(LINE_RATES);
    private final Map<String, Bucket> buckets = new HashMap<>();
    private final Map<String, Long> quotas = new HashMap<>();
    private final Map<String, Long> used = new HashMap<>();
    private YearMonth month;

    SendLimits(Clock clock) {
        this.clock = clock;
    }

    void rate(String kind, double perSecond) {
        synchronized (lock) {
            if (perSecond <= 0) {
                rates.remove(kind);
            } else {
                rates.put(kind, perSecond);
            }
            buckets.keySet().removeIf(key -> key.endsWith("/" + kind));
        }
    }

    void quota(String channel, long limit) {
        synchronized (lock) {
            if (limit < 0) {
                quotas.remove(channel);
            } else {
                quotas.put(channel, limit);
            }
        }
    }

    /** The 429 this request answers, or null when it may go on. Rate first: LINE refuses an over-rate request before counting it. */
    Answer admit(String channel, String kind, int recipients, String requestId) {
        synchronized (lock) {
            Double perSecond = rates.get(kind);
            if (perSecond != null && !buckets.computeIfAbsent(channel + "/" + kind, k -> new Bucket(perSecond, System.nanoTime()))
                    .take(System.nanoTime())) {
                return Answer.of(429, requestId, LineHttp.error("The API rate limit has been exceeded. Try again later.", List.of()));
            }
            Long limit = quotas.get(channel);
            if (limit != null && !kind.equals(LineEmulator.REPLY) && usedThisMonth(channel) + recipients > limit) {
                return Answer.of(429, requestId, LineHttp.error("You have reached your monthly limit.", List.of()));
            }
            return null;
        }
    }

    /** Counts an accepted send against the month; replies do not count, as on LINE. */
    void count(String channel, String kind, int recipients) {
        if (kind.equals(LineEmulator.REPLY)) {
            return;
        }
        synchronized (lock) {
            used.merge(channel, (long) recipients, Long::sum);
        }
    }

    /** {@code null} when the channel has no target limit (LINE's {@code "type": "none"}). */
    Long quota(String channel) {
        synchronized (lock) {
            return quotas.get(channel);
        }
    }

    long usedThisMonth(String channel) {
        synchronized (lock) {
            YearMonth now = YearMonth.now(clock.withZone(LINE_MONTH));
            if (!now.equals(month)) {
                used.clear();
                month = now;
            }
            return used.getOrDefault(channel, 0L);
        }
    }

    void reset() {
        synchronized (lock) {
            rates.clear();
            rates.putAll(LINE_RATES);
            buckets.clear();
            quotas.clear();
            used.clear();
        }
    }
}
