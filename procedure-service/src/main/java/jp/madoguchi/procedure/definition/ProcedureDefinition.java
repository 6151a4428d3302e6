package jp.madoguchi.procedure.definition;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import jp.madoguchi.platform.flow.FlowDefinition;
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
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A procedure a town offers (水道の開始, 粗大ごみ…), named {@code <tenant>:<procedureId>}. Staff edit a
 * draft freely; publishing freezes it as the next version, which never changes afterwards (editing
 * again edits the following version's draft). Publishing requires a draft without check problems and
 * with something new since the last version. A retired procedure takes no more edits.
 */
@Aggregate
class ProcedureDefinition {

    static final int MAX_TITLE_LENGTH = 60;
    static final int MAX_DESCRIPTION_LENGTH = 400;

    @AggregateIdentifier
    private String id;
    private String tenantId;
    private String procedureId;
    private Content draft;
    private int publishedVersion;
    private boolean draftPublished;
    private boolean retired;

    protected ProcedureDefinition() {
        // for Axon
    }

    @CommandHandler
    public ProcedureDefinition(CreateProcedureDraft command) {
        List<FlowProblem> problems = new ArrayList<>();
        String slugProblem = ProcedureId.problemWith(command.procedureId());
        if (slugProblem != null) {
            problems.add(new FlowProblem(null, slugProblem));
        } else if (!command.id().equals(command.tenantId() + ":" + command.procedureId())) {
            problems.add(new FlowProblem(null, "procedure " + command.id() + " must be named <tenant>:<procedureId>"));
        }
        problems.addAll(problemsOf(command.content()));
        rejectIfAny(problems);
        apply(new ProcedureDraftCreated(command.id(), command.tenantId(), command.procedureId(),
                normalised(command.content(), command.procedureId(), 1)));
    }

    @CommandHandler
    public void handle(EditProcedureDraft command) {
        rejectIfRetired("edited");
        rejectIfAny(problemsOf(command.content()));
        int draftVersion = publishedVersion + 1;
        apply(new ProcedureDraftEdited(id, tenantId, procedureId, draftVersion, normalised(command.content(), procedureId, draftVersion)));
    }

    /** The check problems of the current draft; an empty list means it can be published. */
    @CommandHandler
    public List<FlowProblem> handle(CheckProcedureDraft command) {
        return FlowChecks.check(draft.flow(), draft.fees());
    }

    /** @return the version published */
    @CommandHandler
    public int handle(PublishProcedure command) {
        rejectIfRetired("published");
        if (draftPublished) {
            throw new ProcedureStateConflict("the draft is unchanged since version " + publishedVersion
                    + " was published; edit the draft before publishing again");
        }
        rejectIfAny(FlowChecks.check(draft.flow(), draft.fees()));
        int version = publishedVersion + 1;
        apply(new ProcedurePublished(id, tenantId, procedureId, version, normalised(draft, procedureId, version), command.at()));
        return version;
    }

    /** Retiring twice changes nothing. */
    @CommandHandler
    public void handle(RetireProcedure command) {
        if (!retired) {
            apply(new ProcedureRetired(id, tenantId, procedureId, publishedVersion, command.at()));
        }
    }

    @EventSourcingHandler
    void on(ProcedureDraftCreated event) {
        id = event.id();
        tenantId = event.tenantId();
        procedureId = event.procedureId();
        draft = event.content();
    }

    @EventSourcingHandler
    void on(ProcedureDraftEdited event) {
        draft = event.content();
        draftPublished = false;
    }

    @EventSourcingHandler
    void on(ProcedurePublished event) {
        publishedVersion = event.version();
        draftPublished = true;
    }

    @EventSourcingHandler
    void on(ProcedureRetired event) {
        retired = true;
    }

    private void rejectIfRetired(String action) {
        if (retired) {
            throw new ProcedureStateConflict("procedure " + procedureId + " is retired and cannot be " + action
                    + "; create a new procedure (or import its export under a new id) instead");
        }
    }

    /** What a draft needs even before it is checked: a title and a flow, of reasonable length. */
    static List<FlowProblem> problemsOf(Content content) {
        List<FlowProblem> problems = new ArrayList<>();
        if (content == null) {
            problems.add(new FlowProblem(null, "a procedure needs a title and a flow"));
            return problems;
        }
        if (content.title() == null || content.title().isBlank()) {
            problems.add(new FlowProblem(null, "title is required: residents see it in the menu (e.g. 水道の使用開始・中止)"));
        } else if (content.title().strip().length() > MAX_TITLE_LENGTH) {
            problems.add(new FlowProblem(null, "title must be at most " + MAX_TITLE_LENGTH + " characters"));
        }
        if (content.description() != null && content.description().strip().length() > MAX_DESCRIPTION_LENGTH) {
            problems.add(new FlowProblem(null, "description must be at most " + MAX_DESCRIPTION_LENGTH + " characters"));
        }
        if (content.flow() == null) {
            problems.add(new FlowProblem(null, "flow is required: give at least firstStepId and steps"));
        }
        return problems;
    }

    /** The flow always carries this procedure's id, the version it becomes and the title. */
    private static Content normalised(Content content, String procedureId, int version) {
        String title = content.title().strip();
        FlowDefinition flow = content.flow();
        return new Content(title, content.description() == null ? null : content.description().strip(), content.fees(),
                new FlowDefinition(procedureId, version, title, flow.firstStepId(), flow.steps()));
    }

    private static void rejectIfAny(List<FlowProblem> problems) {
        if (!problems.isEmpty()) {
            throw new ProcedureRuleViolation(problems);
        }
    }

    @Override
    public String toString() {
        return "ProcedureDefinition[" + Objects.toString(id) + "]";
    }
}
