package jp.madoguchi.procedure.catalogue;

/** A command the template's current state refuses (409): the message says what is possible instead. */
class TemplateStateConflict extends IllegalStateException {
    public TemplateStateConflict(String message) {
        super(message);
    }
}
