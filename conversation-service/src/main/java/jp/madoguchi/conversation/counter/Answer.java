package jp.madoguchi.conversation.counter;

import java.util.List;
import jp.madoguchi.conversation.engine.Reply;
import jp.madoguchi.conversation.session.ConversationMessages.TurnResult;

/** What the counter answers, for the channel to render in its own format. */
public sealed interface Answer {

    /** Nothing to say (e.g. to someone who just blocked the town). */
    record Silence() implements Answer {
    }

    /** The town's greeting to a new friend, then its menu. */
    record Welcome() implements Answer {
    }

    /** The town's procedures to choose from, after {@code intro}. */
    record Menu(String intro) implements Answer {
    }

    /** A turn of the resident's conversation. */
    record Turn(TurnResult turn) implements Answer {
    }

    /**
     * A ready answer outside any conversation; {@code topic} (status, attrs) names it, so a channel that
     * records its sends can key them.
     */
    record Say(String topic, List<Reply> replies) implements Answer {
    }
}
