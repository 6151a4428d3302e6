package jp.madoguchi.procedure.catalogue;

import java.time.Instant;
import java.util.List;
import jp.madoguchi.procedure.definition.ProcedureDocument;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands and events of the {@link Template} aggregate, named {@code <sourceTenantId>:<procedureId>}.
 * A template holds only a procedure's definition ({@link ProcedureDocument}): never applications,
 * residents or channel data.
 */
final class TemplateMessages {

    private TemplateMessages() {
    }

    public static String templateId(String sourceTenantId, String procedureId) {
        return sourceTenantId + ":" + procedureId;
    }

    /**
     * The aggregate's identifier in the event store: {@code template:<templateId>}. The event store's
     * identifiers are shared by every aggregate type, and the template id equals the source procedure's.
     */
    public static String aggregateId(String templateId) {
        return "template:" + templateId;
    }

    // --- commands --------------------------------------------------------------------------------

    /** The source town shares published version {@code procedureVersion} of its procedure (first time or again). */
    public record ShareTemplate(String templateId, String sourceTenantId, String sourceTownName,
                                String procedureId, int procedureVersion, String description, List<String> tags,
                                ProcedureDocument definition, Instant at) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return TemplateMessages.aggregateId(templateId);
        }
    }

    /** {@code importingTenantId} made a draft of its procedure {@code procedureId} from template version {@code version}. */
    public record ImportTemplate(String templateId, String importingTenantId, String procedureId,
                                 int version, Instant at) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return TemplateMessages.aggregateId(templateId);
        }
    }

    /** An importing town replaced its draft with the newer template version {@code version}. */
    public record TakeTemplateUpdate(String templateId, String importingTenantId, String procedureId,
                                     int version, Instant at) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return TemplateMessages.aggregateId(templateId);
        }
    }

    // --- events ----------------------------------------------------------------------------------

    /** Version {@code version} (= the source procedure's version) is in the catalogue; it never changes. */
    public record TemplateShared(String templateId, int version, String sourceTenantId, String sourceTownName, String procedureId,
                                 String description, List<String> tags, ProcedureDocument definition, Instant at) {
    }

    public record TemplateImported(String templateId, int version, String sourceTenantId, String importingTenantId,
                                   String procedureId, Instant at) {
    }

    public record TemplateUpdateTaken(String templateId, int fromVersion, int version, String sourceTenantId,
                                      String importingTenantId, String procedureId, Instant at) {
    }
}
