package jp.madoguchi.portal.kpi;

/**
 * analytics-service's answer to {@code GET /api/kpis?tenant=…}: a town's actuals against its targets
 * for one fiscal year. A target is absent while the town has not set one; satisfaction has no
 * actual until someone answered.
 */
public record KpiReport(String tenantId, Integer fiscalYear, Measure friends, Measure broadcasts, Measure applications,
                        Measure satisfaction) {

    public record Measure(Double actual, Double target) {
    }
}
