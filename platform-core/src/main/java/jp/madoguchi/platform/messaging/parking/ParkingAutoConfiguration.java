package jp.madoguchi.platform.messaging.parking;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import jp.madoguchi.platform.config.MadoguchiProperties;
import jp.madoguchi.platform.config.PlatformAutoConfiguration;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;

/** Parking in every service: the bean consumers take their error handler from, and the operator API. */
@AutoConfiguration(after = {KafkaAutoConfiguration.class, PlatformAutoConfiguration.class})
// the staff portal has no Kafka (and nothing to park): it excludes Kafka's auto-configuration
@ConditionalOnBean(KafkaProperties.class)
class ParkingAutoConfiguration {

    @Bean
    Parking parking(@Value("${spring.application.name:unknown}") String service, KafkaProperties kafka, KafkaAdmin admin,
                    MadoguchiProperties props, TenantMongo mongo, MeterRegistry meters) {
        Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties(null));
        producer.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // dead letters and replays carry the consumers' own types: byte[] (integration events) or String (LINE inbox)
        KafkaTemplate<Object, Object> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(producer, wireTypes(), wireTypes()));
        return new Parking(service, template, admin, props.kafka().replicationFactor(), new ParkedEventStore(mongo), meters, Clock.systemUTC());
    }

    private static DelegatingByTypeSerializer wireTypes() {
        Map<Class<?>, Serializer<?>> byType = Map.of(byte[].class, new ByteArraySerializer(), String.class, new StringSerializer(),
                Bytes.class, new BytesSerializer());
        return new DelegatingByTypeSerializer(byType);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class OperatorApi {

        @Bean
        ParkedEventsController parkedEventsController(Parking parking) {
            return new ParkedEventsController(parking);
        }
    }
}
