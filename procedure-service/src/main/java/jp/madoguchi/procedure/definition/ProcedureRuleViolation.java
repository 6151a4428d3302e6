package jp.madoguchi.procedure.definition;

import java.util.List;

/**
 * A command a procedure refuses: {@code problems} say what to change. Draft rules (title, id) name no
 * step; publishing a flow with check problems names each step.
 */
public class ProcedureRuleViolation extends IllegalArgumentException {

    private final List<FlowProblem> problems;

    public ProcedureRuleViolation(List<FlowProblem> problems) {
        super(String.join("; ", problems.stream().map(p -> p.stepId() == null ? p.message() : p.stepId() + ": " + p.message()).toList()));
        this.problems = List.copyOf(problems);
    }

    public static ProcedureRuleViolation of(String problem) {
        return new ProcedureRuleViolation(List.of(new FlowProblem(null, problem)));
    }

    public List<FlowProblem> problems() {
        return problems;
    }
}
