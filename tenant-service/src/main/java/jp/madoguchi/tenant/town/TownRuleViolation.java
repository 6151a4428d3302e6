package jp.madoguchi.tenant.town;

import java.util.List;

/** A command that breaks one or more of a town's rules; the message lists each broken rule. */
class TownRuleViolation extends IllegalArgumentException {

    private final List<String> problems;

    public TownRuleViolation(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
