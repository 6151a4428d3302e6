package jp.madoguchi.procedure.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import jp.madoguchi.platform.flow.FlowDefinition;
import jp.madoguchi.platform.flow.FlowJson;
import jp.madoguchi.platform.flow.Step;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The built-in templates load, pass every check, and survive export → import unchanged. */
class ProcedureTemplatesTest {

    @TestFactory
    Stream<DynamicTest> everyTemplatePassesTheChecks() {
        return ProcedureTemplates.IDS.stream().map(id -> DynamicTest.dynamicTest(id, () -> {
            ProcedureDocument template = ProcedureTemplates.find(id).orElseThrow();
            assertThat(template.procedureId()).isEqualTo(id);
            FlowDefinition flow = template.content(id).flow();
            assertThat(FlowChecks.check(flow, template.fees())).as(id).isEmpty();
            assertThat(flow.steps()).as(id + " ends with confirm then submit")
                    .anyMatch(s -> s instanceof Step.Confirm).anyMatch(s -> s instanceof Step.Submit);
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyTemplateRoundTripsThroughYamlAndTheFlowJson() {
        return ProcedureTemplates.IDS.stream().map(id -> DynamicTest.dynamicTest(id, () -> {
            ProcedureDocument template = ProcedureTemplates.find(id).orElseThrow();
            String yaml = ProcedureDocuments.toYaml(template);
            assertThat(ProcedureDocuments.fromYaml(yaml.getBytes(StandardCharsets.UTF_8))).isEqualTo(template);
            FlowJson json = new FlowJson();
            FlowDefinition flow = template.content(id).flow();
            assertThat(json.read(json.write(flow))).isEqualTo(flow);
        }));
    }

    @Test
    void bulkyWasteChargesFromItsFeeTableAndShowsTheTotal() {
        ProcedureDocument bulky = ProcedureTemplates.find("bulky-waste").orElseThrow();
        assertThat(bulky.fees()).extracting(FeeItem::name).contains("ソファ", "自転車");
        assertThat(bulky.steps()).anyMatch(s -> s.prompt().contains(FlowChecks.FEE_TOTAL_PLACEHOLDER) && s.prompt().contains("コンビニ"));
        Step.Date pickup = (Step.Date) bulky.content("bulky-waste").flow().requireStep("pickupDate");
        assertThat(pickup.earliestDays()).isEqualTo(7);
        assertThat(pickup.latestDays()).isEqualTo(60);
    }

    @Test
    void aRoadReportCanBeSentWithoutAPhoto() {
        // at night, or from a phone without a camera
        Step.Photo photo = (Step.Photo) ProcedureTemplates.find("road-report").orElseThrow().content("road-report").flow().requireStep("photo");
        assertThat(photo.required()).isFalse();
        assertThat(photo.prompt()).contains("写真なしで進む");
        assertThat(photo.maxPhotos()).isEqualTo(3);
    }

    @Test
    void exportedYamlIsReadableJapanese() {
        String yaml = ProcedureDocuments.toYaml(ProcedureTemplates.find("water").orElseThrow());
        assertThat(yaml).contains("title: 水道の使用開始・中止").contains("- type: single-choice").doesNotContain("\\u");
    }

    @Test
    void aMisspeltKeyInAnImportedFileIsReportedWithWhere() {
        String yaml = "procedureId: x1\ntitle: t\nfirstStepId: a\nsteps:\n  - type: submit\n    id: a\n    promt: 完了\n";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProcedureDocuments.fromYaml(yaml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProcedureDocuments.UnreadableDocument.class)
                .hasMessageContaining("promt");
    }
}
