package jp.madoguchi.notification;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Integration events of one town onto the test platform's real Kafka topics, as the other services publish them. */
public final class TownEvents implements AutoCloseable {

    private final String town;
    private final Instant at;
    private final IntegrationEventCodec codec = new IntegrationEventCodec();
    private final KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("spring.kafka.bootstrap-servers")),
            new StringSerializer(), new ByteArraySerializer());

    private TownEvents(String town, Instant at) {
        this.town = town;
        this.at = at;
    }

    /** Events of {@code town}, each stamped {@code at}. */
    public static TownEvents of(String town, Instant at) {
        return new TownEvents(town, at);
    }

    /** Publishes one event (a fresh event id) keyed by its aggregate, and waits for the broker's ack. */
    public void publish(String topic, String aggregateId, long sequence, Record payload) throws Exception {
        EventEnvelope e = codec.wrap(UUID.randomUUID(), town, at, aggregateId, sequence, payload);
        kafka.send(new ProducerRecord<>(topic, e.aggregateId(), codec.encode(e))).get();
    }

    @Override
    public void close() {
        kafka.close();
    }
}
