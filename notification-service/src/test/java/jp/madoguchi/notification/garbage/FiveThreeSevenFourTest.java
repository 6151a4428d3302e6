package jp.madoguchi.notification.garbage;

import jp.madoguchi.platform.csv.Csv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The 5374 files as towns publish them: BOM, CRLF, the centre column, dates, months and remarks. */
class FiveThreeSevenFourTest {

    static final String AREA_DAYS = "\uFEFF地名,センター,燃やすごみ,燃やさないごみ,資源,びん\r\n"
            + "赤坂１丁目,東部管理センター,月 木,火2 火4,水,20260605 20261204\r\n"
            + "\"麻布台２・３丁目\",西部管理センター,水 土,木2 木4,*,\r\n"
            + "海岸１丁目,,火 金,土2 土4,月:4 5 6 *1,\r\n";
    static final String CENTER = "\uFEFF名称,休止開始日,休止終了日\r\n東部管理センター,2026/12/29,2027/1/3\r\n西部管理センター,2026/12/30,2027/1/4\r\n";
    static final String DESCRIPTION = "\uFEFFlabel,sublabel,description,styles,bgcolor\r\n"
            + "燃やすごみ,,\"生ごみ、紙くず\r\n(指定袋で)\",img/moyasu.svg,#ea3b13\r\n";
    static final String TARGET = "\uFEFFtype,name,notice,furigana\r\n燃やすごみ,アイロン台,金具類は「燃やさないごみ」,あ\r\n不燃ごみ,アンテナ,,あ\r\n";

    static Map<String, String> files() {
        return Map.of(FiveThreeSevenFour.AREA_DAYS, AREA_DAYS, FiveThreeSevenFour.CENTER, CENTER,
                FiveThreeSevenFour.DESCRIPTION, DESCRIPTION, FiveThreeSevenFour.TARGET, TARGET);
    }

    @Test
    void readsWeeklyNthWeekdayDatesMonthsAndNoneFromTheAreaDays() throws Exception {
        FiveThreeSevenFour.Parsed parsed = FiveThreeSevenFour.read(files());
        assertThat(parsed.districts()).extracting(District::name).containsExactly("赤坂１丁目", "麻布台２・３丁目", "海岸１丁目");
        District akasaka = parsed.districts().get(0);
        assertThat(akasaka.center()).isEqualTo("東部管理センター");
        assertThat(akasaka.schedules()).containsExactly(
                new TypeSchedule("燃やすごみ", List.of(new CollectionDay.Weekly(DayOfWeek.MONDAY), new CollectionDay.Weekly(DayOfWeek.THURSDAY)), Set.of()),
                new TypeSchedule("燃やさないごみ", List.of(new CollectionDay.NthWeekday(2, DayOfWeek.TUESDAY), new CollectionDay.NthWeekday(4, DayOfWeek.TUESDAY)), Set.of()),
                new TypeSchedule("資源", List.of(new CollectionDay.Weekly(DayOfWeek.WEDNESDAY)), Set.of()),
                new TypeSchedule("びん", List.of(new CollectionDay.OnDate(LocalDate.of(2026, 6, 5)), new CollectionDay.OnDate(LocalDate.of(2026, 12, 4))), Set.of()));
        assertThat(parsed.districts().get(1).schedules().get(2).days()).isEmpty(); // *
        assertThat(parsed.districts().get(1).schedules().get(3).days()).isEmpty(); // empty
        TypeSchedule springOnly = parsed.districts().get(2).schedules().get(2);
        assertThat(springOnly.days()).containsExactly(new CollectionDay.Weekly(DayOfWeek.MONDAY)); // *1 is a remark, not a day
        assertThat(springOnly.months()).containsExactlyInAnyOrder(Month.APRIL, Month.MAY, Month.JUNE);
    }

    @Test
    void readsTheCentresBreaksTheDescriptionsAndCountsTheItems() throws Exception {
        FiveThreeSevenFour.Parsed parsed = FiveThreeSevenFour.read(files());
        assertThat(parsed.centerBreaks()).containsEntry("東部管理センター",
                new TownRules.Break(LocalDate.of(2026, 12, 29), LocalDate.of(2027, 1, 3), Set.of()));
        assertThat(parsed.types()).extracting(GarbageCalendar.GarbageType::label).containsExactly("燃やすごみ", "燃やさないごみ", "資源", "びん");
        assertThat(parsed.types().get(0).description()).isEqualTo("生ごみ、紙くず\r\n(指定袋で)");
        assertThat(parsed.targetItems()).isEqualTo(2);
    }

    @Test
    void acceptsFullWidthDigitsTheReversedNthFormAndAShiftJisFile() throws Exception {
        String area = "地名,センター,燃やさないごみ\n本町,,火２　2金\n";
        byte[] sjis = area.getBytes(Charset.forName("windows-31j"));
        FiveThreeSevenFour.Parsed parsed = FiveThreeSevenFour.read(Map.of(FiveThreeSevenFour.AREA_DAYS, Csv.decode(sjis)));
        assertThat(parsed.districts().get(0).schedules().get(0).days())
                .containsExactly(new CollectionDay.NthWeekday(2, DayOfWeek.TUESDAY), new CollectionDay.NthWeekday(2, DayOfWeek.FRIDAY));
    }

