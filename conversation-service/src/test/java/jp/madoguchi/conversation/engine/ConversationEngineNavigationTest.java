package jp.madoguchi.conversation.engine;

import static jp.madoguchi.conversation.engine.EngineFixtures.quickLabels;
import static jp.madoguchi.conversation.engine.EngineFixtures.text;
import static jp.madoguchi.conversation.engine.EngineFixtures.waterStart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import jp.madoguchi.conversation.engine.ConversationState.Status;
import jp.madoguchi.conversation.engine.EngineFixtures.Resident;
import jp.madoguchi.conversation.engine.Turn.Outcome;
import jp.madoguchi.platform.flow.ChoiceDisplay;
import jp.madoguchi.platform.flow.FlowDefinition;
import jp.madoguchi.platform.flow.Step;
import org.junit.jupiter.api.Test;

/** Branches, 戻る / やめる / はじめから / 修正する, a long pause, and the version a conversation is pinned to. */
class ConversationEngineNavigationTest {

    private static Resident atPayment() {
        Resident resident = new Resident(waterStart(1));
        resident.send(ResidentInput.DateTime.of(LocalDate.of(2026, 4, 10)));
        resident.text("苫前町字旭37番地");
        return resident;
    }

    private static Resident atSummaryPayingBy(String payment) {
        Resident resident = atPayment();
        resident.tap(payment);
        if (payment.equals("account")) {
            resident.text("留萌信用金庫");
        }
        resident.text("0164-64-2211");
        assertThat(resident.lastReply()).isInstanceOf(Reply.Summary.class);
        return resident;
    }

    @Test
    void aChoiceWithABranchGoesToTheBranchesStep() {
        Resident resident = atPayment();

        assertThat(resident.tap("account").state().currentStepId()).isEqualTo("bank");
    }

    @Test
    void aChoiceWithoutABranchFollowsNext() {
        Resident resident = atPayment();

        assertThat(resident.tap("slip").state().currentStepId()).isEqualTo("phone");
    }

    @Test
    void yesNoBranchesOnNo() {
        FlowDefinition flow = new FlowDefinition("car", 1, "t", "car", List.of(
                new Step.YesNo("car", "車で運べますか？", "when", "car", "運搬", List.of(new jp.madoguchi.platform.flow.Branch(Step.YesNo.NO, "pickup"))),
                new Step.Text("pickup", "取りに行く場所は？", "when", "pickup", "場所", null, null, null, null, null),
                new Step.Date("when", "いつですか？", "done", "when", "日", 1, 30),
                new Step.Submit("done", "受け付けました。")));

        assertThat(new Resident(flow).tap(Step.YesNo.NO).state().currentStepId()).isEqualTo("pickup");
        assertThat(new Resident(flow).tap(Step.YesNo.YES).state().currentStepId()).isEqualTo("when");
    }

    @Test
    void backReturnsToThePreviousQuestionSkippingMessages() {
        Resident resident = atPayment();

        Turn back = resident.tap(ResidentInput.BACK);

        assertThat(back.outcome()).isEqualTo(Outcome.CONTINUE);
        assertThat(back.state().currentStepId()).isEqualTo("address");
        assertThat(text(back.replies().get(0))).isEqualTo("住所を入力してください。");
        Turn backAgain = resident.tap(ResidentInput.BACK);
        assertThat(backAgain.state().currentStepId()).isEqualTo("startDate");
        assertThat(backAgain.replies()).hasSize(1).first().isInstanceOf(Reply.AskDate.class);
    }

    @Test
    void backFromABranchReturnsToTheChoiceThatLedThere() {
        Resident resident = atPayment();
        resident.tap("account");

        assertThat(resident.tap(ResidentInput.BACK).state().currentStepId()).isEqualTo("payment");
    }

