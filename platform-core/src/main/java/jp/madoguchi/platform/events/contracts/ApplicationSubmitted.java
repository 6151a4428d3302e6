package jp.madoguchi.platform.events.contracts;

import java.time.Instant;
import java.util.Map;
import jp.madoguchi.platform.events.EventContract;

/**
 * An application reached the town, with its receipt number and the resident's answers.
 * {@code channelUserId} (who to tell the receipt number to on {@code channel}) was added later:
 * events published before it read as null.
 */
@EventContract(type = "ApplicationSubmitted", version = 1)
public record ApplicationSubmitted(
        String applicationId,
        String receiptNumber,
        String procedureId,
        int procedureVersion,
        String residentId,
        String channel,
        Map<String, String> answers,
        Instant submittedAt,
        String channelUserId) {

    /** As published before {@code channelUserId} was added. */
    public ApplicationSubmitted(String applicationId, String receiptNumber, String procedureId, int procedureVersion, String residentId,
                                String channel, Map<String, String> answers, Instant submittedAt) {
        this(applicationId, receiptNumber, procedureId, procedureVersion, residentId, channel, answers, submittedAt, null);
    }
}
