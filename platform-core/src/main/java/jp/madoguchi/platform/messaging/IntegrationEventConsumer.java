package jp.madoguchi.platform.messaging;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.messaging.parking.ParkedRecord;
import jp.madoguchi.platform.messaging.parking.Parking;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import reactor.core.publisher.Mono;

/**
 * Feeds integration events from Kafka to one handler, each event id once.
 *
 * <p>The consumer's position is kept in Mongo beside the projection it feeds, not (only) in
 * Kafka: Mongo may lose its last writes in a crash (the embedded H2 backend commits about once a
 * second), and then the position rolls back with them and the lost events are read again.
 * Writes happen in the order effect → processed-marker → position, so a surviving position never
 * runs ahead of the effects. A new consumer starts at the beginning of the topic: a projection is
 * rebuilt by replay.
 *
 * <p>A record that fails for a transient reason (a store unreachable) is retried until it passes; one that fails
 * otherwise is retried a few times, then parked ({@link Parking}) and counted as done, so the partition moves on.
 */
public final class IntegrationEventConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IntegrationEventConsumer.class);
    private static final Duration MONGO_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final IntegrationEventHandler handler;
    private final IntegrationEventCodec codec;
    private final TenantMongo mongo;
    private final MeterRegistry meters;
    private final ConcurrentMessageListenerContainer<String, byte[]> container;
    private final ConsumerLag lag;

    IntegrationEventConsumer(String name, Collection<String> topics, IntegrationEventHandler handler, Map<String, Object> kafkaConsumerProperties,
                             IntegrationEventCodec codec, TenantMongo mongo, MeterRegistry meters, Parking parking) {
        this.name = name;
        this.handler = handler;
        this.codec = codec;
        this.mongo = mongo;
        this.meters = meters;
        this.lag = new ConsumerLag(name, meters);

        Map<String, Object> props = new java.util.HashMap<>(kafkaConsumerProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, name);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        ContainerProperties containerProps = new ContainerProperties(topics.toArray(String[]::new));
        containerProps.setGroupId(name);
        // the position that counts is the one in Mongo, written once per poll; Kafka's committed offset follows per poll too
        containerProps.setAckMode(ContainerProperties.AckMode.BATCH);
        containerProps.setMessageListener((BatchMessageListener<String, byte[]>) records -> lag.track(records, this::process));
        containerProps.setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                seekToStoredPositions(consumer, partitions);
            }
        });
        this.container = new ConcurrentMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(props), containerProps);
        this.container.setCommonErrorHandler(parking.errorHandler(name, this::describe, this::passParked));
        this.container.setBeanName("integration-event-consumer-" + name);
    }

    public String name() {
        return name;
    }

    /**
     * One poll's records in order; the position of each partition is saved once, after its records. When a
     * record fails, the positions of the records before it are saved and the container retries from it.
     */
    private void process(List<ConsumerRecord<String, byte[]>> records) {
        Map<TopicPartition, Long> next = new LinkedHashMap<>();
        RuntimeException failure = null;
        for (int i = 0; i < records.size() && failure == null; i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            try {
                handle(record);
                next.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            } catch (RuntimeException e) {
                failure = new BatchListenerFailedException("consumer " + name + " could not handle a record", e, i);
            }
        }
        try {
            next.forEach(this::savePosition);
        } catch (RuntimeException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        EventEnvelope envelope;
        try {
            envelope = codec.decode(record.value());
        } catch (IntegrationEventCodec.MalformedEventException e) {
            log.warn("event=skipped-malformed consumer={} topic={} partition={} offset={}", name, record.topic(), record.partition(), record.offset());
            count("malformed");
            return;
        }
        Optional<Record> payload = codec.payload(envelope);
        if (payload.isEmpty()) {
            count("unknown-contract");
            return;
        }
        if (!handler.handles(payload.get())) {
            count("ignored");
            return;
        }
        TenantId tenant = TenantId.of(envelope.tenantId());
        MongoCollection<Document> processed = mongo.database(tenant).getCollection("processed_events");
        String marker = name + ":" + envelope.eventId();
        boolean seen = Mono.from(processed.find(Filters.eq("_id", marker)).first()).blockOptional(MONGO_TIMEOUT).isPresent();
        if (seen) {
            count("duplicate");
            return;
        }
        handler.handle(envelope, payload.get()).block(MONGO_TIMEOUT);
        insertIgnoringDuplicate(processed, new Document("_id", marker).append("type", envelope.type()));
        count("processed");
    }

    /** The town, id and type of a record being parked: from its envelope, or its headers when the envelope is unreadable. */
    private ParkedRecord describe(ConsumerRecord<?, ?> record) {
        try {
            EventEnvelope envelope = codec.decode((byte[]) record.value());
            return new ParkedRecord(envelope.tenantId(), envelope.eventId().toString(), envelope.type());
        } catch (RuntimeException e) {
            return new ParkedRecord(header(record, Topics.HEADER_TENANT), header(record, Topics.HEADER_EVENT_ID), header(record, Topics.HEADER_TYPE));
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * A parked record is done: its position is saved past it, or the seek to the stored position at the next start
     * would read it (and park it) again. The records before it in its poll already saved theirs.
     */
    private void passParked(ConsumerRecord<?, ?> record) {
        savePosition(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
    }

    private void count(String outcome) {
        Counter.builder("madoguchi.integration.events.consumed")
                .description("Integration events read by a consumer, by outcome")
                .tag("consumer", name)
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }

    private MongoCollection<Document> positions() {
        return mongo.platform().getCollection("consumer_positions");
    }

    private static String positionId(String consumer, String topic, int partition) {
        return consumer + "|" + topic + "|" + partition;
    }

    private void savePosition(TopicPartition partition, long nextOffset) {
        String id = positionId(name, partition.topic(), partition.partition());
        Document position = new Document("_id", id).append("next", nextOffset);
        Mono.from(positions().replaceOne(Filters.eq("_id", id), position, new ReplaceOptions().upsert(true))).block(MONGO_TIMEOUT);
    }

    private void seekToStoredPositions(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            Document stored = Mono.from(positions().find(Filters.eq("_id", positionId(name, tp.topic(), tp.partition()))).first())
                    .block(MONGO_TIMEOUT);
            if (stored != null) {
                consumer.seek(tp, stored.get("next", Number.class).longValue());
            } else {
                consumer.seekToBeginning(List.of(tp));
            }
        }
    }

    private static void insertIgnoringDuplicate(MongoCollection<Document> collection, Document document) {
        try {
            Mono.from(collection.insertOne(document)).block(MONGO_TIMEOUT);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    @Override
    public void start() {
        container.start();
    }

    @Override
    public void stop() {
        container.stop();
    }

    @Override
    public boolean isRunning() {
        return container.isRunning();
    }
}
