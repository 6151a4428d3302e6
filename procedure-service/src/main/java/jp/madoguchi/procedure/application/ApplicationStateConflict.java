package jp.madoguchi.procedure.application;

/** A command the application's current status does not allow, e.g. completing it before it is 処理中 (HTTP 409). */
class ApplicationStateConflict extends IllegalStateException {

    public ApplicationStateConflict(String message) {
        super(message);
    }
}
