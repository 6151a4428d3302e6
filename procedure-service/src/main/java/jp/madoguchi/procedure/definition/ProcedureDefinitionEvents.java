package jp.madoguchi.procedure.definition;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import jp.madoguchi.platform.events.contracts.ProcedurePublished;
import jp.madoguchi.platform.events.contracts.ProcedureRetired;
import jp.madoguchi.platform.flow.Fee;
import jp.madoguchi.platform.flow.FlowJson;

/**
 * The published contracts of procedure definitions (conversation-service keeps the published flows).
 * The service's one translator bean calls this for every event.
 */
public final class ProcedureDefinitionEvents {

    private static final FlowJson FLOWS = new FlowJson();

    private ProcedureDefinitionEvents() {
    }

    public static Optional<Record> translate(Object domainEvent) {
        if (domainEvent instanceof ProcedureMessages.ProcedurePublished e) {
            Map<String, Long> fees = new LinkedHashMap<>();
            for (FeeItem item : e.content().fees()) {
                fees.put(item.name(), item.unitFeeYen());
            }
            return Optional.of(new ProcedurePublished(e.procedureId(), e.version(), e.content().title(),
                    // the fee table travels inside the flow too, so the engine can show the total of the answers
                    new String(FLOWS.write(e.content().flow().withFees(e.content().fees().stream()
                            .map(f -> new Fee(f.code(), f.name(), f.unitFeeYen(), f.quantityField())).toList())), StandardCharsets.UTF_8), fees,
                    e.content().fees().stream()
                            .map(f -> new ProcedurePublished.FeeItem(f.code(), f.name(), f.unitFeeYen(), f.quantityField()))
                            .toList()));
        }
        if (domainEvent instanceof ProcedureMessages.ProcedureRetired e) {
            return Optional.of(new ProcedureRetired(e.procedureId(), e.lastVersion()));
        }
        return Optional.empty();
    }
}
