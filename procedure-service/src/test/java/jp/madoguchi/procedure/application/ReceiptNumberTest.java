package jp.madoguchi.procedure.application;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceiptNumberTest {

    @Test
    void aReceiptNumberIsTheFiscalYearAndSixDigits() {
        assertThat(new ReceiptNumber(2026, 123)).hasToString("2026-000123");
        assertThat(new ReceiptNumber(2026, 1)).hasToString("2026-000001");
    }
}
