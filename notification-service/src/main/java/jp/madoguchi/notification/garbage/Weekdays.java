package jp.madoguchi.notification.garbage;

import java.time.DayOfWeek;
import java.util.Optional;

/** The one-character weekday names of the 5374 files: 日 月 火 水 木 金 土. */
final class Weekdays {

    private static final String NAMES = "月火水木金土日";

    private Weekdays() {
    }

    static String name(DayOfWeek day) {
        return String.valueOf(NAMES.charAt(day.getValue() - 1));
    }

    static Optional<DayOfWeek> of(char name) {
        int i = NAMES.indexOf(name);
        return i < 0 ? Optional.empty() : Optional.of(DayOfWeek.of(i + 1));
    }
}
