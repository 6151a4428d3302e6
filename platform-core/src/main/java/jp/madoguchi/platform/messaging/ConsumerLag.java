package jp.madoguchi.platform.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * How far behind a consumer's projection is, in seconds: the age of the oldest record it is working on
 * (its Kafka timestamp is when the event was published), 0 while it waits for records. A projection that
 * falls behind is busy with old records, so the gauge climbs; one that keeps up reads a few milliseconds.
 */
final class ConsumerLag {

    static final String METRIC = "madoguchi.projection.lag";

    /** Per consumer thread: the oldest record timestamp of the poll it is handling. */
    private final Map<Long, Long> since = new ConcurrentHashMap<>();

    ConsumerLag(String consumer, MeterRegistry meters) {
        Gauge.builder(METRIC, since, ConsumerLag::seconds).tag("consumer", consumer).baseUnit("seconds")
                .description("Seconds between the publishing of the oldest integration event a consumer is handling and now; 0 when idle")
                .register(meters);
    }

    /** Runs {@code work} on one poll's records, counted as behind by the age of the oldest of them. */
    <R extends ConsumerRecord<?, ?>> void track(List<R> records, Consumer<List<R>> work) {
        long thread = Thread.currentThread().getId();
        records.stream().mapToLong(ConsumerRecord::timestamp).filter(t -> t > 0).min().ifPresent(oldest -> since.put(thread, oldest));
        try {
            work.accept(records);
        } finally {
            since.remove(thread);
        }
    }

    private static double seconds(Map<Long, Long> since) {
        long now = System.currentTimeMillis();
        return since.values().stream().mapToLong(t -> Math.max(0, now - t)).max().orElse(0) / 1000.0;
    }
}
