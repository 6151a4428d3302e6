package jp.madoguchi.procedure.definition;

/** The built-in procedures for tests of other packages: {@link ProcedureTemplates} itself is this package's own. */
public final class BuiltInTemplates {

    private BuiltInTemplates() {
    }

    public static ProcedureDocument find(String templateId) {
        return ProcedureTemplates.find(templateId).orElseThrow();
    }
}
