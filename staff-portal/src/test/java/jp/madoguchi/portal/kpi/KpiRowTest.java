package jp.madoguchi.portal.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import jp.madoguchi.platform.kpi.KpiReport;
import org.junit.jupiter.api.Test;

class KpiRowTest {

    @Test
    void countShowsThousandsSeparatorsAndFlooredPercentage() {
        assertThat(KpiRow.count("友だち数", new KpiReport.Kpi(1234, 1500L, null)))
                .isEqualTo(new KpiRow("友だち数", "1,234", "1,500", 82));
    }

    @Test
    void percentageMayExceedOneHundredWhenTheTargetIsBeaten() {
        assertThat(KpiRow.count("申請数", new KpiReport.Kpi(600, 500L, null)).percent()).isEqualTo(120);
    }

    @Test
    void noTargetOrAZeroTargetMeansNoPercentage() {
        assertThat(KpiRow.count("配信数", new KpiReport.Kpi(5, null, null))).isEqualTo(new KpiRow("配信数", "5", "—", null));
        assertThat(KpiRow.count("配信数", new KpiReport.Kpi(5, 0L, null)).percent()).isNull();
        assertThat(KpiRow.count("配信数", null)).isEqualTo(new KpiRow("配信数", "0", "—", null));
    }

    @Test
    void satisfactionWithoutAnswersShowsNoActualAndNoPercentage() {
        assertThat(KpiRow.score("満足度", new KpiReport.Satisfaction(null, 4.2, 0))).isEqualTo(new KpiRow("満足度", "—", "4.2", null));
        assertThat(KpiRow.score("満足度", new KpiReport.Satisfaction(3.78, 4.2, 0))).isEqualTo(new KpiRow("満足度", "3.8", "4.2", 90));
    }
}
