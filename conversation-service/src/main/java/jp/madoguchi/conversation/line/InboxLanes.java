package jp.madoguchi.conversation.line;

import java.util.HashMap;
import java.util.Map;
import jp.madoguchi.conversation.line.LineProperties.TownQuota;

/**
 * Keeps one town from holding up the others. All towns share the inbox's partitions, so a town in a flood (a
 * disaster broadcast answered by thousands) would put every other town's residents behind its backlog. Each town
 * has a quota on the main lane (a token bucket refilled by the records' own timestamps, so a backlog read fast is
 * not mistaken for a flood); what is over it is diverted to the flooded lane, handled by its own consumer. A
 * resident with an event still waiting there has every later event diverted too, so one resident's events are
 * always handled in order. Pure logic, one instance per service, safe across the consumer threads.
 */
final class InboxLanes {

    private final TownQuota quota;
    private final Map<String, TownQuota> townQuotas;
    private final Map<String, Bucket> towns = new HashMap<>();
    /** Per record key (town and resident): events diverted and not handled yet. */
    private final Map<String, Integer> waiting = new HashMap<>();

    private static final class Bucket {
        final double perMillisecond;
        final int burst;
        double tokens;
        long at;

        Bucket(TownQuota quota, long at) {
            this.perMillisecond = quota.perSecond() / 1000.0;
            this.burst = quota.burst();
            this.tokens = quota.burst();
            this.at = at;
        }
    }

    /** {@code quota} for every town but those in {@code townQuotas} (by town code). */
    InboxLanes(TownQuota quota, Map<String, TownQuota> townQuotas) {
        this.quota = quota;
        this.townQuotas = townQuotas;
    }

    /** Whether the record of {@code town}, keyed {@code key}, written at {@code timestamp} (ms), goes to the flooded lane. */
    synchronized boolean divert(String town, String key, long timestamp) {
        Bucket bucket = towns.computeIfAbsent(town, t -> new Bucket(townQuotas.getOrDefault(t, quota), timestamp));
        if (timestamp > bucket.at) {
            bucket.tokens = Math.min(bucket.burst, bucket.tokens + (timestamp - bucket.at) * bucket.perMillisecond);
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
