package jp.madoguchi.platform.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowJsonTest {

    private final FlowJson json = new FlowJson();

    /** One step of every kind, with every optional setting filled. */
    static FlowDefinition everyStepType() {
        List<Option> sizes = List.of(new Option("s", "小"), new Option("m", "中"), new Option("l", "大"));
        return new FlowDefinition("sodai", 3, "粗大ごみの収集", "hello", List.of(
                new Step.Message("hello", "粗大ごみの申し込みです。", "kind"),
                new Step.SingleChoice("kind", "種類を選んでください。", "items", "kind", "種類", sizes,
                        ChoiceDisplay.BUTTONS, List.of(new Branch("l", "truck"))),
                new Step.MultiChoice("items", "出すものを選んでください。", "truck", "items", "品目", sizes, 1, 2),
                new Step.YesNo("truck", "車で運べますか？", "count", "truck", "運搬", List.of(new Branch(Step.YesNo.NO, "count"))),
                new Step.Number("count", "いくつ出しますか？", "name", "count", "個数", BigDecimal.ONE, BigDecimal.TEN, true, "個"),
                new Step.Text("name", "お名前を入力してください。", "day", "name", "氏名", 1, 30, "[^0-9]+", "数字は使えません。", true),
                new Step.Date("day", "収集日を選んでください。", "visit", "day", "収集日", 1, 60),
                new Step.DateTime("visit", "訪問日時を選んでください。", "where", "visit", "訪問日時", 2, 30),
                new Step.Location("where", "出す場所を送ってください。", "photo", "where", "場所"),
                new Step.Photo("photo", "写真を送ってください。", "slot", "photos", "写真", 1, 3),
                new Step.Reservation("slot", "体育館の予約です。", "confirm", "slot", "予約", "gym"),
                new Step.Confirm("confirm", "内容を確認してください。", "done", "申し込む"),
                new Step.Submit("done", "受け付けました。")));
    }

    @Test
    void everyStepTypeSurvivesAJsonRoundTrip() {
        FlowDefinition flow = everyStepType();

        FlowDefinition decoded = json.read(json.write(flow));

        assertThat(decoded).isEqualTo(flow);
        assertThat(decoded.problems()).isEmpty();
    }

    @Test
    void stepsNameTheirTypeWithStableNamesNotJavaClassNames() throws IOException {
        JsonNode tree = new ObjectMapper().readTree(json.write(everyStepType()));

        List<String> types = tree.get("steps").findValuesAsText("type");

        assertThat(types).containsExactly("message", "single-choice", "multi-choice", "yes-no", "number", "text",
                "date", "datetime", "location", "photo", "reservation", "confirm", "submit");
        assertThat(tree.toString()).doesNotContain("jp.madoguchi", "Step$");
        assertThat(tree.get("steps").get(1).get("branches").get(0).get("goTo").asText()).isEqualTo("truck");
        assertThat(tree.get("steps").get(12).has("next")).as("submit has no next").isFalse();
    }

    @Test
    void waterStartFixtureDecodesIntoARunnableFlow() throws IOException {
        FlowDefinition flow = json.read(read("/flows/water-start.json"));

        assertThat(flow.procedureId()).isEqualTo("water-start");
        assertThat(flow.title()).isEqualTo("水道の使用開始");
        assertThat(flow.problems()).isEmpty();
        assertThat(flow.requireStep(flow.firstStepId())).isInstanceOf(Step.Message.class);
        Step.Date start = (Step.Date) flow.questionFor("startDate").orElseThrow();
        assertThat(start.label()).isEqualTo("開始日");
        assertThat(start.earliestDays()).isEqualTo(1);
        assertThat(start.latestDays()).isEqualTo(60);
        Step.SingleChoice payment = (Step.SingleChoice) flow.questionFor("paymentMethod").orElseThrow();
        assertThat(payment.options()).extracting(Option::label).containsExactly("口座振替", "納付書");
        assertThat(payment.branches()).containsExactly(new Branch("account", "bank"));
        Step.Text address = (Step.Text) flow.questionFor("address").orElseThrow();
        assertThat(address.required()).as("text is required unless it says otherwise").isTrue();
        assertThat(flow.steps()).filteredOn(Step.Confirm.class::isInstance).hasSize(1);
        assertThat(flow.steps().get(flow.steps().size() - 1)).isInstanceOf(Step.Submit.class);
    }

    @Test
    void fieldsAddedByANewerPublisherAreIgnored() throws IOException {
        String withExtra = new String(read("/flows/water-start.json"), StandardCharsets.UTF_8)
                .replace("\"title\"", "\"audience\": \"residents\", \"title\"")
                .replace("\"maxLength\": 100,", "\"maxLength\": 100, \"furigana\": true,");

        assertThat(json.read(withExtra.getBytes(StandardCharsets.UTF_8)).questionFor("address")).isPresent();
    }

    @Test
    void anUnknownStepTypeIsRejectedRatherThanGuessed() {
        String unknown = """
                {"procedureId":"x","version":1,"title":"t","firstStepId":"a",
                 "steps":[{"type":"signature","id":"a","prompt":"署名"}]}""";

        assertThatThrownBy(() -> json.read(unknown.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("signature");
    }

    @Test
    void omittedSettingsTakeTheirDocumentedDefaults() {
        String minimal = """
                {"procedureId":"x","version":1,"title":"t","firstStepId":"a","steps":[
                 {"type":"single-choice","id":"a","prompt":"?","field":"a","label":"A","next":"b",
                  "options":[{"value":"1","label":"一"},{"value":"2","label":"二"}]},
                 {"type":"multi-choice","id":"b","prompt":"?","field":"b","label":"B","next":"c",
                  "options":[{"value":"1","label":"一"},{"value":"2","label":"二"}]},
                 {"type":"photo","id":"c","prompt":"?","field":"c","label":"C","next":"d"},
                 {"type":"number","id":"d","prompt":"?","field":"d","label":"D","next":"e"},
                 {"type":"confirm","id":"e","prompt":"?","next":"f"},
                 {"type":"submit","id":"f","prompt":"おわり"}]}""";

        FlowDefinition flow = json.read(minimal.getBytes(StandardCharsets.UTF_8));

        Step.SingleChoice a = (Step.SingleChoice) flow.requireStep("a");
        assertThat(a.display()).isEqualTo(ChoiceDisplay.QUICK_REPLY);
        assertThat(a.branches()).isEmpty();
        Step.MultiChoice b = (Step.MultiChoice) flow.requireStep("b");
        assertThat(b.minSelections()).isEqualTo(1);
        assertThat(b.maxSelections()).isEqualTo(2);
        Step.Photo c = (Step.Photo) flow.requireStep("c");
        assertThat(c.minPhotos()).isEqualTo(1);
        assertThat(c.maxPhotos()).isEqualTo(1);
        assertThat(c.required()).as("a photo is required unless it says otherwise").isTrue();
        assertThat(((Step.Number) flow.requireStep("d")).integerOnly()).isTrue();
        assertThat(((Step.Confirm) flow.requireStep("e")).confirmLabel()).isEqualTo("この内容で申し込む");
        assertThat(flow.problems()).isEmpty();
    }

    @Test
    void anOptionalPhotoStepReadsAndWritesItsFlag() {
        String optional = """
                {"procedureId":"x","version":1,"title":"t","firstStepId":"p","steps":[
                 {"type":"photo","id":"p","prompt":"?","field":"p","label":"P","next":"f","maxPhotos":3,"required":false},
                 {"type":"submit","id":"f","prompt":"おわり"}]}""";

        FlowDefinition flow = json.read(optional.getBytes(StandardCharsets.UTF_8));

        Step.Photo photo = (Step.Photo) flow.requireStep("p");
        assertThat(photo.required()).isFalse();
        assertThat(photo.maxPhotos()).isEqualTo(3);
        assertThat(new String(json.write(flow), StandardCharsets.UTF_8)).contains("\"required\":false");
        assertThat(json.read(json.write(flow))).isEqualTo(flow);
        assertThat(flow.problems()).isEmpty();
    }

    @Test
    void problemsNameBrokenReferencesDuplicateFieldsAndAMissingSubmit() {
        FlowDefinition broken = new FlowDefinition("x", 1, "t", "a", List.of(
                new Step.Text("a", "名前", "nowhere", "name", "氏名", null, null, null, null, null),
                new Step.Text("b", "名前", "a", "name", "氏名", null, null, "[", null, null),
                new Step.SingleChoice("c", "?", "a", "c", "C", List.of(new Option("1", "一")), null,
                        List.of(new Branch("9", "a")))));

        assertThat(broken.problems()).containsExactlyInAnyOrder(
                "項目名「name」が重複しています。",
                "ステップ「a」の次のステップ「nowhere」がありません。",
                "ステップ「b」の入力の形(pattern)が正しくありません。",
                "ステップ「c」の分岐「9」に合う選択肢がありません。",
                "申し込みを終えるステップ(submit)がありません。");
    }

    @Test
    void stepListsAreImmutable() {
        FlowDefinition flow = everyStepType();

        assertThatThrownBy(() -> flow.steps().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((Step.SingleChoice) flow.requireStep("kind")).options().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = FlowJsonTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return in.readAllBytes();
        }
    }
}
