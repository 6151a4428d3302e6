package jp.madoguchi.platform.events.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import jp.madoguchi.platform.events.EventContract;

/**
 * A resident finished a procedure's conversation and confirmed the answers.
 *
 * @param answers     field → the answer as the resident confirmed it (dates ISO, choices by value)
 * @param attachments content ids of photos stored in the town's database
 */
@EventContract(type = "ConversationCompleted", version = 1)
public record ConversationCompleted(
        String conversationId, String residentId, String channel, String channelUserId, String procedureId, int procedureVersion,
        Map<String, String> answers, List<String> attachments, Instant completedAt) {
}
