package jp.madoguchi.procedure.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import jp.madoguchi.platform.flow.Step;
import jp.madoguchi.procedure.definition.ProcedureDocument;

/**
 * What changed between two versions of a template, step by step and in Japanese, so a town that
 * imported it can decide whether to take the new version: steps added, removed, and for a changed
 * step which of its fields changed (文言, 選択肢, 次のステップ…). Plain Java.
 */
final class TemplateDiff {

    public enum Kind { ADDED, REMOVED, CHANGED }

    /**
     * One difference. {@code stepId} is null for the procedure as a whole (題名, 説明, 料金表, 最初のステップ);
     * {@code fields} are the Japanese names of the changed fields; {@code text} is the sentence to show.
     */
    public record Change(Kind kind, String stepId, List<String> fields, String text) {
    }

    /** Japanese names of a step's fields, in the order they are listed. */
    static final Map<String, String> FIELD_NAMES = new LinkedHashMap<>();

    static {
        FIELD_NAMES.put("type", "種類");
        FIELD_NAMES.put("prompt", "文言");
        FIELD_NAMES.put("field", "項目名");
        FIELD_NAMES.put("label", "見出し");
        FIELD_NAMES.put("options", "選択肢");
        FIELD_NAMES.put("display", "選択肢の表示方法");
        FIELD_NAMES.put("branches", "分岐");
        FIELD_NAMES.put("next", "次のステップ");
        FIELD_NAMES.put("minSelections", "選べる数の下限");
        FIELD_NAMES.put("maxSelections", "選べる数の上限");
        FIELD_NAMES.put("minLength", "最小文字数");
        FIELD_NAMES.put("maxLength", "最大文字数");
        FIELD_NAMES.put("pattern", "入力の形");
        FIELD_NAMES.put("patternHint", "入力の形の説明");
        FIELD_NAMES.put("required", "必須かどうか");
        FIELD_NAMES.put("min", "最小値");
        FIELD_NAMES.put("max", "最大値");
        FIELD_NAMES.put("integerOnly", "整数のみかどうか");
        FIELD_NAMES.put("unit", "単位");
        FIELD_NAMES.put("earliestDays", "選べる日の始まり");
        FIELD_NAMES.put("latestDays", "選べる日の終わり");
        FIELD_NAMES.put("minPhotos", "写真の最少枚数");
        FIELD_NAMES.put("maxPhotos", "写真の最多枚数");
        FIELD_NAMES.put("confirmLabel", "確認ボタンの文言");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private TemplateDiff() {
    }

    /** The changes from {@code before} to {@code after}: procedure-level first, then steps in the new order, then removed steps. */
    public static List<Change> between(ProcedureDocument before, ProcedureDocument after) {
        List<Change> changes = new ArrayList<>();
        whole(changes, "題名", before.title(), after.title());
        whole(changes, "説明", before.description(), after.description());
        whole(changes, "料金表", JSON.valueToTree(before.fees()), JSON.valueToTree(after.fees()));
        whole(changes, "最初のステップ", before.firstStepId(), after.firstStepId());

        Map<String, Step> old = new LinkedHashMap<>();
        before.steps().forEach(s -> old.put(s.id(), s));
        Set<String> seen = new LinkedHashSet<>();
        for (Step step : after.steps()) {
            seen.add(step.id());
            Step previous = old.get(step.id());
            if (previous == null) {
                changes.add(new Change(Kind.ADDED, step.id(), List.of(),
                        "ステップ「" + step.id() + "」を追加しました（" + excerpt(step.prompt()) + "）。"));
                continue;
            }
            List<String> fields = changedFields(previous, step);
            if (!fields.isEmpty()) {
                changes.add(new Change(Kind.CHANGED, step.id(), fields,
                        "ステップ「" + step.id() + "」の" + String.join("、", fields) + "を変更しました。"));
            }
        }
        for (Step step : before.steps()) {
            if (!seen.contains(step.id())) {
                changes.add(new Change(Kind.REMOVED, step.id(), List.of(),
                        "ステップ「" + step.id() + "」を削除しました（" + excerpt(step.prompt()) + "）。"));
            }
        }
        return changes;
    }

    /** Japanese names of the fields that differ, in {@link #FIELD_NAMES} order (unknown fields by their key). */
    static List<String> changedFields(Step before, Step after) {
        JsonNode a = JSON.valueToTree(before);
        JsonNode b = JSON.valueToTree(after);
        Set<String> keys = new LinkedHashSet<>(FIELD_NAMES.keySet());
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        keys.remove("id");
        List<String> fields = new ArrayList<>();
        for (String key : keys) {
            if (!Objects.equals(normalised(a.get(key)), normalised(b.get(key)))) {
                fields.add(FIELD_NAMES.getOrDefault(key, key));
            }
        }
        return fields;
    }

    /** Numbers compare by value (1 and 1.0 are the same bound); a missing field equals an empty one. */
    private static Object normalised(JsonNode node) {
        if (node == null || node.isNull() || (node.isContainerNode() && node.isEmpty()) || (node.isTextual() && node.asText().isEmpty())) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue().stripTrailingZeros();
        }
        return node;
    }

    private static void whole(List<Change> changes, String name, Object before, Object after) {
        if (!Objects.equals(normalisedWhole(before), normalisedWhole(after))) {
            changes.add(new Change(Kind.CHANGED, null, List.of(name), name + "を変更しました。"));
        }
    }

    private static Object normalisedWhole(Object value) {
        if (value instanceof JsonNode node) {
            return normalised(node);
        }
        return value instanceof String s && s.isBlank() ? null : value;
    }

    private static String excerpt(String prompt) {
        String p = prompt == null ? "" : prompt.replaceAll("\\s+", " ").strip();
        return p.length() <= 20 ? "「" + p + "」" : "「" + p.substring(0, 20) + "…」";
    }
}
