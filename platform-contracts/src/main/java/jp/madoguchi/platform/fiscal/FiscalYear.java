package jp.madoguchi.platform.fiscal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** A Japanese fiscal year (年度): FY2026 runs from 1 April 2026 to 31 March 2027, in Japan's time zone. */
public record FiscalYear(int year) {

    public static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    public static FiscalYear of(LocalDate date) {
        return new FiscalYear(date.getMonthValue() >= Month.APRIL.getValue() ? date.getYear() : date.getYear() - 1);
    }

    public static FiscalYear of(Instant instant) {
        return of(instant.atZone(JAPAN).toLocalDate());
    }

    public static FiscalYear current(Clock clock) {
        return of(LocalDate.now(clock.withZone(JAPAN)));
    }

    /** A year from a request, or the current one when it is missing or out of range. */
    public static FiscalYear parse(String value, Clock clock) {
        if (value == null || !value.matches("\\d{4}")) {
            return current(clock);
        }
        int year = Integer.parseInt(value);
        return year < 2000 || year > 2100 ? current(clock) : new FiscalYear(year);
    }

    public LocalDate firstDay() {
        return LocalDate.of(year, Month.APRIL, 1);
    }

    public LocalDate lastDay() {
        return LocalDate.of(year + 1, Month.MARCH, 31);
    }

    /** The years a selector offers around this one: the next (to set targets ahead) back to four years ago. */
    public List<Integer> choices() {
        List<Integer> years = new ArrayList<>();
        for (int y = year + 1; y >= year - 4; y--) {
            years.add(y);
        }
        return years;
    }
}
