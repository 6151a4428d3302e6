package jp.madoguchi.portal.procedure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.util.MultiValueMap;

/**
 * A procedure's draft while staff edit it. The editor page is one form that carries the whole draft
 * (fields named {@code s<i>.<key>}), so adding, moving and removing steps happen on the server
 * without saving, and 保存 sends the document to procedure-service in one PUT. The fee table is
 * not edited here: it rides along unchanged in a hidden field.
 */
public record EditorDocument(String procedureId, String title, String description, String feesJson, String firstStepId,
                             List<EditorStep> steps) {

    static final ObjectMapper JSON = new ObjectMapper();

    public EditorDocument {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** The document format (draft, template, export) as procedure-service sends it. */
    static EditorDocument fromJson(String procedureId, JsonNode doc) {
        List<EditorStep> steps = new ArrayList<>();
        for (JsonNode step : doc.path("steps")) {
            steps.add(EditorStep.fromJson(step));
        }
        JsonNode fees = doc.path("fees");
        return new EditorDocument(procedureId, doc.path("title").asText(""), doc.path("description").asText(""),
                fees.isArray() && !fees.isEmpty() ? fees.toString() : "", doc.path("firstStepId").asText(""), steps);
    }

    /** The editor form as posted. */
    static EditorDocument fromForm(String procedureId, MultiValueMap<String, String> form) {
        int count = number(form.getFirst("stepCount"));
        List<EditorStep> steps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String p = "s" + i + ".";
            if (form.getFirst(p + "type") == null) {
                continue;
            }
            StepTypes.Type type = StepTypes.of(form.getFirst(p + "type"));
            Map<String, String> settings = new LinkedHashMap<>();
            for (StepTypes.Setting s : type.settings()) {
                String v = form.getFirst(p + s.key());
                if (v != null) {
                    settings.put(s.key(), v);
                }
            }
            steps.add(new EditorStep(type.name(), value(form, p + "id"), value(form, p + "field"), value(form, p + "label"),
                    value(form, p + "prompt"), value(form, p + "next"), rows(form, p + "opt"), rows(form, p + "br"), settings));
        }
        return new EditorDocument(procedureId, value(form, "title"), value(form, "description"), value(form, "feesJson"),
                value(form, "firstStepId"), steps);
    }

    private static List<EditorStep.Row> rows(MultiValueMap<String, String> form, String prefix) {
        List<EditorStep.Row> rows = new ArrayList<>();
        int count = number(form.getFirst(prefix + "Count"));
        for (int j = 0; j < count; j++) {
            EditorStep.Row row = new EditorStep.Row(value(form, prefix + j + ".a"), value(form, prefix + j + ".b"));
            if (!row.blank()) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** The body of {@code PUT …/draft}; values that are not numbers where numbers belong go to {@code problems}. */
    ObjectNode toJson(List<String[]> problems) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("procedureId", procedureId);
        doc.put("title", title == null ? "" : title.strip());
        if (!EditorStep.isBlank(description)) {
            doc.put("description", description.strip());
        }
        if (!EditorStep.isBlank(feesJson)) {
            try {
                doc.set("fees", JSON.readTree(feesJson));
            } catch (JsonProcessingException e) {
                problems.add(new String[]{null, "料金表を読み取れませんでした。ページを読み込み直してください。"});
            }
        }
        if (!EditorStep.isBlank(firstStepId)) {
            doc.put("firstStepId", firstStepId.strip());
        }
        ArrayNode list = doc.putArray("steps");
        for (EditorStep step : steps) {
            list.add(step.toJson(problems));
        }
        return doc;
    }

    /** A fingerprint of the document as it would be saved, to tell whether the form differs from the saved draft. */
    String fingerprint() {
        try {
            byte[] json = JSON.writeValueAsBytes(toJson(new ArrayList<>()));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new step of {@code type} at the end, with an id no other step has. */
    EditorDocument add(String type) {
        List<EditorStep> list = new ArrayList<>(steps);
        int n = steps.size() + 1;
        while (hasStep("step" + n)) {
            n++;
        }
        list.add(EditorStep.blank(StepTypes.known(type) ? type : "message", "step" + n));
        return withSteps(list);
    }

    EditorDocument move(int index, int by) {
        int to = index + by;
        if (index < 0 || index >= steps.size() || to < 0 || to >= steps.size()) {
            return this;
        }
        List<EditorStep> list = new ArrayList<>(steps);
        list.add(to, list.remove(index));
        return withSteps(list);
    }

    EditorDocument remove(int index) {
        if (index < 0 || index >= steps.size()) {
            return this;
        }
        List<EditorStep> list = new ArrayList<>(steps);
        list.remove(index);
        return withSteps(list);
    }

    private boolean hasStep(String id) {
        return steps.stream().anyMatch(s -> id.equals(s.id()));
    }

    private EditorDocument withSteps(List<EditorStep> list) {
        return new EditorDocument(procedureId, title, description, feesJson, firstStepId, list);
    }

    /** The ids a "next" or branch can point to. */
    public List<String> stepIds() {
        return steps.stream().map(EditorStep::id).filter(id -> !EditorStep.isBlank(id)).toList();
    }

    /** What a "next" or branch select shows for each step: its id and its kind. */
    public Map<String, String> targets() {
        Map<String, String> targets = new LinkedHashMap<>();
        for (EditorStep step : steps) {
            if (!EditorStep.isBlank(step.id())) {
                targets.putIfAbsent(step.id(), step.id() + "（" + step.kind().label() + "）");
            }
        }
        return targets;
    }

    public boolean hasFees() {
        return !EditorStep.isBlank(feesJson);
    }

    private static String value(MultiValueMap<String, String> form, String key) {
        String v = form.getFirst(key);
        return v == null ? "" : v;
    }

    private static int number(String s) {
        try {
            return s == null ? 0 : Math.max(0, Math.min(500, Integer.parseInt(s.strip())));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
