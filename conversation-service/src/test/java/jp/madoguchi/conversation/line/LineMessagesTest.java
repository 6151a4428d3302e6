package jp.madoguchi.conversation.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.bot.jackson.ModelObjectMapper;
import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.TextMessage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import jp.madoguchi.conversation.engine.Reply;
import org.junit.jupiter.api.Test;

/** The engine's replies as LINE messages, inside the Messaging API's limits. */
class LineMessagesTest {

    private final ObjectMapper json = ModelObjectMapper.createNewObjectMapper();

    @Test
    void aDateQuestionPutsThePickerFirstWithItsWindow() {
        JsonNode m = wire(new Reply.AskDate("いつ？", LocalDate.of(2026, 4, 2), LocalDate.of(2026, 5, 31), false,
                List.of(new Reply.QuickOption("やめる", "cmd:cancel"))));
        JsonNode picker = m.path("quickReply").path("items").get(0).path("action");
        assertThat(picker.path("type").asText()).isEqualTo("datetimepicker");
        assertThat(picker.path("mode").asText()).isEqualTo("date");
        assertThat(picker.path("min").asText()).isEqualTo("2026-04-02");
        assertThat(picker.path("max").asText()).isEqualTo("2026-05-31");
        assertThat(m.path("quickReply").path("items").get(1).path("action").path("data").asText()).isEqualTo("cmd:cancel");
    }

    @Test
    void aPhotoQuestionOffersCameraAndCameraRollAndALocationQuestionTheLocationChip() {
        JsonNode photo = wire(new Reply.AskPhoto("写真を", 3, List.of()));
        assertThat(photo.path("quickReply").path("items").findValuesAsText("type")).contains("camera", "cameraRoll");
        JsonNode location = wire(new Reply.AskLocation("場所を", List.of()));
        assertThat(location.path("quickReply").path("items").get(0).path("action").path("type").asText()).isEqualTo("location");
    }

    @Test
    void anOptionalPhotoQuestionOffersToGoOnWithoutOneBesideTheCamera() {
        JsonNode photo = wire(new Reply.AskPhoto("写真を", 3, List.of(new Reply.QuickOption("写真なしで進む", "cmd:skip"),
                new Reply.QuickOption("やめる", "cmd:cancel"))));
        JsonNode items = photo.path("quickReply").path("items");
        assertThat(items.get(0).path("action").path("type").asText()).isEqualTo("camera");
        assertThat(items.get(1).path("action").path("type").asText()).isEqualTo("cameraRoll");
        JsonNode skip = items.get(2).path("action");
        assertThat(skip.path("type").asText()).isEqualTo("postback");
        assertThat(skip.path("label").asText()).isEqualTo("写真なしで進む");
        assertThat(skip.path("data").asText()).isEqualTo("cmd:skip");
        assertThat(skip.path("displayText").asText()).isEqualTo("写真なしで進む");
    }

    @Test
    void numbersToTapAreQuickRepliesThatShowTheValueWithItsUnit() {
        JsonNode m = wire(new Reply.Ask("いくつ？", List.of(new Reply.QuickOption("0個", "0"), new Reply.QuickOption("1個", "1"),
                new Reply.QuickOption("やめる", "cmd:cancel"))));
        JsonNode first = m.path("quickReply").path("items").get(0).path("action");
        assertThat(first.path("label").asText()).isEqualTo("0個");
        assertThat(first.path("data").asText()).isEqualTo("0");
        assertThat(first.path("displayText").asText()).isEqualTo("0個");
    }

    @Test
    void quickRepliesNeverExceedThirteenAndLabelsAreCutToTwentyCharacters() {
        List<Reply.QuickOption> many = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            many.add(new Reply.QuickOption("とても長い選択肢の名前です、二十文字を超えます" + i, "o" + i));
        }
        JsonNode m = wire(new Reply.Ask("選んでください", many));
        assertThat(m.path("quickReply").path("items")).hasSize(13);
        m.path("quickReply").path("items").forEach(i -> assertThat(i.path("action").path("label").asText().length()).isLessThanOrEqualTo(20));
    }

    @Test
    void manyButtonsSpillIntoACarousel() {
        List<Reply.QuickOption> options = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            options.add(new Reply.QuickOption("地区" + i, "d" + i));
        }
        JsonNode m = wire(new Reply.Buttons("地区を選んでください", options, List.of(new Reply.QuickOption("やめる", "cmd:cancel"))));
        assertThat(m.path("type").asText()).isEqualTo("flex");
        assertThat(m.path("contents").path("type").asText()).isEqualTo("carousel");
        assertThat(m.path("contents").path("contents")).hasSize(2);
    }

    @Test
    void theSummaryHasAnEditButtonPerLineAndTheConfirmButton() {
        JsonNode m = wire(new Reply.Summary("確認してください", List.of(new Reply.SummaryLine("address", "住所", "苫前町字旭37-1"),
                new Reply.SummaryLine("phone", "電話番号", "0164-64-2211")), "この内容で申し込む", List.of()));
        String contents = m.path("contents").toString();
        assertThat(contents).contains("cmd:edit:address", "cmd:edit:phone", "cmd:confirm", "修正する");
        assertThat(m.path("altText").asText()).isEqualTo("確認してください");
    }

    @Test
    void postbackDataLongerThanLineAcceptsIsRefused() {
        assertThatThrownBy(() -> LineMessages.postback("x", "v".repeat(301), "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void moreThanFiveMessagesAreSplitIntoSeveralCalls() {
        List<Message> seven = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            seven.add(new TextMessage("m" + i));
        }
        assertThat(LineMessages.batches(seven)).extracting(List::size).containsExactly(5, 2);
    }

    private JsonNode wire(Reply reply) {
        return json.valueToTree(LineMessages.render(reply));
    }
}
