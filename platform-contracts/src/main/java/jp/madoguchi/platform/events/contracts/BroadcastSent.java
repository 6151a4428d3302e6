package jp.madoguchi.platform.events.contracts;

import java.time.Instant;
import jp.madoguchi.platform.events.EventContract;

/** A notice went out to a segment of the town's residents. */
@EventContract(type = "BroadcastSent", version = 1)
public record BroadcastSent(String broadcastId, String title, String segment, int recipientCount, Instant sentAt) {
}
