package jp.madoguchi.procedure.definition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in procedures a town can start from (classpath {@code templates/<id>.yaml}, the export
 * format): 水道の開始・中止, 粗大ごみ, 道路・公園の不具合通報, 学校の欠席連絡, 証明書の請求, 満足度調査,
 * 施設予約 and 予防接種・ワクチン接種の予約 (whose reservation steps book the resources {@code community-hall} and
 * {@code vaccination-clinic}, which the town defines in conversation-service).
 */
final class ProcedureTemplates {

    public static final List<String> IDS = List.of("water", "bulky-waste", "road-report", "school-absence", "certificate",
            "satisfaction-survey", "facility-booking", "vaccination");

    private static final Map<String, ProcedureDocument> TEMPLATES = load();

    private ProcedureTemplates() {
    }

    public static Map<String, ProcedureDocument> all() {
        return TEMPLATES;
    }

    public static Optional<ProcedureDocument> find(String templateId) {
        return Optional.ofNullable(TEMPLATES.get(templateId));
    }

    private static Map<String, ProcedureDocument> load() {
        Map<String, ProcedureDocument> templates = new LinkedHashMap<>();
        for (String id : IDS) {
            String resource = "/templates/" + id + ".yaml";
            try (InputStream in = ProcedureTemplates.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("template " + resource + " is missing from the classpath");
                }
                templates.put(id, ProcedureDocuments.fromYaml(in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return java.util.Collections.unmodifiableMap(templates);
    }
}