    @Test
    void namesTheLineTheTypeAndTheValueOfEveryBadCellInJapanese() {
        String area = "\uFEFF地名,センター,燃やすごみ,燃やさないごみ\r\n本町,,月曜,火6\r\n\r\n栄町,北センター,月:13,火1\r\n本町,,月,火1\r\n";
        assertThatThrownBy(() -> FiveThreeSevenFour.read(Map.of(FiveThreeSevenFour.AREA_DAYS, area, FiveThreeSevenFour.CENTER, CENTER)))
                .isInstanceOfSatisfying(FiveThreeSevenFour.InvalidFilesException.class, e -> assertThat(e.problems()).containsExactly(
                        "area_days.csv 2行目「燃やすごみ」: 「月曜」は収集日として読めません。毎週は「月」、第n曜日は「火2」、日付は「20260105」、"
                                + "特定の月だけは「月:4 5 6」、収集なしは空欄か「*」、複数は半角スペースで区切って「月 木」のように書いてください",
                        "area_days.csv 2行目「燃やさないごみ」: 「火6」は収集日として読めません。毎週は「月」、第n曜日は「火2」、日付は「20260105」、"
                                + "特定の月だけは「月:4 5 6」、収集なしは空欄か「*」、複数は半角スペースで区切って「月 木」のように書いてください",
                        "area_days.csv 4行目: センター「北センター」が center.csv にありません。center.csv に書くか、センター欄を空欄にしてください",
                        "area_days.csv 4行目「燃やすごみ」: 「:」のあとの「13」は月として読めません。「月:4 5 6」のように1〜12の数字を書いてください",
                        "area_days.csv 5行目: 地名「本町」が2回あります。地区は1行ずつにしてください"));
    }

    @Test
    void refusesAnImpossibleDateAndABadCentreFile() {
        String area = "地名,センター,びん\n本町,,20260230\n";
        String center = "名称,休止開始日,休止終了日\n東部,2026/12/29,2026/12/1\n西部,12月29日,1月3日\n";
        assertThatThrownBy(() -> FiveThreeSevenFour.read(Map.of(FiveThreeSevenFour.AREA_DAYS, area, FiveThreeSevenFour.CENTER, center)))
                .isInstanceOfSatisfying(FiveThreeSevenFour.InvalidFilesException.class, e -> assertThat(e.problems()).containsExactly(
                        "center.csv 2行目: 休止終了日 2026/12/1 が休止開始日 2026/12/29 より前です",
                        "center.csv 3行目: 休止開始日と休止終了日は「2026/12/29」のように書いてください（「12月29日」「1月3日」）",
                        "area_days.csv 2行目「びん」: 「20260230」は収集日として読めません。毎週は「月」、第n曜日は「火2」、日付は「20260105」、"
                                + "特定の月だけは「月:4 5 6」、収集なしは空欄か「*」、複数は半角スペースで区切って「月 木」のように書いてください"));
    }

    @Test
    void refusesAFileWithoutTheAreaDaysOrWithAnotherHeader() {
        assertThatThrownBy(() -> FiveThreeSevenFour.read(Map.of(FiveThreeSevenFour.CENTER, CENTER)))
                .hasMessageContaining("area_days.csvがありません");
        assertThatThrownBy(() -> FiveThreeSevenFour.read(Map.of(FiveThreeSevenFour.AREA_DAYS, "町名,センター,燃やすごみ\n本町,,月\n")))
                .hasMessageContaining("area_days.csv 1行目: 見出しは「地名,センター,ごみの種類1,ごみの種類2,…」");
        assertThatThrownBy(() -> FiveThreeSevenFour.read(Map.of(FiveThreeSevenFour.AREA_DAYS, "地名,センター,燃やすごみ\n\"本町,,月\n")))
                .hasMessageContaining("area_days.csv 2行目: 「\"」で始まったセルが閉じられていません");
    }

    @Test
    void stopsListingAfterFiftyProblemsAndSaysHowManyMore() {
        StringBuilder area = new StringBuilder("地名,センター,燃やすごみ\n");
        for (int i = 0; i < 60; i++) {
            area.append("町").append(i).append(",,毎日\n");
        }
        assertThatThrownBy(() -> FiveThreeSevenFour.read(Map.of(FiveThreeSevenFour.AREA_DAYS, area.toString())))
                .isInstanceOfSatisfying(FiveThreeSevenFour.InvalidFilesException.class, e -> {
                    assertThat(e.problems()).hasSize(51);
                    assertThat(e.problems().get(50)).isEqualTo("ほかに10件の問題があります。上の問題を直して、もう一度アップロードしてください");
                });
    }

    @Test
    void decodesUtf8WithItsByteOrderMark() {
        assertThat(Csv.decode(AREA_DAYS.getBytes(StandardCharsets.UTF_8))).startsWith("地名,");
    }
}
