package jp.madoguchi.platform.events.contracts;

import java.util.List;
import java.util.Map;
import jp.madoguchi.platform.events.EventContract;

/**
 * Staff published a version of a procedure: conversations started from now on use it, those under
 * way stay on the version they began with.
 *
 * @param flowJson the {@link jp.madoguchi.platform.flow.FlowDefinition} as written by platform-core's {@code FlowJson}
 * @param fees     fee name → amount in yen (empty when the procedure is free)
 * @param feeItems added to v1 later (absent in older messages, read as empty): the fee table in full, each
 *                 item with its code and the flow's number question that says how many the resident has,
 *                 so a total can be computed from the answers
 */
@EventContract(type = "ProcedurePublished", version = 1)
public record ProcedurePublished(String procedureId, int version, String title, String flowJson, Map<String, Long> fees,
                                 List<FeeItem> feeItems) {

    public ProcedurePublished {
        fees = fees == null ? Map.of() : Map.copyOf(fees);
        feeItems = feeItems == null ? List.of() : List.copyOf(feeItems);
    }

    /** The v1 shape as first published, without the fee table's items. */
    public ProcedurePublished(String procedureId, int version, String title, String flowJson, Map<String, Long> fees) {
        this(procedureId, version, title, flowJson, fees, List.of());
    }

    /** One line of a fee table: {@code unitFeeYen} yen for each of {@code quantityField}'s answer. */
    public record FeeItem(String code, String name, long unitFeeYen, String quantityField) {
    }
}
