package jp.madoguchi.procedure.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import jp.madoguchi.platform.flow.FlowDefinition;
import jp.madoguchi.platform.flow.Step;
import jp.madoguchi.procedure.definition.ProcedureMessages.CheckProcedureDraft;
import jp.madoguchi.procedure.definition.ProcedureMessages.Content;
import jp.madoguchi.procedure.definition.ProcedureMessages.CreateProcedureDraft;
import jp.madoguchi.procedure.definition.ProcedureMessages.EditProcedureDraft;
import jp.madoguchi.procedure.definition.ProcedureMessages.ProcedureDraftCreated;
import jp.madoguchi.procedure.definition.ProcedureMessages.ProcedureDraftEdited;
import jp.madoguchi.procedure.definition.ProcedureMessages.ProcedurePublished;
import jp.madoguchi.procedure.definition.ProcedureMessages.ProcedureRetired;
import jp.madoguchi.procedure.definition.ProcedureMessages.PublishProcedure;
import jp.madoguchi.procedure.definition.ProcedureMessages.RetireProcedure;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules of a procedure definition, one test each. */
class ProcedureDefinitionTest {

    private static final String ID = "014834:water";
    private static final Instant AT = Instant.parse("2026-04-01T00:00:00Z");

    private AggregateTestFixture<ProcedureDefinition> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ProcedureDefinition.class);
    }

    @Test
    void createsADraftAsVersionOneOfItsFlow() {
        fixture.givenNoPriorActivity()
                .when(new CreateProcedureDraft(ID, "014834", "water", content(" 水道 ", sound())))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ProcedureDraftCreated(ID, "014834", "water", normalised("水道", sound(), 1)));
    }

    @Test
    void aDraftNeedsATitle() {
        fixture.givenNoPriorActivity()
                .when(new CreateProcedureDraft(ID, "014834", "water", content(" ", sound())))
                .expectException(ProcedureRuleViolation.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("title is required"));
    }

    @Test
    void aDraftNeedsAValidProcedureId() {
        fixture.givenNoPriorActivity()
                .when(new CreateProcedureDraft("014834:Water!", "014834", "Water!", content("水道", sound())))
                .expectException(ProcedureRuleViolation.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("procedure id must be"));
    }

    @Test
    void aDraftMayHaveProblemsUntilItIsPublished() {
        fixture.givenNoPriorActivity()
                .when(new CreateProcedureDraft(ID, "014834", "water", content("水道", broken())))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void draftsEditFreely() {
        fixture.given(created())
                .when(new EditProcedureDraft(ID, content("水道2", broken())))
                .expectEvents(new ProcedureDraftEdited(ID, "014834", "water", 1, normalised("水道2", broken(), 1)));
    }

    @Test
    void checkingReportsTheDraftsProblemsAndChangesNothing() {
        fixture.given(new ProcedureDraftCreated(ID, "014834", "water", normalised("水道", broken(), 1)))
                .when(new CheckProcedureDraft(ID))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(org.hamcrest.Matchers.hasItem(
                        new FlowProblem("name", "ステップ「name」: 次のステップ「nowhere」がありません。あるステップのIDを指定してください。")));
    }

    @Test
    void publishingFreezesTheDraftAsVersionOne() {
        fixture.given(created())
                .when(new PublishProcedure(ID, AT))
                .expectEvents(new ProcedurePublished(ID, "014834", "water", 1, normalised("水道", sound(), 1), AT))
                .expectResultMessagePayload(1);
    }

    @Test
    void aDraftWithProblemsCannotBePublished() {
        fixture.given(new ProcedureDraftCreated(ID, "014834", "water", normalised("水道", broken(), 1)))
                .when(new PublishProcedure(ID, AT))
                .expectNoEvents()
                .expectException(ProcedureRuleViolation.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("name: ステップ「name」: 次のステップ「nowhere」がありません"));
    }

    @Test
    void editingAfterPublishingEditsTheNextVersionsDraft() {
        fixture.given(created(), published(1))
                .when(new EditProcedureDraft(ID, content("水道(新)", sound())))
                .expectEvents(new ProcedureDraftEdited(ID, "014834", "water", 2, normalised("水道(新)", sound(), 2)));
    }

    @Test
    void publishingAgainAfterAnEditGivesTheNextVersion() {
        fixture.given(created(), published(1), new ProcedureDraftEdited(ID, "014834", "water", 2, normalised("水道(新)", sound(), 2)))
                .when(new PublishProcedure(ID, AT))
                .expectEvents(new ProcedurePublished(ID, "014834", "water", 2, normalised("水道(新)", sound(), 2), AT));
    }

    @Test
    void anUnchangedDraftIsNotPublishedTwice() {
        fixture.given(created(), published(1))
                .when(new PublishProcedure(ID, AT))
                .expectNoEvents()
                .expectException(ProcedureStateConflict.class);
    }

    @Test
    void retiringRecordsTheLastVersion() {
        fixture.given(created(), published(1))
                .when(new RetireProcedure(ID, AT))
                .expectEvents(new ProcedureRetired(ID, "014834", "water", 1, AT));
    }

    @Test
    void retiringTwiceChangesNothing() {
        fixture.given(created(), new ProcedureRetired(ID, "014834", "water", 0, AT))
                .when(new RetireProcedure(ID, AT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aRetiredProcedureIsNeitherEditedNorPublished() {
        fixture.given(created(), new ProcedureRetired(ID, "014834", "water", 0, AT))
                .when(new EditProcedureDraft(ID, content("水道", sound())))
                .expectException(ProcedureStateConflict.class);
        fixture.given(created(), new ProcedureRetired(ID, "014834", "water", 0, AT))
                .when(new PublishProcedure(ID, AT))
                .expectException(ProcedureStateConflict.class);
    }

    private static ProcedureDraftCreated created() {
        return new ProcedureDraftCreated(ID, "014834", "water", normalised("水道", sound(), 1));
    }

    private static ProcedurePublished published(int version) {
        return new ProcedurePublished(ID, "014834", "water", version, normalised("水道", sound(), version), AT);
    }

    private static Content content(String title, List<Step> steps) {
        return new Content(title, "説明", List.of(), new FlowDefinition("water", 0, title, "name", steps));
    }

    private static Content normalised(String title, List<Step> steps, int version) {
        return new Content(title, "説明", List.of(), new FlowDefinition("water", version, title, "name", steps));
    }

    private static List<Step> sound() {
        return List.of(new Step.Text("name", "名前を入力してください。", "confirm", "name", "名前", null, 40, null, null, null),
                new Step.Confirm("confirm", "確かめてください。", "done", null),
                new Step.Submit("done", "受け付けました。"));
    }

    private static List<Step> broken() {
        return List.of(new Step.Text("name", "名前を入力してください。", "nowhere", "name", "名前", null, 40, null, null, null),
                new Step.Submit("done", "受け付けました。"));
    }
}
