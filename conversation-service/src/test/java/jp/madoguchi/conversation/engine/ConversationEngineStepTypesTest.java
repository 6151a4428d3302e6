package jp.madoguchi.conversation.engine;

import static jp.madoguchi.conversation.engine.EngineFixtures.TODAY;
import static jp.madoguchi.conversation.engine.EngineFixtures.quickLabels;
import static jp.madoguchi.conversation.engine.EngineFixtures.single;
import static jp.madoguchi.conversation.engine.EngineFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import jp.madoguchi.conversation.engine.EngineFixtures.Resident;
import jp.madoguchi.conversation.engine.Turn.Outcome;
import jp.madoguchi.platform.flow.ChoiceDisplay;
import jp.madoguchi.platform.flow.FlowDefinition;
import jp.madoguchi.platform.flow.Option;
import jp.madoguchi.platform.flow.Step;
import org.junit.jupiter.api.Test;

/** Each kind of step: what the resident is shown and what a good answer records. */
class ConversationEngineStepTypesTest {

    @Test
    void messageStepsAreSaidAndPassedWithoutWaiting() {
        Resident resident = new Resident(EngineFixtures.waterStart(1));

        assertThat(resident.last.replies()).hasSize(2);
        assertThat(resident.last.replies().get(0)).isEqualTo(new Reply.Say("水道の使用開始の申し込みです。"));
        assertThat(resident.lastReply()).isInstanceOf(Reply.AskDate.class);
        assertThat(resident.state.currentStepId()).isEqualTo("startDate");
        assertThat(resident.last.outcome()).isEqualTo(Outcome.CONTINUE);
    }

