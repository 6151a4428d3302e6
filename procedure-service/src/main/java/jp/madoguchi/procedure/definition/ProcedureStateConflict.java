package jp.madoguchi.procedure.definition;

/** A command that does not fit the procedure's state (retired, nothing new to publish): HTTP 409. */
public class ProcedureStateConflict extends IllegalStateException {
    public ProcedureStateConflict(String message) {
        super(message);
    }
}
