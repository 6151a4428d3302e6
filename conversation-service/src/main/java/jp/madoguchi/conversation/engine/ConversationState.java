package jp.madoguchi.conversation.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where one resident is in one procedure: the step awaiting an answer, the answers so far, the
 * questions passed through (for 戻る), and the flow version it is pinned to. Immutable; the engine
 * returns a new state with every turn.
 *
 * @param history   questions and summaries already passed, oldest first; the last one is where 戻る goes
 * @param returnTo  while correcting an answer from the summary, the summary step to come back to; else null
 */
public record ConversationState(String procedureId, int version, String currentStepId, Map<String, Answer> answers,
                                List<String> history, String returnTo, Instant lastActivity, Status status) {

    public enum Status { ACTIVE, COMPLETED, CANCELLED, EXPIRED }

    public ConversationState {
        Objects.requireNonNull(procedureId, "procedureId");
        Objects.requireNonNull(status, "status");
        answers = Collections.unmodifiableMap(new LinkedHashMap<>(answers));
        history = List.copyOf(history);
    }

    static ConversationState begin(String procedureId, int version, Instant now) {
        return new ConversationState(procedureId, version, null, Map.of(), List.of(), null, now, Status.ACTIVE);
    }

    ConversationState at(String stepId) {
        return new ConversationState(procedureId, version, stepId, answers, history, returnTo, lastActivity, status);
    }

    ConversationState withAnswers(Map<String, Answer> newAnswers) {
        return new ConversationState(procedureId, version, currentStepId, newAnswers, history, returnTo, lastActivity, status);
    }

    ConversationState withAnswer(String field, Answer answer) {
        Map<String, Answer> copy = new LinkedHashMap<>(answers);
        copy.put(field, answer);
        return withAnswers(copy);
    }

    ConversationState withHistory(List<String> newHistory, String newReturnTo) {
        return new ConversationState(procedureId, version, currentStepId, answers, newHistory, newReturnTo, lastActivity, status);
    }

    ConversationState pushed(String stepId) {
        List<String> copy = new ArrayList<>(history);
        copy.add(stepId);
        return withHistory(copy, returnTo);
    }

    ConversationState touched(Instant now) {
        return new ConversationState(procedureId, version, currentStepId, answers, history, returnTo, now, status);
    }

    ConversationState withStatus(Status newStatus) {
        return new ConversationState(procedureId, version, currentStepId, answers, history, returnTo, lastActivity, newStatus);
    }
}
