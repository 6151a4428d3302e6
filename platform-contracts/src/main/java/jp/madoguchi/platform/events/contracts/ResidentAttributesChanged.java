package jp.madoguchi.platform.events.contracts;

import java.time.Instant;
import java.util.Map;
import jp.madoguchi.platform.events.EventContract;

/**
 * The attributes a resident gave the town with explicit consent changed (given, changed or withdrawn).
 * {@code attributes} is the full current set ({@code district}, {@code ageBand}, {@code schoolChildren},
 * {@code language}), empty after everything was withdrawn: a consumer replaces what it kept. Never
 * carries the resident's name.
 */
@EventContract(type = "ResidentAttributesChanged", version = 1)
public record ResidentAttributesChanged(String residentId, String channel, String channelUserId, Map<String, String> attributes,
                                        Instant changedAt) {

    public ResidentAttributesChanged {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
