package jp.madoguchi.platform.messaging.parking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.TenantSuspended;
import jp.madoguchi.platform.messaging.IntegrationEventConsumer;
import jp.madoguchi.platform.messaging.IntegrationEventConsumers;
import jp.madoguchi.platform.messaging.IntegrationEventHandler;
import jp.madoguchi.platform.security.Role;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * Parking on the real embedded Kafka and Mongo-wire servers, through the real auto-configuration: poison records
 * are set aside and the partition moves on, transient failures are waited out, and a replay is handled once.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(classes = ParkingIntegrationTest.SomeService.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.application.name=parking-test", "axon.axonserver.enabled=false"})
class ParkingIntegrationTest {

    private static final String TOWN = "014834";
    private static final Duration SOON = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class SomeService {
    }

    @Autowired
    IntegrationEventConsumers consumers;
    @Autowired
    IntegrationEventCodec codec;
    @Autowired
    Parking parking;
    @Autowired
    TenantMongo mongo;
    @Autowired
    MeterRegistry meters;
    @Autowired
    KafkaAdmin admin;
    @Autowired
    WebTestClient http;

    private final FaultyHandler handler = new FaultyHandler();
    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stopConsumers() throws Exception {
        for (AutoCloseable c : running) {
            c.close();
        }
    }

    @Test
    void aPoisonEventIsParkedAfterThreeAttemptsAndTheEventsBehindItOnItsPartitionAreHandled() throws Exception {
        String consumer = "parking-poison-v1";
        String topic = newTopic(consumer);
        UUID poison = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        handler.fail(poison, Fault.PERMANENT);
        start(consumer, topic);

        byte[] poisonValue = publish(topic, "aggregate-1", poison).value();
        publish(topic, "aggregate-1", second);
        publish(topic, "aggregate-1", third);

        await().atMost(SOON).until(() -> handler.handled.containsAll(List.of(second, third)));
        assertThat(handler.handled).doesNotContain(poison);
        assertThat(handler.attempts(poison)).isEqualTo(RetryPolicy.PERMANENT_ATTEMPTS);
        assertThat(parkedCount(consumer)).isEqualTo(1.0);

        ParkedEvent parked = parking.list(TOWN, consumer, ParkedEvent.Status.PARKED).single().block();
        assertThat(parked.eventId()).isEqualTo(poison.toString());
        assertThat(parked.eventType()).isEqualTo("TenantSuspended");
        assertThat(parked.tenantId()).isEqualTo(TOWN);
        assertThat(parked.service()).isEqualTo("parking-test");
        assertThat(parked.errorClass()).isEqualTo(IllegalStateException.class.getName());
        assertThat(parked.topic()).isEqualTo(topic);
        assertThat(parked.offset()).isZero();

        Document stored = rawParked(parked.id());
        assertThat(stored.getString("key")).isEqualTo("aggregate-1");
        assertThat(stored.get("value", Binary.class).getData()).isEqualTo(poisonValue);
        assertThat(stored.getString("errorMessage")).isEqualTo("no handler can take this event");
        assertThat(stored.getList("headers", Document.class)).extracting(h -> h.getString("name")).contains(Topics.HEADER_TENANT);

        JsonNode listing = listing("?consumer=" + consumer + "&tenant=" + TOWN + "&status=PARKED");
        assertThat(listing).hasSize(1);
        JsonNode shown = listing.get(0);
        assertThat(shown.path("id").asText()).isEqualTo(parked.id());
        assertThat(shown.path("eventId").asText()).isEqualTo(poison.toString());
        assertThat(shown.path("status").asText()).isEqualTo("PARKED");
        for (String hidden : List.of("key", "value", "headers", "errorMessage")) {
            assertThat(shown.has(hidden)).as("listing shows " + hidden).isFalse();
        }

        ConsumerRecord<String, byte[]> deadLetter = deadLetters(consumer).get(0);
        assertThat(deadLetter.key()).isEqualTo("aggregate-1");
        assertThat(deadLetter.value()).isEqualTo(poisonValue);
        assertThat(header(deadLetter, Topics.HEADER_EVENT_ID)).isEqualTo(poison.toString());
        assertThat(header(deadLetter, "kafka_dlt-exception-fqcn")).isNotBlank();
        assertThat(header(deadLetter, "kafka_dlt-original-topic")).isEqualTo(topic);
    }

    @Test
    void aParkedEventIsPassedForGoodAndNotReadAgainAfterARestart() throws Exception {
        String consumer = "parking-restart-v1";
        String topic = newTopic(consumer);
        UUID first = UUID.randomUUID();
        UUID poison = UUID.randomUUID();
        handler.fail(poison, Fault.PERMANENT);
        IntegrationEventConsumer events = start(consumer, topic);

        publish(topic, "aggregate-1", first);
        // the poison event is the last one of its partition: no later event saves a position past it
        long poisonOffset = publish(topic, "aggregate-1", poison).offset();
        await().atMost(SOON).until(() -> parkedCount(consumer) == 1.0);
        assertThat(storedPosition(consumer, topic)).isEqualTo(poisonOffset + 1);

        events.stop();
        events.start();
        UUID afterRestart = UUID.randomUUID();
        publish(topic, "aggregate-1", afterRestart);

        await().atMost(SOON).until(() -> handler.handled.contains(afterRestart));
        assertThat(handler.attempts(poison)).isEqualTo(RetryPolicy.PERMANENT_ATTEMPTS);
        assertThat(handler.attempts(first)).isEqualTo(1);
        assertThat(parkedCount(consumer)).isEqualTo(1.0);
        assertThat(parking.list(null, consumer, null).collectList().block()).hasSize(1);
    }

    @Test
    void aReplayOnceTheFaultIsFixedIsHandledOnceAndASecondReplayIsRefused() throws Exception {
        String consumer = "parking-replay-v1";
        String topic = newTopic(consumer);
        UUID poison = UUID.randomUUID();
        handler.fail(poison, Fault.PERMANENT);
        start(consumer, topic);
        publish(topic, "aggregate-1", poison);
        await().atMost(SOON).until(() -> parkedCount(consumer) == 1.0);
        String id = parking.list(TOWN, consumer, null).single().block().id();

        handler.fix(poison);
        JsonNode replayed = JSON.readTree(as(operator()).post().uri("/api/operator/parked-events/{id}/replay", id).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        assertThat(replayed.path("status").asText()).isEqualTo("REPLAYED");
        assertThat(replayed.path("replayedAt").asText()).isNotBlank();

        await().atMost(SOON).until(() -> handler.handled.contains(poison));
        as(operator()).post().uri("/api/operator/parked-events/{id}/replay", id).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.title").isEqualTo("Already replayed");
        as(operator()).post().uri("/api/operator/parked-events/{id}/replay", "no-such-id").exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.title").isEqualTo("Unknown parked event");
        assertThat(Collections.frequency(handler.handled, poison)).isEqualTo(1);
        assertThat(listing("?consumer=" + consumer + "&status=REPLAYED")).hasSize(1);
        assertThat(listing("?consumer=" + consumer + "&status=PARKED")).isEmpty();
        assertThat(parkedCount(consumer)).isEqualTo(1.0);
    }

    @Test
    void replayingAnEventThatWasHandledAlreadyChangesNothing() throws Exception {
        String consumer = "parking-twice-v1";
        String topic = newTopic(consumer);
        UUID poison = UUID.randomUUID();
        handler.fail(poison, Fault.PERMANENT);
        start(consumer, topic);
        publish(topic, "aggregate-1", poison);
        await().atMost(SOON).until(() -> parkedCount(consumer) == 1.0);
        String id = parking.list(TOWN, consumer, null).single().block().id();
        handler.fix(poison);
        parking.replay(id).block();
        await().atMost(SOON).until(() -> handler.handled.contains(poison));

        // as if the replay had been sent but the service stopped before marking it replayed: it is replayed again
        Mono.from(mongo.platform().getCollection(ParkedEventStore.COLLECTION)
                .updateOne(Filters.eq("_id", id), Updates.set("status", "PARKED"))).block();
        as(operator()).post().uri("/api/operator/parked-events/replay?consumer={c}&tenant={t}", consumer, TOWN).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.replayed").isEqualTo(1);

        await().atMost(SOON).until(() -> consumed(consumer, "duplicate") == 1.0);
        assertThat(Collections.frequency(handler.handled, poison)).isEqualTo(1);
        assertThat(handler.attempts(poison)).isEqualTo(RetryPolicy.PERMANENT_ATTEMPTS + 1);
    }

    @Test
    void aTransientFailureIsRetriedUntilItPassesAndNothingIsParked() throws Exception {
        String consumer = "parking-transient-v1";
        String topic = newTopic(consumer);
        UUID event = UUID.randomUUID();
        UUID next = UUID.randomUUID();
        handler.failUntil(event, Instant.now().plusSeconds(5));
        start(consumer, topic);

        publish(topic, "aggregate-1", event);
        publish(topic, "aggregate-1", next);

        await().atMost(Duration.ofSeconds(40)).until(() -> handler.handled.containsAll(List.of(event, next)));
        assertThat(handler.attempts(event)).isGreaterThan(RetryPolicy.PERMANENT_ATTEMPTS);
        assertThat(handler.handled.indexOf(event)).isLessThan(handler.handled.indexOf(next));
        assertThat(parkedCount(consumer)).isZero();
        assertThat(parking.list(null, consumer, null).collectList().block()).isEmpty();
        assertThat(deadLetters(consumer)).isEmpty();
    }

    @Test
    void aFailureThatTurnsFromTransientToPermanentIsStillParked() throws Exception {
        String consumer = "parking-turning-v1";
        String topic = newTopic(consumer);
        UUID event = UUID.randomUUID();
        UUID next = UUID.randomUUID();
        handler.fail(event, Fault.TWICE_TRANSIENT_THEN_PERMANENT);
        start(consumer, topic);

        publish(topic, "aggregate-1", event);
        publish(topic, "aggregate-1", next);

        await().atMost(SOON).until(() -> handler.handled.contains(next));
        assertThat(handler.attempts(event)).isEqualTo(2 + RetryPolicy.PERMANENT_ATTEMPTS);
        assertThat(parkedCount(consumer)).isEqualTo(1.0);
    }

    /** The LINE inbox's shape: String keys that name a resident, String values, a batch listener. */
    @Test
    void stringRecordsAreParkedWithoutShowingTheirKeyAndReplayedAsTheyCame() throws Exception {
        String consumer = "parking-strings-v1";
        String topic = newTopic(consumer);
        String key = TOWN + ":U0123456789abcdef";
        String value = "{\"tenantId\":\"" + TOWN + "\",\"event\":{\"type\":\"message\",\"text\":\"こんにちは\"}}";
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicInteger poisoned = new AtomicInteger(1);
        List<ConsumerRecord<?, ?>> apologised = new CopyOnWriteArrayList<>();

        ContainerProperties props = new ContainerProperties(topic);
        props.setGroupId(consumer);
        props.setMessageListener((BatchMessageListener<String, String>) records -> {
            for (int i = 0; i < records.size(); i++) {
                if (poisoned.get() > 0) {
                    throw new BatchListenerFailedException("inbox event could not be handled", new IllegalArgumentException("unknown step"), i);
                }
                received.add(records.get(i).value());
            }
        });
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        ConcurrentMessageListenerContainer<String, String> container = new ConcurrentMessageListenerContainer<>(
                new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new StringDeserializer()), props);
        container.setCommonErrorHandler(parking.errorHandler(consumer,
                r -> new ParkedRecord(String.valueOf(r.key()).split(":")[0], null, "message"), apologised::add));
        container.start();
        running.add(container::stop);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
        await().atMost(SOON).until(() -> parkedCount(consumer) == 1.0);
        assertThat(apologised).hasSize(1);
        ParkedEvent parked = parking.list(TOWN, consumer, null).single().block();
        assertThat(parked.errorClass()).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(new String(rawParked(parked.id()).get("value", Binary.class).getData(), StandardCharsets.UTF_8)).isEqualTo(value);
        String listing = as(operator()).get().uri("/api/operator/parked-events?consumer={c}", consumer).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(listing).contains(parked.id()).doesNotContain("U0123456789abcdef").doesNotContain("こんにちは");

        poisoned.set(0);
        parking.replay(parked.id()).block();
        await().atMost(SOON).until(() -> received.contains(value));
        assertThat(received).containsExactly(value);
    }

    @Test
    void theOperatorApiIsForOperatorsOnly() {
        String admin = EmbeddedPlatformExtension.tokens().town(TOWN, Role.ADMIN);
        as(admin).get().uri("/api/operator/parked-events").exchange().expectStatus().isForbidden();
        as(admin).post().uri("/api/operator/parked-events/replay").exchange().expectStatus().isForbidden();
        http.get().uri("/api/operator/parked-events").exchange().expectStatus().isUnauthorized();
        as(operator()).get().uri("/api/operator/parked-events?tenant=12345").exchange().expectStatus().isBadRequest();
        as(operator()).get().uri("/api/operator/parked-events?status=LOST").exchange().expectStatus().isBadRequest();
    }

    @Test
    void theParkedCounterOfEveryConsumerIsThereBeforeAnythingIsParked() {
        parking.errorHandler("parking-eager-v1", r -> null, r -> { });
        assertThat(parkedCount("parking-eager-v1")).isZero();
    }

    // --- helpers

    private enum Fault { PERMANENT, TWICE_TRANSIENT_THEN_PERMANENT }

    /** A handler whose faults the test sets per event; it records each attempt and each event it handled. */
    private static final class FaultyHandler implements IntegrationEventHandler {
        final List<UUID> handled = new CopyOnWriteArrayList<>();
        private final Map<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();
        private final Map<UUID, Fault> faults = new ConcurrentHashMap<>();
        private final Map<UUID, Instant> transientUntil = new ConcurrentHashMap<>();

        void fail(UUID event, Fault fault) {
            faults.put(event, fault);
        }

        void failUntil(UUID event, Instant until) {
            transientUntil.put(event, until);
        }

        void fix(UUID event) {
            faults.remove(event);
        }

        int attempts(UUID event) {
            AtomicInteger n = attempts.get(event);
            return n == null ? 0 : n.get();
        }

        @Override
        public Mono<Void> handle(EventEnvelope envelope, Record payload) {
            int attempt = attempts.computeIfAbsent(envelope.eventId(), id -> new AtomicInteger()).incrementAndGet();
            Fault fault = faults.get(envelope.eventId());
            Instant until = transientUntil.get(envelope.eventId());
            if (until != null && Instant.now().isBefore(until)) {
                return Mono.error(new DataAccessResourceFailureException("store unreachable"));
            }
            if (fault == Fault.TWICE_TRANSIENT_THEN_PERMANENT && attempt <= 2) {
                return Mono.error(new DataAccessResourceFailureException("store unreachable"));
            }
            if (fault != null) {
                return Mono.error(new IllegalStateException("no handler can take this event"));
            }
            handled.add(envelope.eventId());
            return Mono.empty();
        }
    }

    private IntegrationEventConsumer start(String consumer, String topic) {
        IntegrationEventConsumer events = consumers.create(consumer, List.of(topic), handler);
        events.start();
        running.add(events::stop);
        return events;
    }

    private String newTopic(String consumer) {
        String topic = "madoguchi.test." + consumer;
        admin.createOrModifyTopics(TopicBuilder.name(topic).partitions(1).replicas(1).build());
        return topic;
    }

    private record Published(long offset, byte[] value) {
    }

    private Published publish(String topic, String key, UUID eventId) throws Exception {
        EventEnvelope envelope = codec.wrap(eventId, TOWN, Instant.now(), key, 1, new TenantSuspended("test"));
        byte[] value = codec.encode(envelope);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        record.headers().add(Topics.HEADER_TENANT, TOWN.getBytes(StandardCharsets.UTF_8));
        record.headers().add(Topics.HEADER_TYPE, envelope.type().getBytes(StandardCharsets.UTF_8));
        record.headers().add(Topics.HEADER_EVENT_ID, eventId.toString().getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap()),
                new StringSerializer(), new ByteArraySerializer())) {
            RecordMetadata sent = producer.send(record).get();
            return new Published(sent.offset(), value);
        }
    }

    private List<ConsumerRecord<String, byte[]>> deadLetters(String consumer) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-reader-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            reader.subscribe(List.of(Parking.deadLetterTopic(consumer)));
            long deadline = System.currentTimeMillis() + 5_000;
            while (System.currentTimeMillis() < deadline && records.isEmpty()) {
                reader.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private Document rawParked(String id) {
        return Mono.from(mongo.platform().getCollection(ParkedEventStore.COLLECTION).find(Filters.eq("_id", id)).first()).block();
    }

    private long storedPosition(String consumer, String topic) {
        Document position = Mono.from(mongo.platform().getCollection("consumer_positions")
                .find(Filters.eq("_id", consumer + "|" + topic + "|0")).first()).block();
        return position.get("next", Number.class).longValue();
    }

    private double parkedCount(String consumer) {
        Counter counter = meters.find(Parking.METRIC_PARKED).tag("consumer", consumer).counter();
        return counter == null ? -1 : counter.count();
    }

    private double consumed(String consumer, String outcome) {
        Counter counter = meters.find("madoguchi.integration.events.consumed").tag("consumer", consumer).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private JsonNode listing(String query) throws Exception {
        return JSON.readTree(as(operator()).get().uri("/api/operator/parked-events" + query).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    private static String bootstrap() {
        return EmbeddedPlatformExtension.platform().kafka().bootstrapServers();
    }

    private static String operator() {
        return EmbeddedPlatformExtension.tokens().operator();
    }

    private WebTestClient as(String token) {
        return http.mutate().defaultHeaders(h -> h.setBearerAuth(token)).build();
    }
}
