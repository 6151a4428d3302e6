package jp.madoguchi.platform.events.contracts;

import java.time.Instant;
import java.util.Map;
import jp.madoguchi.platform.events.EventContract;

/** An application reached the town, with its receipt number and the resident's answers. */
@EventContract(type = "ApplicationSubmitted", version = 1)
public record ApplicationSubmitted(
        String applicationId,
        String receiptNumber,
        String procedureId,
        int procedureVersion,
        String residentId,
        String channel,
        Map<String, String> answers,
        Instant submittedAt) {
}
