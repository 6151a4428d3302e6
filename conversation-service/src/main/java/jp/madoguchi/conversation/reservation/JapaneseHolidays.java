package jp.madoguchi.conversation.reservation;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.Set;
import java.util.TreeSet;

/**
 * Japan's national holidays (国民の祝日) under the law as it stands since 2020, so a hall that closes on
 * holidays needs no list typed in by staff: fixed days, the Happy Monday days, both equinoxes by the usual
 * approximation (valid 1980–2099), substitute holidays (振替休日) and days sandwiched between two holidays
 * (国民の休日). The one-off moves of 2020 and 2021 (the Olympics) are not modelled.
 */
final class JapaneseHolidays {

    private JapaneseHolidays() {
    }

    public static boolean isHoliday(LocalDate date) {
        return of(date.getYear()).contains(date);
    }

    /** Every holiday of {@code year}. */
    public static Set<LocalDate> of(int year) {
        TreeSet<LocalDate> days = new TreeSet<>();
        days.add(LocalDate.of(year, 1, 1));
        days.add(monday(year, Month.JANUARY, 2));
        days.add(LocalDate.of(year, 2, 11));
        days.add(LocalDate.of(year, 2, 23));
        days.add(LocalDate.of(year, 3, equinox(year, 20.8431)));
        days.add(LocalDate.of(year, 4, 29));
        days.add(LocalDate.of(year, 5, 3));
        days.add(LocalDate.of(year, 5, 4));
        days.add(LocalDate.of(year, 5, 5));
        days.add(monday(year, Month.JULY, 3));
        days.add(LocalDate.of(year, 8, 11));
        days.add(monday(year, Month.SEPTEMBER, 3));
        days.add(LocalDate.of(year, 9, equinox(year, 23.2488)));
        days.add(monday(year, Month.OCTOBER, 2));
        days.add(LocalDate.of(year, 11, 3));
        days.add(LocalDate.of(year, 11, 23));
        TreeSet<LocalDate> all = new TreeSet<>(days);
        for (LocalDate day : days) {
            // a day between two holidays is itself a holiday
            if (days.contains(day.plusDays(2)) && !days.contains(day.plusDays(1)) && day.plusDays(1).getDayOfWeek() != DayOfWeek.SUNDAY) {
                all.add(day.plusDays(1));
            }
        }
        for (LocalDate day : new TreeSet<>(all)) {
            if (day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                // the next day that is not already a holiday replaces it
                LocalDate substitute = day.plusDays(1);
                while (all.contains(substitute)) {
                    substitute = substitute.plusDays(1);
                }
                all.add(substitute);
            }
        }
        return all;
    }

    private static LocalDate monday(int year, Month month, int nth) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(nth, DayOfWeek.MONDAY));
    }

    private static int equinox(int year, double base) {
        int y = year - 1980;
        return (int) Math.floor(base + 0.242194 * y - Math.floor(y / 4.0));
    }
}
