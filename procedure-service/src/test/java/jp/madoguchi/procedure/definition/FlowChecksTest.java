package jp.madoguchi.procedure.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import jp.madoguchi.platform.flow.Branch;
import jp.madoguchi.platform.flow.ChoiceDisplay;
import jp.madoguchi.platform.flow.FlowDefinition;
import jp.madoguchi.platform.flow.Option;
import jp.madoguchi.platform.flow.Step;
import org.junit.jupiter.api.Test;

/** One test per definition check: each problem names its step and says in Japanese what to change. */
class FlowChecksTest {

    private static final Step.Confirm CONFIRM = new Step.Confirm("confirm", "確かめてください。", "done", null);
    private static final Step.Submit SUBMIT = new Step.Submit("done", "受け付けました。");

    @Test
    void aSoundFlowHasNoProblems() {
        assertThat(FlowChecks.check(flow("name", text("name", "name", "confirm"), CONFIRM, SUBMIT))).isEmpty();
    }

    @Test
    void reportsAStepNoOtherStepLeadsTo() {
        List<FlowProblem> problems = FlowChecks.check(flow("name",
                text("name", "name", "confirm"), text("orphan", "orphan", "confirm"), CONFIRM, SUBMIT));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.stepId()).isEqualTo("orphan");
            assertThat(p.message()).contains("たどり着けません");
        });
    }

    @Test
    void aStepReachedOnlyThroughABranchIsReachable() {
        Step.YesNo ask = new Step.YesNo("more", "ほかにもありますか。", "confirm", "more", "ほか", List.of(new Branch("yes", "extra")));
        assertThat(FlowChecks.check(flow("more", ask, text("extra", "extra", "confirm"), CONFIRM, SUBMIT))).isEmpty();
    }

    @Test
    void reportsANextThatNamesNoStep() {
        assertThat(FlowChecks.check(flow("name", text("name", "name", "nowhere"), CONFIRM, SUBMIT)))
                .anySatisfy(p -> {
                    assertThat(p.stepId()).isEqualTo("name");
                    assertThat(p.message()).contains("次のステップ「nowhere」がありません");
                });
    }

    @Test
    void reportsAMissingNext() {
        assertThat(FlowChecks.check(flow("name", text("name", "name", null), CONFIRM, SUBMIT)))
                .anySatisfy(p -> assertThat(p).isEqualTo(new FlowProblem("name",
                        "ステップ「name」: 次のステップ(next)がありません。次に進むステップを指定してください。")));
    }

    @Test
    void reportsABranchThatNamesNoStep() {
        Step.YesNo ask = new Step.YesNo("ok", "よいですか。", "confirm", "ok", "確認", List.of(new Branch("no", "gone")));
        assertThat(FlowChecks.check(flow("ok", ask, CONFIRM, SUBMIT))).singleElement()
                .satisfies(p -> {
                    assertThat(p.stepId()).isEqualTo("ok");
                    assertThat(p.message()).contains("分岐先「gone」がありません");
                });
    }

    @Test
    void reportsALoopThatNeverReachesSubmit() {
        Step.YesNo a = new Step.YesNo("a", "つづけますか。", "b", "a", "A", List.of());
        Step b = text("b", "b", "a");
        List<FlowProblem> problems = FlowChecks.check(flow("intro", new Step.Message("intro", "はじめます。", "a"), a, b, SUBMIT));
        // the submit step exists but nothing leads to it: it is unreachable, and a↔b is a loop with no way out
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.stepId()).isEqualTo("a");
            assertThat(p.message()).contains("「a」→「b」がループになっていて");
        });
        assertThat(problems).noneMatch(p -> "intro".equals(p.stepId()));
    }

    @Test
    void aLoopWithABranchOutIsFine() {
        Step.YesNo more = new Step.YesNo("more", "ほかにもありますか。", "item", "more", "ほか", List.of(new Branch("no", "confirm")));
        Step item = text("item", "item", "more");
        assertThat(FlowChecks.check(flow("item", item, more, CONFIRM, SUBMIT))).isEmpty();
    }

    @Test
    void reportsAFlowWithoutASubmitStep() {
        Step.Confirm endless = new Step.Confirm("confirm", "確かめてください。", "name", null);
        assertThat(FlowChecks.check(flow("name", text("name", "name", "confirm"), endless)))
                .anySatisfy(p -> {
                    assertThat(p.stepId()).isNull();
                    assertThat(p.message()).contains("submit").contains("ありません");
                });
    }

    @Test
    void reportsAFirstStepThatDoesNotExist() {
        assertThat(FlowChecks.check(flow("start", text("name", "name", "confirm"), CONFIRM, SUBMIT)))
                .anySatisfy(p -> assertThat(p.message()).contains("最初のステップ「start」がありません"));
    }

    @Test
    void reportsDuplicateStepIds() {
        assertThat(FlowChecks.check(flow("name", text("name", "name", "confirm"), text("name", "other", "confirm"), CONFIRM, SUBMIT)))
                .anySatisfy(p -> {
                    assertThat(p.stepId()).isEqualTo("name");
                    assertThat(p.message()).contains("ステップID「name」が重複しています");
                });
    }

    @Test
    void reportsDuplicateFieldNames() {
        assertThat(FlowChecks.check(flow("a", text("a", "name", "b"), text("b", "name", "confirm"), CONFIRM, SUBMIT)))
                .singleElement().satisfies(p -> {
                    assertThat(p.stepId()).isEqualTo("b");
                    assertThat(p.message()).contains("項目名「name」がほかのステップと重複しています");
                });
    }

    @Test
    void reportsAnEmptyPrompt() {
        Step blank = new Step.Text("name", " ", "confirm", "name", "名前", null, null, null, null, null);
        assertThat(FlowChecks.check(flow("name", blank, CONFIRM, SUBMIT))).singleElement()
                .satisfies(p -> {
                    assertThat(p.stepId()).isEqualTo("name");
                    assertThat(p.message()).contains("表示する文(prompt)が空です");
                });
    }

    @Test
    void reportsMoreThanElevenQuickReplyOptions() {
        Step tooMany = choice(12, ChoiceDisplay.QUICK_REPLY);
        assertThat(FlowChecks.check(flow("pick", tooMany, CONFIRM, SUBMIT))).singleElement()
                .satisfies(p -> {
                    assertThat(p.stepId()).isEqualTo("pick");
                    assertThat(p.message()).contains("11つまで").contains("今は12つ");
                });
        assertThat(FlowChecks.check(flow("pick", choice(11, ChoiceDisplay.QUICK_REPLY), CONFIRM, SUBMIT))).isEmpty();
    }

    @Test
    void reportsMoreThanFourButtons() {
        assertThat(FlowChecks.check(flow("pick", choice(5, ChoiceDisplay.BUTTONS), CONFIRM, SUBMIT))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("ボタン表示の選択肢は4つまで"));
        assertThat(FlowChecks.check(flow("pick", choice(4, ChoiceDisplay.BUTTONS), CONFIRM, SUBMIT))).isEmpty();
    }

    @Test
    void reportsMoreThanTenMultiChoiceOptions() {
        List<Option> options = options(11);
        Step multi = new Step.MultiChoice("pick", "選んでください。", "confirm", "pick", "選択", options, 1, 3);
        assertThat(FlowChecks.check(flow("pick", multi, CONFIRM, SUBMIT))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("複数選択の選択肢は10つまで"));
    }

    @Test
    void reportsAnOptionLabelTooLongForLine() {
        Step pick = new Step.SingleChoice("pick", "選んでください。", "confirm", "pick", "選択",
                List.of(new Option("a", "あ".repeat(21))), null, null);
        assertThat(FlowChecks.check(flow("pick", pick, CONFIRM, SUBMIT))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("20文字まで"));
    }

    @Test
    void reportsABranchOnAnAnswerNoOptionGives() {
        Step pick = new Step.SingleChoice("pick", "選んでください。", "confirm", "pick", "選択", options(2), null,
                List.of(new Branch("zzz", "confirm")));
        assertThat(FlowChecks.check(flow("pick", pick, CONFIRM, SUBMIT))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("分岐の回答「zzz」に合う選択肢がありません"));
    }

    @Test
    void reportsTextMinimumAboveMaximum() {
        Step text = new Step.Text("name", "名前は。", "confirm", "name", "名前", 10, 5, null, null, null);
        assertThat(FlowChecks.check(flow("name", text, CONFIRM, SUBMIT))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("最少の文字数(10)が最多の文字数(5)より大きく"));
    }

    @Test
    void reportsAnInvalidPattern() {
        Step text = new Step.Text("code", "番号は。", "confirm", "code", "番号", null, null, "[0-9", null, null);
        assertThat(FlowChecks.check(flow("code", text, CONFIRM, SUBMIT))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("pattern"));
    }

    @Test
    void anOptionalPhotoIsAccepted() {
        Step photo = new Step.Photo("photo", "写真を送ってください。", "confirm", "photos", "写真", 1, 3, false);
        assertThat(FlowChecks.check(flow("photo", photo, CONFIRM, SUBMIT))).isEmpty();
    }

    @Test
    void anOptionalPhotoStillNeedsASoundRangeOfPhotos() {
        Step photo = new Step.Photo("photo", "写真を送ってください。", "confirm", "photos", "写真", 3, 1, false);
        assertThat(FlowChecks.check(flow("photo", photo, CONFIRM, SUBMIT))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("写真の枚数の範囲"));
    }

    @Test
    void reportsNumberMinimumAboveMaximum() {
        Step number = new Step.Number("copies", "何通ですか。", "confirm", "copies", "通数", BigDecimal.TEN, BigDecimal.ONE, null, "通");
        assertThat(FlowChecks.check(flow("copies", number, CONFIRM, SUBMIT))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("最小値(10)が最大値(1)より大きく"));
    }

    @Test
    void reportsAnInvertedDateWindow() {
        Step date = new Step.Date("day", "いつですか。", "confirm", "day", "日", 60, 7);
        assertThat(FlowChecks.check(flow("day", date, CONFIRM, SUBMIT))).singleElement()
                .satisfies(p -> {
                    assertThat(p.stepId()).isEqualTo("day");
                    assertThat(p.message()).contains("日付の範囲が逆");
                });
    }

    @Test
    void reportsMultiChoiceBoundsThatCannotBeMet() {
        Step minAboveMax = new Step.MultiChoice("pick", "選んでください。", "confirm", "pick", "選択", options(3), 3, 2);
        Step maxAboveOptions = new Step.MultiChoice("pick", "選んでください。", "confirm", "pick", "選択", options(3), 1, 4);
        assertThat(FlowChecks.check(flow("pick", minAboveMax, CONFIRM, SUBMIT))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("選べる数の範囲(最少3・最多2)"));
        assertThat(FlowChecks.check(flow("pick", maxAboveOptions, CONFIRM, SUBMIT))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("選択肢の数(3)"));
    }

    @Test
    void reportsAFeeWhoseQuantityQuestionIsMissing() {
        List<FeeItem> fees = List.of(new FeeItem("sofa", "ソファ", 1000, "qtySofa"));
        assertThat(FlowChecks.check(flow("name", text("name", "name", "confirm"), CONFIRM, SUBMIT), fees)).singleElement()
                .satisfies(p -> {
                    assertThat(p.stepId()).isNull();
                    assertThat(p.message()).contains("料金表の品目「ソファ」の数を聞く質問(項目名「qtySofa」)がフローにありません");
                });
    }

    @Test
    void reportsAFeeQuantityQuestionThatIsNotAWholeNumberFromZero() {
        List<FeeItem> fees = List.of(new FeeItem("sofa", "ソファ", 1000, "qtySofa"));
        Step qty = new Step.Number("qty", "ソファはいくつ。", "confirm", "qtySofa", "ソファ", null, BigDecimal.TEN, null, "個");
        assertThat(FlowChecks.check(flow("qty", qty, CONFIRM, SUBMIT), fees)).singleElement()
                .satisfies(p -> assertThat(p.stepId()).isEqualTo("qty"));
        Step good = new Step.Number("qty", "ソファはいくつ。", "confirm", "qtySofa", "ソファ", BigDecimal.ZERO, BigDecimal.TEN, null, "個");
        assertThat(FlowChecks.check(flow("qty", good, CONFIRM, SUBMIT), fees)).isEmpty();
    }

    @Test
    void reportsAFeeTotalShownWithoutAFeeTable() {
        Step total = new Step.Message("total", "合計は {feeTotal} 円です。", "confirm");
        assertThat(FlowChecks.check(flow("total", total, CONFIRM, SUBMIT))).singleElement()
                .satisfies(p -> {
                    assertThat(p.stepId()).isEqualTo("total");
                    assertThat(p.message()).contains("料金表がありません");
                });
    }

    @Test
    void reportsDuplicateFeeCodes() {
        Step qty = new Step.Number("qty", "いくつ。", "confirm", "qty", "数", BigDecimal.ZERO, BigDecimal.TEN, null, "個");
        List<FeeItem> fees = List.of(new FeeItem("sofa", "ソファ", 1000, "qty"), new FeeItem("sofa", "大きいソファ", 2000, "qty"));
        assertThat(FlowChecks.check(flow("qty", qty, CONFIRM, SUBMIT), fees)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("品目コード「sofa」が重複"));
    }

    @Test
    void anEmptyFlowSaysWhatToAdd() {
        assertThat(FlowChecks.check(new FlowDefinition("p", 0, "t", null, List.of()))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("ステップがありません"));
    }

    private static FlowDefinition flow(String first, Step... steps) {
        return new FlowDefinition("test", 0, "テスト", first, List.of(steps));
    }

    private static Step text(String id, String field, String next) {
        return new Step.Text(id, field + "を入力してください。", next, field, field, null, 40, null, null, null);
    }

    private static Step choice(int count, ChoiceDisplay display) {
        return new Step.SingleChoice("pick", "選んでください。", "confirm", "pick", "選択", options(count), display, null);
    }

    private static List<Option> options(int count) {
        List<Option> options = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            options.add(new Option("o" + i, "選択肢" + i));
        }
        return options;
    }
}
