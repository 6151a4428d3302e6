package jp.madoguchi.platform.events.contracts;

import java.time.Instant;
import jp.madoguchi.platform.events.EventContract;

/**
 * A notice went out to the town's friends or a segment of them: {@code recipientCount} residents were in the audience
 * when sending started, {@code deliveredCount} were sent it, {@code failedCount} could not be (LINE refused), and the
 * rest had unfollowed in between. Counts once towards the town's 情報発信回数.
 */
@EventContract(type = "BroadcastSent", version = 1)
public record BroadcastSent(String broadcastId, String title, String segment, int recipientCount, int deliveredCount, int failedCount,
                            Instant sentAt) {
}
