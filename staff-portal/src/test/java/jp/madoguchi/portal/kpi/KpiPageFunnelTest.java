package jp.madoguchi.portal.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a procedure's funnel reads on the KPI page: steps by abandonments, the worst marked, shares of those who began. */
class KpiPageFunnelTest {

    @Test
    void ordersStepsByAbandonmentsAndMarksOnlyTheWorst() {
        var funnel = KpiPage.funnel(new AnalyticsClient.Funnel("water", 8, 1, 3, 4, Map.of("a", 1L, "b", 3L), "b"), "水道");

        assertThat(funnel.steps()).extracting(KpiPage.StepView::stepId).containsExactly("b", "a");
        assertThat(funnel.steps()).extracting(KpiPage.StepView::worst).containsExactly(true, false);
        assertThat(funnel.steps()).extracting(KpiPage.StepView::percentOfStarted).containsExactly(38, 13);
        assertThat(funnel.completedPercent()).isEqualTo(38);
    }

    @Test
    void aProcedureNobodyGaveUpOnHasNoWorstStep() {
        var funnel = KpiPage.funnel(new AnalyticsClient.Funnel("water", 2, 0, 2, 0, Map.of(), null), "水道");

        assertThat(funnel.steps()).isEmpty();
        assertThat(funnel.completedPercent()).isEqualTo(100);
    }
}
