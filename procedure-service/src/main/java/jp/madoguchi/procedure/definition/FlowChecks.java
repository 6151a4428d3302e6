package jp.madoguchi.procedure.definition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import jp.madoguchi.platform.flow.Branch;
import jp.madoguchi.platform.flow.ChoiceDisplay;
import jp.madoguchi.platform.flow.FlowDefinition;
import jp.madoguchi.platform.flow.Option;
import jp.madoguchi.platform.flow.Step;

/**
 * The checks a procedure passes before it is published, each problem naming its step and saying in
 * Japanese what to change: the routes between steps (missing targets, unreachable steps, loops with
 * no way to the end; {@link RouteChecks}), the answers' bounds, LINE's limits on choices, and the fee table. Plain Java.
 */
public final class FlowChecks {

    /** LINE shows at most 13 quick replies; the engine adds 戻る and やめる to every question. */
    public static final int MAX_QUICK_REPLY_OPTIONS = 11;
    /** A multi-choice question also gets 「完了」. */
    public static final int MAX_MULTI_CHOICE_OPTIONS = 10;
    /** LINE's buttons template holds at most 4 actions. */
    public static final int MAX_BUTTON_OPTIONS = 4;
    /** LINE's limit on a quick-reply or button label. */
    public static final int MAX_LABEL_LENGTH = 20;
    /** Written in a prompt, replaced by the engine with the total of the fee table, e.g. 「合計 {feeTotal} 円」. */
    public static final String FEE_TOTAL_PLACEHOLDER = "{feeTotal}";

    private FlowChecks() {
    }

    public static List<FlowProblem> check(FlowDefinition flow) {
        return check(flow, List.of());
    }

    public static List<FlowProblem> check(FlowDefinition flow, List<FeeItem> fees) {
        List<FlowProblem> problems = new ArrayList<>();
        if (flow == null || flow.steps().isEmpty()) {
            problems.add(new FlowProblem(null, "ステップがありません。質問と、最後に申し込みを終えるステップ(submit)を追加してください。"));
            return problems;
        }
        Map<String, Step> byId = new LinkedHashMap<>();
        Set<String> fields = new HashSet<>();
        for (Step step : flow.steps()) {
            if (byId.putIfAbsent(step.id(), step) != null) {
                problems.add(at(step, "ステップID「" + step.id() + "」が重複しています。別のIDにしてください。"));
            }
            if (step.prompt() == null || step.prompt().isBlank()) {
                problems.add(at(step, "表示する文(prompt)が空です。住民に見せる文を入力してください。"));
            }
            if (step instanceof Step.Question question) {
                if (question.field() == null || question.field().isBlank()) {
                    problems.add(at(step, "回答を記録する項目名(field)がありません。項目名を入力してください。"));
                } else if (!fields.add(question.field())) {
                    problems.add(at(step, "項目名「" + question.field() + "」がほかのステップと重複しています。別の項目名にしてください。"));
                }
                if (question.label() == null || question.label().isBlank()) {
                    problems.add(at(step, "確認画面に表示する見出し(label)がありません。見出しを入力してください。"));
                }
            }
            checkAnswerBounds(step, problems);
        }
        RouteChecks.check(flow, byId, problems);
        checkFees(flow, fees, byId, problems);
        return problems;
    }

    // --- answers ---------------------------------------------------------------------------------