    @Test
    void backAtTheFirstQuestionStaysAndSaysSo() {
        Resident resident = new Resident(waterStart(1));
        ConversationState before = resident.state;

        Turn turn = resident.send(new ResidentInput.Back());

        assertThat(turn.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(turn.replies().get(0)).isEqualTo(new Reply.Say("これより前には戻れません。"));
        assertThat(turn.state().currentStepId()).isEqualTo(before.currentStepId());
    }

    @Test
    void typedCommandWordsCountAsCommandsEvenInFullWidthOrWithSpaces() {
        Resident resident = atPayment();

        assertThat(resident.text(" 戻る ").state().currentStepId()).isEqualTo("address");
        assertThat(resident.text("もどる").state().currentStepId()).isEqualTo("startDate");
        assertThat(resident.text("やめる").outcome()).isEqualTo(Outcome.CANCELLED);
    }

    @Test
    void aChangedAnswerAfterBackReplacesTheOldOne() {
        Resident resident = atPayment();
        resident.tap("account");
        resident.tap(ResidentInput.BACK);
        resident.tap("slip");
        resident.text("0164-64-2211");

        Turn done = resident.tap(ResidentInput.CONFIRM);

        assertThat(done.answers()).containsEntry("paymentMethod", new Answer.Choice("slip", "納付書"));
        assertThat(done.answers()).doesNotContainKey("bankName");
    }

    @Test
    void cancelEndsTheConversationPolitely() {
        Resident resident = atPayment();

        Turn cancelled = resident.tap(ResidentInput.CANCEL);

        assertThat(cancelled.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(cancelled.state().status()).isEqualTo(Status.CANCELLED);
        assertThat(cancelled.replies()).containsExactly(new Reply.Say("手続きをやめました。またいつでも始められます。"));
        assertThat(cancelled.answers()).isEmpty();
    }

    @Test
    void inputAfterCancellingIsNotTakenAsAnAnswer() {
        Resident resident = atPayment();
        resident.tap(ResidentInput.CANCEL);

        Turn turn = resident.tap("slip");

        assertThat(turn.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(turn.state().status()).isEqualTo(Status.CANCELLED);
        assertThat(turn.state().answers()).doesNotContainKey("paymentMethod");
    }

    @Test
    void restartForgetsTheAnswersAndAsksTheFirstQuestionAgain() {
        Resident resident = atPayment();

        Turn restarted = resident.text("はじめから");

        assertThat(restarted.outcome()).isEqualTo(Outcome.CONTINUE);
        assertThat(restarted.state().answers()).isEmpty();
        assertThat(restarted.state().history()).isEmpty();
        assertThat(restarted.state().currentStepId()).isEqualTo("startDate");
        assertThat(restarted.replies()).extracting(EngineFixtures::text)
                .containsExactly("はじめからやり直します。", "水道の使用開始の申し込みです。", "使い始める日を選んでください。");
    }

    @Test
    void editFromTheSummaryAsksThatQuestionThenReturnsToTheSummary() {
        Resident resident = atSummaryPayingBy("slip");

        Turn editing = resident.tap(ResidentInput.editPostback("address"));
        assertThat(editing.state().currentStepId()).isEqualTo("address");
        assertThat(text(editing.replies().get(0))).startsWith("「住所」を修正します。");
        Turn back = resident.text("苫前町字古丹別100番地");

        Reply.Summary summary = (Reply.Summary) back.replies().get(0);
        assertThat(back.state().currentStepId()).isEqualTo("confirm");
        assertThat(summary.lines()).contains(new Reply.SummaryLine("address", "住所", "苫前町字古丹別100番地"));
        assertThat(summary.lines()).extracting(Reply.SummaryLine::field).containsExactly("startDate", "address", "paymentMethod", "phone");
        assertThat(resident.tap(ResidentInput.CONFIRM).answers()).containsEntry("address", new Answer.Text("苫前町字古丹別100番地"));
    }

    @Test
    void backWhileEditingReturnsToTheSummaryWithTheOldAnswer() {
        Resident resident = atSummaryPayingBy("slip");
        resident.send(new ResidentInput.Edit("address"));

        Turn back = resident.tap(ResidentInput.BACK);

        assertThat(back.state().currentStepId()).isEqualTo("confirm");
        assertThat(back.state().returnTo()).isNull();
        assertThat(((Reply.Summary) back.replies().get(0)).lines())
                .contains(new Reply.SummaryLine("address", "住所", "苫前町字旭37番地"));
    }

    @Test
    void editingAChoiceOntoAnotherBranchAsksTheNewBranchesQuestionsBeforeTheSummary() {
        Resident resident = atSummaryPayingBy("slip");
        resident.send(new ResidentInput.Edit("paymentMethod"));

        assertThat(resident.tap("account").state().currentStepId()).isEqualTo("bank");
        assertThat(resident.text("留萌信用金庫").state().currentStepId()).isEqualTo("phone");
        Turn summary = resident.text("0164-64-2211");

        assertThat(((Reply.Summary) summary.replies().get(0)).lines()).extracting(Reply.SummaryLine::field)
                .containsExactly("startDate", "address", "paymentMethod", "bankName", "phone");
    }

    @Test
    void editingAChoiceOffABranchDropsThatBranchesAnswers() {
        Resident resident = atSummaryPayingBy("account");
        resident.send(new ResidentInput.Edit("paymentMethod"));
        resident.tap("slip");
        resident.text("0164-64-2211");

        Turn done = resident.tap(ResidentInput.CONFIRM);

        assertThat(done.answers()).containsOnlyKeys("startDate", "address", "paymentMethod", "phone");
    }

    @Test
    void editIsOnlyOfferedFromTheSummary() {
        Resident resident = atPayment();

        Turn turn = resident.send(new ResidentInput.Edit("startDate"));

        assertThat(turn.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(turn.state().currentStepId()).isEqualTo("payment");
    }

    @Test
    void afterALongPauseTheEngineOffersToResumeInsteadOfTakingTheInput() {
        Resident resident = atPayment();

        Turn turn = resident.later(Duration.ofMinutes(31)).tap("slip");

        assertThat(turn.outcome()).isEqualTo(Outcome.CONTINUE);
        assertThat(turn.state().status()).isEqualTo(Status.EXPIRED);
        assertThat(turn.state().answers()).doesNotContainKey("paymentMethod");
        assertThat(text(turn.replies().get(0))).contains("前回の続きから始めますか？");
        assertThat(quickLabels(turn.replies().get(0))).containsExactly("はい", "いいえ", "やめる");
    }

    @Test
    void withinTheIdleTimeoutInputIsTakenAsUsual() {
        Resident resident = atPayment();

        assertThat(resident.later(Duration.ofMinutes(29)).tap("slip").state().currentStepId()).isEqualTo("phone");
    }

    @Test
    void resumingAsksTheCurrentQuestionAgainWithTheAnswersKept() {
        Resident resident = atPayment();
        resident.later(Duration.ofHours(2)).tap("slip");

        Turn resumed = resident.tap(ResidentInput.RESUME);

        assertThat(resumed.state().status()).isEqualTo(Status.ACTIVE);
        assertThat(resumed.state().currentStepId()).isEqualTo("payment");
        assertThat(resumed.state().answers()).containsKeys("startDate", "address");
        assertThat(resumed.replies()).extracting(EngineFixtures::text).containsExactly("前回の続きから始めます。", "支払方法を選んでください。");
        assertThat(resident.tap("slip").state().currentStepId()).isEqualTo("phone");
    }

    @Test
    void typingHaiResumesToo() {
        Resident resident = atPayment();
        resident.later(Duration.ofHours(2)).tap("slip");

        assertThat(resident.text("はい").state().status()).isEqualTo(Status.ACTIVE);
    }

    @Test
    void decliningToResumeStartsOver() {
        Resident resident = atPayment();
        resident.later(Duration.ofHours(2)).tap("slip");

        Turn fresh = resident.text("いいえ");

        assertThat(fresh.state().status()).isEqualTo(Status.ACTIVE);
        assertThat(fresh.state().answers()).isEmpty();
        assertThat(fresh.state().currentStepId()).isEqualTo("startDate");
    }

    @Test
    void anythingElseWhileExpiredAsksTheResumeQuestionAgain() {
        Resident resident = atPayment();
        resident.later(Duration.ofHours(2)).tap("slip");

        Turn turn = resident.tap("slip");

        assertThat(turn.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(turn.state().status()).isEqualTo(Status.EXPIRED);
        assertThat(text(turn.replies().get(1))).contains("前回の続きから始めますか？");
    }

    @Test
    void cancelAfterALongPauseCancelsStraightAway() {
        Resident resident = atPayment();

        assertThat(resident.later(Duration.ofHours(2)).text("やめる").outcome()).isEqualTo(Outcome.CANCELLED);
    }

    @Test
    void rejectedInputStillCountsAsActivityForTheIdleTimeout() {
        Resident resident = atPayment();
        resident.later(Duration.ofMinutes(20)).tap("nonsense");

        assertThat(resident.later(Duration.ofMinutes(20)).tap("slip").state().currentStepId()).isEqualTo("phone");
    }

    @Test
    void aConversationStaysOnTheVersionItStartedWith() {
        Resident resident = atPayment();

        assertThat(resident.state.procedureId()).isEqualTo("water-start");
        assertThat(resident.state.version()).isEqualTo(1);
        assertThatThrownBy(() -> resident.engine.handle(waterStart(2), resident.state, new ResidentInput.Choice("slip"), EngineFixtures.NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pinned to water-start v1");
    }

    @Test
    void manyOptionsBecomeButtonsSoQuickRepliesNeverExceedThirteen() {
        FlowDefinition flow = EngineFixtures.afterName(new Step.SingleChoice("district", "地区は？", "done", "district", "地区",
                EngineFixtures.options(12), ChoiceDisplay.QUICK_REPLY, List.of()));
        Resident resident = new Resident(flow);

        Turn asked = resident.text("山田");

        Reply.Buttons buttons = (Reply.Buttons) asked.replies().get(0);
        assertThat(buttons.options()).hasSize(12);
        assertThat(quickLabels(buttons)).containsExactly("戻る", "やめる");
        assertThat(resident.tap("o12").answers()).containsKey("district");
    }

    @Test
    void elevenOptionsAndBothShortcutsStillFitAsQuickReplies() {
        FlowDefinition flow = EngineFixtures.afterName(new Step.SingleChoice("district", "地区は？", "done", "district", "地区",
                EngineFixtures.options(11), ChoiceDisplay.QUICK_REPLY, List.of()));
        Resident resident = new Resident(flow);

        Reply asked = resident.text("山田").replies().get(0);

        assertThat(asked).isInstanceOf(Reply.Ask.class);
        assertThat(asked.quickReplyItems()).isEqualTo(13);
        assertThat(quickLabels(asked)).endsWith("戻る", "やめる");
    }

    @Test
    void multiChoiceWithManyOptionsKeepsDoneAndShortcutsWithinThirteen() {
        FlowDefinition flow = EngineFixtures.afterName(new Step.MultiChoice("items", "品目は？", "done", "items", "品目",
                EngineFixtures.options(11), 1, 5));
        Resident resident = new Resident(flow);

        Reply asked = resident.text("山田").replies().get(0);

        assertThat(asked).isInstanceOf(Reply.Buttons.class);
        assertThat(quickLabels(asked)).containsExactly("選び終わった", "戻る", "やめる");
    }

    @Test
    void theEngineUsesItsClockWhenNoTimeIsGiven() {
        Resident resident = new Resident(waterStart(1));
        ConversationState stale = new ConversationState("water-start", 1, "startDate", java.util.Map.of(), List.of(), null,
                EngineFixtures.NOW.minus(Duration.ofHours(1)), Status.ACTIVE);

        assertThat(resident.engine.handle(waterStart(1), stale, new ResidentInput.Text("4月10日")).state().status())
                .isEqualTo(Status.EXPIRED);
        assertThat(resident.engine.start(waterStart(1)).state().lastActivity()).isEqualTo(EngineFixtures.NOW);
    }
}
