package jp.madoguchi.platform.events.contracts;

import java.time.Instant;
import java.util.Map;
import jp.madoguchi.platform.events.EventContract;

/**
 * An application reached the town, with its receipt number and the resident's answers.
 *
 * @param channelUserId added to v1 later (absent in older messages, read as empty): who to tell the
 *                      receipt number to on {@code channel}
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

    public ApplicationSubmitted {
        channelUserId = channelUserId == null ? "" : channelUserId;
    }

    /** As published before {@code channelUserId} was added. */
    public ApplicationSubmitted(String applicationId, String receiptNumber, String procedureId, int procedureVersion, String residentId,
                                String channel, Map<String, String> answers, Instant submittedAt) {
        this(applicationId, receiptNumber, procedureId, procedureVersion, residentId, channel, answers, submittedAt, null);
    }
}
