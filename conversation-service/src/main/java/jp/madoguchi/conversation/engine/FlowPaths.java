package jp.madoguchi.conversation.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import jp.madoguchi.platform.flow.Branch;
import jp.madoguchi.platform.flow.FlowDefinition;
import jp.madoguchi.platform.flow.Step;

/** Where a flow goes from a step: the branch an answer takes, the next step that asks something, the route taken so far. */
final class FlowPaths {

    private FlowPaths() {
    }

    static String route(Step.Question question, Answer answer) {
        String value = answer instanceof Answer.Choice c ? c.value()
                : answer instanceof Answer.YesNo y ? (y.yes() ? Step.YesNo.YES : Step.YesNo.NO)
                : null;
        for (Branch branch : question.branches()) {
            if (branch.whenAnswer().equals(value)) {
                return branch.goTo();
            }
        }
        return question.next();
    }

    static String firstInteractive(FlowDefinition flow, String stepId) {
        String id = stepId;
        for (int hops = 0; hops <= flow.steps().size(); hops++) {
            Step step = flow.requireStep(id);
            if (!(step instanceof Step.Message)) {
                return id;
            }
            id = step.next();
        }
        throw new IllegalStateException("flow " + flow.procedureId() + " loops through messages at " + stepId);
    }

    /** Only answers to questions on the route taken: not those left behind by 戻る or a changed branch. */
    static Map<String, Answer> answersOnPath(FlowDefinition flow, ConversationState state) {
        Map<String, Answer> kept = new LinkedHashMap<>();
        for (String id : state.history()) {
            if (flow.requireStep(id) instanceof Step.Question q && state.answers().containsKey(q.field())) {
                kept.put(q.field(), state.answers().get(q.field()));
            }
        }
        return kept;
    }
}
