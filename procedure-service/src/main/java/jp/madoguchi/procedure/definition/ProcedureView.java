package jp.madoguchi.procedure.definition;

import java.time.Instant;
import java.util.List;

/** Read-model shapes of procedures, as the staff API returns them. */
public final class ProcedureView {

    public static final String DRAFT = "DRAFT";
    public static final String PUBLISHED = "PUBLISHED";
    public static final String RETIRED = "RETIRED";

    private ProcedureView() {
    }

    /**
     * One line of the list. {@code status}: DRAFT (never published), PUBLISHED, RETIRED;
     * {@code unpublishedChanges}: the draft differs from the latest version.
     */
    public record Summary(String procedureId, String title, String status, int latestVersion, List<Integer> versions,
                          boolean unpublishedChanges, Instant updatedAt) {
    }

    /** A published version, frozen. */
    public record Version(String procedureId, int version, Instant publishedAt, ProcedureDocument definition) {
    }
}
