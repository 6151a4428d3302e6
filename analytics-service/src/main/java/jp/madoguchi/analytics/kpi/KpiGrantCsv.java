package jp.madoguchi.analytics.kpi;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import jp.madoguchi.platform.csv.ExcelCsv;
import jp.madoguchi.platform.kpi.KpiReport;

/**
 * The table towns report to the national grant: each KPI's 目標, 実績 and 達成率 per fiscal year, one row per KPI,
 * as CSV that Excel opens as is ({@link ExcelCsv}).
 */
final class KpiGrantCsv {

    private KpiGrantCsv() {
    }

    static String of(List<KpiReport> years) {
        List<String> header = new ArrayList<>(List.of("指標"));
        years.forEach(r -> header.addAll(List.of(r.fiscalYear() + "年度 目標", r.fiscalYear() + "年度 実績", r.fiscalYear() + "年度 達成率(%)")));
        StringBuilder csv = new StringBuilder(ExcelCsv.BOM).append(ExcelCsv.line(header));
        csv.append(count("友だち登録者数", years, KpiReport::friends));
        csv.append(count("情報発信回数", years, KpiReport::broadcasts));
        csv.append(count("申請等受付数", years, KpiReport::applications));
        List<String> satisfaction = new ArrayList<>(List.of("満足度"));
        for (KpiReport r : years) {
            Double actual = r.satisfaction().actual(), target = r.satisfaction().target();
            satisfaction.add(target == null ? "" : String.format("%.1f", target));
            satisfaction.add(actual == null ? "" : String.format("%.2f", actual));
            satisfaction.add(actual == null || target == null || target == 0 ? "" : String.format("%.1f", actual * 100 / target));
        }
        return csv.append(ExcelCsv.line(satisfaction)).toString();
    }

    private static String count(String label, List<KpiReport> years, Function<KpiReport, KpiReport.Kpi> kpi) {
        List<String> row = new ArrayList<>(List.of(label));
        for (KpiReport r : years) {
            KpiReport.Kpi k = kpi.apply(r);
            row.add(k.target() == null ? "" : String.valueOf(k.target()));
            row.add(String.valueOf(k.actual()));
            row.add(k.achievement() == null ? "" : String.format("%.1f", k.achievement()));
        }
        return ExcelCsv.line(row);
    }
}
