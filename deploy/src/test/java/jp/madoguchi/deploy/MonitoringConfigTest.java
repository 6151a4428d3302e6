package jp.madoguchi.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus configuration in deploy/monitoring is valid and its alert rules behave as their unit tests say.
 * Whether the metrics they query exist is checked against running services in {@link LauncherEndToEndTest}.
 */
class MonitoringConfigTest {

    @Test
    void scrapeConfigurationIsValid() {
        assertThat(Monitoring.promtool(null, "check", "config", Monitoring.DIR.resolve("prometheus/prometheus.yml").toString()))
                .contains("SUCCESS");
    }

    @Test
    void alertRulesAreValidAndPassTheirUnitTests() throws Exception {
        for (Path rules : Monitoring.files(Monitoring.RULES, ".yml")) {
            assertThat(Monitoring.promtool(null, "check", "rules", rules.toString())).contains("SUCCESS");
        }
        for (Path tests : Monitoring.files(Monitoring.RULE_TESTS, ".yml")) {
            assertThat(Monitoring.promtool(null, "test", "rules", tests.toString())).contains("SUCCESS");
        }
    }

    @Test
    void metricNamesAreFoundInPromQlButLabelsFunctionsAndKeywordsAreNot() {
        assertThat(Monitoring.metricNames("""
                sum by (tenant) (rate(madoguchi_line_webhook_events_total{outcome=~"rejected-.*"}[5m]))
                / on() group_left() max(up{job="madoguchi"}) > 0.05 and topk(3, x_seconds_count offset 1h)"""))
                .isEqualTo(Set.of("madoguchi_line_webhook_events_total", "up", "x_seconds_count"));
    }

    @Test
    void everyAlertAndDashboardQueriesAtLeastOneMetric() throws Exception {
        assertThat(Monitoring.expressions()).isNotEmpty().allSatisfy((where, expr) ->
                assertThat(Monitoring.metricNames(expr)).as(where + ": " + expr).isNotEmpty());
    }
}
