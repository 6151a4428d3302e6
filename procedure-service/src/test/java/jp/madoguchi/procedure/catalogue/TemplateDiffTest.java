package jp.madoguchi.procedure.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import jp.madoguchi.platform.flow.ChoiceDisplay;
import jp.madoguchi.platform.flow.Option;
import jp.madoguchi.platform.flow.Step;
import jp.madoguchi.procedure.catalogue.TemplateDiff.Change;
import jp.madoguchi.procedure.catalogue.TemplateDiff.Kind;
import jp.madoguchi.procedure.definition.FeeItem;
import jp.madoguchi.procedure.definition.ProcedureDocument;
import org.junit.jupiter.api.Test;

/** The difference between two template versions, as a town that imported one reads it. */
class TemplateDiffTest {

    private static final Step INTRO = new Step.Message("intro", "水道の手続きです。", "kind");
    private static final Step KIND = new Step.SingleChoice("kind", "どちらですか。", "phone", "kind", "種別",
            List.of(new Option("start", "開始"), new Option("stop", "中止")), ChoiceDisplay.QUICK_REPLY, List.of());
    private static final Step PHONE = new Step.Text("phone", "電話番号を入力してください。", "done", "phone", "電話番号", 10, 13, null, null, null);
    private static final Step DONE = new Step.Submit("done", "受け付けました。");

    private static ProcedureDocument doc(String title, List<FeeItem> fees, String first, Step... steps) {
        return new ProcedureDocument("water", title, "説明", fees, first, List.of(steps));
    }

    @Test
    void identicalVersionsHaveNoDifference() {
        assertThat(TemplateDiff.between(doc("水道", List.of(), "intro", INTRO, KIND, PHONE, DONE),
                doc("水道", List.of(), "intro", INTRO, KIND, PHONE, DONE))).isEmpty();
    }

    @Test
    void anAddedStepIsNamedWithTheBeginningOfItsPrompt() {
        Step email = new Step.Text("email", "メールアドレスを入力してください（任意）。", "done", "email", "メール", null, null, null, null, false);
        Step phone = new Step.Text("phone", "電話番号を入力してください。", "email", "phone", "電話番号", 10, 13, null, null, null);
        List<Change> changes = TemplateDiff.between(doc("水道", List.of(), "intro", INTRO, KIND, PHONE, DONE),
                doc("水道", List.of(), "intro", INTRO, KIND, phone, email, DONE));
        assertThat(changes).extracting(Change::kind, Change::stepId).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.CHANGED, "phone"), org.assertj.core.groups.Tuple.tuple(Kind.ADDED, "email"));
        assertThat(changes.get(0).fields()).containsExactly("次のステップ");
        assertThat(changes.get(0).text()).isEqualTo("ステップ「phone」の次のステップを変更しました。");
        assertThat(changes.get(1).text()).isEqualTo("ステップ「email」を追加しました（「メールアドレスを入力してください（任意）…」）。");
    }

    @Test
    void aRemovedStepIsListedAfterTheOthers() {
        Step kind = new Step.SingleChoice("kind", "どちらですか。", "done", "kind", "種別",
                List.of(new Option("start", "開始"), new Option("stop", "中止")), ChoiceDisplay.QUICK_REPLY, List.of());
        List<Change> changes = TemplateDiff.between(doc("水道", List.of(), "intro", INTRO, KIND, PHONE, DONE),
                doc("水道", List.of(), "intro", INTRO, kind, DONE));
        assertThat(changes).extracting(Change::text).containsExactly(
                "ステップ「kind」の次のステップを変更しました。", "ステップ「phone」を削除しました（「電話番号を入力してください。」）。");
        assertThat(changes.get(1).kind()).isEqualTo(Kind.REMOVED);
    }

    @Test
    void aChangedStepSaysWhichFieldsChangedInJapanese() {
        Step kind = new Step.SingleChoice("kind", "開始と中止のどちらですか。", "phone", "kind", "種別",
                List.of(new Option("start", "使用開始"), new Option("stop", "中止")), ChoiceDisplay.BUTTONS, List.of());
        List<Change> changes = TemplateDiff.between(doc("水道", List.of(), "intro", INTRO, KIND, PHONE, DONE),
                doc("水道", List.of(), "intro", INTRO, kind, PHONE, DONE));
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).fields()).containsExactly("文言", "選択肢", "選択肢の表示方法");
        assertThat(changes.get(0).text()).isEqualTo("ステップ「kind」の文言、選択肢、選択肢の表示方法を変更しました。");
    }

    @Test
    void aStepThatChangedItsKindSaysSo() {
        Step kind = new Step.Text("kind", "どちらですか。", "phone", "kind", "種別", null, null, null, null, null);
        List<Change> changes = TemplateDiff.between(doc("水道", List.of(), "intro", INTRO, KIND, PHONE, DONE),
                doc("水道", List.of(), "intro", INTRO, kind, PHONE, DONE));
        assertThat(changes.get(0).fields()).startsWith("種類").contains("選択肢");
    }

    @Test
    void equalNumbersWrittenDifferentlyAreNoChange() {
        Step a = new Step.Number("qty", "いくつですか。", "done", "qty", "数", new BigDecimal("1"), new BigDecimal("5"), null, null);
        Step b = new Step.Number("qty", "いくつですか。", "done", "qty", "数", new BigDecimal("1.0"), new BigDecimal("5"), null, null);
        assertThat(TemplateDiff.between(doc("t", List.of(), "qty", a, DONE), doc("t", List.of(), "qty", b, DONE))).isEmpty();
    }

    @Test
    void theTitleFeesAndFirstStepAreChangesOfTheWholeProcedure() {
        List<Change> changes = TemplateDiff.between(doc("水道", List.of(), "intro", INTRO, KIND, PHONE, DONE),
                doc("水道の手続き", List.of(new FeeItem("open", "開栓", 500, "qty")), "kind", INTRO, KIND, PHONE, DONE));
        List<String> texts = new ArrayList<>(changes.stream().map(Change::text).toList());
        assertThat(texts).containsExactly("題名を変更しました。", "料金表を変更しました。", "最初のステップを変更しました。");
        assertThat(changes).allSatisfy(c -> assertThat(c.stepId()).isNull());
    }
}
