package jp.madoguchi.platform.events.contracts;

import java.time.Instant;
import jp.madoguchi.platform.events.EventContract;

/** A resident began a procedure; the flow is pinned to the version it started on. */
@EventContract(type = "ConversationStarted", version = 1)
public record ConversationStarted(
        String conversationId, String residentId, String procedureId, int procedureVersion, String channel, Instant startedAt) {
}
