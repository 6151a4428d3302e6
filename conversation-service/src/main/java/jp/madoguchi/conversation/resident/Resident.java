package jp.madoguchi.conversation.resident;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.madoguchi.conversation.resident.ResidentMessages.ConsentResidentAttribute;
import jp.madoguchi.conversation.resident.ResidentMessages.DescribeResidentAttributes;
import jp.madoguchi.conversation.resident.ResidentMessages.FollowResident;
import jp.madoguchi.conversation.resident.ResidentMessages.ResidentAttributeWithdrawn;
import jp.madoguchi.conversation.resident.ResidentMessages.ResidentAttributesConsented;
import jp.madoguchi.conversation.resident.ResidentMessages.ResidentFollowed;
import jp.madoguchi.conversation.resident.ResidentMessages.ResidentUnfollowed;
import jp.madoguchi.conversation.resident.ResidentMessages.UnfollowResident;
import jp.madoguchi.conversation.resident.ResidentMessages.WithdrawResidentAttribute;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A resident (a LINE friend) of one town. Following is a state, not a tally: a follow while
 * already following changes nothing, so the friend count can never drift from LINE's own.
 * Attributes are kept only as the resident consented to them, each one withdrawable; the display
 * name is not here (personal data kept in the read model only, see {@link ResidentProfiles}).
 */
@Aggregate
class Resident {

    /** Longest attribute value accepted (codes, e.g. a district code). */
    static final int MAX_VALUE_LENGTH = 40;

    @AggregateIdentifier
    private String residentId;
    private boolean following;
    private final Map<String, String> attributes = new LinkedHashMap<>();

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
        knownAs(command.residentId());
        if (following) {
            apply(new ResidentUnfollowed(command.residentId(), command.channel(), command.at()));
        }
    }

    /** Answers the full set after the change; giving the value already given changes nothing. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public Map<String, String> handle(ConsentResidentAttribute command) {
        if (!ResidentAttributes.known(command.key())) {
            throw new IllegalArgumentException("unknown resident attribute " + command.key());
        }
        if (command.value() == null || command.value().isBlank() || command.value().length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("attribute value must be 1-" + MAX_VALUE_LENGTH + " characters");
        }
        if (!command.value().equals(attributes.get(command.key()))) {
            Map<String, String> current = new LinkedHashMap<>(attributes);
            current.put(command.key(), command.value());
            apply(new ResidentAttributesConsented(command.residentId(), command.channel(), command.channelUserId(),
                    Map.of(command.key(), command.value()), Map.copyOf(current), command.at()));
        }
        return Map.copyOf(attributes);
    }

    /** Answers what remains; withdrawing what was never given changes nothing. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public Map<String, String> handle(WithdrawResidentAttribute command) {
        knownAs(command.residentId());
        List<String> keys = "*".equals(command.key()) ? new ArrayList<>(attributes.keySet()) : List.of(command.key());
        for (String key : keys) {
            if (attributes.containsKey(key)) {
                Map<String, String> current = new LinkedHashMap<>(attributes);
                current.remove(key);
                apply(new ResidentAttributeWithdrawn(command.residentId(), command.channel(), command.channelUserId(), key,
                        Map.copyOf(current), command.at()));
            }
        }
        return Map.copyOf(attributes);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public Map<String, String> handle(DescribeResidentAttributes command) {
        knownAs(command.residentId());
        return Map.copyOf(attributes);
    }

    /**
     * A command that may apply no event to a resident never seen before (an unfollow from someone who never followed,
     * a question about nothing given) still needs the identifier, or Axon cannot cache the new aggregate.
     */
    private void knownAs(String id) {
        if (residentId == null) {
            residentId = id;
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

    @EventSourcingHandler
    void on(ResidentAttributesConsented event) {
        residentId = event.residentId();
        attributes.clear();
        attributes.putAll(event.current());
    }

    @EventSourcingHandler
    void on(ResidentAttributeWithdrawn event) {
        residentId = event.residentId();
        attributes.clear();
        attributes.putAll(event.current());
    }
}
