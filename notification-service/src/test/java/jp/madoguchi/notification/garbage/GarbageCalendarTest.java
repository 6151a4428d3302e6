package jp.madoguchi.notification.garbage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The collection-day rules: weekly, nth weekday, dates, months, holidays, breaks and extra dates. */
class GarbageCalendarTest {

    private static final String BURNABLE = "燃やすごみ";
    private static final String NON_BURNABLE = "燃やさないごみ";
    private static final String BOTTLES = "びん";

    private final District akasaka = new District("赤坂", "東部", List.of(
            new TypeSchedule(BURNABLE, List.of(new CollectionDay.Weekly(DayOfWeek.MONDAY), new CollectionDay.Weekly(DayOfWeek.THURSDAY)), Set.of()),
            new TypeSchedule(NON_BURNABLE, List.of(new CollectionDay.NthWeekday(2, DayOfWeek.TUESDAY), new CollectionDay.NthWeekday(4, DayOfWeek.TUESDAY)), Set.of()),
            new TypeSchedule(BOTTLES, List.of(new CollectionDay.OnDate(LocalDate.of(2026, 6, 5))), Set.of())));

    private GarbageCalendar calendar(TownRules rules, Map<String, TownRules.Break> centers) {
        return new GarbageCalendar(List.of(), List.of(akasaka), centers, rules, Holidays.shipped());
    }

    private GarbageCalendar calendar(TownRules rules) {
        return calendar(rules, Map.of());
    }

    @Test
    void weeklyTypesAreCollectedOnTheirWeekdays() {
        assertThat(calendar(TownRules.NONE).collected(akasaka, LocalDate.of(2026, 6, 1))).containsExactly(BURNABLE); // Monday
        assertThat(calendar(TownRules.NONE).collected(akasaka, LocalDate.of(2026, 6, 4))).containsExactly(BURNABLE); // Thursday
        assertThat(calendar(TownRules.NONE).collected(akasaka, LocalDate.of(2026, 6, 3))).isEmpty(); // Wednesday
    }

    @Test
    void nthWeekdayCountsTheWeekdayWithinTheMonth() {
        // June 2026: Tuesdays 2, 9, 16, 23, 30 → 2nd is the 9th, 4th the 23rd
        assertThat(calendar(TownRules.NONE).collected(akasaka, LocalDate.of(2026, 6, 9))).containsExactly(NON_BURNABLE);
        assertThat(calendar(TownRules.NONE).collected(akasaka, LocalDate.of(2026, 6, 23))).containsExactly(NON_BURNABLE);
        assertThat(calendar(TownRules.NONE).collected(akasaka, LocalDate.of(2026, 6, 2))).isEmpty();
        assertThat(calendar(TownRules.NONE).collected(akasaka, LocalDate.of(2026, 6, 16))).isEmpty();
    }

    @Test
    void aFifthWeekdayExistsOnlyInMonthsThatHaveOne() {
        CollectionDay fifthFriday = new CollectionDay.NthWeekday(5, DayOfWeek.FRIDAY);
        assertThat(fifthFriday.matches(LocalDate.of(2026, 5, 29))).isTrue();
        assertThat(fifthFriday.matches(LocalDate.of(2026, 5, 22))).isFalse();
        assertThat(LocalDate.of(2026, 6, 1).datesUntil(LocalDate.of(2026, 7, 1)).filter(fifthFriday::matches)).isEmpty();
    }

    @Test
    void anExplicitDateIsCollectedThatDayOnly() {
        assertThat(calendar(TownRules.NONE).collected(akasaka, LocalDate.of(2026, 6, 5))).containsExactly(BOTTLES);
        assertThat(calendar(TownRules.NONE).collected(akasaka, LocalDate.of(2026, 6, 12))).isEmpty();
    }

    @Test
    void aMonthRestrictionLimitsTheDaysToThoseMonths() {
        TypeSchedule summerOnly = new TypeSchedule("草", List.of(new CollectionDay.Weekly(DayOfWeek.WEDNESDAY)), Set.of(Month.JUNE, Month.JULY));
        assertThat(summerOnly.scheduledOn(LocalDate.of(2026, 6, 3))).isTrue();
        assertThat(summerOnly.scheduledOn(LocalDate.of(2026, 8, 5))).isFalse();
        assertThat(summerOnly.label()).isEqualTo("毎週水曜（6,7月）");
    }

    @Test
    void aHolidayIsCollectedAsScheduledUnlessTheTownSaysOtherwiseForThatType() {
        LocalDate respectForTheAged = LocalDate.of(2026, 9, 21); // Monday, 敬老の日
        assertThat(calendar(TownRules.NONE).collected(akasaka, respectForTheAged)).containsExactly(BURNABLE);
        TownRules skipBurnable = new TownRules(Map.of(BURNABLE, TownRules.HolidayPolicy.SKIP), List.of(), List.of());
        assertThat(calendar(skipBurnable).collected(akasaka, respectForTheAged)).isEmpty();
        assertThat(calendar(skipBurnable).collected(akasaka, LocalDate.of(2026, 9, 24))).containsExactly(BURNABLE); // an ordinary Thursday
    }

    @Test
    void theHolidayPolicyOfOneTypeLeavesTheOthersAlone() {
        LocalDate substituteHoliday = LocalDate.of(2025, 11, 24); // Monday, 休日
        TownRules skipBottles = new TownRules(Map.of(BOTTLES, TownRules.HolidayPolicy.SKIP), List.of(), List.of());
        assertThat(calendar(skipBottles).collected(akasaka, substituteHoliday)).containsExactly(BURNABLE);
    }

