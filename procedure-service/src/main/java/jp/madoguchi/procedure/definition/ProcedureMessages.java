package jp.madoguchi.procedure.definition;

import java.time.Instant;
import java.util.List;
import jp.madoguchi.platform.flow.FlowDefinition;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands and events of the {@link ProcedureDefinition} aggregate, named {@code <tenant>:<procedureId>}.
 * Events carry the tenant and slug so projections need no lookup.
 */
public final class ProcedureMessages {

    private ProcedureMessages() {
    }

    /**
     * What staff edit: the title and description residents see in the menu, the fee table (may be
     * empty) and the flow. A flow inside a draft may have problems; only publishing requires none.
     */
    public record Content(String title, String description, List<FeeItem> fees, FlowDefinition flow) {
        public Content {
            fees = fees == null ? List.of() : List.copyOf(fees);
        }
    }

    // --- commands --------------------------------------------------------------------------------

    public record CreateProcedureDraft(@TargetAggregateIdentifier String id, String tenantId, String procedureId, Content content) {
    }

    /** Replaces the draft; after a publication it starts the next version's draft. */
    public record EditProcedureDraft(@TargetAggregateIdentifier String id, Content content) {
    }

    /** Runs the definition checks on the draft; answers the problems found, changes nothing. */
    public record CheckProcedureDraft(@TargetAggregateIdentifier String id) {
    }

    public record PublishProcedure(@TargetAggregateIdentifier String id, Instant at) {
    }

    public record RetireProcedure(@TargetAggregateIdentifier String id, Instant at) {
    }

    // --- events ----------------------------------------------------------------------------------

    public record ProcedureDraftCreated(String id, String tenantId, String procedureId, Content content) {
    }

    /** {@code draftVersion}: the version this draft becomes when published. */
    public record ProcedureDraftEdited(String id, String tenantId, String procedureId, int draftVersion, Content content) {
    }

    /** Version {@code version} is frozen: {@code content.flow()} carries that version number and never changes. */
    public record ProcedurePublished(String id, String tenantId, String procedureId, int version, Content content, Instant at) {
    }

    public record ProcedureRetired(String id, String tenantId, String procedureId, int lastVersion, Instant at) {
    }
}
