package jp.madoguchi.platform.events.contracts;

import java.time.Instant;
import jp.madoguchi.platform.events.EventContract;

/**
 * A resident's conversation ended without an application.
 *
 * @param reason CANCELLED (the resident stopped), EXPIRED (left too long), REPLACED (began another procedure)
 * @param stepId added to v1 later (absent in older messages, read as empty): the step the resident was on, for the funnel
 */
@EventContract(type = "ConversationAbandoned", version = 1)
public record ConversationAbandoned(
        String conversationId, String residentId, String procedureId, int procedureVersion, String reason, Instant at, String stepId) {

    public ConversationAbandoned {
        stepId = stepId == null ? "" : stepId;
    }

    /** As published before {@code stepId} was added. */
    public ConversationAbandoned(String conversationId, String residentId, String procedureId, int procedureVersion, String reason, Instant at) {
        this(conversationId, residentId, procedureId, procedureVersion, reason, at, null);
    }
}
