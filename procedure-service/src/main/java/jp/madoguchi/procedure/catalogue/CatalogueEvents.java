package jp.madoguchi.procedure.catalogue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import jp.madoguchi.platform.events.contracts.ProcedurePublished;
import jp.madoguchi.platform.events.contracts.TemplateImported;
import jp.madoguchi.platform.events.contracts.TemplatePublished;
import jp.madoguchi.platform.flow.FlowJson;

/** The published contracts of the catalogue; the service's one translator bean calls this for every event. */
public final class CatalogueEvents {

    private static final FlowJson FLOWS = new FlowJson();

    private CatalogueEvents() {
    }

    public static Optional<Record> translate(Object domainEvent) {
        if (domainEvent instanceof TemplateMessages.TemplateShared e) {
            var definition = e.definition();
            return Optional.of(new TemplatePublished(e.templateId(), e.version(), e.procedureId(), definition.title(), e.description(),
                    e.tags(), e.sourceTenantId(), e.sourceTownName(),
                    new String(FLOWS.write(definition.content(e.procedureId()).flow()), StandardCharsets.UTF_8),
                    definition.fees().stream()
                            .map(f -> new ProcedurePublished.FeeItem(f.code(), f.name(), f.unitFeeYen(), f.quantityField())).toList(),
                    e.at()));
        }
        if (domainEvent instanceof TemplateMessages.TemplateImported e) {
            return Optional.of(new TemplateImported(e.templateId(), e.version(), e.sourceTenantId(), e.importingTenantId(),
                    e.procedureId(), false, e.at()));
        }
        if (domainEvent instanceof TemplateMessages.TemplateUpdateTaken e) {
            return Optional.of(new TemplateImported(e.templateId(), e.version(), e.sourceTenantId(), e.importingTenantId(),
                    e.procedureId(), true, e.at()));
        }
        return Optional.empty();
    }
}
