package jp.madoguchi.procedure.application;

import java.util.List;

/** A command that breaks one or more rules of its own content; the message lists each (HTTP 400). */
class ApplicationRuleViolation extends IllegalArgumentException {

    private final List<String> problems;

    public ApplicationRuleViolation(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
