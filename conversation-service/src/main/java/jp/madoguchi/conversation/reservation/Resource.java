package jp.madoguchi.conversation.reservation;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import jp.madoguchi.conversation.reservation.ResourceMessages.DefineResource;
import jp.madoguchi.conversation.reservation.ResourceMessages.DescribeResource;
import jp.madoguchi.conversation.reservation.ResourceMessages.Described;
import jp.madoguchi.conversation.reservation.ResourceMessages.ResourceDefined;
import jp.madoguchi.conversation.reservation.ResourceMessages.ResourceRevised;
import jp.madoguchi.conversation.reservation.ResourceMessages.ReviseResource;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A town's bookable resource and its {@link ResourceSchedule}, as staff define it. Its days are booked in
 * {@link ResourceDay}s, which read the schedule from the read model when they open.
 */
@Aggregate
class Resource {

    static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,47}");

    @AggregateIdentifier
    private String id;
    private String tenantId;
    private String resourceId;
    private String name;
    private ResourceSchedule schedule;

    protected Resource() {
        // for Axon
    }

    @CommandHandler
    public Resource(DefineResource command) {
        List<String> problems = problems(command.resourceId(), command.name(), command.schedule());
        if (!problems.isEmpty()) {
            throw new ReservationRuleViolation(problems);
        }
        apply(new ResourceDefined(command.id(), command.tenantId(), command.resourceId(), command.name().strip(), command.schedule(),
                command.staffId(), command.at()));
    }

    /** Revising to what it already is changes nothing. */
    @CommandHandler
    public void handle(ReviseResource command) {
        List<String> problems = problems(resourceId, command.name(), command.schedule());
        if (!problems.isEmpty()) {
            throw new ReservationRuleViolation(problems);
        }
        if (command.name().strip().equals(name) && command.schedule().equals(schedule)) {
            return;
        }
        apply(new ResourceRevised(id, tenantId, resourceId, command.name().strip(), command.schedule(), command.staffId(), command.at()));
    }

    @CommandHandler
    public Described handle(DescribeResource command) {
        return new Described(resourceId, name, schedule);
    }

    static List<String> problems(String resourceId, String name, ResourceSchedule schedule) {
        List<String> problems = new ArrayList<>();
        if (resourceId == null || !SLUG.matcher(resourceId).matches()) {
            problems.add("予約先のIDは、英小文字・数字・「-」の2〜48文字にしてください。");
        }
        if (name == null || name.isBlank() || name.strip().length() > 40) {
            problems.add("予約先の名前は1〜40文字で入れてください。");
        }
        if (schedule == null) {
            problems.add("受付の設定がありません。");
        } else {
            problems.addAll(schedule.problems());
        }
        return problems;
    }

    @EventSourcingHandler
    void on(ResourceDefined event) {
        id = event.id();
        tenantId = event.tenantId();
        resourceId = event.resourceId();
        name = event.name();
        schedule = Objects.requireNonNull(event.schedule());
    }

    @EventSourcingHandler
    void on(ResourceRevised event) {
        name = event.name();
        schedule = event.schedule();
    }
}
