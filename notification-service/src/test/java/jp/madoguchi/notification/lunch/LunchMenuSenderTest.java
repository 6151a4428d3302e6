package jp.madoguchi.notification.lunch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class LunchMenuSenderTest {

    @Test
    void namesTheDayAndTheDishesInPlainWords() {
        LunchDay menu = new LunchDay(LocalDate.of(2026, 12, 8), "", List.of("ごはん", "みそしる", "さけのしおやき", "ぎゅうにゅう"), "", null, List.of());
        assertThat(LunchMenuSender.text(menu)).isEqualTo("きょう 12月8日（火）の 給食は、ごはん・みそしる・さけのしおやき・ぎゅうにゅう です。");
    }

    @Test
    void addsTheAllergensAndTheSchoolWhenTheMenuHasThem() {
        LunchDay menu = new LunchDay(LocalDate.of(2026, 12, 10), "北小学校", List.of("パン", "シチュー"), "", 620, List.of("小麦", "乳"));
        assertThat(LunchMenuSender.text(menu)).isEqualTo("きょう 12月10日（木）の 北小学校の 給食は、パン・シチュー です。\n"
                + "アレルギーの もとになる 食べもの: 小麦・乳");
    }
}
