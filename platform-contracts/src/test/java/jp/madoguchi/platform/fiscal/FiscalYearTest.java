package jp.madoguchi.platform.fiscal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FiscalYearTest {

    private final Clock midJanuary2027 = Clock.fixed(Instant.parse("2027-01-15T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void aprilStartsANewFiscalYear() {
        assertThat(FiscalYear.of(LocalDate.of(2026, 4, 1))).isEqualTo(new FiscalYear(2026));
        assertThat(FiscalYear.of(LocalDate.of(2026, 3, 31))).isEqualTo(new FiscalYear(2025));
        assertThat(FiscalYear.of(Instant.parse("2027-01-15T00:00:00Z"))).isEqualTo(new FiscalYear(2026));
    }

    @Test
    void theBoundaryIsMidnightInJapanNotUtc() {
        // 2026-03-31T15:00Z is already 1 April in Japan
        assertThat(FiscalYear.of(Instant.parse("2026-03-31T15:00:00Z"))).isEqualTo(new FiscalYear(2026));
        assertThat(FiscalYear.of(Instant.parse("2026-03-31T14:59:59Z"))).isEqualTo(new FiscalYear(2025));
        assertThat(FiscalYear.current(Clock.fixed(Instant.parse("2026-03-31T15:00:00Z"), ZoneOffset.UTC))).isEqualTo(new FiscalYear(2026));
    }

    @Test
    void spansAprilToMarch() {
        assertThat(new FiscalYear(2025).firstDay()).isEqualTo(LocalDate.of(2025, 4, 1));
        assertThat(new FiscalYear(2025).lastDay()).isEqualTo(LocalDate.of(2026, 3, 31));
    }

    @Test
    void aRequestedYearOutsideTheFormatOrRangeMeansTheCurrentOne() {
        assertThat(FiscalYear.parse("2024", midJanuary2027)).isEqualTo(new FiscalYear(2024));
        assertThat(FiscalYear.parse(null, midJanuary2027)).isEqualTo(new FiscalYear(2026));
        assertThat(FiscalYear.parse("24", midJanuary2027)).isEqualTo(new FiscalYear(2026));
        assertThat(FiscalYear.parse("1999", midJanuary2027)).isEqualTo(new FiscalYear(2026));
    }

    @Test
    void aSelectorOffersTheNextYearBackToFourYearsAgo() {
        assertThat(new FiscalYear(2026).choices()).containsExactly(2027, 2026, 2025, 2024, 2023, 2022);
    }
}
