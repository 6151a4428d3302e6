package jp.madoguchi.platform.events.contracts;

import java.time.Instant;
import jp.madoguchi.platform.events.EventContract;

/** A resident added the town's account as a friend (or came back after blocking it). */
@EventContract(type = "ResidentFollowed", version = 1)
public record ResidentFollowed(String residentId, String channel, String channelUserId, Instant followedAt) {
}
