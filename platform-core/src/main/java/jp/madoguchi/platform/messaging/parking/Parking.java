package jp.madoguchi.platform.messaging.parking;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps a record that can never be handled from holding its partition: after a few attempts it is parked (sent
 * to its consumer's dead-letter topic {@code madoguchi.dlt.<consumer>} and stored in {@code parked_events}) and
 * the consumer moves on; an operator replays it once its fault is fixed. Transient failures are never parked.
 * Auto-configured bean.
 */
public class Parking implements SmartInitializingSingleton {

    public static final String DEAD_LETTER_PREFIX = "madoguchi.dlt.";
    /** spring-kafka's dead-letter headers (exception, original topic/partition/offset): not sent again on replay. */
    static final String DEAD_LETTER_HEADER_PREFIX = "kafka_dlt-";
    static final String METRIC_PARKED = "madoguchi.events.parked";
    static final String METRIC_CALLBACK_FAILED = "madoguchi.events.parked.callback.failures";

    private static final Logger log = LoggerFactory.getLogger(Parking.class);
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);
    private static final int ERROR_MESSAGE_MAX = 200;
    /** The dead-letter copy is for looking into; replay reads the store. A month is long enough to look. */
    private static final long DEAD_LETTER_RETENTION_MS = Duration.ofDays(30).toMillis();

    private final String service;
    private final KafkaOperations<Object, Object> kafka;
    private final KafkaAdmin admin;
    private final short replicationFactor;
    private final ParkedEventStore store;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Set<String> createdTopics = ConcurrentHashMap.newKeySet();
    private final Set<String> deadLetterTopics = ConcurrentHashMap.newKeySet();

    public Parking(String service, KafkaOperations<Object, Object> kafka, KafkaAdmin admin, short replicationFactor, ParkedEventStore store,
                   MeterRegistry meters, Clock clock) {
        this.service = service;
        this.kafka = kafka;
        this.admin = admin;
        this.replicationFactor = replicationFactor;
        this.store = store;
        this.meters = meters;
        this.clock = clock;
    }

    public static String deadLetterTopic(String consumer) {
        return DEAD_LETTER_PREFIX + consumer;
    }

    /**
     * Error handler for the consumer group {@code consumer}: transient failures retried without limit, others a few
     * times then parked (dead-letter topic + store) and skipped. {@code describe} tells the store the record's town,
     * event id and type (it must not throw; return nulls when unknown); {@code onParked} runs after the record is
     * parked (e.g. apologise to the resident); if it fails, that is logged and counted, not rethrown. It may run
     * again for the same record if that record is read again after a restart, so it must be idempotent.
     */
    public DefaultErrorHandler errorHandler(String consumer, Function<ConsumerRecord<?, ?>, ParkedRecord> describe,
                                            Consumer<ConsumerRecord<?, ?>> onParked) {
        String deadLetterTopic = deadLetterTopic(consumer);
        deadLetterTopics.add(deadLetterTopic);
        // registered at 0 now, so an alert on its increase sees the series before the first parking
        Counter parked = Counter.builder(METRIC_PARKED).description("Records a consumer could not handle and set aside for an operator")
                .tag("consumer", consumer).register(meters);
        Counter callbackFailures = Counter.builder(METRIC_CALLBACK_FAILED)
                .description("Parked records whose after-parking step failed").tag("consumer", consumer).register(meters);
        // one partition is enough for the dead letters: the resolver lets the producer choose
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(kafka,
                (record, failure) -> new TopicPartition(deadLetterTopic, -1));

        ConsumerAwareRecordRecoverer recoverer = (record, kafkaConsumer, failure) -> {
            ensureTopic(deadLetterTopic);
            deadLetters.accept(record, kafkaConsumer, failure);
            ParkedRecord about = describeSafely(describe, record);
            Throwable cause = unwrap(failure);
            ParkedEvent event = new ParkedEvent(UUID.randomUUID().toString(), service, consumer, about.tenantId(), record.topic(),
                    record.partition(), record.offset(), about.eventId(), about.eventType(), cause.getClass().getName(),
                    clock.instant(), ParkedEvent.Status.PARKED, null);
            boolean first = Boolean.TRUE.equals(store.park(event, shortMessage(cause), record.key(), valueBytes(record.value()),
                    record.headers()).block(STORE_TIMEOUT));
            if (first) {
                parked.increment();
            }
            log.warn("event=parked consumer={} topic={} partition={} offset={} tenant={} eventType={} error={} again={}", consumer,
                    record.topic(), record.partition(), record.offset(), about.tenantId(), about.eventType(), cause.getClass().getSimpleName(), !first);
            try {
                onParked.accept(record);
            } catch (RuntimeException e) {
                callbackFailures.increment();
                log.warn("event=parked-callback-failed consumer={} topic={} partition={} offset={} error={}", consumer, record.topic(),
                        record.partition(), record.offset(), e.getClass().getSimpleName());
            }
        };
        // the default back-off serves whole-batch failures that name no record: those are retried, never parked
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, RetryPolicy.transientBackOff());
        handler.setBackOffFunction((record, failure) -> new RetryPolicy(failure));
        handler.setRetryListeners(RetryPolicy.LISTENER);
        return handler;
    }

    /** Creates the dead-letter topics of the consumers made while the context started; a later one at its first parking. */
    @Override
    public void afterSingletonsInstantiated() {
        for (String topic : deadLetterTopics) {
            try {
                ensureTopic(topic);
            } catch (RuntimeException e) {
                log.warn("event=dead-letter-topic-not-created topic={} error={} retry=at-first-parking", topic, e.getClass().getSimpleName());
            }
        }
    }

    private void ensureTopic(String topic) {
        if (createdTopics.contains(topic)) {
            return;
        }
        NewTopic newTopic = TopicBuilder.name(topic).partitions(1).replicas(replicationFactor)
                .config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(DEAD_LETTER_RETENTION_MS)).build();
        admin.createOrModifyTopics(newTopic);
        createdTopics.add(topic);
    }

    /** This service's parked events, newest first; null filters match everything. */
    public Flux<ParkedEvent> list(String tenantId, String consumer, ParkedEvent.Status status) {
        return store.list(service, tenantId, consumer, status);
    }

    /**
     * Sends a parked record again to its original topic, with its key (so to the same partition), value and original
     * headers, then marks it replayed. Sent first, marked after: a crash in between leaves it parked, and replaying it
     * again is harmless since every consumer drops an event it has already handled.
     *
     * @throws UnknownParkedEvent (in the Mono) when this service parked no such event
     * @throws AlreadyReplayed    (in the Mono) when it was replayed already
     */
    public Mono<ParkedEvent> replay(String id) {
        return store.find(service, id)
                .switchIfEmpty(Mono.error(() -> new UnknownParkedEvent(id)))
                .flatMap(original -> {
                    if (original.event().status() == ParkedEvent.Status.REPLAYED) {
                        return Mono.error(new AlreadyReplayed(original.event()));
                    }
                    List<Header> headers = original.headers().stream().filter(h -> !h.key().startsWith(DEAD_LETTER_HEADER_PREFIX)).toList();
                    ProducerRecord<Object, Object> again = new ProducerRecord<>(original.event().topic(), null, original.key(), original.value(), headers);
                    // send may block on metadata: off the event loop
                    return Mono.fromFuture(() -> kafka.send(again)).subscribeOn(Schedulers.boundedElastic())
                            .then(store.markReplayed(service, id, clock.instant()))
                            .switchIfEmpty(Mono.error(() -> new AlreadyReplayed(original.event())))
                            .doOnNext(replayed -> log.info("event=parked-replayed consumer={} topic={} tenant={} eventType={}", replayed.consumer(),
                                    replayed.topic(), replayed.tenantId(), replayed.eventType()));
                });
    }

    /** Replays every parked (not yet replayed) event of this service that matches; null filters match everything. */
    public Flux<ParkedEvent> replayAll(String tenantId, String consumer) {
        return store.list(service, tenantId, consumer, ParkedEvent.Status.PARKED)
                // oldest first, as they were first read
                .sort(Comparator.comparing(ParkedEvent::parkedAt))
                .concatMap(event -> replay(event.id()).onErrorResume(AlreadyReplayed.class, e -> Mono.empty()));
    }

    private static ParkedRecord describeSafely(Function<ConsumerRecord<?, ?>, ParkedRecord> describe, ConsumerRecord<?, ?> record) {
        try {
            ParkedRecord about = describe.apply(record);
            return about == null ? ParkedRecord.UNKNOWN : about;
        } catch (RuntimeException e) {
            return ParkedRecord.UNKNOWN;
        }
    }

    /** The failure itself, without the listener's wrappers around it. */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof ListenerExecutionFailedException || t instanceof BatchListenerFailedException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The first line, cut short; a JSON parser's message quotes the input, so only its position is kept. */
    static String shortMessage(Throwable failure) {
        if (failure instanceof JsonProcessingException json) {
            return json.getLocation() == null ? "unreadable JSON"
                    : "unreadable JSON at line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr();
        }
        String message = failure.getMessage();
        if (message == null) {
            return null;
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() <= ERROR_MESSAGE_MAX ? line : line.substring(0, ERROR_MESSAGE_MAX) + "…";
    }

    /** The value as the bytes on the wire: the consumers read byte[] (integration events) or String (LINE inbox). */
    static byte[] valueBytes(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof Bytes bytes) {
            return bytes.get();
        }
        throw new IllegalArgumentException("cannot park a record whose value is a " + value.getClass().getName()
                + ": consumers that use parking read byte[] or String values");
    }

    public static final class UnknownParkedEvent extends RuntimeException {
        UnknownParkedEvent(String id) {
            super("no parked event " + id);
        }
    }

    public static final class AlreadyReplayed extends RuntimeException {
        private final transient ParkedEvent event;

        AlreadyReplayed(ParkedEvent event) {
            super("parked event " + event.id() + " was replayed already");
            this.event = event;
        }

        public ParkedEvent event() {
            return event;
        }
    }
}
