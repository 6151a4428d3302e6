package jp.madoguchi.notification.broadcast;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands and events of a {@link Broadcast}: one notice from a town to all its friends or to a segment of them. */
final class BroadcastMessages {

    private BroadcastMessages() {
    }

    enum Status { DRAFT, SCHEDULED, SENDING, SENT, CANCELLED }

    /**
     * Who it is for, as staff chose it: a segment definition (JSON, see {@code audience.SegmentJson}) and the name
     * staff see (「すべての友だち」 or the saved segment's name). Taken at the moment sending starts.
     */
    record Audience(String definition, String name) {
    }

    // commands

    record DraftBroadcast(@TargetAggregateIdentifier String broadcastId, String tenantId, String title, BroadcastContent content,
                          Audience audience, boolean approvalRequired, String by, Instant at) {
    }

    record ApproveBroadcast(@TargetAggregateIdentifier String broadcastId, String by, Instant at) {
    }

    /** Send at {@code sendAt}; a time already past means now. */
    record ScheduleBroadcast(@TargetAggregateIdentifier String broadcastId, Instant sendAt, String by, Instant at) {
    }

    record CancelBroadcast(@TargetAggregateIdentifier String broadcastId, String by, Instant at) {
    }

    /** The audience was taken: {@code recipients} residents in {@code chunks} multicasts. Answers false when sending had already started. */
    record StartSending(@TargetAggregateIdentifier String broadcastId, int recipients, int chunks, Instant at) {
    }

    /** One chunk's outcome; {@code skipped} had unfollowed since the audience was taken. Recording a chunk twice changes nothing. */
    record RecordChunk(@TargetAggregateIdentifier String broadcastId, int chunk, int delivered, int failed, int skipped, Instant at) {
    }

    // events

    record BroadcastDrafted(String broadcastId, String tenantId, String title, BroadcastContent content, Audience audience,
                            boolean approvalRequired, String by, Instant at) {
    }

    record BroadcastApproved(String broadcastId, String by, Instant at) {
    }

    record BroadcastScheduled(String broadcastId, Instant sendAt, String by, Instant at) {
    }

    record BroadcastCancelled(String broadcastId, String by, Instant at) {
    }

    record BroadcastSendingStarted(String broadcastId, int recipients, int chunks, Instant at) {
    }

    record BroadcastChunkSent(String broadcastId, int chunk, int delivered, int failed, int skipped, Instant at) {
    }

    /** Every chunk is recorded: the totals, published as the integration event {@code BroadcastSent}. */
    record BroadcastCompleted(String broadcastId, String title, String audienceName, int recipients, int delivered, int failed,
                              int skipped, Instant at) {
    }
}
