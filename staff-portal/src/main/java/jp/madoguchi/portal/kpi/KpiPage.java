package jp.madoguchi.portal.kpi;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import jp.madoguchi.platform.kpi.KpiReport;

/**
 * What the KPI page shows, worked out from analytics-service's answers: the grant's table (one row per KPI, a 目標 /
 * 実績 / 達成率 cell per fiscal year, and the same numbers for its chart), the funnels, and the survey's comments.
 */
record KpiPage(List<Integer> years, List<GrantRow> grant, List<FunnelView> funnels, List<CommentView> comments) {

    private static final String NONE = "—";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneId.of("Asia/Tokyo"));

    /** One fiscal year of one KPI; {@code percent} is null without a target. */
    record Cell(String target, String actual, String percent) {
    }

    /** A KPI over the years; {@code chartActual}/{@code chartTarget} are the numbers for the chart, comma-separated, empty when unknown. */
    record GrantRow(String label, List<Cell> cells, String chartActual, String chartTarget) {
    }

    /** A step where residents gave up: how many, as a share of those who began, and whether it is where most gave up. */
    record StepView(String stepId, long abandoned, int percentOfStarted, boolean worst) {
    }

    record FunnelView(String procedureId, String title, long started, long completed, long abandoned, long inProgress,
                      Integer completedPercent, List<StepView> steps) {
    }

    record CommentView(String day, int score, String comment) {
    }

    static KpiPage of(List<KpiReport> years, AnalyticsClient.Details details, List<AnalyticsClient.Comment> comments,
                      Map<String, String> titles) {
        List<GrantRow> grant = List.of(
                count("友だち登録者数", years, KpiReport::friends),
                count("情報発信回数", years, KpiReport::broadcasts),
                count("申請等受付数", years, KpiReport::applications),
                satisfaction(years));
        List<FunnelView> funnels = details.funnels() == null ? List.of()
                : details.funnels().stream().map(f -> funnel(f, titles.getOrDefault(f.procedureId(), f.procedureId()))).toList();
        return new KpiPage(years.stream().map(KpiReport::fiscalYear).toList(), grant, funnels,
                comments.stream().map(c -> new CommentView(DAY.format(Instant.ofEpochMilli(c.answeredAtMs())), c.score(), c.comment())).toList());
    }

    private static GrantRow count(String label, List<KpiReport> years, Function<KpiReport, KpiReport.Kpi> kpi) {
        List<Cell> cells = new ArrayList<>();
        for (KpiReport r : years) {
            KpiReport.Kpi k = kpi.apply(r);
            cells.add(new Cell(k == null || k.target() == null ? NONE : String.format("%,d", k.target()),
                    String.format("%,d", k == null ? 0 : k.actual()),
                    k == null || k.achievement() == null ? null : String.format("%.1f%%", k.achievement())));
        }
        return new GrantRow(label, cells,
                join(years, r -> kpi.apply(r) == null ? "0" : String.valueOf(kpi.apply(r).actual())),
                join(years, r -> kpi.apply(r) == null || kpi.apply(r).target() == null ? "" : String.valueOf(kpi.apply(r).target())));
    }

    private static GrantRow satisfaction(List<KpiReport> years) {
        List<Cell> cells = new ArrayList<>();
        for (KpiReport r : years) {
            Double actual = r.satisfaction() == null ? null : r.satisfaction().actual();
            Double target = r.satisfaction() == null ? null : r.satisfaction().target();
            cells.add(new Cell(target == null ? NONE : String.format("%.1f", target), actual == null ? NONE : String.format("%.2f", actual),
                    actual == null || target == null || target == 0 ? null : String.format("%.1f%%", actual * 100 / target)));
        }
        return new GrantRow("満足度", cells,
                join(years, r -> r.satisfaction() == null || r.satisfaction().actual() == null ? "" : String.valueOf(r.satisfaction().actual())),
                join(years, r -> r.satisfaction() == null || r.satisfaction().target() == null ? "" : String.valueOf(r.satisfaction().target())));
    }

    private static String join(List<KpiReport> years, Function<KpiReport, String> value) {
        return years.stream().map(value).collect(Collectors.joining(","));
    }

    /** Steps by the number who gave up there, most first; the worst is the one analytics-service names. */
    static FunnelView funnel(AnalyticsClient.Funnel f, String title) {
        Map<String, Long> atStep = f.abandonedAtStep() == null ? Map.of() : f.abandonedAtStep();
        List<StepView> steps = atStep.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new StepView(e.getKey(), e.getValue(), percent(e.getValue(), f.started()), e.getKey().equals(f.worstStep())))
                .toList();
        return new FunnelView(f.procedureId(), title, f.started(), f.completed(), f.abandoned(), f.inProgress(),
                f.started() == 0 ? null : percent(f.completed(), f.started()), steps);
    }

    private static int percent(long part, long whole) {
        return whole == 0 ? 0 : (int) Math.round(part * 100.0 / whole);
    }
}
