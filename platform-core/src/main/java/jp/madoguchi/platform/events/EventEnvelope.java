package jp.madoguchi.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What travels on Kafka: one integration event and what every consumer needs to route,
 * deduplicate and order it. {@code sequence} is the event's position in its aggregate's stream,
 * so a projection can apply each aggregate's events once and in order.
 */
public record EventEnvelope(
        UUID eventId,
        String type,
        int version,
        String tenantId,
        Instant occurredAt,
        String aggregateId,
        long sequence,
        JsonNode payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(payload, "payload");
    }
}
