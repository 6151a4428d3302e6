package jp.madoguchi.notification.garbage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RulesJsonTest {

    private final ObjectMapper json = new ObjectMapper();
    private final GarbageCalendar calendar = new GarbageCalendar(List.of(new GarbageCalendar.GarbageType("燃やすごみ", "", "")),
            List.of(new District("赤坂", "", List.of())), Map.of(), TownRules.NONE, Holidays.shipped());

    @Test
    void readsHolidayPoliciesBreaksAndExtraDaysAndWritesThemBack() throws Exception {
        String text = "{\"holidays\":{\"燃やすごみ\":\"skip\"},\"breaks\":[{\"from\":\"2026-12-31\",\"to\":\"2027-01-03\",\"types\":[]}],"
                + "\"extraDays\":[{\"date\":\"2026-12-30\",\"type\":\"燃やすごみ\",\"districts\":[\"赤坂\"]}]}";
        TownRules rules = RulesJson.read(json.readTree(text), Optional.of(calendar));
        assertThat(rules).isEqualTo(new TownRules(Map.of("燃やすごみ", TownRules.HolidayPolicy.SKIP),
                List.of(new TownRules.Break(LocalDate.of(2026, 12, 31), LocalDate.of(2027, 1, 3), Set.of())),
                List.of(new TownRules.ExtraDay(LocalDate.of(2026, 12, 30), "燃やすごみ", Set.of("赤坂")))));
        assertThat(RulesJson.write(rules)).isEqualTo(json.readTree(text));
    }

    @Test
    void namesEveryProblemInJapaneseWithItsPlace() {
        String text = "{\"holidays\":{\"燃えるごみ\":\"no\"},\"breaks\":[{\"from\":\"2027-01-03\",\"to\":\"2026-12-31\"},{\"from\":\"12/31\",\"to\":\"2027-01-03\"}],"
                + "\"extraDays\":[{\"date\":\"2026-12-30\",\"type\":\"\",\"districts\":[\"青山\"]}]}";
        assertThatThrownBy(() -> RulesJson.read(json.readTree(text), Optional.of(calendar)))
                .isInstanceOfSatisfying(RulesJson.InvalidRulesException.class, e -> assertThat(e.problems()).containsExactly(
                        "holidays.「燃えるごみ」: ごみの種類「燃えるごみ」は取り込んだカレンダーにありません",
                        "holidays.「燃えるごみ」: \"collect\"（祝日も収集）か \"skip\"（祝日は収集しない）のどちらかにしてください",
                        "breaks[0]: 終わりの日（to）を始まりの日（from）と同じか後にしてください",
                        "breaks[1].from: 日付を \"2026-12-31\" の形で書いてください",
                        "extraDays[0].type: 収集するごみの種類を書いてください",
                        "extraDays[0].districts: 地区「青山」は取り込んだカレンダーにありません"));
    }

    @Test
    void acceptsAnyTypeBeforeTheFirstImport() throws Exception {
        TownRules rules = RulesJson.read(json.readTree("{\"holidays\":{\"粗大ごみ\":\"collect\"}}"), Optional.empty());
        assertThat(rules.holidayPolicy("粗大ごみ")).isEqualTo(TownRules.HolidayPolicy.COLLECT);
        assertThat(rules.holidayPolicy("びん")).isEqualTo(TownRules.HolidayPolicy.COLLECT);
    }
}
