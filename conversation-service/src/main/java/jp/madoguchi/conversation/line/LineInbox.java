package jp.madoguchi.conversation.line;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jp.madoguchi.conversation.line.LineEventReader.Inbound;
import jp.madoguchi.platform.config.MadoguchiProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The LINE inbox: the events the webhook made durable on Kafka, read in polls and handled by {@link LineInboxHandler}.
 * Records are keyed {@code <tenantId>:<userId>}, so one resident's events stay in order on one partition and thread.
 */
@Component
public class LineInbox {

    public static final String INBOX_TOPIC = "madoguchi.conversation.line-inbox";
    static final String GROUP = "conversation-line-inbox";
    private static final Logger log = LoggerFactory.getLogger(LineInbox.class);

    private final LineEventReader reader;
    private final LineInboxHandler handler;
    /** Per consumer thread: the timestamp of the oldest record it is working on; absent when it is idle. */
    private final Map<Long, Long> inFlightSince = new ConcurrentHashMap<>();

    LineInbox(LineEventReader reader, LineInboxHandler handler, MeterRegistry meters) {
        this.reader = reader;
        this.handler = handler;
        Gauge.builder("madoguchi.line.inbox.lag", this, LineInbox::lagSeconds)
                .description("Seconds between the webhook accepting the oldest LINE event in work and now; 0 when the inbox is idle")
                .baseUnit("seconds").register(meters);
    }

    // earliest: events written before this group first joined must not be skipped. One consumer thread per partition.
    // Batches: all the events of a poll share one transaction, which is what keeps up under load. A fetch waits up to
    // 25 ms for 8 KB (about a dozen events), so a busy channel's polls bring several events; a quiet one's event comes alone.
    @KafkaListener(topics = INBOX_TOPIC, groupId = GROUP,
            properties = {"auto.offset.reset=earliest", "fetch.min.bytes=8192", "fetch.max.wait.ms=25"},
            concurrency = "${madoguchi.line.inbox-concurrency:3}", batch = "true")
    void onInboxRecords(List<ConsumerRecord<String, String>> records) {
        if (records.isEmpty()) {
            return;
        }
        long thread = Thread.currentThread().getId();
        inFlightSince.put(thread, records.get(0).timestamp());
        try {
            handleBatch(records);
        } finally {
            inFlightSince.remove(thread);
        }
    }

    private void handleBatch(List<ConsumerRecord<String, String>> records) {
        List<Inbound> events = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            try {
                events.add(reader.read(records.get(i).value()));
            } catch (IOException | RuntimeException e) {
                handleOneByOne(events);
                throw new BatchListenerFailedException("LINE inbox record could not be read", e, i);
            }
        }
        if (events.size() > 1) {
            try {
                handler.handle(events);
                return;
            } catch (RuntimeException e) {
                // one event spoils the batch's transaction: handle them one by one, so only that one is retried
                log.warn("event=line-inbox-batch-failed size={} fallback=one-by-one reason={}", events.size(), e.getClass().getSimpleName());
            }
        }
        handleOneByOne(events);
    }

    private void handleOneByOne(List<Inbound> events) {
        for (int i = 0; i < events.size(); i++) {
            try {
                handler.handle(List.of(events.get(i)));
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException("LINE inbox event could not be handled", e, i);
            }
        }
    }

    /** After a record was parked: the resident is told, once, to send it again. */
    void parked(ConsumerRecord<?, ?> record) {
        if (record.value() instanceof String value) {
            reader.tryRead(value).ifPresent(handler::apologise);
        }
    }

    private double lagSeconds() {
        long now = System.currentTimeMillis();
        return inFlightSince.values().stream().mapToLong(since -> Math.max(0, now - since)).max().orElse(0) / 1000.0;
    }

    @Configuration(proxyBeanMethods = false)
    static class InboxConfiguration {

        /** The inbox keeps raw events a week: long enough to recover from any outage of the processor. */
        @Bean
        NewTopic lineInboxTopic(MadoguchiProperties props) {
            return TopicBuilder.name(INBOX_TOPIC)
                    .partitions(props.kafka().partitions())
                    .replicas(props.kafka().replicationFactor())
                    .config("retention.ms", String.valueOf(7L * 24 * 3600 * 1000))
                    .build();
        }

        /** Retry a failing record forever (with back-off) rather than skip it: nothing acknowledged is lost. */
        @Bean
        CommonErrorHandler kafkaErrorHandler() {
            ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
            backOff.setMaxInterval(10_000);
            return new DefaultErrorHandler(backOff);
        }
    }
}
