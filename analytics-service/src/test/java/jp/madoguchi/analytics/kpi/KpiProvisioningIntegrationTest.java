package jp.madoguchi.analytics.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import jp.madoguchi.analytics.AnalyticsServiceApplication;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.TenantOnboarded;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import reactor.core.publisher.Flux;

/** A town onboarded on the tenant topic gets its KPI indexes without anyone touching analytics-service. */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = AnalyticsServiceApplication.CONFIG_NAME)
class KpiProvisioningIntegrationTest {

    private static final String TOWN = "014885";

    @Autowired
    TenantMongo mongo;

    @Test
    void anOnboardedTownGetsTheIndexesItsKpisAreCountedWith() throws Exception {
        IntegrationEventCodec codec = new IntegrationEventCodec();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("spring.kafka.bootstrap-servers"));
        try (KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            kafka.send(new ProducerRecord<>(Topics.TENANT_EVENTS, TOWN, codec.encode(codec.wrap(UUID.randomUUID(), TOWN, Instant.now(), TOWN, 0,
                    new TenantOnboarded("天塩町", "てしおちょう", "北海道", 2900))))).get(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (String collection : new String[] {KpiProjection.FRIENDS, KpiProjection.BROADCASTS, KpiProjection.APPLICATIONS}) {
                assertThat(Flux.from(mongo.database(TenantId.of(TOWN)).getCollection(collection).listIndexes())
                        .map(i -> i.getString("name")).collectList().block(Duration.ofSeconds(5)))
                        .as(collection).hasSizeGreaterThan(1);
            }
        });
    }
}
