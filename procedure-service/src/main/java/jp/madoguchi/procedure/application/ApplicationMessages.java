package jp.madoguchi.procedure.application;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands and events of the Application aggregate. Every command names the town it is sent for:
 * an application answers only to its own town, so another town's staff cannot reach it by its id.
 * Events after the submission repeat what a notice to the resident needs (receipt number, channel),
 * so the published contracts are translated from the event alone.
 */
final class ApplicationMessages {

    private ApplicationMessages() {
    }

    // --- commands --------------------------------------------------------------------------------

    /** From a completed conversation; {@code applicationId} is derived from the conversation (see {@link ApplicationIds}). */
    public record SubmitApplication(@TargetAggregateIdentifier String applicationId, String tenantId, String conversationId,
                                    String residentId, String channel, String channelUserId, String procedureId,
                                    int procedureVersion, Map<String, String> answers, List<String> attachments,
                                    Instant completedAt) {
    }

    /** Staff move an application on; {@code reason} is required when rejecting. */
    public record ChangeApplicationStatus(@TargetAggregateIdentifier String applicationId, String tenantId, ApplicationStatus to,
                                          String reason, Actor actor, Instant at) {
    }

    /** The resident takes their application back (取下げ) while it is still open. */
    public record WithdrawApplication(@TargetAggregateIdentifier String applicationId, String tenantId, String residentId,
                                      String reason, Instant at) {
    }

    public record AssignApplication(@TargetAggregateIdentifier String applicationId, String tenantId, String staffId,
                                    String staffName, Actor actor, Instant at) {
    }

    /** A note for the town's staff only; the resident never sees it. */
    public record AddInternalNote(@TargetAggregateIdentifier String applicationId, String tenantId, String text, Actor author,
                                  Instant at) {
    }

    /** A message to the resident; {@code messageId} becomes the push's retry key. */
    public record SendMessageToResident(@TargetAggregateIdentifier String applicationId, String tenantId, String messageId,
                                        String text, Actor sender, Instant at) {
    }

    // --- events ----------------------------------------------------------------------------------

    public record ApplicationSubmitted(String applicationId, String tenantId, String conversationId, String receiptNumber,
                                       String residentId, String channel, String channelUserId, String procedureId,
                                       int procedureVersion, Map<String, String> answers, List<String> attachments,
                                       Instant submittedAt) {
    }

    public record ApplicationStatusChanged(String applicationId, String receiptNumber, String procedureId, String residentId,
                                           String channel, String channelUserId, ApplicationStatus from, ApplicationStatus to,
                                           String reason, Actor actor, Instant at) {
    }

    public record ApplicationAssigned(String applicationId, String staffId, String staffName, Actor actor, Instant at) {
    }

    public record InternalNoteAdded(String applicationId, String text, Actor author, Instant at) {
    }

    public record MessageSentToResident(String applicationId, String receiptNumber, String messageId, String procedureId,
                                        String residentId, String channel, String channelUserId, String text, Actor sender,
                                        Instant at) {
    }
}
