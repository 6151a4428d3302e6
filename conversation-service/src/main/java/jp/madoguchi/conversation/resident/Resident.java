package jp.madoguchi.conversation.resident;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import jp.madoguchi.conversation.resident.ResidentMessages.FollowResident;
import jp.madoguchi.conversation.resident.ResidentMessages.ResidentFollowed;
import jp.madoguchi.conversation.resident.ResidentMessages.ResidentUnfollowed;
import jp.madoguchi.conversation.resident.ResidentMessages.UnfollowResident;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A resident (a LINE friend) of one town. Following is a state, not a tally: a follow while
 * already following changes nothing, so the friend count can never drift from LINE's own.
 */
@Aggregate
public class Resident {

    @AggregateIdentifier
    private String residentId;
    private boolean following;

    protected Resident() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(FollowResident command) {
        if (!following) {
            apply(new ResidentFollowed(command.residentId(), command.channel(), command.channelUserId(), command.at()));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(UnfollowResident command) {
        if (following) {
            apply(new ResidentUnfollowed(command.residentId(), command.channel(), command.at()));
        }
    }

    @EventSourcingHandler
    void on(ResidentFollowed event) {
        residentId = event.residentId();
        following = true;
    }

    @EventSourcingHandler
    void on(ResidentUnfollowed event) {
        residentId = event.residentId();
        following = false;
    }
}
