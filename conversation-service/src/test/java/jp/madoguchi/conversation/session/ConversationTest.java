package jp.madoguchi.conversation.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import jp.madoguchi.conversation.engine.ConversationEngine;
import jp.madoguchi.conversation.engine.Reply;
import jp.madoguchi.conversation.engine.ResidentInput;
import jp.madoguchi.conversation.session.ConversationMessages.AbandonReason;
import jp.madoguchi.conversation.session.ConversationMessages.AnswerAccepted;
import jp.madoguchi.conversation.session.ConversationMessages.ConversationAbandoned;
import jp.madoguchi.conversation.session.ConversationMessages.ConversationCompleted;
import jp.madoguchi.conversation.session.ConversationMessages.ConversationStarted;
import jp.madoguchi.conversation.session.ConversationMessages.HandleInput;
import jp.madoguchi.conversation.session.ConversationMessages.InputRejected;
import jp.madoguchi.conversation.session.ConversationMessages.ReplacementDeclined;
import jp.madoguchi.conversation.session.ConversationMessages.ReplacementOffered;
import jp.madoguchi.conversation.session.ConversationMessages.StartConversation;
import jp.madoguchi.conversation.session.ConversationMessages.TurnResult;
import jp.madoguchi.platform.flow.ChoiceDisplay;
import jp.madoguchi.platform.flow.Branch;
import jp.madoguchi.platform.flow.FlowDefinition;
import jp.madoguchi.platform.flow.Option;
import jp.madoguchi.platform.flow.Step;
import jp.madoguchi.conversation.engine.Reservations;
import jp.madoguchi.conversation.engine.ResidentReservations;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Conversation session's rules, one per test. */
class ConversationTest {

    private static final String TOWN = "014834";
    private static final String RESIDENT = TOWN + ":LINE:U1";
    private static final String SESSION = ConversationMessages.sessionId(TOWN, RESIDENT);
    private static final Instant AT = Instant.parse("2026-04-01T00:00:00Z");
    private static final FlowDefinition WATER = waterStart(1);
    private static final FlowDefinition WATER_V2 = new FlowDefinition("water-start", 2, "水道の使用開始", "done",
            List.of(new Step.Submit("done", "v2")));
    private static final FlowDefinition GARBAGE = new FlowDefinition("garbage-large", 1, "粗大ごみの申し込み", "items", List.of(
            new Step.Text("items", "出すものを入力してください。", "done", "items", "品目", null, null, null, null, null),
            new Step.Submit("done", "受け付けました。")));

