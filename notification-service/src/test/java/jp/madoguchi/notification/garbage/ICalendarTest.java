package jp.madoguchi.notification.garbage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ICalendarTest {

    private final District district = new District("赤坂１丁目", "", List.of());
    private final Instant imported = Instant.parse("2026-04-01T00:00:00Z");

    @Test
    void writesOneAllDayEventPerDateAndTypeWithCrlfLines() {
        String ics = ICalendar.of("014834", district, List.of(new GarbageCalendar.Collection(LocalDate.of(2026, 12, 31), "燃やすごみ"),
                new GarbageCalendar.Collection(LocalDate.of(2026, 12, 31), "びん")), imported);
        assertThat(ics).startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:").endsWith("END:VCALENDAR\r\n");
        assertThat(ics.split("BEGIN:VEVENT", -1)).hasSize(3);
        assertThat(ics).contains("DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\nSUMMARY:燃やすごみ\r\n")
                .contains("DTSTAMP:20260401T000000Z\r\n");
        assertThat(ics.replace("\r\n", "")).doesNotContain("\n");
    }

    @Test
    void givesEachEventAUidThatIsStableAcrossDownloadsAndDistinctPerType() {
        List<GarbageCalendar.Collection> same = List.of(new GarbageCalendar.Collection(LocalDate.of(2026, 12, 31), "燃やすごみ"),
                new GarbageCalendar.Collection(LocalDate.of(2026, 12, 31), "びん"));
        String ics = ICalendar.of("014834", district, same, imported);
        assertThat(ics).isEqualTo(ICalendar.of("014834", district, same, imported));
        List<String> uids = Arrays.stream(ics.split("\r\n")).filter(l -> l.startsWith("UID:")).toList();
        assertThat(uids).hasSize(2).doesNotHaveDuplicates().allMatch(u -> u.startsWith("UID:20261231-") && u.endsWith("@014834.garbage.madoguchi"));
    }
}
