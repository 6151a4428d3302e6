package jp.madoguchi.conversation.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import jp.madoguchi.conversation.reservation.ResourceSchedule.Eligibility;
import jp.madoguchi.conversation.reservation.ResourceSchedule.EligibilityOption;
import jp.madoguchi.conversation.reservation.ResourceSchedule.OpeningHours;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    static ResourceSchedule hall(List<LocalDate> blackouts) {
        return new ResourceSchedule(List.of(
                new OpeningHours(DayOfWeek.WEDNESDAY, LocalTime.of(9, 0), LocalTime.of(12, 0)),
                new OpeningHours(DayOfWeek.WEDNESDAY, LocalTime.of(13, 0), LocalTime.of(14, 30))),
                60, 1, blackouts, true, 1, 30, 10, 24, List.of(), "", null);
    }

    @Test
    void slotsFillEachOpeningSpanAndSkipTheLunchBreak() {
        assertThat(hall(List.of()).startsOn(LocalDate.of(2026, 6, 3)))
                .containsExactly(LocalTime.of(9, 0), LocalTime.of(10, 0), LocalTime.of(11, 0), LocalTime.of(13, 0));
    }

    @Test
    void aClosedWeekdayABlackoutAndAHolidayHaveNoSlots() {
        assertThat(hall(List.of()).startsOn(LocalDate.of(2026, 6, 4))).isEmpty();
        assertThat(hall(List.of(LocalDate.of(2026, 6, 3))).startsOn(LocalDate.of(2026, 6, 3))).isEmpty();
        // 2026-04-29 昭和の日 is a Wednesday
        assertThat(hall(List.of()).startsOn(LocalDate.of(2026, 4, 29))).isEmpty();
    }

    @Test
    void theBookingWindowCountsDaysAheadOfToday() {
        LocalDate today = LocalDate.of(2026, 6, 1);
        ResourceSchedule schedule = hall(List.of());
        assertThat(schedule.inWindow(today, today)).isFalse();
        assertThat(schedule.inWindow(today.plusDays(1), today)).isTrue();
        assertThat(schedule.inWindow(today.plusDays(30), today)).isTrue();
        assertThat(schedule.inWindow(today.plusDays(31), today)).isFalse();
    }

    @Test
    void theCutoffIsHoursBeforeTheStartInJapan() {
        assertThat(hall(List.of()).cancelCutoff(LocalDate.of(2026, 6, 3), LocalTime.of(9, 0)))
                .isEqualTo(java.time.Instant.parse("2026-06-02T00:00:00Z"));
    }

    @Test
    void staffAreToldWhatToFix() {
        ResourceSchedule bad = new ResourceSchedule(List.of(new OpeningHours(DayOfWeek.MONDAY, LocalTime.of(12, 0), LocalTime.of(9, 0))),
                0, 0, List.of(), false, 5, 2, 0, -1,
                List.of(new Eligibility("age", "年齢は？", List.of(new EligibilityOption("u65", "65歳未満", false, 0, "対象外です")))), "", null);
        assertThat(bad.problems()).hasSize(7);
        assertThat(hall(List.of()).problems()).isEmpty();
    }

    @Test
    void nationalHolidaysIncludeEquinoxesHappyMondaysAndSubstitutes() {
        assertThat(JapaneseHolidays.of(2026)).contains(
                LocalDate.of(2026, 1, 12),   // 成人の日, 2nd Monday
                LocalDate.of(2026, 3, 20),   // 春分の日
                LocalDate.of(2026, 5, 6),    // 振替休日 for 5/3 (Sunday)
                LocalDate.of(2026, 9, 22),   // 国民の休日 between 敬老の日 (9/21) and 秋分の日 (9/23)
                LocalDate.of(2026, 9, 23));
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2026, 6, 3))).isFalse();
        assertThat(JapaneseHolidays.of(2025)).contains(LocalDate.of(2025, 2, 24), LocalDate.of(2025, 11, 24)); // substitutes
    }

    @Test
    void theDaysLayoutCarriesTheWindowAndTheCutoff() {
        DayMessages.DayLayout layout = hall(List.of()).layoutOn(LocalDate.of(2026, 6, 3));
        // from 30 days ahead (00:00 JST 2026-05-04) until the end of the day before (bookFromDays 1)
        assertThat(layout.bookableFrom()).isEqualTo(java.time.Instant.parse("2026-05-03T15:00:00Z"));
        assertThat(layout.bookableUntil()).isEqualTo(java.time.Instant.parse("2026-06-02T15:00:00Z"));
        assertThat(layout.cancelCutoffHours()).isEqualTo(24);
        assertThat(layout.capacity()).isEqualTo(1);
    }
}