    private AggregateTestFixture<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Conversation.class);
        fixture.registerInjectableResource(new ConversationEngine(Clock.fixed(AT, ConversationEngine.TOKYO), Duration.ofMinutes(30)));
        Map<String, FlowDefinition> published = Map.of("water-start:1", WATER, "water-start:2", WATER_V2, "garbage-large:1", GARBAGE);
        FlowSource flows = (tenant, procedureId, version) -> Optional.ofNullable(published.get(procedureId + ":" + version));
        fixture.registerInjectableResource(flows);
        fixture.registerInjectableResource((ResidentReservations) (town, resident, channel, user) -> Reservations.NONE);
    }

    @Test
    void startingAProcedureRecordsTheVersionAndAsksTheFirstQuestion() {
        fixture.givenNoPriorActivity()
                .when(start(WATER))
                .expectEventsMatching(only(ConversationStarted.class, e -> e.conversationId().equals(SESSION + ":1")
                        && e.procedureVersion() == 1 && "startDate".equals(e.state().currentStepId()) && e.turn() == 1))
                .expectResultMessagePayloadMatching(Matchers.predicate((TurnResult r) -> r.turn() == 1
                        && r.replies().get(r.replies().size() - 1) instanceof Reply.AskDate));
    }

    @Test
    void anAcceptedAnswerMovesToTheNextQuestion() {
        fixture.givenCommands(start(WATER))
                .when(input(ResidentInput.DateTime.of(LocalDate.of(2026, 4, 2))))
                .expectEventsMatching(only(AnswerAccepted.class, e -> "address".equals(e.state().currentStepId())
                        && "date".equals(e.state().answers().get("startDate").kind()) && e.turn() == 2));
    }

    @Test
    void anInvalidAnswerIsRejectedAndTheQuestionAskedAgain() {
        fixture.givenCommands(start(WATER))
                .when(input(new ResidentInput.Text("あさって以降のどこか")))
                .expectEventsMatching(only(InputRejected.class, e -> "startDate".equals(e.state().currentStepId())
                        && e.state().answers().isEmpty()))
                .expectResultMessagePayloadMatching(Matchers.predicate((TurnResult r) -> r.replies().size() == 2));
    }

    @Test
    void confirmingTheSummaryCompletesWithTheAnswersByValue() {
        fixture.givenCommands(start(WATER), input(ResidentInput.DateTime.of(LocalDate.of(2026, 4, 2))),
                        input(new ResidentInput.Text("苫前町字旭３７－１")), input(new ResidentInput.Choice("slip")),
                        input(new ResidentInput.Text("0164-64-2211")))
                .when(input(new ResidentInput.Choice(ResidentInput.CONFIRM)))
                .expectEventsMatching(only(ConversationCompleted.class, e -> e.answers().equals(Map.of(
                        "startDate", "2026-04-02", "address", "苫前町字旭37-1", "paymentMethod", "slip", "phone", "0164-64-2211"))
                        && e.attachments().isEmpty() && e.conversationId().equals(SESSION + ":1")));
    }

    @Test
    void cancellingAbandonsTheConversation() {
        fixture.givenCommands(start(WATER))
                .when(input(new ResidentInput.Text("やめる")))
                .expectEventsMatching(only(ConversationAbandoned.class, e -> e.reason() == AbandonReason.CANCELLED));
    }

    @Test
    void inputWithNoConversationUnderWayChangesNothing() {
        // the handler names the new aggregate without an event (Axon's cache needs the id); no event, so nothing is stored
        fixture.setReportIllegalStateChange(false);
        fixture.givenNoPriorActivity()
                .when(input(new ResidentInput.Text("こんにちは")))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(Matchers.predicate((TurnResult r) -> !r.inConversation()));
    }

    @Test
    void startingAnotherProcedureWhileOneIsUnderWayAsksFirst() {
        fixture.givenCommands(start(WATER))
                .when(start(GARBAGE))
                .expectEventsMatching(only(ReplacementOffered.class, e -> e.procedureId().equals("garbage-large")))
                .expectResultMessagePayloadMatching(Matchers.predicate((TurnResult r) -> r.replies().size() == 1
                        && ((Reply.Ask) r.replies().get(0)).text().equals("いまの手続き『水道の使用開始』をやめて、新しい手続きを始めますか？")
                        && ((Reply.Ask) r.replies().get(0)).quickOptions().size() == 2));
    }

    @Test
    void agreeingToSwitchAbandonsTheOldAndStartsTheNewAsAnotherConversation() {
        fixture.givenCommands(start(WATER), start(GARBAGE))
                .when(input(new ResidentInput.Choice(ConversationMessages.REPLACE_YES)))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        Matchers.predicate(p -> p instanceof ConversationAbandoned a && a.reason() == AbandonReason.REPLACED
                                && a.conversationId().equals(SESSION + ":1")),
                        Matchers.predicate(p -> p instanceof ConversationStarted s && s.procedureId().equals("garbage-large")
                                && s.conversationId().equals(SESSION + ":2")),
                        Matchers.andNoMore())));
    }

    @Test
    void decliningToSwitchKeepsTheCurrentProcedure() {
        fixture.givenCommands(start(WATER), start(GARBAGE))
                .when(input(new ResidentInput.Choice(ConversationMessages.REPLACE_NO)))
                .expectEventsMatching(only(ReplacementDeclined.class, e -> e.conversationId().equals(SESSION + ":1")))
                .expectResultMessagePayloadMatching(Matchers.predicate((TurnResult r) ->
                        ((Reply.Say) r.replies().get(0)).text().equals("『水道の使用開始』を続けます。")));
    }

    @Test
    void answeringTheQuestionInsteadOfTheOfferKeepsTheCurrentProcedure() {
        fixture.givenCommands(start(WATER), start(GARBAGE))
                .when(input(ResidentInput.DateTime.of(LocalDate.of(2026, 4, 2))))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        Matchers.predicate(p -> p instanceof ReplacementDeclined),
                        Matchers.predicate(p -> p instanceof AnswerAccepted a && "address".equals(a.state().currentStepId())),
                        Matchers.andNoMore())));
    }

    @Test
    void aConversationStaysOnItsVersionWhenANewOneIsPublished() {
        // v2 would complete at once; the conversation begun on v1 still asks v1's questions
        fixture.givenCommands(start(WATER))
                .when(input(ResidentInput.DateTime.of(LocalDate.of(2026, 4, 2))))
                .expectEventsMatching(only(AnswerAccepted.class, e -> e.state().version() == 1 && "address".equals(e.state().currentStepId())));
    }

    @Test
    void aFinishedConversationTakesNoMoreInput() {
        fixture.givenCommands(start(WATER), input(new ResidentInput.Text("やめる")))
                .when(input(new ResidentInput.Text("苫前町字旭37-1")))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(Matchers.predicate((TurnResult r) -> !r.inConversation()));
    }

    private static StartConversation start(FlowDefinition flow) {
        return new StartConversation(SESSION, RESIDENT, "LINE", "U1", flow, AT);
    }

    private static HandleInput input(ResidentInput input) {
        return new HandleInput(SESSION, RESIDENT, "LINE", "U1", input, AT);
    }

    @SuppressWarnings("unchecked")
    private static <T> org.hamcrest.Matcher<List<org.axonframework.eventhandling.EventMessage<?>>> only(Class<T> type, Predicate<T> check) {
        return (org.hamcrest.Matcher) Matchers.payloadsMatching(Matchers.exactSequenceOf(
                Matchers.predicate(p -> type.isInstance(p) && check.test(type.cast(p))), Matchers.andNoMore()));
    }

    static FlowDefinition waterStart(int version) {
        return new FlowDefinition("water-start", version, "水道の使用開始", "intro", List.of(
                new Step.Message("intro", "水道の使用開始の申し込みです。", "startDate"),
                new Step.Date("startDate", "使い始める日を選んでください。", "address", "startDate", "開始日", 1, 60),
                new Step.Text("address", "住所を入力してください。", "payment", "address", "住所", 5, 100, null, null, null),
                new Step.SingleChoice("payment", "支払方法を選んでください。", "phone", "paymentMethod", "支払方法",
                        List.of(new Option("account", "口座振替"), new Option("slip", "納付書")), ChoiceDisplay.QUICK_REPLY,
                        List.of(new Branch("account", "bank"))),
                new Step.Text("bank", "金融機関の名前を入力してください。", "phone", "bankName", "金融機関", null, 40, null, null, null),
                new Step.Text("phone", "電話番号を入力してください。", "confirm", "phone", "電話番号", null, null,
                        "0\\d{1,4}-?\\d{1,4}-?\\d{3,4}", "電話番号は 0 から始まる数字で入力してください。", null),
                new Step.Confirm("confirm", "入力した内容を確認してください。", "done", "この内容で申し込む"),
                new Step.Submit("done", "申し込みを受け付けました。")));
    }
}
