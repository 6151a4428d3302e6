package jp.madoguchi.platform.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Map;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.messaging.parking.Parking;
import jp.madoguchi.platform.tenancy.TenantMongo;

/** Makes {@link IntegrationEventConsumer}s with the service's Kafka and Mongo settings. */
public class IntegrationEventConsumers {

    private final Map<String, Object> kafkaConsumerProperties;
    private final IntegrationEventCodec codec;
    private final TenantMongo mongo;
    private final MeterRegistry meters;
    private final Parking parking;

    public IntegrationEventConsumers(Map<String, Object> kafkaConsumerProperties, IntegrationEventCodec codec, TenantMongo mongo,
                                     MeterRegistry meters, Parking parking) {
        this.kafkaConsumerProperties = Map.copyOf(kafkaConsumerProperties);
        this.codec = codec;
        this.mongo = mongo;
        this.meters = meters;
        this.parking = parking;
    }

    /**
     * @param name the consumer's identity: its Kafka group and the key of its stored positions and
     *             processed markers, and of its parked records and dead-letter topic ({@code madoguchi.dlt.<name>}).
     *             Renaming it rebuilds its projection from the start of the topics.
     */
    public IntegrationEventConsumer create(String name, Collection<String> topics, IntegrationEventHandler handler) {
        return new IntegrationEventConsumer(name, topics, handler, kafkaConsumerProperties, codec, mongo, meters, parking);
    }
}