    @Test
    void singleChoiceOffersItsOptionsAsQuickRepliesAndRecordsValueAndLabel() {
        Resident resident = new Resident(single(new Step.SingleChoice("kind", "種類は？", "done", "kind", "種類",
                List.of(new Option("burn", "燃やすごみ"), new Option("bulky", "粗大ごみ")), ChoiceDisplay.QUICK_REPLY, List.of())));

        assertThat(resident.lastReply()).isEqualTo(new Reply.Ask("種類は？", List.of(
                new Reply.QuickOption("燃やすごみ", "burn"), new Reply.QuickOption("粗大ごみ", "bulky"),
                new Reply.QuickOption("やめる", ResidentInput.CANCEL))));

        Turn done = resident.tap("bulky");

        assertThat(done.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(done.answers()).containsEntry("kind", new Answer.Choice("bulky", "粗大ごみ"));
    }

    @Test
    void singleChoiceAcceptsTheTypedLabelToo() {
        Resident resident = new Resident(single(new Step.SingleChoice("kind", "種類は？", "done", "kind", "種類",
                List.of(new Option("burn", "燃やすごみ"), new Option("bulky", "粗大ごみ")), null, List.of())));

        assertThat(resident.text(" 粗大ごみ ").answers()).containsEntry("kind", new Answer.Choice("bulky", "粗大ごみ"));
    }

    @Test
    void singleChoiceShownAsButtonsKeepsOnlyTheShortcutsAsQuickReplies() {
        Resident resident = new Resident(single(new Step.SingleChoice("kind", "種類は？", "done", "kind", "種類",
                EngineFixtures.options(3), ChoiceDisplay.BUTTONS, List.of())));

        Reply.Buttons buttons = (Reply.Buttons) resident.lastReply();
        assertThat(buttons.options()).extracting(Reply.QuickOption::value).containsExactly("o1", "o2", "o3");
        assertThat(quickLabels(buttons)).containsExactly("やめる");
    }

    @Test
    void yesNoOffersHaiAndIieAndRecordsABoolean() {
        Resident resident = new Resident(single(new Step.YesNo("car", "車で運べますか？", "done", "car", "運搬", List.of())));

        assertThat(quickLabels(resident.lastReply())).containsExactly("はい", "いいえ", "やめる");
        assertThat(resident.tap(Step.YesNo.NO).answers()).containsEntry("car", new Answer.YesNo(false));
    }

    @Test
    void yesNoAcceptsTypedHai() {
        Resident resident = new Resident(single(new Step.YesNo("car", "車で運べますか？", "done", "car", "運搬", List.of())));

        assertThat(resident.text("はい").answers()).containsEntry("car", new Answer.YesNo(true));
    }

    @Test
    void multiChoiceTogglesSelectionsUntilTheResidentSaysTheyAreDone() {
        Resident resident = new Resident(single(new Step.MultiChoice("items", "出すものは？", "done", "items", "品目",
                EngineFixtures.options(4), 1, 3)));
        assertThat(text(resident.lastReply())).isEqualTo("出すものは？（3つまで選べます）");

        resident.tap("o3");
        Turn second = resident.tap("o1");
        assertThat(text(second.replies().get(0))).startsWith("いま選んでいるもの：選択肢1、選択肢3");
        assertThat(quickLabels(second.replies().get(0))).contains("✓選択肢1", "選択肢2", "✓選択肢3", "選び終わった");
        resident.tap("o3");
        Turn done = resident.tap(ResidentInput.DONE);

        assertThat(done.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(done.answers()).containsEntry("items", new Answer.Choices(List.of("o1"), List.of("選択肢1")));
    }

    @Test
    void textIsStoredNormalisedAndTrimmed() {
        Resident resident = new Resident(single(new Step.Text("name", "お名前は？", "done", "name", "氏名", null, 30, null, null, null)));

        assertThat(resident.text("　ﾔﾏﾀﾞ　ﾀﾛｳ ").answers()).containsEntry("name", new Answer.Text("ヤマダ タロウ"));
    }

    @Test
    void optionalTextCanBeSkippedWithAQuickReply() {
        Resident resident = new Resident(single(new Step.Text("note", "ほかに伝えたいことは？", "done", "note", "備考", null, 200, null, null, false)));
        assertThat(quickLabels(resident.lastReply())).containsExactly("入力しない", "やめる");

        Turn done = resident.tap(ResidentInput.SKIP);

        assertThat(done.answers()).containsEntry("note", new Answer.Text(""));
        assertThat(done.answers().get("note").display()).isEqualTo("（入力なし）");
    }

    @Test
    void numberAcceptsAUnitSuffixAndRecordsAWholeNumber() {
        Resident resident = new Resident(single(EngineFixtures.number(BigDecimal.ONE, BigDecimal.TEN, true)));

        Turn done = resident.text("3個");

        assertThat(done.answers()).containsEntry("count", new Answer.Number(new BigDecimal("3"), "個"));
        assertThat(done.answers().get("count").display()).isEqualTo("3個");
    }

    @Test
    void numberAllowsDecimalsWhenNotIntegerOnly() {
        Resident resident = new Resident(single(new Step.Number("kg", "重さは？", "done", "kg", "重さ", null, null, false, "kg")));

        assertThat(resident.text("2.5").answers()).containsEntry("kg", new Answer.Number(new BigDecimal("2.5"), "kg"));
    }

    @Test
    void dateAsksWithAPickerBoundedByTheRelativeWindowInTokyo() {
        Resident resident = new Resident(single(new Step.Date("day", "日付は？", "done", "day", "収集日", 1, 60)));

        assertThat(resident.lastReply()).isEqualTo(new Reply.AskDate("日付は？", TODAY.plusDays(1), TODAY.plusDays(60), false,
                List.of(new Reply.QuickOption("やめる", ResidentInput.CANCEL))));
        Turn done = resident.send(ResidentInput.DateTime.of(LocalDate.of(2026, 4, 10)));

        assertThat(done.answers()).containsEntry("day", new Answer.Date(LocalDate.of(2026, 4, 10)));
        assertThat(done.answers().get("day").display()).isEqualTo("2026年4月10日（金）");
    }

    @Test
    void todayIsTheTokyoDateEvenWhileItIsStillYesterdayInUtc() {
        // 2026-03-31T15:30Z is already 2026-04-01 00:30 in Tokyo
        ConversationEngine engine = new ConversationEngine(java.time.Clock.systemUTC(), EngineFixtures.IDLE);
        Turn started = engine.start(single(new Step.Date("day", "日付は？", "done", "day", "日", 0, 0)),
                java.time.Instant.parse("2026-03-31T15:30:00Z"));

        assertThat(((Reply.AskDate) started.replies().get(0)).min()).isEqualTo(LocalDate.of(2026, 4, 1));
    }

    @Test
    void dateAcceptsATypedDateWithFullWidthDigits() {
        Resident resident = new Resident(single(new Step.Date("day", "日付は？", "done", "day", "収集日", 1, 60)));

        assertThat(resident.text("４月１０日").answers()).containsEntry("day", new Answer.Date(LocalDate.of(2026, 4, 10)));
    }

    @Test
    void dateTimeRecordsTheDateAndTimePicked() {
        Resident resident = new Resident(single(new Step.DateTime("visit", "訪問日時は？", "done", "visit", "訪問日時", 1, 30)));
        assertThat(((Reply.AskDate) resident.lastReply()).withTime()).isTrue();

        Turn done = resident.send(ResidentInput.DateTime.of(LocalDateTime.of(2026, 4, 3, 10, 30)));

        assertThat(done.answers()).containsEntry("visit", new Answer.DateTime(LocalDateTime.of(2026, 4, 3, 10, 30)));
        assertThat(done.answers().get("visit").display()).isEqualTo("2026年4月3日（金） 10時30分");
    }

    @Test
    void dateTimeAcceptsATypedDateAndTime() {
        Resident resident = new Resident(single(new Step.DateTime("visit", "訪問日時は？", "done", "visit", "訪問日時", 1, 30)));

        assertThat(resident.text("2026/4/3 14:00").answers())
                .containsEntry("visit", new Answer.DateTime(LocalDateTime.of(LocalDate.of(2026, 4, 3), LocalTime.of(14, 0))));
    }

    @Test
    void locationRecordsCoordinatesAndAddress() {
        Resident resident = new Resident(single(new Step.Location("where", "場所を送ってください。", "done", "where", "場所")));
        assertThat(resident.lastReply()).isInstanceOf(Reply.AskLocation.class);

        Turn done = resident.send(new ResidentInput.Location(44.30, 141.65, "苫前町字旭３７"));

        assertThat(done.answers()).containsEntry("where", new Answer.Location(44.30, 141.65, "苫前町字旭37"));
    }

    @Test
    void locationAcceptsATypedAddressForResidentsWhoCannotShareOne() {
        Resident resident = new Resident(single(new Step.Location("where", "場所を送ってください。", "done", "where", "場所")));

        assertThat(resident.text("苫前町字旭37").answers()).containsEntry("where", new Answer.Location(null, null, "苫前町字旭37"));
    }

    @Test
    void photoCollectsUpToTheMaximumThenMovesOn() {
        Resident resident = new Resident(single(new Step.Photo("photo", "写真を送ってください。", "done", "photos", "写真", 1, 3)));
        assertThat(resident.lastReply()).isEqualTo(new Reply.AskPhoto("写真を送ってください。", 3,
                List.of(new Reply.QuickOption("やめる", ResidentInput.CANCEL))));

        Turn first = resident.send(new ResidentInput.Photo("c1"));
        assertThat(first.outcome()).isEqualTo(Outcome.CONTINUE);
        assertThat(((Reply.AskPhoto) first.replies().get(0)).remaining()).isEqualTo(2);
        assertThat(quickLabels(first.replies().get(0))).contains("送り終わった");
        resident.send(new ResidentInput.Photo("c2"));
        Turn third = resident.send(new ResidentInput.Photo("c3"));

        assertThat(third.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(third.answers()).containsEntry("photos", new Answer.Photos(List.of("c1", "c2", "c3")));
    }

    @Test
    void photoCanFinishEarlyOnceTheMinimumIsSent() {
        Resident resident = new Resident(single(new Step.Photo("photo", "写真を送ってください。", "done", "photos", "写真", 1, 3)));
        resident.send(new ResidentInput.Photo("c1"));

        Turn done = resident.tap(ResidentInput.DONE);

        assertThat(done.answers()).containsEntry("photos", new Answer.Photos(List.of("c1")));
        assertThat(done.answers().get("photos").display()).isEqualTo("写真1枚");
    }

    @Test
    void confirmShowsASummaryLineForEachAnswerInTheOrderAsked() {
        Resident resident = new Resident(EngineFixtures.waterStart(1));
        resident.send(ResidentInput.DateTime.of(LocalDate.of(2026, 4, 10)));
        resident.text("苫前町字旭37番地");
        resident.tap("slip");
        Turn summary = resident.text("0164-64-2211");

        Reply.Summary shown = (Reply.Summary) summary.replies().get(0);
        assertThat(shown.title()).isEqualTo("入力した内容を確認してください。");
        assertThat(shown.confirmLabel()).isEqualTo("この内容で申し込む");
        assertThat(shown.lines()).containsExactly(
                new Reply.SummaryLine("startDate", "開始日", "2026年4月10日（金）"),
                new Reply.SummaryLine("address", "住所", "苫前町字旭37番地"),
                new Reply.SummaryLine("paymentMethod", "支払方法", "納付書"),
                new Reply.SummaryLine("phone", "電話番号", "0164-64-2211"));
        assertThat(quickLabels(shown)).containsExactly("戻る", "やめる");
    }

    @Test
    void submitCompletesWithTheCompletionMessageAndEveryAnswer() {
        Resident resident = new Resident(EngineFixtures.waterStart(1));
        resident.send(ResidentInput.DateTime.of(LocalDate.of(2026, 4, 10)));
        resident.text("苫前町字旭37番地");
        resident.tap("account");
        resident.text("留萌信用金庫");
        resident.text("0164-64-2211");

        Turn done = resident.tap(ResidentInput.CONFIRM);

        assertThat(done.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(done.replies()).containsExactly(new Reply.Say("申し込みを受け付けました。\n受付番号は、このあとお知らせします。"));
        assertThat(done.state().status()).isEqualTo(ConversationState.Status.COMPLETED);
        assertThat(done.answers()).containsOnlyKeys("startDate", "address", "paymentMethod", "bankName", "phone");
        assertThat(done.answers().get("bankName")).isEqualTo(new Answer.Text("留萌信用金庫"));
    }

    @Test
    void confirmAcceptsTheTypedConfirmLabel() {
        Resident resident = new Resident(EngineFixtures.waterStart(1));
        resident.send(ResidentInput.DateTime.of(LocalDate.of(2026, 4, 10)));
        resident.text("苫前町字旭37番地");
        resident.tap("slip");
        resident.text("0164-64-2211");

        assertThat(resident.text("この内容で申し込む").outcome()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void aFlowMayStartWithAQuestionAndOfferNoBackShortcutThere() {
        FlowDefinition flow = single(new Step.YesNo("q", "はじめますか？", "done", "q", "開始", List.of()));

        assertThat(quickLabels(new Resident(flow).lastReply())).doesNotContain("戻る");
    }
}
