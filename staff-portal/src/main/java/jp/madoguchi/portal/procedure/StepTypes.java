package jp.madoguchi.portal.procedure;

import java.util.List;
import java.util.Map;

/**
 * The step types of a procedure's flow as staff read them, and which settings each type has. The
 * names on the wire ({@code single-choice}, …) are platform-core's {@code Step} type names.
 */
public final class StepTypes {

    /** A step type: its wire name, its Japanese name, and what it asks for. */
    public record Type(String name, String label, boolean question, boolean hasNext, boolean hasOptions, boolean hasBranches,
                       List<Setting> settings) {
    }

    /** How a setting is entered and sent: a whole number, a decimal, free text, or one of {@code choices}. */
    public enum Kind { INT, DECIMAL, TEXT, BOOLEAN, CHOICE }

    /** One validation or display setting of a step, e.g. a text's maximum length. */
    public record Setting(String key, String label, Kind kind, List<Choice> choices, String hint) {

        public boolean select() {
            return kind == Kind.BOOLEAN || kind == Kind.CHOICE;
        }
    }

    public record Choice(String value, String label) {
    }

    private static Setting integer(String key, String label, String hint) {
        return new Setting(key, label, Kind.INT, List.of(), hint);
    }

    private static Setting text(String key, String label, String hint) {
        return new Setting(key, label, Kind.TEXT, List.of(), hint);
    }

    private static final List<Setting> DAYS = List.of(
            integer("earliestDays", "何日後から選べるか", "0 は今日、1 は明日から"),
            integer("latestDays", "何日後まで選べるか", "例：60"));

    public static final List<Type> ALL = List.of(
            new Type("message", "お知らせ（メッセージ）", false, true, false, false, List.of()),
            new Type("single-choice", "選択（1つ）", true, true, true, true, List.of(
                    new Setting("display", "選択肢の出し方", Kind.CHOICE, List.of(
                            new Choice("QUICK_REPLY", "クイックリプライ（11個まで）"),
                            new Choice("BUTTONS", "ボタン（4個まで）")), ""))),
            new Type("multi-choice", "選択（複数）", true, true, true, false, List.of(
                    integer("minSelections", "最少の選択数", "空欄は 1"),
                    integer("maxSelections", "最多の選択数", "空欄は選択肢の数"))),
            new Type("yes-no", "はい／いいえ", true, true, false, true, List.of()),
            new Type("text", "文字の入力", true, true, false, false, List.of(
                    integer("minLength", "最少の文字数", ""),
                    integer("maxLength", "最多の文字数", ""),
                    text("pattern", "入力の形（正規表現）", "例：0\\d{1,4}-?\\d{1,4}-?\\d{3,4}"),
                    text("patternHint", "形が違うときの案内", "例：電話番号は 0 から始まる数字で入力してください。"),
                    new Setting("required", "回答", Kind.BOOLEAN, List.of(new Choice("true", "必須"), new Choice("false", "省略できる")), ""))),
            new Type("number", "数の入力", true, true, false, false, List.of(
                    new Setting("min", "最小値", Kind.DECIMAL, List.of(), ""),
                    new Setting("max", "最大値", Kind.DECIMAL, List.of(), ""),
                    new Setting("integerOnly", "数の種類", Kind.BOOLEAN,
                            List.of(new Choice("true", "整数だけ"), new Choice("false", "小数も可")), ""),
                    text("unit", "単位", "例：個"))),
            new Type("date", "日付", true, true, false, false, DAYS),
            new Type("datetime", "日時", true, true, false, false, DAYS),
            new Type("location", "場所", true, true, false, false, List.of()),
            new Type("photo", "写真", true, true, false, false, List.of(
                    integer("minPhotos", "最少の枚数", "空欄は 1"),
                    integer("maxPhotos", "最多の枚数", "空欄は 1"),
                    new Setting("required", "写真", Kind.BOOLEAN, List.of(new Choice("true", "必須"),
                            new Choice("false", "写真なしでも進める")), "「写真なしで進む」ボタンが出ます。夜間やカメラのない電話からも送れます"))),
            new Type("confirm", "入力内容の確認", false, true, false, false, List.of(
                    text("confirmLabel", "申し込むボタンの文字", "空欄は「この内容で申し込む」"))),
            new Type("submit", "申し込み完了", false, false, false, false, List.of()));

    private static final Map<String, Type> BY_NAME = ALL.stream().collect(java.util.stream.Collectors.toMap(Type::name, t -> t));

    private StepTypes() {
    }

    /** The type named {@code name}; an unknown name (a newer flow) is shown as it is, with no settings. */
    public static Type of(String name) {
        Type type = BY_NAME.get(name);
        return type != null ? type : new Type(name, name, false, true, false, false, List.of());
    }

    public static boolean known(String name) {
        return BY_NAME.containsKey(name);
    }
}
