package jp.madoguchi.conversation.session;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Whether a resident has a {@link Conversation} session at all. Input is only ever given to an existing
 * session: a {@code HandleInput} for a session that was never started would create an aggregate without
 * an event, hence without an identifier.
 */
@Component
public class ConversationSessions {

    private final Cache cache;
    private final EventStore events;

    ConversationSessions(@Qualifier(SessionConfiguration.CONVERSATION_CACHE) Cache cache, EventStore events) {
        this.cache = cache;
        this.events = events;
    }

    /** In the caller's transaction, so a session started earlier in it counts. */
    public boolean exists(String sessionId) {
        return cache.containsKey(sessionId) || events.lastSequenceNumberFor(sessionId).isPresent();
    }
}
