package jp.madoguchi.procedure.catalogue;

import java.time.Instant;
import java.util.List;
import jp.madoguchi.procedure.definition.ProcedureDocument;

/**
 * What the catalogue API returns. Only definition fields: a template never carries applications,
 * residents, answers, staff or channel data ({@code CatalogueIntegrationTest} keeps it so).
 */
public final class CatalogueView {

    private CatalogueView() {
    }

    public record SourceTown(String tenantId, String name) {
    }

    /** One line of the catalogue. */
    public record Summary(String templateId, int version, String title, String description, List<String> tags,
                          SourceTown sourceTown, Instant publishedAt) {
    }

    /** One template version in full: the summary's fields and the procedure document (flow and fees). */
    public record Detail(String templateId, int version, List<Integer> versions, String title, String description, List<String> tags,
                         SourceTown sourceTown, Instant publishedAt, ProcedureDocument definition) {
    }

    /** Where one of the town's procedures came from. */
    public record Provenance(String procedureId, String templateId, SourceTown sourceTown, int templateVersion, Instant importedAt) {
    }

    /** A procedure imported from the catalogue, with {@code status} 「更新あり」 when the source shared a newer version. */
    public record Import(String procedureId, String templateId, SourceTown sourceTown, int importedVersion, int latestVersion,
                         boolean updateAvailable, String status, Instant importedAt) {
    }

    /** A newer template version than the one a procedure was imported from, and what changed. */
    public record Update(String procedureId, String templateId, SourceTown sourceTown, int importedVersion, int latestVersion,
                         String status, List<TemplateDiff.Change> differences) {
    }

    public static final String UPDATE_AVAILABLE = "更新あり";
    public static final String UP_TO_DATE = "最新";
}
