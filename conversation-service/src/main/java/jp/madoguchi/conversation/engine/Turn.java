package jp.madoguchi.conversation.engine;

import java.util.List;
import java.util.Map;

/** The result of one start or input: the new state, what to show the resident, and how it went. */
public record Turn(ConversationState state, List<Reply> replies, Outcome outcome) {

    public enum Outcome {
        /** The conversation goes on; the replies ask the next thing. */
        CONTINUE,
        /** The resident finished the procedure; {@link #answers()} holds what they submitted. */
        COMPLETED,
        /** The resident stopped the procedure. */
        CANCELLED,
        /** The input was not accepted: the replies say why and ask again; answers and step are unchanged. */
        INVALID
    }

    public Turn {
        replies = List.copyOf(replies);
    }

    /** The submitted answers, by field, when {@link Outcome#COMPLETED}; empty otherwise. */
    public Map<String, Answer> answers() {
        return outcome == Outcome.COMPLETED ? state.answers() : Map.of();
    }
}
