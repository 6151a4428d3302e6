package jp.madoguchi.procedure.catalogue;

import static org.hamcrest.Matchers.containsString;

import java.time.Instant;
import java.util.List;
import jp.madoguchi.procedure.catalogue.TemplateMessages.ImportTemplate;
import jp.madoguchi.procedure.catalogue.TemplateMessages.ShareTemplate;
import jp.madoguchi.procedure.catalogue.TemplateMessages.TakeTemplateUpdate;
import jp.madoguchi.procedure.catalogue.TemplateMessages.TemplateImported;
import jp.madoguchi.procedure.catalogue.TemplateMessages.TemplateShared;
import jp.madoguchi.procedure.catalogue.TemplateMessages.TemplateUpdateTaken;
import jp.madoguchi.procedure.definition.BuiltInTemplates;
import jp.madoguchi.procedure.definition.ProcedureDocument;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules of a catalogue template, one test each. */
class TemplateTest {

    private static final String A = "014834";
    private static final String B = "014842";
    private static final String ID = A + ":water";
    private static final Instant AT = Instant.parse("2026-05-01T00:00:00Z");
    private static final ProcedureDocument WATER = BuiltInTemplates.find("water").withProcedureId("water");

    private AggregateTestFixture<Template> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Template.class);
    }

    private static ShareTemplate share(int procedureVersion, String description, List<String> tags) {
        return new ShareTemplate(ID, A, "苫前町", "water", procedureVersion, description, tags, WATER, AT);
    }

    private static TemplateShared shared(int version) {
        return new TemplateShared(ID, version, A, "苫前町", "water", "水道の開始と中止", List.of("水道"), WATER, AT);
    }

    @Test
    void sharingAPublishedVersionPutsItInTheCatalogueAsThatVersion() {
        fixture.givenNoPriorActivity()
                .when(share(3, " 水道の開始と中止 ", List.of(" 水道 ", "水道")))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(3)
                .expectEvents(shared(3));
    }

    @Test
    void aTemplateIsNamedAfterItsSourceTownAndProcedure() {
        fixture.givenNoPriorActivity()
                .when(new ShareTemplate(B + ":water", A, "苫前町", "water", 1, "説明", List.of(), WATER, AT))
                .expectException(TemplateRuleViolation.class)
                .expectExceptionMessage(containsString("<sourceTenantId>:<procedureId>"));
    }

    @Test
    void onlyAPublishedVersionCanBeShared() {
        fixture.givenNoPriorActivity()
                .when(share(0, "説明", List.of()))
                .expectException(TemplateRuleViolation.class)
                .expectExceptionMessage(containsString("publish it before sharing"));
    }

    @Test
    void aTemplateNeedsADescription() {
        fixture.givenNoPriorActivity()
                .when(share(1, "  ", List.of()))
                .expectException(TemplateRuleViolation.class)
                .expectExceptionMessage(containsString("description is required"));
    }

    @Test
    void tagsAreShortAndFew() {
        fixture.givenNoPriorActivity()
                .when(share(1, "説明", List.of("とても長いタグとても長いタグとても長いタグ")))
                .expectException(TemplateRuleViolation.class)
                .expectExceptionMessage(containsString("longer than 20"));
        fixture.givenNoPriorActivity()
                .when(share(1, "説明", List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11")))
                .expectException(TemplateRuleViolation.class)
                .expectExceptionMessage(containsString("at most 10 tags"));
    }

    @Test
    void sharingAgainAfterANewProcedureVersionPublishesTheNextTemplateVersion() {
        fixture.given(shared(1))
                .when(share(2, "水道の開始と中止", List.of("水道")))
                .expectResultMessagePayload(2)
                .expectEvents(shared(2));
    }

    @Test
    void theSameProcedureVersionIsNotSharedTwice() {
        fixture.given(shared(2))
                .when(share(2, "説明を変えた", List.of()))
                .expectException(TemplateStateConflict.class)
                .expectExceptionMessage(containsString("publish a new version of the procedure, then share again"));
    }

    @Test
    void anotherTownImportsASharedVersion() {
        fixture.given(shared(1))
                .when(new ImportTemplate(ID, B, "water", 1, AT))
                .expectEvents(new TemplateImported(ID, 1, A, B, "water", AT));
    }

    @Test
    void aTownDoesNotImportItsOwnTemplate() {
        fixture.given(shared(1))
                .when(new ImportTemplate(ID, A, "water-copy", 1, AT))
                .expectException(TemplateRuleViolation.class)
                .expectExceptionMessage(containsString("your own town's procedure"));
    }

    @Test
    void onlyASharedVersionCanBeImported() {
        fixture.given(shared(1))
                .when(new ImportTemplate(ID, B, "water", 2, AT))
                .expectException(TemplateStateConflict.class)
                .expectExceptionMessage(containsString("has no version 2"));
    }

    @Test
    void aProcedureIsImportedOnceThenUpdated() {
        fixture.given(shared(1), new TemplateImported(ID, 1, A, B, "water", AT))
                .when(new ImportTemplate(ID, B, "water", 1, AT))
                .expectException(TemplateStateConflict.class)
                .expectExceptionMessage(containsString("take-update"));
    }

    @Test
    void anImportingTownTakesANewerVersion() {
        fixture.given(shared(1), new TemplateImported(ID, 1, A, B, "water", AT), shared(2))
                .when(new TakeTemplateUpdate(ID, B, "water", 2, AT))
                .expectEvents(new TemplateUpdateTaken(ID, 1, 2, A, B, "water", AT));
    }

    @Test
    void anUpdateNeedsAnImportFirst() {
        fixture.given(shared(1), shared(2))
                .when(new TakeTemplateUpdate(ID, B, "water", 2, AT))
                .expectException(TemplateStateConflict.class)
                .expectExceptionMessage(containsString("import the template first"));
    }

    @Test
    void anUpdateMustBeNewerThanWhatTheProcedureHas() {
        fixture.given(shared(1), new TemplateImported(ID, 1, A, B, "water", AT), shared(2), new TemplateUpdateTaken(ID, 1, 2, A, B, "water", AT))
                .when(new TakeTemplateUpdate(ID, B, "water", 2, AT))
                .expectException(TemplateStateConflict.class)
                .expectExceptionMessage(containsString("no newer version to take"));
    }
}
