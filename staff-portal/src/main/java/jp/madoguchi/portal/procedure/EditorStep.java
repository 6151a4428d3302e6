package jp.madoguchi.portal.procedure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step as the editor shows it: everything as the text staff typed, so a form can be shown
 * again unchanged even when a number is mistyped. {@link #toJson} turns it into the document
 * format procedure-service reads, and says which values are not numbers.
 *
 * @param settings the type's validation and display settings by key (see {@link StepTypes})
 */
public record EditorStep(String type, String id, String field, String label, String prompt, String next,
                         List<Row> options, List<Row> branches, Map<String, String> settings) {

    /** An option (value, label) or a branch (the answer, the step to go to). */
    public record Row(String a, String b) {

        boolean blank() {
            return isBlank(a) && isBlank(b);
        }
    }

    public EditorStep {
        options = options == null ? List.of() : List.copyOf(options);
        branches = branches == null ? List.of() : List.copyOf(branches);
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    public StepTypes.Type kind() {
        return StepTypes.of(type);
    }

    /** A new step of {@code type}: questions record their answer under their id; choices start with two empty options. */
    static EditorStep blank(String type, String id) {
        StepTypes.Type t = StepTypes.of(type);
        List<Row> options = t.hasOptions() ? List.of(new Row("", ""), new Row("", "")) : List.of();
        return new EditorStep(type, id, t.question() ? id : "", "", "", "", options, List.of(), Map.of());
    }

    /** The options and branches with one empty row more, where staff add the next one. */
    public List<Row> optionRows() {
        List<Row> rows = new ArrayList<>(options);
        rows.add(new Row("", ""));
        return rows;
    }

    public List<Row> branchRows() {
        List<Row> rows = new ArrayList<>(branches);
        rows.add(new Row("", ""));
        return rows;
    }

    /** What a branch can be taken on: the option values, or yes/no. */
    public List<StepTypes.Choice> answers() {
        if ("yes-no".equals(type)) {
            return List.of(new StepTypes.Choice("yes", "はい"), new StepTypes.Choice("no", "いいえ"));
        }
        return options.stream().filter(o -> !isBlank(o.a()))
                .map(o -> new StepTypes.Choice(o.a(), o.a() + "（" + (isBlank(o.b()) ? o.a() : o.b()) + "）")).toList();
    }

    public boolean answerKnown(String answer) {
        return answers().stream().anyMatch(c -> c.value().equals(answer));
    }

    public String setting(String key) {
        return settings.getOrDefault(key, "");
    }

    static EditorStep fromJson(JsonNode step) {
        String type = step.path("type").asText("");
        List<Row> options = new ArrayList<>();
        for (JsonNode o : step.path("options")) {
            options.add(new Row(o.path("value").asText(""), o.path("label").asText("")));
        }
        List<Row> branches = new ArrayList<>();
        for (JsonNode b : step.path("branches")) {
            branches.add(new Row(b.path("whenAnswer").asText(""), b.path("goTo").asText("")));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (StepTypes.Setting s : StepTypes.of(type).settings()) {
            JsonNode value = step.path(s.key());
            if (!value.isMissingNode() && !value.isNull()) {
                settings.put(s.key(), value.isNumber() ? value.decimalValue().stripTrailingZeros().toPlainString() : value.asText());
            }
        }
        return new EditorStep(type, step.path("id").asText(""), step.path("field").asText(""), step.path("label").asText(""),
                step.path("prompt").asText(""), step.path("next").asText(""), options, branches, settings);
    }

    /**
     * The step in the document format. A setting that is not a number where one is needed is added
     * to {@code problems} (as {@code [stepId, message]}) and left out.
     */
    ObjectNode toJson(List<String[]> problems) {
        StepTypes.Type t = kind();
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("type", type);
        json.put("id", strip(id));
        json.put("prompt", prompt == null ? "" : prompt.strip());
        if (t.hasNext() && !isBlank(next)) {
            json.put("next", next.strip());
        }
        if (t.question()) {
            putIfPresent(json, "field", field);
            putIfPresent(json, "label", label);
        }
        if (t.hasOptions()) {
            ArrayNode list = json.putArray("options");
            for (Row o : options) {
                if (!o.blank()) {
                    String value = isBlank(o.a()) ? o.b().strip() : o.a().strip();
                    String shown = isBlank(o.b()) ? value : o.b().strip();
                    list.addObject().put("value", value).put("label", shown);
                }
            }
        }
        if (t.hasBranches()) {
            ArrayNode list = json.putArray("branches");
            for (Row b : branches) {
                if (!isBlank(b.a()) && !isBlank(b.b())) {
                    list.addObject().put("whenAnswer", b.a().strip()).put("goTo", b.b().strip());
                }
            }
        }
        for (StepTypes.Setting s : t.settings()) {
            String value = strip(settings.get(s.key()));
            if (isBlank(value)) {
                continue;
            }
            switch (s.kind()) {
                case INT -> {
                    try {
                        json.put(s.key(), Integer.parseInt(value));
                    } catch (NumberFormatException e) {
                        problems.add(new String[]{strip(id), "ステップ「" + strip(id) + "」: 「" + s.label() + "」は整数で入力してください。"});
                    }
                }
                case DECIMAL -> {
                    try {
                        json.put(s.key(), new BigDecimal(value));
                    } catch (NumberFormatException e) {
                        problems.add(new String[]{strip(id), "ステップ「" + strip(id) + "」: 「" + s.label() + "」は数で入力してください。"});
                    }
                }
                case BOOLEAN -> json.put(s.key(), Boolean.parseBoolean(value));
                case TEXT, CHOICE -> json.put(s.key(), value);
            }
        }
        return json;
    }

    EditorStep withId(String newId) {
        return new EditorStep(type, newId, field, label, prompt, next, options, branches, settings);
    }

    private static void putIfPresent(ObjectNode json, String key, String value) {
        if (!isBlank(value)) {
            json.put(key, value.strip());
        }
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    static String strip(String s) {
        return s == null ? "" : s.strip();
    }
}
