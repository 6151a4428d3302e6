package jp.madoguchi.portal.procedure;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** One line of procedure-service's list of the town's procedures. */
public record ProcedureSummary(String procedureId, String title, String status, int latestVersion, List<Integer> versions,
                               boolean unpublishedChanges, Instant updatedAt) {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm").withZone(ZoneId.of("Asia/Tokyo"));

    public String statusLabel() {
        return label(status);
    }

    public static String label(String status) {
        if (status == null) {
            return "";
        }
        return switch (status) {
            case "DRAFT" -> "下書き";
            case "PUBLISHED" -> "公開中";
            case "RETIRED" -> "廃止";
            default -> status;
        };
    }

    public String updated() {
        return updatedAt == null ? "" : WHEN.format(updatedAt);
    }

    public boolean published() {
        return latestVersion > 0 && !"RETIRED".equals(status);
    }

    public ProcedureSummary afterPublishing(int version) {
        return new ProcedureSummary(procedureId, title, "PUBLISHED", version, versions, false, updatedAt);
    }

    public ProcedureSummary afterSaving() {
        return new ProcedureSummary(procedureId, title, status, latestVersion, versions, latestVersion > 0, updatedAt);
    }

    /** Until the list shows a procedure just created (it is read a moment behind), it is a new draft. */
    static ProcedureSummary fresh(String procedureId, String title) {
        return new ProcedureSummary(procedureId, title, "DRAFT", 0, List.of(), false, null);
    }
}
