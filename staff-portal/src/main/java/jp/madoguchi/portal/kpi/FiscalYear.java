package jp.madoguchi.portal.kpi;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Japanese fiscal years (年度): 2025 runs from April 2025 to March 2026, in Asia/Tokyo. */
public final class FiscalYear {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private FiscalYear() {
    }

    public static int current(Clock clock) {
        return of(LocalDate.now(clock.withZone(TOKYO)));
    }

    static int of(LocalDate date) {
        return date.getMonthValue() >= 4 ? date.getYear() : date.getYear() - 1;
    }

    /** The years a selector offers: the next one (to set targets ahead) back to four years ago. */
    public static List<Integer> choices(int current) {
        List<Integer> years = new ArrayList<>();
        for (int y = current + 1; y >= current - 4; y--) {
            years.add(y);
        }
        return years;
    }

    /** A year from a request, or the current one when it is missing or out of range. */
    public static int parse(String value, Clock clock) {
        int current = current(clock);
        if (value == null || !value.matches("\\d{4}")) {
            return current;
        }
        int year = Integer.parseInt(value);
        return year < 2000 || year > 2100 ? current : year;
    }
}
