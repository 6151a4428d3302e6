package jp.madoguchi.conversation.reservation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands and events of a {@link Resource}: a hall, a court or a clinic session that residents book. */
final class ResourceMessages {

    private ResourceMessages() {
    }

    /** {@code <tenantId>:<resourceId>}. */
    public static String aggregateId(String tenantId, String resourceId) {
        return tenantId + ":" + resourceId;
    }

    public record DefineResource(@TargetAggregateIdentifier String id, String tenantId, String resourceId, String name,
                                 ResourceSchedule schedule, String staffId, Instant at) {
    }

    /** Applies to days not yet opened; a day already booked keeps the slots it was opened with. */
    public record ReviseResource(@TargetAggregateIdentifier String id, String name, ResourceSchedule schedule, String staffId, Instant at) {
    }

    /** Read-only: answered with the resource's {@link Described} name and schedule. */
    public record DescribeResource(@TargetAggregateIdentifier String id) {
    }

    public record Described(String resourceId, String name, ResourceSchedule schedule) {
    }

    public record ResourceDefined(String id, String tenantId, String resourceId, String name, ResourceSchedule schedule, String staffId,
                                  Instant at) {
    }

    public record ResourceRevised(String id, String tenantId, String resourceId, String name, ResourceSchedule schedule, String staffId,
                                  Instant at) {
    }
}
