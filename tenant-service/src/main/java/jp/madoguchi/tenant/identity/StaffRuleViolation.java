package jp.madoguchi.tenant.identity;

import java.util.List;

/** A staff command with invalid content (400); the message lists each broken rule. */
class StaffRuleViolation extends IllegalArgumentException {

    private final List<String> problems;

    public StaffRuleViolation(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