    private static void checkAnswerBounds(Step step, List<FlowProblem> problems) {
        if (step instanceof Step.SingleChoice choice) {
            checkOptions(step, choice.options(), problems);
            int max = choice.display() == ChoiceDisplay.BUTTONS ? MAX_BUTTON_OPTIONS : MAX_QUICK_REPLY_OPTIONS;
            if (choice.display() == ChoiceDisplay.BUTTONS && choice.options().size() > MAX_BUTTON_OPTIONS) {
                problems.add(at(step, "ボタン表示の選択肢は" + MAX_BUTTON_OPTIONS + "つまでです(今は" + choice.options().size()
                        + "つ)。" + MAX_QUICK_REPLY_OPTIONS + "つまでならクイックリプライ表示にするか、質問を2つに分けてください。"));
            } else if (choice.options().size() > max) {
                problems.add(at(step, "クイックリプライの選択肢は" + MAX_QUICK_REPLY_OPTIONS + "つまでです(今は" + choice.options().size()
                        + "つ。「戻る」「やめる」と合わせてLINEの上限13個になります)。選択肢を減らすか、質問を2つに分けてください。"));
            }
            for (Branch branch : choice.branches()) {
                if (choice.options().stream().noneMatch(o -> o.value().equals(branch.whenAnswer()))) {
                    problems.add(at(step, "分岐の回答「" + branch.whenAnswer() + "」に合う選択肢がありません。選択肢の値(value)と同じにしてください。"));
                }
            }
        } else if (step instanceof Step.MultiChoice multi) {
            checkOptions(step, multi.options(), problems);
            if (multi.options().size() > MAX_MULTI_CHOICE_OPTIONS) {
                problems.add(at(step, "複数選択の選択肢は" + MAX_MULTI_CHOICE_OPTIONS + "つまでです(今は" + multi.options().size()
                        + "つ。「完了」「戻る」「やめる」と合わせてLINEの上限13個になります)。選択肢を減らすか、質問を分けてください。"));
            }
            int min = multi.minSelections();
            int max = multi.maxSelections();
            if (min < 0 || max < 1 || min > max || max > multi.options().size()) {
                problems.add(at(step, "選べる数の範囲(最少" + min + "・最多" + max + ")が正しくありません。0 ≦ 最少 ≦ 最多 ≦ 選択肢の数("
                        + multi.options().size() + ")、最多は1以上にしてください。"));
            }
        } else if (step instanceof Step.YesNo yesNo) {
            for (Branch branch : yesNo.branches()) {
                if (!Step.YesNo.YES.equals(branch.whenAnswer()) && !Step.YesNo.NO.equals(branch.whenAnswer())) {
                    problems.add(at(step, "はい/いいえの分岐の回答「" + branch.whenAnswer() + "」は yes か no にしてください。"));
                }
            }
        } else if (step instanceof Step.Text text) {
            Integer min = text.minLength();
            Integer max = text.maxLength();
            if ((min != null && min < 0) || (max != null && max < 1)) {
                problems.add(at(step, "文字数の範囲が正しくありません。最少は0以上、最多は1以上にしてください。"));
            } else if (min != null && max != null && min > max) {
                problems.add(at(step, "最少の文字数(" + min + ")が最多の文字数(" + max + ")より大きくなっています。最少を最多以下にしてください。"));
            }
            if (text.pattern() != null) {
                try {
                    Pattern.compile(text.pattern());
                } catch (PatternSyntaxException e) {
                    problems.add(at(step, "入力の形(pattern)が正規表現として正しくありません。書き方を確かめてください。"));
                }
            }
        } else if (step instanceof Step.Number number) {
            if (number.min() != null && number.max() != null && number.min().compareTo(number.max()) > 0) {
                problems.add(at(step, "最小値(" + number.min().toPlainString() + ")が最大値(" + number.max().toPlainString()
                        + ")より大きくなっています。最小値を最大値以下にしてください。"));
            }
        } else if (step instanceof Step.Date date) {
            checkWindow(step, date.earliestDays(), date.latestDays(), problems);
        } else if (step instanceof Step.DateTime dateTime) {
            checkWindow(step, dateTime.earliestDays(), dateTime.latestDays(), problems);
        } else if (step instanceof Step.Photo photo) {
            if (photo.minPhotos() < 0 || photo.maxPhotos() < 1 || photo.minPhotos() > photo.maxPhotos()) {
                problems.add(at(step, "写真の枚数の範囲(最少" + photo.minPhotos() + "・最多" + photo.maxPhotos()
                        + ")が正しくありません。0 ≦ 最少 ≦ 最多、最多は1以上にしてください。"));
            }
        } else if (step instanceof Step.Reservation reservation
                && (reservation.resourceId() == null || !reservation.resourceId().matches("[a-z0-9][a-z0-9-]{1,47}"))) {
            problems.add(at(step, "予約先のID(resourceId)を、英小文字・数字・「-」の2〜48文字で入れてください。"));
        }
    }

