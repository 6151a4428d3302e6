package jp.madoguchi.platform.metrics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** Applies {@link PrometheusConventions} to every service's meter registry (Boot applies MeterFilter beans). */
@AutoConfiguration
class MetricsAutoConfiguration {

    @Bean
    PrometheusConventions prometheusConventions() {
        return new PrometheusConventions();
    }
}
