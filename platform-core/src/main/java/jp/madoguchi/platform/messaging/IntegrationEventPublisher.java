package jp.madoguchi.platform.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.tenancy.TenantContext;
import jp.madoguchi.platform.tenancy.TenantId;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Moves a service's chosen domain events from its event store to its Kafka topic. It runs in its
 * own streaming processor whose token lives in the event store's database, so the store is the
 * outbox: the token advances only after Kafka acknowledged every record of the batch. A crash
 * before that republishes the batch with the same event ids, which consumers deduplicate.
 */
@ProcessingGroup(IntegrationEventPublisher.PROCESSING_GROUP)
public class IntegrationEventPublisher {

    public static final String PROCESSING_GROUP = "integration-event-publisher";
    private static final String PENDING_SENDS = IntegrationEventPublisher.class.getName() + ".pending";

    private final String topic;
    private final KafkaTemplate<String, byte[]> kafka;
    private final IntegrationEventTranslator translator;
    private final IntegrationEventCodec codec;
    private final MeterRegistry meters;

    public IntegrationEventPublisher(String topic, KafkaTemplate<String, byte[]> kafka, IntegrationEventTranslator translator,
                                     IntegrationEventCodec codec, MeterRegistry meters) {
        this.topic = topic;
        this.kafka = kafka;
        this.translator = translator;
        this.codec = codec;
        this.meters = meters;
    }

    /** Closes the producer with the service (Spring calls this as the bean's inferred destroy method). */
    public void close() throws Exception {
        if (kafka.getProducerFactory() instanceof org.springframework.beans.factory.DisposableBean producers) {
            producers.destroy();
        }
    }

    @EventHandler
    public void on(Object domainEvent, EventMessage<?> message) {
        translator.translate(domainEvent).ifPresent(contract -> publish(contract, message));
    }

    private void publish(Record contract, EventMessage<?> message) {
        TenantId tenant = TenantContext.from(message.getMetaData()).orElseThrow(() -> new IllegalStateException(
                "event " + message.getIdentifier() + " (" + message.getPayloadType().getSimpleName() + ") has no tenant in its metadata"));
        String aggregateId = message instanceof DomainEventMessage<?> d ? d.getAggregateIdentifier() : message.getIdentifier();
        long sequence = message instanceof DomainEventMessage<?> d ? d.getSequenceNumber() : 0L;
        // The Axon event id is stable across republishing, which is what consumers deduplicate on.
        EventEnvelope envelope = codec.wrap(UUID.fromString(message.getIdentifier()), tenant.code(), message.getTimestamp(),
                aggregateId, sequence, contract);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, aggregateId, codec.encode(envelope));
        record.headers().add(Topics.HEADER_TENANT, tenant.code().getBytes(StandardCharsets.UTF_8));
        record.headers().add(Topics.HEADER_TYPE, envelope.type().getBytes(StandardCharsets.UTF_8));
        record.headers().add(Topics.HEADER_EVENT_ID, envelope.eventId().toString().getBytes(StandardCharsets.UTF_8));
        CompletableFuture<?> sent = kafka.send(record);
        pendingSendsOfThisBatch().add(sent);
        sent.thenRun(() -> Counter.builder("madoguchi.integration.events.published")
                .description("Integration events acknowledged by Kafka")
                .tag("type", envelope.type())
                .register(meters)
                .increment());
    }

    /** Sends are asynchronous; the batch commits its token only once all of them are acknowledged. */
    private List<CompletableFuture<?>> pendingSendsOfThisBatch() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(PENDING_SENDS, key -> {
            List<CompletableFuture<?>> pending = new ArrayList<>();
            root.onPrepareCommit(uow -> awaitAll(pending));
            return pending;
        });
    }

    private void awaitAll(List<CompletableFuture<?>> pending) {
        kafka.flush();
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        } catch (Exception e) {
            // Failing the batch rolls the token back: the same events are published again later.
            throw new IllegalStateException("Kafka did not acknowledge integration events on " + topic, e);
        }
    }
}
