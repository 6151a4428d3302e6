package jp.madoguchi.notification.garbage;

import java.time.DayOfWeek;
import java.time.LocalDate;

/** One way a garbage type is scheduled: every week on a weekday, on the nth weekday of each month, or on a date. */
sealed interface CollectionDay {

    boolean matches(LocalDate date);

    /** The label staff and residents read, e.g. 毎週月曜, 第2火曜, 2026/1/5. */
    String label();

    /** Every week on {@code day} (5374: {@code 月}). */
    record Weekly(DayOfWeek day) implements CollectionDay {
        @Override
        public boolean matches(LocalDate date) {
            return date.getDayOfWeek() == day;
        }

        @Override
        public String label() {
            return "毎週" + Weekdays.name(day) + "曜";
        }
    }

    /** The {@code nth} (1–5) {@code day} of each month (5374: {@code 火2}); a month without a 5th has none. */
    record NthWeekday(int nth, DayOfWeek day) implements CollectionDay {
        public NthWeekday {
            if (nth < 1 || nth > 5) {
                throw new IllegalArgumentException("nth must be 1-5: " + nth);
            }
        }

        @Override
        public boolean matches(LocalDate date) {
            return date.getDayOfWeek() == day && (date.getDayOfMonth() - 1) / 7 + 1 == nth;
        }

        @Override
        public String label() {
            return "第" + nth + Weekdays.name(day) + "曜";
        }
    }

    /** One explicit date (5374: {@code 20260105}). */
    record OnDate(LocalDate date) implements CollectionDay {
        @Override
        public boolean matches(LocalDate other) {
            return date.equals(other);
        }

        @Override
        public String label() {
            return date.getYear() + "/" + date.getMonthValue() + "/" + date.getDayOfMonth();
        }
    }
}
