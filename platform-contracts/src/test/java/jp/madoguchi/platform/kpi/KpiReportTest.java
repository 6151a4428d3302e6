package jp.madoguchi.platform.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KpiReportTest {

    @Test
    void achievementIsAPercentageOfTheTarget() {
        assertThat(KpiReport.Kpi.of(250, 1000L).achievement()).isEqualTo(25.0);
        assertThat(KpiReport.Kpi.of(1, 3L).achievement()).isEqualTo(33.3);
        assertThat(KpiReport.Kpi.of(5, null).achievement()).isNull();
        assertThat(KpiReport.Kpi.of(5, 0L).achievement()).isNull();
    }
}
