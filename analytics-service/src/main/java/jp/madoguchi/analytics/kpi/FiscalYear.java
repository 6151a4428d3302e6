package jp.madoguchi.analytics.kpi;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;

/** A Japanese fiscal year (年度): FY2025 runs from 1 April 2025 to 31 March 2026, in Japan's time zone. */
public record FiscalYear(int year) {

    public static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    public static FiscalYear of(LocalDate date) {
        return new FiscalYear(date.getMonthValue() >= Month.APRIL.getValue() ? date.getYear() : date.getYear() - 1);
    }

    public static FiscalYear of(Instant instant) {
        return of(instant.atZone(JAPAN).toLocalDate());
    }

    public LocalDate firstDay() {
        return LocalDate.of(year, Month.APRIL, 1);
    }

    public LocalDate lastDay() {
        return LocalDate.of(year + 1, Month.MARCH, 31);
    }
}
