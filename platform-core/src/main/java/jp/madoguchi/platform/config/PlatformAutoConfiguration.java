package jp.madoguchi.platform.config;

import com.mongodb.reactivestreams.client.MongoClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.messaging.IntegrationEventConsumers;
import jp.madoguchi.platform.messaging.IntegrationEventPublisher;
import jp.madoguchi.platform.messaging.IntegrationEventTranslator;
import jp.madoguchi.platform.messaging.MongoTokenStore;
import jp.madoguchi.platform.messaging.parking.Parking;
import jp.madoguchi.platform.tenancy.TenantContext;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.autoconfigure.mongo.MongoReactiveAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/** Wires the published language, tenancy and messaging into every service that depends on platform-core. */
@AutoConfiguration(after = {KafkaAutoConfiguration.class, MongoReactiveAutoConfiguration.class})
@EnableConfigurationProperties(MadoguchiProperties.class)
public class PlatformAutoConfiguration {

    @Bean
    IntegrationEventCodec integrationEventCodec() {
        return new IntegrationEventCodec();
    }

    @Bean
    TenantMongo tenantMongo(MongoClient mongoClient) {
        return new TenantMongo(mongoClient);
    }

    /** Commands carry the tenant in their metadata; this copies it onto every event they cause. */
    @Bean
    CorrelationDataProvider tenantCorrelationDataProvider() {
        return new SimpleCorrelationDataProvider(TenantContext.KEY);
    }

    @Bean
    IntegrationEventConsumers integrationEventConsumers(KafkaProperties kafka, IntegrationEventCodec codec, TenantMongo mongo,
                                                        MeterRegistry meters, Parking parking) {
        return new IntegrationEventConsumers(kafka.buildConsumerProperties(null), codec, mongo, meters, parking);
    }

    /** The platform's topics, created at start when missing; kept forever so projections can be rebuilt by replay. */
    @Bean
    KafkaAdmin.NewTopics platformTopics(MadoguchiProperties props) {
        return new KafkaAdmin.NewTopics(Topics.ALL.stream()
                .map(name -> TopicBuilder.name(name)
                        .partitions(props.kafka().partitions())
                        .replicas(props.kafka().replicationFactor())
                        .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                        .build())
                .toArray(org.apache.kafka.clients.admin.NewTopic[]::new));
    }

    @Bean
    @ConditionalOnProperty("madoguchi.publish-topic")
    @ConditionalOnBean(IntegrationEventTranslator.class)
    IntegrationEventPublisher integrationEventPublisher(MadoguchiProperties props, KafkaProperties kafka, IntegrationEventTranslator translator,
                                                       IntegrationEventCodec codec, MeterRegistry meters) {
        Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties(null));
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(producer));
        return new IntegrationEventPublisher(props.publishTopic(), template, translator, codec, meters);
    }

    /**
     * The publisher's processor: batches of up to 100 events per token update, and a failure stops
     * and retries the batch instead of logging and moving on (Axon's default would skip the event).
     */
    @Bean
    ConfigurerModule integrationEventPublisherProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTrackingEventProcessorConfiguration(IntegrationEventPublisher.PROCESSING_GROUP,
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(100))
                .registerListenerInvocationErrorHandler(IntegrationEventPublisher.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance()));
    }

    /**
     * Processors listed in {@code madoguchi.mongo-token-processors} keep their token in Mongo, in the store
     * their projection writes to, so losing the last writes loses the token with them and replay redoes them.
     */
    @Bean
    ConfigurerModule mongoTokenStores(MadoguchiProperties props, ObjectProvider<TenantMongo> mongo) {
        if (props.mongoTokenProcessors().contains(IntegrationEventPublisher.PROCESSING_GROUP)) {
            throw new IllegalStateException("madoguchi.mongo-token-processors must not list " + IntegrationEventPublisher.PROCESSING_GROUP
                    + ": the publisher's token has to stay beside the event store in PostgreSQL");
        }
        // batches of up to 50 events per token write: under load a projection writes its token once per batch, not per event
        return configurer -> props.mongoTokenProcessors().forEach(name -> configurer.eventProcessing()
                .registerTokenStore(name, c -> new MongoTokenStore(mongo.getObject().platform(), c.serializer()))
                .registerTrackingEventProcessorConfiguration(name,
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(50)));
    }
}
