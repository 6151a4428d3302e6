package jp.madoguchi.conversation.resident;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands and events of the Resident aggregate. */
public final class ResidentMessages {

    private ResidentMessages() {
    }

    public record FollowResident(@TargetAggregateIdentifier String residentId, String channel, String channelUserId, Instant at) {
    }

    public record UnfollowResident(@TargetAggregateIdentifier String residentId, String channel, String channelUserId, Instant at) {
    }

    public record ResidentFollowed(String residentId, String channel, String channelUserId, Instant at) {
    }

    public record ResidentUnfollowed(String residentId, String channel, Instant at) {
    }
}
