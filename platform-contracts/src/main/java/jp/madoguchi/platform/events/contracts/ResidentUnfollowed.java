package jp.madoguchi.platform.events.contracts;

import java.time.Instant;
import jp.madoguchi.platform.events.EventContract;

/** A resident blocked the town's account: they can no longer be messaged. */
@EventContract(type = "ResidentUnfollowed", version = 1)
public record ResidentUnfollowed(String residentId, String channel, Instant unfollowedAt) {
}
