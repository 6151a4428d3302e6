package jp.madoguchi.platform.events.contracts;

import java.time.Instant;
import jp.madoguchi.platform.events.EventContract;

/**
 * Town staff wrote to the resident about their application. conversation-service pushes the text on
 * the resident's channel, with {@code messageId} as the push's retry key so a redelivery is not sent twice.
 */
@EventContract(type = "ApplicationMessagePosted", version = 1)
public record ApplicationMessagePosted(
        String applicationId,
        String receiptNumber,
        String messageId,
        String procedureId,
        String residentId,
        String channel,
        String channelUserId,
        String text,
        Instant postedAt) {
}
