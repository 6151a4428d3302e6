package jp.madoguchi.procedure.catalogue;

/** A command the template's rules refuse outright (400): the message says what to change. */
class TemplateRuleViolation extends IllegalArgumentException {
    public TemplateRuleViolation(String message) {
        super(message);
    }
}
