package jp.madoguchi.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class PrometheusConventionsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    PrometheusConventionsTest() {
        meters.config().meterFilter(new PrometheusConventions());
    }

    @Test
    void camelCaseNamesAndTagKeysBecomeSnakeCase() {
        Timer.builder("eventProcessor.successTimer").tag("payloadType", "X").register(meters);
        assertThat(meters.find("event.processor.success").tag("payload_type", "X").timer()).isNotNull();
    }

    @Test
    void axonsCounterAndTimerOfOneOutcomeKeepApartOnceTheirTypeWordsGo() {
        Counter.builder("commandBus.successCounter").register(meters);
        Timer.builder("commandBus.successTimer").register(meters);
        assertThat(meters.find("command.bus.success.messages").counter()).isNotNull();
        assertThat(meters.find("command.bus.success").timer()).isNotNull();
    }

    @Test
    void metersInAbbreviatedUnitsAreDropped() {
        Counter.builder("jvm.compilation.time").baseUnit("ms").register(meters);
        Counter.builder("kafka.consumer.io.time.ns.total").register(meters);
        Counter.builder("madoguchi.line.sent").register(meters);
        assertThat(meters.getMeters()).extracting(m -> m.getId().getName()).containsExactly("madoguchi.line.sent");
    }

    @Test
    void aCountGaugeIsRenamedSinceCountBelongsToHistograms() {
        Gauge.builder("system.cpu.count", () -> 2).register(meters);
        assertThat(meters.find("system.cpus").gauge()).isNotNull();
    }

    @Test
    void librariesMetersGetAPlaceholderHelpButMadoguchisOwnDoNot() {
        Counter.builder("commandBus.processedCounter").register(meters);
        Counter.builder("madoguchi.undocumented").register(meters);
        assertThat(meters.find("command.bus.processed.messages").counter().getId().getDescription()).contains("commandBus.processedCounter");
        assertThat(meters.find("madoguchi.undocumented").counter().getId().getDescription()).isNull();
    }
}
