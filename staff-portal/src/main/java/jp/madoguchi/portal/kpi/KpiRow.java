package jp.madoguchi.portal.kpi;

import java.util.ArrayList;
import java.util.List;
import jp.madoguchi.platform.kpi.KpiReport;

/**
 * One KPI as the portal shows it: actual / target and how far along the year's target is.
 *
 * @param percent progress towards the target, or null when there is no target (or no actual) to compare
 */
public record KpiRow(String label, String actual, String target, Integer percent) {

    private static final String NONE = "—";

    /** The four KPIs in the order staff read them; counts as integers, satisfaction to one decimal. */
    public static List<KpiRow> of(KpiReport report) {
        List<KpiRow> rows = new ArrayList<>();
        rows.add(count("友だち数", report.friends()));
        rows.add(count("配信数", report.broadcasts()));
        rows.add(count("申請数", report.applications()));
        rows.add(score("満足度", report.satisfaction()));
        return rows;
    }

    static KpiRow count(String label, KpiReport.Kpi k) {
        long actual = k == null ? 0 : k.actual();
        Double target = k == null || k.target() == null ? null : k.target().doubleValue();
        return new KpiRow(label, String.format("%,d", actual),
                target == null ? NONE : String.format("%,d", Math.round(target)), percent(actual, target));
    }

    static KpiRow score(String label, KpiReport.Satisfaction m) {
        Double actual = m == null ? null : m.actual();
        Double target = m == null ? null : m.target();
        return new KpiRow(label, actual == null ? NONE : String.format("%.1f", actual),
                target == null ? NONE : String.format("%.1f", target), actual == null ? null : percent(actual, target));
    }

    private static Integer percent(double actual, Double target) {
        if (target == null || target <= 0) {
            return null;
        }
        return (int) Math.floor(actual * 100.0 / target);
    }
}
