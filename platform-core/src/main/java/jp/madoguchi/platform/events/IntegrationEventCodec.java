package jp.madoguchi.platform.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * JSON on the wire: the envelope names the contract's type and version explicitly, so a consumer
 * never depends on Java class names. Unknown payload fields are ignored: a producer may add fields
 * to a version without breaking older consumers.
 */
public final class IntegrationEventCodec {

    private final ObjectMapper json;

    public IntegrationEventCodec() {
        this.json = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public EventEnvelope wrap(UUID eventId, String tenantId, Instant occurredAt, String aggregateId, long sequence, Record contract) {
        EventContract c = EventContracts.annotationOf(contract.getClass());
        return new EventEnvelope(eventId, c.type(), c.version(), tenantId, occurredAt, aggregateId, sequence, json.valueToTree(contract));
    }

    public byte[] encode(EventEnvelope envelope) {
        try {
            return json.writeValueAsBytes(envelope);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws MalformedEventException when the bytes are not an envelope */
    public EventEnvelope decode(byte[] bytes) {
        try {
            return json.readValue(bytes, EventEnvelope.class);
        } catch (IOException | RuntimeException e) {
            throw new MalformedEventException("not an integration event envelope: " + e.getMessage(), e);
        }
    }

    /** The envelope's payload as its contract record, or empty when this build does not know the contract. */
    public Optional<Record> payload(EventEnvelope envelope) {
        return EventContracts.lookup(envelope.type(), envelope.version()).map(type -> payload(envelope, type));
    }

    public <T extends Record> T payload(EventEnvelope envelope, Class<T> type) {
        try {
            return json.treeToValue(envelope.payload(), type);
        } catch (IOException e) {
            throw new MalformedEventException(envelope.type() + " v" + envelope.version() + " payload unreadable: " + e.getMessage(), e);
        }
    }

    /** Thrown for bytes that cannot be read as an integration event; such a record is skipped, not retried. */
    public static class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
