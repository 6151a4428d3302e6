package jp.madoguchi.platform.events.contracts;

import java.time.Instant;
import jp.madoguchi.platform.events.EventContract;

/**
 * A resident's conversation ended without an application.
 *
 * @param reason CANCELLED (the resident stopped), EXPIRED (left too long), REPLACED (began another procedure)
 */
@EventContract(type = "ConversationAbandoned", version = 1)
public record ConversationAbandoned(
        String conversationId, String residentId, String procedureId, int procedureVersion, String reason, Instant at) {
}
