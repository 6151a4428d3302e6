package jp.madoguchi.notification.garbage;

import jp.madoguchi.platform.csv.Csv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class HolidaysTest {

    private final Holidays holidays = Holidays.shipped();

    @Test
    void shipsBothEquinoxesWhichJollydayLacks() {
        assertThat(holidays.name(LocalDate.of(2025, 3, 20))).hasValue("春分の日");
        assertThat(holidays.name(LocalDate.of(2026, 3, 20))).hasValue("春分の日");
        assertThat(holidays.name(LocalDate.of(2025, 9, 23))).hasValue("秋分の日");
        assertThat(holidays.name(LocalDate.of(2026, 9, 23))).hasValue("秋分の日");
    }

    @Test
    void shipsSubstituteHolidaysAndTheDaySandwichedBetweenTwoHolidays() {
        assertThat(holidays.name(LocalDate.of(2025, 2, 24))).hasValue("休日");
        assertThat(holidays.name(LocalDate.of(2025, 5, 6))).hasValue("休日");
        assertThat(holidays.name(LocalDate.of(2025, 11, 24))).hasValue("休日");
        assertThat(holidays.name(LocalDate.of(2026, 5, 6))).hasValue("休日");
        assertThat(holidays.name(LocalDate.of(2026, 9, 21))).hasValue("敬老の日");
        assertThat(holidays.name(LocalDate.of(2026, 9, 22))).hasValue("休日");
    }

    @Test
    void coversTwentyTwentyFourToTwentyTwentySevenAndNoOrdinaryDay() {
        assertThat(holidays.isHoliday(LocalDate.of(2024, 1, 1))).isTrue();
        assertThat(holidays.lastYear()).isEqualTo(2027);
        assertThat(holidays.isHoliday(LocalDate.of(2026, 6, 3))).isFalse();
        assertThat(holidays.isHoliday(LocalDate.of(2026, 12, 31))).isFalse();
    }

    @Test
    void readsTheCabinetOfficeFileInShiftJisWithItsHeader() {
        byte[] sjis = "国民の祝日・休日月日,国民の祝日・休日名称\r\n2028/1/1,元日\r\n".getBytes(java.nio.charset.Charset.forName("windows-31j"));
        Holidays read = Holidays.read(Csv.decode(sjis));
        assertThat(read.name(LocalDate.of(2028, 1, 1))).hasValue("元日");
    }

    @Test
    void refusesAFileWithSomethingThatIsNotADate() {
        assertThatThrownBy(() -> Holidays.read("国民の祝日・休日月日,国民の祝日・休日名称\n2028/13/1,元日\n"))
                .hasMessageContaining("line 2");
    }
}
