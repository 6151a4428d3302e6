package jp.madoguchi.conversation.resident;

import java.time.Instant;
import java.util.Map;
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

    /** The resident explicitly consented to give {@code key} = {@code value} (see {@link ResidentAttributes}). */
    public record ConsentResidentAttribute(@TargetAggregateIdentifier String residentId, String channel, String channelUserId,
                                           String key, String value, Instant at) {
    }

    /** The resident takes back {@code key}, or every attribute when {@code key} is {@code *}. */
    public record WithdrawResidentAttribute(@TargetAggregateIdentifier String residentId, String channel, String channelUserId,
                                            String key, Instant at) {
    }

    /** Answers the attributes the resident has given (no event). */
    public record DescribeResidentAttributes(@TargetAggregateIdentifier String residentId) {
    }

    /** {@code given} changed with consent; {@code current} is the full set afterwards. */
    public record ResidentAttributesConsented(String residentId, String channel, String channelUserId, Map<String, String> given,
                                              Map<String, String> current, Instant at) {
    }

    /** {@code key} was withdrawn; {@code current} is what remains (maybe nothing). */
    public record ResidentAttributeWithdrawn(String residentId, String channel, String channelUserId, String key,
                                             Map<String, String> current, Instant at) {
    }
}
