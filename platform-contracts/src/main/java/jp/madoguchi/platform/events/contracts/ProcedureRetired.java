package jp.madoguchi.platform.events.contracts;

import jp.madoguchi.platform.events.EventContract;

/**
 * A town retired a procedure: it is no longer offered to residents. Conversations already pinned to a
 * version may finish. {@code lastVersion} is the latest published version (0 when none was published).
 */
@EventContract(type = "ProcedureRetired", version = 1)
public record ProcedureRetired(String procedureId, int lastVersion) {
}
