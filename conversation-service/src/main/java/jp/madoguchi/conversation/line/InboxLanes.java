package jp.madoguchi.conversation.line;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps one town from holding up the others. All towns share the inbox's partitions, so a town in a flood (a
 * disaster broadcast answered by thousands) would put every other town's residents behind its backlog. Each town
 * has a quota on the main lane (a token bucket refilled by the records' own timestamps, so a backlog read fast is
 * not mistaken for a flood); what is over it is diverted to the flooded lane, handled by its own consumer. A
 * resident with an event still waiting there has every later event diverted too, so one resident's events are
 * always handled in order. Pure logic, one instance per service, safe across the consumer threads.
 */
final class InboxLanes {

    private final double perMillisecond;
    private final int burst;
    private final Map<String, Bucket> towns = new HashMap<>();
    /** Per record key (town and resident): events diverted and not handled yet. */
    private final Map<String, Integer> waiting = new HashMap<>();

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    InboxLanes(double perSecond, int burst) {
        this.perMillisecond = perSecond / 1000.0;
        this.burst = burst;
    }

    /** Whether the record of {@code town}, keyed {@code key}, written at {@code timestamp} (ms), goes to the flooded lane. */
    synchronized boolean divert(String town, String key, long timestamp) {
        Bucket bucket = towns.computeIfAbsent(town, t -> new Bucket(burst, timestamp));
        if (timestamp > bucket.at) {
            bucket.tokens = Math.min(burst, bucket.tokens + (timestamp - bucket.at) * perMillisecond);
            bucket.at = timestamp;
        }
        if (!waiting.containsKey(key) && bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return false;
        }
        waiting.merge(key, 1, Integer::sum);
        return true;
    }

    /**
     * A record of {@code key} was taken off the flooded lane (handled, or parked), or was diverted but could not be
     * written there (its poll is retried and decides again).
     */
    synchronized void done(String key) {
        waiting.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    synchronized int waiting() {
        return waiting.values().stream().mapToInt(Integer::intValue).sum();
    }
}
