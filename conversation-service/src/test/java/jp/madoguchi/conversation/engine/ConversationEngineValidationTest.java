package jp.madoguchi.conversation.engine;

import static jp.madoguchi.conversation.engine.EngineFixtures.number;
import static jp.madoguchi.conversation.engine.EngineFixtures.single;
import static jp.madoguchi.conversation.engine.EngineFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import jp.madoguchi.conversation.engine.EngineFixtures.Resident;
import jp.madoguchi.conversation.engine.Turn.Outcome;
import jp.madoguchi.platform.flow.FlowDefinition;
import jp.madoguchi.platform.flow.Step;
import org.junit.jupiter.api.Test;

/** Rejected answers: a plain Japanese reason, the question again, and nothing recorded. */
class ConversationEngineValidationTest {

    /** Sends {@code input}, expects it rejected with {@code why}, and the answers, step and history untouched. */
    private static void rejects(Resident resident, ResidentInput input, String why) {
        ConversationState before = resident.state;

        Turn turn = resident.send(input);

        assertThat(turn.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(turn.replies()).hasSize(2);
        assertThat(turn.replies().get(0)).isEqualTo(new Reply.Say(why));
        assertThat(text(turn.replies().get(1))).as("asks the question again").isNotBlank();
        assertThat(turn.state().currentStepId()).isEqualTo(before.currentStepId());
        assertThat(turn.state().answers()).isEqualTo(before.answers());
        assertThat(turn.state().history()).isEqualTo(before.history());
        assertThat(turn.state().status()).isEqualTo(before.status());
    }

    private static Resident textStep(Integer min, Integer max, String pattern, String hint) {
        return new Resident(single(new Step.Text("t", "入力してください。", "done", "t", "項目", min, max, pattern, hint, null)));
    }

    @Test
    void requiredTextRejectsBlankInput() {
        rejects(textStep(null, null, null, null), new ResidentInput.Text("　 "), "入力してください。");
    }

    @Test
    void textShorterThanTheMinimumIsRejected() {
        rejects(textStep(5, null, null, null), new ResidentInput.Text("苫前町"), "5文字以上で入力してください。");
    }

    @Test
    void textLongerThanTheMaximumIsRejectedCountingCharactersNotBytes() {
        Resident resident = textStep(null, 3, null, null);
        rejects(resident, new ResidentInput.Text("あいうえ"), "3文字以内で入力してください。");
        assertThat(resident.text("あいう").outcome()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void textNotMatchingThePatternIsRejectedWithTheFlowsHint() {
        rejects(textStep(null, null, "\\d{3}-?\\d{4}", "郵便番号は「078-3621」のように入力してください。"),
                new ResidentInput.Text("とままえ"), "郵便番号は「078-3621」のように入力してください。");
    }

    @Test
    void textNotMatchingThePatternWithoutAHintGetsAGeneralMessage() {
        rejects(textStep(null, null, "\\d+", null), new ResidentInput.Text("abc"), "入力の形が正しくありません。もう一度入力してください。");
    }

    @Test
    void fullWidthDigitsAndLettersMatchAHalfWidthPattern() {
        Resident resident = textStep(null, null, "[A-Z]{2}\\d{3}", null);

        Turn done = resident.text("ＡＢ１２３");

        assertThat(done.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(done.answers()).containsEntry("t", new Answer.Text("AB123"));
    }

    @Test
    void aPhotoWhereTextIsExpectedIsRejected() {
        rejects(textStep(null, null, null, null), new ResidentInput.Photo("c1"), "文字で入力してください。");
    }

    @Test
    void fullWidthDigitsAreReadAsANumber() {
        Resident resident = new Resident(single(number(BigDecimal.ONE, new BigDecimal("500"), true)));

        assertThat(resident.text("１２３").answers()).containsEntry("count", new Answer.Number(new BigDecimal("123"), "個"));
    }

    @Test
    void fullWidthUnitAndThousandsSeparatorAreAccepted() {
        Resident resident = new Resident(single(new Step.Number("yen", "金額は？", "done", "yen", "金額", null, null, true, "円")));

        assertThat(resident.text("１，２００円").answers()).containsEntry("yen", new Answer.Number(new BigDecimal("1200"), "円"));
    }

    @Test
    void aNumberOutsideTheRangeIsRejectedWithTheRange() {
        rejects(new Resident(single(number(BigDecimal.ONE, BigDecimal.TEN, true))), new ResidentInput.Text("１１"),
                "1個から10個までの数を入力してください。");
    }

    @Test
    void aNumberBelowAMinimumOnlyIsRejected() {
        rejects(new Resident(single(number(BigDecimal.ONE, null, true))), new ResidentInput.Text("0"), "1個以上の数を入力してください。");
    }

    @Test
    void aDecimalIsRejectedWhenOnlyWholeNumbersAreAllowed() {
        rejects(new Resident(single(number(null, null, true))), new ResidentInput.Text("2.5"), "小数点のない数で入力してください。");
    }

    @Test
    void wordsAreRejectedWhereANumberIsExpected() {
        rejects(new Resident(single(number(null, null, true))), new ResidentInput.Text("みっつ"), "数字で入力してください。（例：3）");
    }

    @Test
    void aDateBeforeTheWindowIsRejectedNamingTheWindow() {
        rejects(new Resident(single(new Step.Date("day", "日付は？", "done", "day", "日", 1, 60))),
                ResidentInput.DateTime.of(LocalDate.of(2026, 4, 1)),
                "明日から60日先までの日付を選んでください。（4月2日から5月31日まで）");
    }

    @Test
    void aDateAfterTheWindowIsRejected() {
        rejects(new Resident(single(new Step.Date("day", "日付は？", "done", "day", "日", 1, 60))),
                ResidentInput.DateTime.of(LocalDate.of(2026, 6, 1)),
                "明日から60日先までの日付を選んでください。（4月2日から5月31日まで）");
    }

    @Test
    void theLastDayOfTheWindowIsAccepted() {
        Resident resident = new Resident(single(new Step.Date("day", "日付は？", "done", "day", "日", 1, 60)));

        assertThat(resident.send(ResidentInput.DateTime.of(LocalDate.of(2026, 5, 31))).outcome()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void anUnreadableTypedDateIsRejectedWithAnExample() {
        rejects(new Resident(single(new Step.Date("day", "日付は？", "done", "day", "日", null, null))),
                new ResidentInput.Text("来週のどこか"), "日付は「4月10日」のように入力するか、ボタンから選んでください。");
    }

    @Test
    void anImpossibleTypedDateIsRejected() {
        rejects(new Resident(single(new Step.Date("day", "日付は？", "done", "day", "日", null, null))),
                new ResidentInput.Text("2月30日"), "日付は「4月10日」のように入力するか、ボタンから選んでください。");
    }

    @Test
    void aDateTimeStepNeedsTheTimeToo() {
        rejects(new Resident(single(new Step.DateTime("v", "日時は？", "done", "v", "日時", 1, 30))),
                ResidentInput.DateTime.of(LocalDate.of(2026, 4, 3)), "時間もあわせて選んでください。");
    }

    @Test
    void aChoiceThatIsNotAnOptionIsRejected() {
        rejects(new Resident(single(new Step.SingleChoice("c", "どれ？", "done", "c", "選択", EngineFixtures.options(2), null, List.of()))),
                new ResidentInput.Choice("o9"), "下のボタンから選んでください。");
    }

    @Test
    void typedTextThatIsNoOptionIsRejected() {
        rejects(new Resident(single(new Step.SingleChoice("c", "どれ？", "done", "c", "選択", EngineFixtures.options(2), null, List.of()))),
                new ResidentInput.Text("わからない"), "下のボタンから選んでください。");
    }

    @Test
    void yesNoRejectsAnythingButYesOrNo() {
        rejects(new Resident(single(new Step.YesNo("y", "よいですか？", "done", "y", "確認", List.of()))),
                new ResidentInput.Text("たぶん"), "「はい」か「いいえ」を押してください。");
    }

    @Test
    void multiChoiceRejectsFinishingWithFewerThanTheMinimum() {
        Resident resident = new Resident(single(new Step.MultiChoice("m", "選んでください。", "done", "m", "品目", EngineFixtures.options(4), 2, 3)));
        resident.tap("o1");

        rejects(resident, new ResidentInput.Choice(ResidentInput.DONE), "少なくとも2つ選んでください。");
    }

    @Test
    void multiChoiceRejectsSelectingMoreThanTheMaximum() {
        Resident resident = new Resident(single(new Step.MultiChoice("m", "選んでください。", "done", "m", "品目", EngineFixtures.options(4), 1, 2)));
        resident.tap("o1");
        resident.tap("o2");

        rejects(resident, new ResidentInput.Choice("o3"),
                "選べるのは2つまでです。ほかを選ぶときは、選んだものをもう一度押して外してください。");
        assertThat(resident.state.answers().get("m")).isEqualTo(new Answer.Choices(List.of("o1", "o2"), List.of("選択肢1", "選択肢2")));
    }

    @Test
    void photoRejectsFinishingBeforeTheMinimumIsSent() {
        Resident resident = new Resident(single(new Step.Photo("p", "写真を送ってください。", "done", "photos", "写真", 2, 3)));
        resident.send(new ResidentInput.Photo("c1"));

        rejects(resident, new ResidentInput.Choice(ResidentInput.DONE), "写真を2枚以上送ってください。");
    }

    @Test
    void photoStepRejectsText() {
        rejects(new Resident(single(new Step.Photo("p", "写真を送ってください。", "done", "photos", "写真", 1, 1))),
                new ResidentInput.Text("あとで送ります"), "写真を送ってください。");
    }

    @Test
    void locationStepRejectsAPhoto() {
        rejects(new Resident(single(new Step.Location("l", "場所は？", "done", "where", "場所"))),
                new ResidentInput.Photo("c1"), "下の「位置情報」ボタンから場所を送るか、住所を入力してください。");
    }

    @Test
    void theSummaryRejectsAnythingButConfirmOrEdit() {
        FlowDefinition flow = EngineFixtures.waterStart(1);
        Resident resident = new Resident(flow);
        resident.send(ResidentInput.DateTime.of(LocalDate.of(2026, 4, 10)));
        resident.text("苫前町字旭37番地");
        resident.tap("slip");
        resident.text("0164-64-2211");

        rejects(resident, new ResidentInput.Text("うーん"),
                "内容がよければ「この内容で申し込む」を、直すときは直したい項目の「修正する」を押してください。");
        assertThat(resident.lastReply()).isInstanceOf(Reply.Summary.class);
    }
}
