package jp.madoguchi.platform.kpi;

/**
 * analytics-service's answer to {@code GET /api/kpis?tenant=…}, as the staff portal reads it: a town's KPIs for one fiscal
 * year against its targets. {@code friends} is the number of residents following the account now; the others count what
 * happened within the year.
 */
public record KpiReport(String tenantId, int fiscalYear, Kpi friends, Kpi broadcasts, Kpi applications, Satisfaction satisfaction) {

    /** @param achievement actual as a percentage of target, one decimal; absent without a target */
    public record Kpi(long actual, Long target, Double achievement) {
        public static Kpi of(long actual, Long target) {
            Double achievement = target == null || target == 0 ? null : Math.round(actual * 1000.0 / target) / 10.0;
            return new Kpi(actual, target, achievement);
        }
    }

    /** Mean of 5-point answers; no survey answers yet means no actual. */
    public record Satisfaction(Double actual, Double target, long answers) {
    }
}
