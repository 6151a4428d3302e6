package jp.madoguchi.conversation.engine;

import static jp.madoguchi.conversation.engine.EngineFixtures.afterName;
import static jp.madoguchi.conversation.engine.EngineFixtures.number;
import static jp.madoguchi.conversation.engine.EngineFixtures.quickLabels;
import static jp.madoguchi.conversation.engine.EngineFixtures.single;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import jp.madoguchi.conversation.engine.EngineFixtures.Resident;
import jp.madoguchi.conversation.engine.Turn.Outcome;
import jp.madoguchi.platform.flow.FlowDefinition;
import jp.madoguchi.platform.flow.Step;
import org.junit.jupiter.api.Test;

/** Issue 10: residents tap rather than type — small number ranges, optional photos, and the receipt number to come. */
class ConversationEngineTapFirstTest {

    private static Step.Photo optionalPhoto() {
        return new Step.Photo("photo", "写真を送ってください。", "done", "photos", "写真", 1, 3, false);
    }

    @Test
    void aNumberWithASmallRangeOffersEachValueToTap() {
        Resident resident = new Resident(single(number(BigDecimal.ZERO, new BigDecimal("5"), true)));

        assertThat(resident.lastReply()).isEqualTo(new Reply.Ask("いくつですか？", List.of(
                new Reply.QuickOption("0個", "0"), new Reply.QuickOption("1個", "1"), new Reply.QuickOption("2個", "2"),
                new Reply.QuickOption("3個", "3"), new Reply.QuickOption("4個", "4"), new Reply.QuickOption("5個", "5"),
                new Reply.QuickOption("やめる", ResidentInput.CANCEL))));

        Turn done = resident.tap("2");

        assertThat(done.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(done.answers()).containsEntry("count", new Answer.Number(new BigDecimal("2"), "個"));
    }

    @Test
    void aTappableNumberCanStillBeTyped() {
        Resident resident = new Resident(single(number(BigDecimal.ZERO, new BigDecimal("5"), true)));

        assertThat(resident.text("３個").answers()).containsEntry("count", new Answer.Number(new BigDecimal("3"), "個"));
    }

    @Test
    void aTappedValueOutsideTheRangeIsRefusedLikeATypedOne() {
        Resident resident = new Resident(single(number(BigDecimal.ONE, new BigDecimal("3"), true)));

        Turn refused = resident.tap("9");

        assertThat(refused.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(refused.replies().get(0)).isEqualTo(new Reply.Say("1個から3個までの数を入力してください。"));
        assertThat(quickLabels(refused.replies().get(1))).startsWith("1個", "2個", "3個");
    }

    @Test
    void twelveValuesWithTheShortcutsAreShownAsButtonsWithinLinesLimit() {
        Resident resident = new Resident(afterName(new Step.Number("count", "いくつですか？", "done", "count", "個数",
                BigDecimal.ONE, new BigDecimal("12"), true, null)));

        Turn asked = resident.text("苫前 太郎");

        // 12 values + 戻る + やめる would be 14 quick replies: LINE allows 13
        Reply.Buttons buttons = (Reply.Buttons) asked.replies().get(0);
        assertThat(buttons.options()).hasSize(ConversationEngine.MAX_TAPPABLE_NUMBERS);
        assertThat(buttons.options().get(11)).isEqualTo(new Reply.QuickOption("12", "12"));
        assertThat(quickLabels(buttons)).containsExactly("戻る", "やめる");
        assertThat(resident.tap("12").answers()).containsEntry("count", new Answer.Number(new BigDecimal("12"), null));
    }

    @Test
    void aLargeOpenOrDecimalRangeStaysTyped() {
        for (Step.Number typed : List.of(
                number(BigDecimal.ZERO, new BigDecimal("12"), true), // 13 values
                number(BigDecimal.ZERO, null, true),
                number(null, new BigDecimal("5"), true),
                number(BigDecimal.ZERO, new BigDecimal("5"), false),
                number(new BigDecimal("0.5"), new BigDecimal("3"), true))) {
            Resident resident = new Resident(single(typed));
            assertThat(quickLabels(resident.lastReply())).as("%s", typed).containsExactly("やめる");
        }
    }

    @Test
    void anOptionalPhotoOffersToGoOnWithoutOne() {
        Resident resident = new Resident(single(optionalPhoto()));

        assertThat(resident.lastReply()).isEqualTo(new Reply.AskPhoto("写真を送ってください。", 3, List.of(
                new Reply.QuickOption("写真なしで進む", ResidentInput.SKIP), new Reply.QuickOption("やめる", ResidentInput.CANCEL))));

        Turn done = resident.tap(ResidentInput.SKIP);

        assertThat(done.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(done.answers()).containsEntry("photos", new Answer.Photos(List.of()));
        assertThat(done.answers().get("photos").display()).isEqualTo("（写真なし）");
    }

    @Test
    void typingThatThereIsNoPhotoSkipsAnOptionalPhotoToo() {
        Resident resident = new Resident(single(optionalPhoto()));

        assertThat(resident.text("なし").answers()).containsEntry("photos", new Answer.Photos(List.of()));
    }

    @Test
    void aRequiredPhotoCannotBeSkipped() {
        Resident resident = new Resident(single(new Step.Photo("photo", "写真を送ってください。", "done", "photos", "写真", 1, 3)));
        assertThat(quickLabels(resident.lastReply())).doesNotContain("写真なしで進む");

        Turn refused = resident.tap(ResidentInput.SKIP);

        assertThat(refused.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(refused.replies().get(0)).isEqualTo(new Reply.Say("写真を送ってください。"));
    }

    @Test
    void anOptionalPhotoStillTakesPhotosAndThenOffersDoneInsteadOfSkip() {
        Resident resident = new Resident(single(optionalPhoto()));

        Turn first = resident.send(new ResidentInput.Photo("c1"));

        assertThat(quickLabels(first.replies().get(0))).contains("送り終わった").doesNotContain("写真なしで進む");
        // a photo sent just now is not thrown away by a typed 「なし」
        assertThat(resident.text("なし").outcome()).isEqualTo(Outcome.INVALID);
        assertThat(resident.tap(ResidentInput.DONE).answers()).containsEntry("photos", new Answer.Photos(List.of("c1")));
    }

    @Test
    void somethingElseAtAnOptionalPhotoSaysHowToGoOnWithoutOne() {
        Resident resident = new Resident(single(optionalPhoto()));

        Turn refused = resident.text("あとで");

        assertThat(refused.replies().get(0)).isEqualTo(new Reply.Say("写真を送るか、写真がないときは「写真なしで進む」を押してください。"));
    }

    @Test
    void aSkippedPhotoReadsAsNoPhotoOnTheSummary() {
        FlowDefinition flow = new FlowDefinition("report", 1, "通報", "photo", List.of(
                new Step.Photo("photo", "写真を送ってください。", "confirm", "photos", "写真", 1, 3, false),
                new Step.Confirm("confirm", "確かめてください。", "done", null),
                new Step.Submit("done", "通報ありがとうございます。")));
        Resident resident = new Resident(flow);

        Turn summary = resident.tap(ResidentInput.SKIP);

        assertThat(((Reply.Summary) summary.replies().get(0)).lines())
                .containsExactly(new Reply.SummaryLine("photos", "写真", "（写真なし）"));
        Turn done = resident.tap(ResidentInput.CONFIRM);
        assertThat(done.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(done.answers()).containsEntry("photos", new Answer.Photos(List.of()));
    }

    @Test
    void theCompletionMessageSaysTheReceiptNumberFollows() {
        Resident resident = new Resident(single(number(BigDecimal.ZERO, new BigDecimal("5"), true)));

        Turn done = resident.tap("1");

        assertThat(done.replies()).containsExactly(new Reply.Say("受け付けました。\n受付番号は、このあとお知らせします。"));
    }
}
