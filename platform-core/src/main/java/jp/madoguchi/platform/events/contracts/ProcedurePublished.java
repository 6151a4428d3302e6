package jp.madoguchi.platform.events.contracts;

import java.util.Map;
import jp.madoguchi.platform.events.EventContract;

/**
 * Staff published a version of a procedure: conversations started from now on use it, those under
 * way stay on the version they began with.
 *
 * @param flowJson the {@link jp.madoguchi.platform.flow.FlowDefinition} as written by {@link jp.madoguchi.platform.flow.FlowJson}
 * @param fees     fee name → amount in yen (empty when the procedure is free)
 */
@EventContract(type = "ProcedurePublished", version = 1)
public record ProcedurePublished(String procedureId, int version, String title, String flowJson, Map<String, Long> fees) {
}
