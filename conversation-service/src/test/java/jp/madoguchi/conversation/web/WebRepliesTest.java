package jp.madoguchi.conversation.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import jp.madoguchi.conversation.engine.Reply;
import jp.madoguchi.conversation.engine.Reply.QuickOption;
import jp.madoguchi.conversation.engine.ResidentInput;
import org.junit.jupiter.api.Test;

class WebRepliesTest {

    private static final QuickOption BACK = new QuickOption("戻る", ResidentInput.BACK);
    private static final QuickOption CANCEL = new QuickOption("やめる", ResidentInput.CANCEL);

    @Test
    void aQuestionWhoseOnlyOptionsAreCommandsIsAnsweredByTyping() {
        WebReplies.View view = WebReplies.view(new Reply.Ask("住所を入力してください。", List.of(new QuickOption("入力しない", ResidentInput.SKIP), BACK, CANCEL)));

        assertThat(view.typing()).isTrue();
        assertThat(view.options()).extracting(WebReplies.Option::value).containsExactly(ResidentInput.SKIP);
        assertThat(view.shortcuts()).extracting(WebReplies.Option::label).containsExactly("戻る", "やめる");
    }

    @Test
    void choicesAreButtonsAndNotATextBox() {
        WebReplies.View view = WebReplies.view(new Reply.Ask("支払方法は？", List.of(new QuickOption("口座振替", "account"),
                new QuickOption("納付書", "slip"), CANCEL)));

        assertThat(view.typing()).isFalse();
        assertThat(view.options()).extracting(WebReplies.Option::label).containsExactly("口座振替", "納付書");
    }

    @Test
    void numbersToTapAreButtons() {
        WebReplies.View view = WebReplies.view(new Reply.Ask("いくつですか？", List.of(new QuickOption("0個", "0"),
                new QuickOption("1個", "1"), BACK, CANCEL)));

        assertThat(view.options()).extracting(WebReplies.Option::value).containsExactly("0", "1");
        assertThat(view.shortcuts()).extracting(WebReplies.Option::label).containsExactly("戻る", "やめる");
    }

    @Test
    void anOptionalPhotoHasAButtonToGoOnWithoutOne() {
        WebReplies.View view = WebReplies.view(new Reply.AskPhoto("写真を送ってください。", 3,
                List.of(new QuickOption("写真なしで進む", ResidentInput.SKIP), CANCEL)));

        assertThat(view.type()).isEqualTo("photo");
        assertThat(view.options()).extracting(WebReplies.Option::label).containsExactly("写真なしで進む");
        assertThat(view.options()).extracting(WebReplies.Option::value).containsExactly(ResidentInput.SKIP);
        assertThat(view.remaining()).isEqualTo(3);
    }

    @Test
    void theResumeQuestionIsAnsweredWithItsButtons() {
        WebReplies.View view = WebReplies.view(new Reply.Ask("前回の続きから始めますか？", List.of(new QuickOption("はい", ResidentInput.RESUME),
                new QuickOption("いいえ", ResidentInput.START_OVER), CANCEL)));

        assertThat(view.typing()).isFalse();
    }

    @Test
    void buttonsInTheMessageComeBeforeTheirExtrasAndTheShortcutsStandApart() {
        WebReplies.View view = WebReplies.view(new Reply.Buttons("どれですか。", List.of(new QuickOption("A", "a"), new QuickOption("B", "b")),
                List.of(new QuickOption("選び終わった", ResidentInput.DONE), BACK, CANCEL)));

        assertThat(view.type()).isEqualTo("ask");
        assertThat(view.options()).extracting(WebReplies.Option::value).containsExactly("a", "b", ResidentInput.DONE);
        assertThat(view.shortcuts()).hasSize(2);
    }

    @Test
    void aDateQuestionCarriesItsWindowAsIsoDates() {
        WebReplies.View view = WebReplies.view(new Reply.AskDate("いつですか。", LocalDate.of(2026, 4, 1), null, false, List.of(CANCEL)));

        assertThat(view.type()).isEqualTo("date");
        assertThat(view.min()).isEqualTo("2026-04-01");
        assertThat(view.max()).isNull();
        assertThat(view.withTime()).isFalse();
    }

    @Test
    void theSummaryGivesEachLineTheValueOfItsEditButtonAndTheConfirmValue() {
        WebReplies.View view = WebReplies.view(new Reply.Summary("確かめてください。",
                List.of(new Reply.SummaryLine("phone", "電話番号", "0164-64-2211")), "この内容で申し込む", List.of(BACK, CANCEL)));

        assertThat(view.lines()).containsExactly(new WebReplies.Line("phone", "電話番号", "0164-64-2211", "cmd:edit:phone"));
        assertThat(view.confirmLabel()).isEqualTo("この内容で申し込む");
        assertThat(view.confirmValue()).isEqualTo(ResidentInput.CONFIRM);
    }

    @Test
    void aPhotoQuestionSaysHowManyMoreMayBeSent() {
        WebReplies.View view = WebReplies.view(new Reply.AskPhoto("写真を送ってください。", 2, List.of(new QuickOption("送り終わった", ResidentInput.DONE), CANCEL)));

        assertThat(view.type()).isEqualTo("photo");
        assertThat(view.remaining()).isEqualTo(2);
        assertThat(view.options()).extracting(WebReplies.Option::value).containsExactly(ResidentInput.DONE);
    }
}
