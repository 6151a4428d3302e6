package jp.madoguchi.procedure.definition;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import jp.madoguchi.platform.flow.FlowDefinition;
import jp.madoguchi.platform.flow.Step;

/**
 * A procedure as staff write it, read it back and move it between towns: the body of create, edit,
 * import and export, and the shape of the built-in templates. The flow is inlined ({@code firstStepId},
 * {@code steps}) so a YAML file reads top to bottom like the conversation.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"procedureId", "title", "description", "fees", "firstStepId", "steps"})
public record ProcedureDocument(String procedureId, String title, String description, List<FeeItem> fees,
                                String firstStepId, List<Step> steps) {

    public ProcedureDocument {
        fees = fees == null ? List.of() : List.copyOf(fees);
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    public static ProcedureDocument of(String procedureId, ProcedureMessages.Content content) {
        FlowDefinition flow = content.flow();
        return new ProcedureDocument(procedureId, content.title(), content.description(), content.fees(),
                flow.firstStepId(), flow.steps());
    }

    /** The draft content under {@code procedureId}; the aggregate sets the flow's version and title. */
    public ProcedureMessages.Content content(String procedureId) {
        return new ProcedureMessages.Content(title, description, fees,
                new FlowDefinition(procedureId, 0, title, firstStepId, steps));
    }

    public ProcedureDocument withProcedureId(String id) {
        return new ProcedureDocument(id, title, description, fees, firstStepId, steps);
    }
}
