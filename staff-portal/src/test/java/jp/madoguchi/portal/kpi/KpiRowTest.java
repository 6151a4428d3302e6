package jp.madoguchi.portal.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KpiRowTest {

    @Test
    void countShowsThousandsSeparatorsAndFlooredPercentage() {
        assertThat(KpiRow.count("友だち数", new KpiReport.Measure(1234.0, 1500.0)))
                .isEqualTo(new KpiRow("友だち数", "1,234", "1,500", 82));
    }

    @Test
    void percentageMayExceedOneHundredWhenTheTargetIsBeaten() {
        assertThat(KpiRow.count("申請数", new KpiReport.Measure(600.0, 500.0)).percent()).isEqualTo(120);
    }

    @Test
    void noTargetOrAZeroTargetMeansNoPercentage() {
        assertThat(KpiRow.count("配信数", new KpiReport.Measure(5.0, null))).isEqualTo(new KpiRow("配信数", "5", "—", null));
        assertThat(KpiRow.count("配信数", new KpiReport.Measure(5.0, 0.0)).percent()).isNull();
        assertThat(KpiRow.count("配信数", null)).isEqualTo(new KpiRow("配信数", "0", "—", null));
    }

    @Test
    void satisfactionWithoutAnswersShowsNoActualAndNoPercentage() {
        assertThat(KpiRow.score("満足度", new KpiReport.Measure(null, 4.2))).isEqualTo(new KpiRow("満足度", "—", "4.2", null));
        assertThat(KpiRow.score("満足度", new KpiReport.Measure(3.78, 4.2))).isEqualTo(new KpiRow("満足度", "3.8", "4.2", 90));
    }
}
