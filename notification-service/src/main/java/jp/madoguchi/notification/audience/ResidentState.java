package jp.madoguchi.notification.audience;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the index knows of one resident, as the {@code residents} projection keeps it: reachable channel user,
 * follow state, consented attributes and the procedures applied for.
 *
 * @param followedAt when they last followed, null if never seen following
 */
public record ResidentState(String residentId, String channel, String channelUserId, boolean following, Instant followedAt,
                            Map<String, String> attributes, Set<String> procedures) {

    /** The one multi-valued attribute: comma-separated tags. */
    public static final String TAGS = "tags";

    public ResidentState {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        procedures = procedures == null ? Set.of() : Set.copyOf(procedures);
    }

    /** The values of {@code attribute} the resident has: one, none, or for {@value #TAGS} each tag. */
    Set<String> values(String attribute) {
        String value = attributes.get(attribute);
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        if (!TAGS.equals(attribute)) {
            return Set.of(value);
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(t -> !t.isEmpty()).collect(Collectors.toSet());
    }
}
