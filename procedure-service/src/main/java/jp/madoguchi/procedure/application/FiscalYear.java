package jp.madoguchi.procedure.application;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;

/** A Japanese fiscal year (年度): FY2026 runs from 1 April 2026 to 31 March 2027, in Japan's time zone. */
public record FiscalYear(int year) {

    public static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    public static FiscalYear of(LocalDate date) {
        return new FiscalYear(date.getMonthValue() >= Month.APRIL.getValue() ? date.getYear() : date.getYear() - 1);
    }

    public static FiscalYear of(Instant instant) {
        return of(instant.atZone(JAPAN).toLocalDate());
    }
}
