package jp.madoguchi.notification.lunch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class LunchMenuCsvTest {

    static final String DECEMBER = "\uFEFF日付,献立,主な食材,エネルギー(kcal),アレルギー\r\n"
            + "2026/12/8,ごはん・みそしる・さけのしおやき・ぎゅうにゅう,\"さけ,とうふ\",650,乳・さけ\r\n"
            + "2026-12-09,\"カレーライス\r\nサラダ\",ぶたにく,,\r\n"
            + "\r\n"
            + "2026/12/10,パン、シチュー,,６２０kcal,小麦\r\n";

    @Test
    void readsAMonthWithBothDateFormsQuotedCellsAndEmptyOptionalColumns() throws Exception {
        LunchMenuCsv.Parsed menu = LunchMenuCsv.read(DECEMBER);
        assertThat(menu.month()).isEqualTo(YearMonth.of(2026, 12));
        assertThat(menu.days()).containsExactly(
                new LunchDay(LocalDate.of(2026, 12, 8), "", List.of("ごはん", "みそしる", "さけのしおやき", "ぎゅうにゅう"), "さけ,とうふ", 650, List.of("乳", "さけ")),
                new LunchDay(LocalDate.of(2026, 12, 9), "", List.of("カレーライス", "サラダ"), "ぶたにく", null, List.of()),
                new LunchDay(LocalDate.of(2026, 12, 10), "", List.of("パン", "シチュー"), "", 620, List.of("小麦")));
    }

    @Test
    void readsShiftJisAsExcelSavesItWithASchoolColumn() throws Exception {
        byte[] sjis = "学校,日付,献立\r\n北小学校,2026/12/8,ごはん\r\n南小学校,2026/12/8,パン\r\n".getBytes(Charset.forName("windows-31j"));
        assertThat(LunchMenuCsv.read(sjis).days()).extracting(LunchDay::school, LunchDay::dishes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("北小学校", List.of("ごはん")), org.assertj.core.groups.Tuple.tuple("南小学校", List.of("パン")));
    }

    @Test
    void refusesABadFileWithEveryProblemByLineInJapanese() {
        String bad = "日付,献立,エネルギー(kcal)\n"
                + "12/8,ごはん,650\n"
                + "2026/12/9,,600\n"
                + "2026/12/10,パン,たくさん\n"
                + "2027/1/8,ごはん,\n"
                + "2026/12/10,うどん,\n"
                + "2026/2/30,ごはん,\n";
        assertThatThrownBy(() -> LunchMenuCsv.read(bad)).isInstanceOf(LunchMenuCsv.InvalidMenuException.class)
                .extracting(e -> ((LunchMenuCsv.InvalidMenuException) e).problems(), LIST).containsExactly(
                        "2行目「日付」: 「12/8」は日付として読めません。「2026/12/8」か「2026-12-08」の形で書いてください",
                        "3行目「献立」: 献立が空です。給食のない日は行ごと消してください",
                        "4行目「エネルギー(kcal)」: 「たくさん」は数として読めません。「650」のように数字で書くか、空にしてください",
                        "5行目「日付」: 2027年1月の日付です。3行目からは2026年12月の献立なので、1か月分ずつ取り込んでください",
                        "6行目: 12月10日の献立は4行目にもあります。1日1行にしてください",
                        "7行目「日付」: 「2026/2/30」は日付として読めません。「2026/12/8」か「2026-12-08」の形で書いてください");
    }

    @Test
    void refusesAFileWithoutTheRequiredColumnsOrRowsOrWithASchoolLeftEmpty() {
        assertThatThrownBy(() -> LunchMenuCsv.read("日にち,メニュー\n2026/12/8,ごはん\n"))
                .extracting(e -> ((LunchMenuCsv.InvalidMenuException) e).problems(), LIST).hasSize(2)
                .first().asString().startsWith("1行目: 「日付」の列がありません");
        assertThatThrownBy(() -> LunchMenuCsv.read("日付,献立\r\n"))
                .extracting(e -> ((LunchMenuCsv.InvalidMenuException) e).problems(), LIST).containsExactly("献立の行がありません。2行目から1日1行で書いてください");
        assertThatThrownBy(() -> LunchMenuCsv.read("日付,献立,学校\n2026/12/8,ごはん,\n"))
                .extracting(e -> ((LunchMenuCsv.InvalidMenuException) e).problems(), LIST).singleElement().asString().startsWith("2行目「学校」:");
        assertThatThrownBy(() -> LunchMenuCsv.read("日付,献立\n2026/12/8,\"ごはん\n"))
                .extracting(e -> ((LunchMenuCsv.InvalidMenuException) e).problems(), LIST).singleElement().asString().startsWith("2行目:");
    }
}