    @Test
    void theYearEndBreakTheTownEntersStopsEveryTypeFromTheFirstToTheLastDay() {
        TownRules yearEnd = new TownRules(Map.of(), List.of(new TownRules.Break(LocalDate.of(2026, 12, 31), LocalDate.of(2027, 1, 3), Set.of())), List.of());
        assertThat(calendar(yearEnd).collected(akasaka, LocalDate.of(2026, 12, 31))).isEmpty(); // Thursday
        assertThat(calendar(yearEnd).collected(akasaka, LocalDate.of(2026, 12, 28))).containsExactly(BURNABLE);
        assertThat(calendar(yearEnd).collected(akasaka, LocalDate.of(2027, 1, 4))).containsExactly(BURNABLE);
    }

    @Test
    void aBreakLimitedToSomeTypesLeavesTheOthersCollected() {
        TownRules noBurnable = new TownRules(Map.of(), List.of(new TownRules.Break(LocalDate.of(2026, 6, 8), LocalDate.of(2026, 6, 9), Set.of(BURNABLE))), List.of());
        assertThat(calendar(noBurnable).collected(akasaka, LocalDate.of(2026, 6, 8))).isEmpty();
        assertThat(calendar(noBurnable).collected(akasaka, LocalDate.of(2026, 6, 9))).containsExactly(NON_BURNABLE);
    }

    @Test
    void theCentresBreakStopsCollectionInItsDistrictsOnly() {
        Map<String, TownRules.Break> centers = Map.of("東部", new TownRules.Break(LocalDate.of(2026, 12, 29), LocalDate.of(2027, 1, 3), Set.of()),
                "西部", new TownRules.Break(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 10), Set.of()));
        assertThat(calendar(TownRules.NONE, centers).collected(akasaka, LocalDate.of(2026, 12, 31))).isEmpty();
        assertThat(calendar(TownRules.NONE, centers).collected(akasaka, LocalDate.of(2026, 12, 3))).containsExactly(BURNABLE);
    }

    @Test
    void anExtraDateIsCollectedEvenInABreakOrOnAHolidaySkipped() {
        LocalDate newYearsEve = LocalDate.of(2026, 12, 30); // Wednesday, no schedule
        TownRules rules = new TownRules(Map.of(BURNABLE, TownRules.HolidayPolicy.SKIP),
                List.of(new TownRules.Break(LocalDate.of(2026, 12, 29), LocalDate.of(2027, 1, 3), Set.of())),
                List.of(new TownRules.ExtraDay(newYearsEve, BURNABLE, Set.of()), new TownRules.ExtraDay(LocalDate.of(2027, 1, 2), "粗大ごみ", Set.of("赤坂")),
                        new TownRules.ExtraDay(LocalDate.of(2027, 1, 3), BURNABLE, Set.of("青山"))));
        assertThat(calendar(rules).collected(akasaka, newYearsEve)).containsExactly(BURNABLE);
        assertThat(calendar(rules).collected(akasaka, LocalDate.of(2027, 1, 2))).containsExactly("粗大ごみ");
        assertThat(calendar(rules).collected(akasaka, LocalDate.of(2027, 1, 3))).isEmpty(); // for another district
    }

    @Test
    void nextGivesEachTypesFirstCollectionFromTheDateOnIncludingThatDay() {
        Map<String, LocalDate> next = calendar(TownRules.NONE).next(akasaka, LocalDate.of(2026, 6, 4));
        assertThat(next).containsExactly(Map.entry(BURNABLE, LocalDate.of(2026, 6, 4)), Map.entry(NON_BURNABLE, LocalDate.of(2026, 6, 9)),
                Map.entry(BOTTLES, LocalDate.of(2026, 6, 5)));
        assertThat(calendar(TownRules.NONE).next(akasaka, LocalDate.of(2026, 6, 6))).doesNotContainKey(BOTTLES);
    }

    @Test
    void nextSkipsTheYearEndBreak() {
        TownRules yearEnd = new TownRules(Map.of(), List.of(new TownRules.Break(LocalDate.of(2026, 12, 29), LocalDate.of(2027, 1, 3), Set.of())), List.of());
        assertThat(calendar(yearEnd).next(akasaka, LocalDate.of(2026, 12, 29))).containsEntry(BURNABLE, LocalDate.of(2027, 1, 4))
                .containsEntry(NON_BURNABLE, LocalDate.of(2027, 1, 12));
    }

    @Test
    void betweenListsEveryCollectionByDate() {
        assertThat(calendar(TownRules.NONE).between(akasaka, LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 9))).containsExactly(
                new GarbageCalendar.Collection(LocalDate.of(2026, 6, 1), BURNABLE), new GarbageCalendar.Collection(LocalDate.of(2026, 6, 4), BURNABLE),
                new GarbageCalendar.Collection(LocalDate.of(2026, 6, 5), BOTTLES), new GarbageCalendar.Collection(LocalDate.of(2026, 6, 8), BURNABLE),
                new GarbageCalendar.Collection(LocalDate.of(2026, 6, 9), NON_BURNABLE));
    }

    @Test
    void aDistrictKeyIsStableAndHoldsNoName() {
        assertThat(akasaka.key()).isEqualTo(new District("赤坂", "", List.of()).key()).matches("[0-9a-f]{12}");
        assertThat(akasaka.key()).isNotEqualTo(new District("青山", "", List.of()).key());
    }
}
