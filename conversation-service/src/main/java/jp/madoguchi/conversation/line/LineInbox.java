package jp.madoguchi.conversation.line;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import jp.madoguchi.conversation.line.LineEventReader.Inbound;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * The LINE inbox: the events the webhook made durable on Kafka, read in polls and handled by {@link LineInboxHandler}.
 * Records are keyed {@code <tenantId>:<userId>}, so one resident's events stay in order on one partition and thread.
 * Two lanes: the main one, and the flooded one for what is over a town's quota ({@link InboxLanes}). Its topics and
 * error handler are set up in {@link LineInboxConfiguration}.
 */
@Component
public class LineInbox {

    public static final String INBOX_TOPIC = "madoguchi.conversation.line-inbox";
    /** Where a town's events over its quota wait (see {@link InboxLanes}). */
    public static final String FLOODED_TOPIC = "madoguchi.conversation.line-inbox-flooded";
    static final String GROUP = "conversation-line-inbox";
    static final String FLOODED_GROUP = "conversation-line-inbox-flooded";
    private static final Logger log = LoggerFactory.getLogger(LineInbox.class);

    private final LineEventReader reader;
    private final LineInboxHandler handler;
    private final KafkaTemplate<String, String> kafka;
    private final InboxLanes lanes;
    private final Counter diverted;
    private final double floodedRate;
    private final AtomicLong floodedPace = new AtomicLong(System.nanoTime());
    /** Per consumer thread: the timestamp of the oldest record it is working on; absent when it is idle. */
    private final Map<Long, Long> mainSince = new ConcurrentHashMap<>();
    private final Map<Long, Long> floodedSince = new ConcurrentHashMap<>();

    LineInbox(LineEventReader reader, LineInboxHandler handler, KafkaTemplate<String, String> kafka, LineProperties props, MeterRegistry meters) {
        this.reader = reader;
        this.handler = handler;
        this.kafka = kafka;
        this.lanes = new InboxLanes(props.townQuota(), props.townQuotas());
        this.floodedRate = props.floodedRate();
        this.diverted = Counter.builder("madoguchi.line.inbox.diverted")
                .description("LINE events over their town's quota, handled on the flooded lane").register(meters);
        for (Map.Entry<String, Map<Long, Long>> lane : Map.of("main", mainSince, "flooded", floodedSince).entrySet()) {
            Gauge.builder("madoguchi.line.inbox.lag", lane.getValue(), LineInbox::lagSeconds).tag("lane", lane.getKey())
                    .description("Seconds between the webhook accepting the oldest LINE event in work and now; 0 when idle")
                    .baseUnit("seconds").register(meters);
        }
    }

    // earliest: events written before this group first joined must not be skipped. One consumer thread per partition.
    // Batches: all the events of a poll share one transaction, which is what keeps up under load. A fetch waits up to
    // 25 ms for 8 KB (about a dozen events), so a busy channel's polls bring several events; a quiet one's event comes alone.
    @KafkaListener(topics = INBOX_TOPIC, groupId = GROUP,
            properties = {"auto.offset.reset=earliest", "fetch.min.bytes=8192", "fetch.max.wait.ms=25"},
            concurrency = "${madoguchi.line.inbox-concurrency:3}", batch = "true")
    void onInboxRecords(List<ConsumerRecord<String, String>> records) {
        inWork(mainSince, records, () -> {
            List<ConsumerRecord<String, String>> kept = new ArrayList<>(records.size());
            List<ConsumerRecord<String, String>> over = new ArrayList<>();
            for (ConsumerRecord<String, String> record : records) {
                (lanes.divert(town(record), key(record), record.timestamp()) ? over : kept).add(record);
            }
            // the kept records are handled before the others are written to the flooded lane: a resident's later
            // event there must never be handled before their earlier one here
            try {
                handleBatch(kept, record -> { });
            } catch (BatchListenerFailedException e) {
                // the error handler commits what came before the failed record and polls the rest again: those over
                // the quota before it go to the flooded lane now, the later ones are decided again on that poll
                // (records compare by identity; a failed record not named (-1) brings the whole poll again)
                int failed = records.indexOf(e.getRecord());
                int cut = 0;
                while (cut < over.size() && records.indexOf(over.get(cut)) < failed) {
                    cut++;
                }
                over.subList(cut, over.size()).forEach(record -> lanes.done(key(record)));
                toFloodedLane(over.subList(0, cut));
                throw e;
            }
            toFloodedLane(over);
        });
    }

