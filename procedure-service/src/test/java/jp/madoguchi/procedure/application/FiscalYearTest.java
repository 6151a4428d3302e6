package jp.madoguchi.procedure.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FiscalYearTest {

    @Test
    void aFiscalYearRunsFromAprilToMarchInTokyo() {
        assertThat(FiscalYear.of(Instant.parse("2026-03-31T14:59:59Z")).year()).isEqualTo(2025);
        assertThat(FiscalYear.of(Instant.parse("2026-03-31T15:00:00Z")).year()).isEqualTo(2026);
        assertThat(FiscalYear.of(Instant.parse("2027-01-15T00:00:00Z")).year()).isEqualTo(2026);
    }

    @Test
    void aReceiptNumberIsTheFiscalYearAndSixDigits() {
        assertThat(new ReceiptNumber(2026, 123)).hasToString("2026-000123");
        assertThat(new ReceiptNumber(2026, 1)).hasToString("2026-000001");
    }
}
