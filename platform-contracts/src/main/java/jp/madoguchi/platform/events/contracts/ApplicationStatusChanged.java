package jp.madoguchi.platform.events.contracts;

import java.time.Instant;
import jp.madoguchi.platform.events.EventContract;

/**
 * Town staff (or the resident, by withdrawing) moved an application to another status. Carries the
 * channel and channel user id so conversation-service can tell the resident without a lookup; it
 * uses the envelope's eventId as the push's retry key.
 *
 * @param from   RECEIVED, IN_PROGRESS, COMPLETED, REJECTED or WITHDRAWN
 * @param to     as {@code from}
 * @param reason why: required for REJECTED, may be empty otherwise (never null)
 */
@EventContract(type = "ApplicationStatusChanged", version = 1)
public record ApplicationStatusChanged(
        String applicationId,
        String receiptNumber,
        String procedureId,
        String residentId,
        String channel,
        String channelUserId,
        String from,
        String to,
        String reason,
        Instant changedAt) {
}