    /**
     * The flooded lane: one thread, and small polls, so the towns within their quota keep most of the machine. A poll
     * of hundreds of events would take the CPU for seconds at a time, however well its pace averages out.
     */
    @KafkaListener(topics = FLOODED_TOPIC, groupId = FLOODED_GROUP,
            properties = {"auto.offset.reset=earliest", "fetch.min.bytes=8192", "fetch.max.wait.ms=25", "max.poll.records=${madoguchi.line.flooded-poll:10}"},
            concurrency = "${madoguchi.line.flooded-concurrency:1}", batch = "true")
    void onFloodedRecords(List<ConsumerRecord<String, String>> records) {
        inWork(floodedSince, records, () -> handleBatch(records, record -> lanes.done(record.key())));
        paceFloodedLane(records.size());
    }

    /**
     * The flooded lane handles at most {@code madoguchi.line.flooded-rate} events a second: on two cores, a lane that
     * ran flat out would take the CPU the other towns' answers need. Its backlog drains more slowly instead.
     */
    private void paceFloodedLane(int handled) {
        long due = floodedPace.addAndGet(Math.round(handled * 1_000_000_000.0 / floodedRate));
        long now = System.nanoTime();
        if (due < now - 1_000_000_000L) {
            floodedPace.set(now); // idle for a while: no credit is saved up
        } else if (due > now) {
            try {
                Thread.sleep(Math.min(10_000, (due - now) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void inWork(Map<Long, Long> since, List<ConsumerRecord<String, String>> records, Runnable work) {
        if (records.isEmpty()) {
            return;
        }
        long thread = Thread.currentThread().getId();
        since.put(thread, records.get(0).timestamp());
        try {
            work.run();
        } finally {
            since.remove(thread);
        }
    }

    /** Writes records over their town's quota to the flooded lane; their offsets are committed only once it did. */
    private void toFloodedLane(List<ConsumerRecord<String, String>> over) {
        if (over.isEmpty()) {
            return;
        }
        try {
            List<CompletableFuture<?>> writes = new ArrayList<>();
            for (ConsumerRecord<String, String> record : over) {
                writes.add(kafka.send(new ProducerRecord<>(FLOODED_TOPIC, null, record.timestamp(), record.key(), record.value())));
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            over.forEach(record -> lanes.done(key(record)));
            throw new IllegalStateException("LINE events over their town's quota could not be written to the flooded lane", e);
        }
        diverted.increment(over.size());
    }

    private static String key(ConsumerRecord<?, ?> record) {
        return record.key() instanceof String key ? key : "";
    }

    private static String town(ConsumerRecord<?, ?> record) {
        String key = key(record);
        return key.contains(":") ? key.substring(0, key.indexOf(':')) : key;
    }

    private void handleBatch(List<ConsumerRecord<String, String>> records, Consumer<ConsumerRecord<String, String>> done) {
        List<Inbound> events = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            try {
                events.add(reader.read(records.get(i).value()));
            } catch (IOException | RuntimeException e) {
                handleOneByOne(records, events, done);
                throw new BatchListenerFailedException("LINE inbox record could not be read", e, records.get(i));
            }
        }
        if (events.size() > 1) {
            try {
                handler.handle(events);
                records.forEach(done);
                return;
            } catch (RuntimeException e) {
                // one event spoils the batch's transaction: handle them one by one, so only that one is retried
                log.warn("event=line-inbox-batch-failed size={} fallback=one-by-one reason={}", events.size(), e.getClass().getSimpleName());
            }
        }
        handleOneByOne(records, events, done);
    }

    private void handleOneByOne(List<ConsumerRecord<String, String>> records, List<Inbound> events,
                                Consumer<ConsumerRecord<String, String>> done) {
        for (int i = 0; i < events.size(); i++) {
            try {
                handler.handle(List.of(events.get(i)));
                done.accept(records.get(i));
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException("LINE inbox event could not be handled", e, records.get(i));
            }
        }
    }

    /** After a record was parked: the resident is told, once, to send it again; it no longer holds up their later events. */
    void parked(ConsumerRecord<?, ?> record) {
        if (FLOODED_TOPIC.equals(record.topic()) && record.key() instanceof String key) {
            lanes.done(key);
        }
        if (record.value() instanceof String value) {
            reader.tryRead(value).ifPresent(handler::apologise);
        }
    }

    private static double lagSeconds(Map<Long, Long> since) {
        long now = System.currentTimeMillis();
        return since.values().stream().mapToLong(t -> Math.max(0, now - t)).max().orElse(0) / 1000.0;
    }
}