    private static void checkOptions(Step step, List<Option> options, List<FlowProblem> problems) {
        if (options.isEmpty()) {
            problems.add(at(step, "選択肢がありません。選択肢を追加してください。"));
        }
        Set<String> values = new HashSet<>();
        for (Option option : options) {
            if (!values.add(option.value())) {
                problems.add(at(step, "選択肢の値(value)「" + option.value() + "」が重複しています。別の値にしてください。"));
            }
            if (option.label().isBlank()) {
                problems.add(at(step, "選択肢「" + option.value() + "」の表示名(label)が空です。"));
            } else if (option.label().length() > MAX_LABEL_LENGTH) {
                problems.add(at(step, "選択肢「" + option.label() + "」が長すぎます。LINEのボタンは" + MAX_LABEL_LENGTH + "文字までです。"));
            }
        }
    }

    private static void checkWindow(Step step, Integer earliest, Integer latest, List<FlowProblem> problems) {
        if (earliest != null && latest != null && earliest > latest) {
            problems.add(at(step, "選べる日付の範囲が逆になっています(今日から" + earliest + "日後〜" + latest
                    + "日後)。はじめの日を終わりの日より前にしてください。"));
        }
    }

    // --- fees ------------------------------------------------------------------------------------

    private static void checkFees(FlowDefinition flow, List<FeeItem> fees, Map<String, Step> byId,
                                  List<FlowProblem> problems) {
        List<FeeItem> table = fees == null ? List.of() : fees;
        if (table.isEmpty()) {
            for (Step step : byId.values()) {
                if (step.prompt() != null && step.prompt().contains(FEE_TOTAL_PLACEHOLDER)) {
                    problems.add(at(step, "文に料金の合計 " + FEE_TOTAL_PLACEHOLDER + " がありますが、料金表がありません。料金表を追加するか、"
                            + FEE_TOTAL_PLACEHOLDER + " を消してください。"));
                }
            }
            return;
        }
        Set<String> codes = new HashSet<>();
        for (FeeItem item : table) {
            String name = item.name() == null || item.name().isBlank() ? item.code() : item.name();
            if (item.code() == null || item.code().isBlank()) {
                problems.add(new FlowProblem(null, "料金表の品目「" + name + "」にコードがありません。コードを入力してください。"));
            } else if (!codes.add(item.code())) {
                problems.add(new FlowProblem(null, "料金表の品目コード「" + item.code() + "」が重複しています。"));
            }
            if (item.name() == null || item.name().isBlank()) {
                problems.add(new FlowProblem(null, "料金表の品目「" + item.code() + "」に名前がありません。"));
            }
            if (item.unitFeeYen() < 0) {
                problems.add(new FlowProblem(null, "料金表の品目「" + name + "」の料金がマイナスです。0円以上にしてください。"));
            }
            Step question = item.quantityField() == null ? null : flow.questionFor(item.quantityField()).map(q -> (Step) q).orElse(null);
            if (question == null) {
                problems.add(new FlowProblem(null, "料金表の品目「" + name + "」の数を聞く質問(項目名「" + item.quantityField()
                        + "」)がフローにありません。数を聞く数値の質問を追加し、その項目名を指定してください。"));
            } else if (!(question instanceof Step.Number number) || !number.integerOnly()
                    || number.min() == null || number.min().signum() < 0) {
                problems.add(at(question, "料金表の品目「" + name + "」の数を聞く質問です。整数だけ・最小値0以上の数値の質問にしてください。"));
            }
        }
    }

    static FlowProblem at(Step step, String message) {
        return new FlowProblem(step.id(), "ステップ「" + step.id() + "」: " + message);
    }
}
