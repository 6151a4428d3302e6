package jp.madoguchi.notification.garbage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.madoguchi.notification.audience.ResidentState;
import jp.madoguchi.notification.audience.TownIndex;
import jp.madoguchi.platform.tenancy.TenantId;
import org.junit.jupiter.api.Test;

class CalendarRemindersTest {

    private static final TenantId TOWN = TenantId.of("014834");
    private static final Instant AT = Instant.parse("2026-05-01T00:00:00Z");

    private final GarbageCalendar calendar = new GarbageCalendar(List.of(), List.of(
            new District("本町", "", List.of(new TypeSchedule("燃やすごみ", List.of(new CollectionDay.Weekly(DayOfWeek.MONDAY)), Set.of()),
                    new TypeSchedule("びん", List.of(new CollectionDay.NthWeekday(2, DayOfWeek.MONDAY)), Set.of()))),
            new District("栄町", "", List.of(new TypeSchedule("燃やすごみ", List.of(new CollectionDay.Weekly(DayOfWeek.TUESDAY)), Set.of())))),
            Map.of(), TownRules.NONE, Holidays.shipped());

    private static ResidentState resident(String id, boolean following, Map<String, String> attributes) {
        return new ResidentState(id, "LINE", "U" + id, following, AT, attributes, Set.of());
    }

    @Test
    void remindsTheOptedInFriendsOfEachDistrictWithACollectionThatDay() {
        TownIndex town = new TownIndex();
        town.put(resident("a", true, Map.of("district", "本町", "garbageReminder", "yes")));
        town.put(resident("b", true, Map.of("district", "本町"))); // not opted in
        town.put(resident("c", false, Map.of("district", "本町", "garbageReminder", "yes"))); // blocked the account
        town.put(resident("d", true, Map.of("district", "栄町", "garbageReminder", "yes"))); // no collection on Monday
        town.put(resident("e", true, Map.of("district", "本町", "garbageReminder", "no")));
        LocalDate secondMonday = LocalDate.of(2026, 12, 14);
        assertThat(CalendarReminders.due(TOWN, calendar, town, secondMonday)).containsExactly(
                new GarbageReminders.Reminder(TOWN, secondMonday, "本町", List.of("燃やすごみ", "びん"), List.of("a")));
    }

    @Test
    void keepsADistrictWithACollectionButNobodyOptedInWithNoResidents() {
        LocalDate tuesday = LocalDate.of(2026, 12, 15);
        assertThat(CalendarReminders.due(TOWN, calendar, new TownIndex(), tuesday)).containsExactly(
                new GarbageReminders.Reminder(TOWN, tuesday, "栄町", List.of("燃やすごみ"), List.of()));
    }

    @Test
    void aRemindersKeyNamesTownDateAndDistrictAndNothingPersonal() {
        GarbageReminders.Reminder r = new GarbageReminders.Reminder(TOWN, LocalDate.of(2026, 12, 14), "本町", List.of("びん"), List.of("a"));
        assertThat(r.key()).startsWith("garbage:014834:2026-12-14:").doesNotContain("本町").doesNotContain("a,");
        assertThat(r.key()).isEqualTo(new GarbageReminders.Reminder(TOWN, LocalDate.of(2026, 12, 14), "本町", List.of(), List.of()).key());
    }
}
