package jp.madoguchi.analytics.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class FiscalYearTest {

    @Test
    void aprilStartsANewFiscalYear() {
        assertThat(FiscalYear.of(LocalDate.of(2026, 4, 1))).isEqualTo(new FiscalYear(2026));
        assertThat(FiscalYear.of(LocalDate.of(2026, 3, 31))).isEqualTo(new FiscalYear(2025));
    }

    @Test
    void theBoundaryIsMidnightInJapanNotUtc() {
        // 2026-03-31T15:00Z is already 1 April in Japan
        assertThat(FiscalYear.of(Instant.parse("2026-03-31T15:00:00Z"))).isEqualTo(new FiscalYear(2026));
        assertThat(FiscalYear.of(Instant.parse("2026-03-31T14:59:59Z"))).isEqualTo(new FiscalYear(2025));
    }

    @Test
    void spansAprilToMarch() {
        assertThat(new FiscalYear(2025).firstDay()).isEqualTo(LocalDate.of(2025, 4, 1));
        assertThat(new FiscalYear(2025).lastDay()).isEqualTo(LocalDate.of(2026, 3, 31));
    }

    @Test
    void achievementIsAPercentageOfTheTarget() {
        assertThat(KpiReport.Kpi.of(250, 1000L).achievement()).isEqualTo(25.0);
        assertThat(KpiReport.Kpi.of(1, 3L).achievement()).isEqualTo(33.3);
        assertThat(KpiReport.Kpi.of(5, null).achievement()).isNull();
    }
}
