package jp.madoguchi.portal.operator;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operators' overview: every town's activity (from analytics-service) beside its health (status from
 * tenant-service, events parked by the services asked). A number a service did not give is shown as unknown, never 0.
 */
record OperatorOverview(int fiscalYear, List<Row> rows, List<String> unreachable, int parkedTotal) {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm").withZone(ZoneId.of("Asia/Tokyo"));
    private static final String UNKNOWN = "—";

    /** analytics-service's activity of one town ({@code GET /api/operator/kpis/towns}). */
    record Activity(String tenantId, int fiscalYear, long friends, long applications, long conversations, Instant lastActivityAt) {
    }

    /** One parked event as a service lists it; only the town matters here. */
    record Parked(String tenantId, String service) {
    }

    /** One town; {@code parked} is null when no service could say. */
    record Row(String tenantId, String name, boolean suspended, String friends, String applications, String conversations,
               String lastActivity, Integer parked) {

        public boolean needsAttention() {
            return parked != null && parked > 0;
        }
    }

    /**
     * @param activity    null when analytics-service did not answer
     * @param parked      per service asked, its parked events; a service missing from the map did not answer
     * @param unreachable the services that did not answer, for the page to name
     */
    static OperatorOverview of(int fiscalYear, List<OperatorController.TownSummary> towns, List<Activity> activity,
                               Map<String, List<Parked>> parked, List<String> unreachable) {
        Map<String, Activity> byTown = new HashMap<>();
        if (activity != null) {
            activity.forEach(a -> byTown.put(a.tenantId(), a));
        }
        Map<String, Integer> parkedByTown = new HashMap<>();
        parked.values().forEach(list -> list.forEach(p -> parkedByTown.merge(p.tenantId(), 1, Integer::sum)));
        List<Row> rows = new ArrayList<>();
        for (OperatorController.TownSummary t : towns) {
            Activity a = byTown.get(t.tenantId());
            boolean known = activity != null;
            rows.add(new Row(t.tenantId(), t.name(), t.suspended(),
                    !known ? UNKNOWN : String.format("%,d", a == null ? 0 : a.friends()),
                    !known ? UNKNOWN : String.format("%,d", a == null ? 0 : a.applications()),
                    !known ? UNKNOWN : String.format("%,d", a == null ? 0 : a.conversations()),
                    !known ? UNKNOWN : a == null || a.lastActivityAt() == null ? "記録なし" : WHEN.format(a.lastActivityAt()),
                    parked.isEmpty() ? null : parkedByTown.getOrDefault(t.tenantId(), 0)));
        }
        int total = parkedByTown.values().stream().mapToInt(Integer::intValue).sum();
        return new OperatorOverview(fiscalYear, rows, unreachable, total);
    }
}
