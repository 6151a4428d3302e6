package jp.madoguchi.conversation.session;

import java.time.Clock;
import java.time.Duration;
import jp.madoguchi.conversation.engine.ConversationEngine;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine the {@link Conversation} aggregate runs each turn with (injected into its command handlers). */
@Configuration(proxyBeanMethods = false)
public class SessionConfiguration {

    public static final String CONVERSATION_CACHE = "conversationCache";

    /**
     * {@code madoguchi.conversation.*}.
     *
     * @param idleTimeout after this long without input, the resident is asked whether to carry on where they left off
     */
    @ConfigurationProperties("madoguchi.conversation")
    public record ConversationProperties(@DefaultValue("30m") Duration idleTimeout) {
    }

    /**
     * Conversations in memory between a resident's turns, so a turn does not replay the whole conversation from
     * the event store. Safe because one resident's LINE events are handled by one inbox thread (Kafka key), Axon
     * locks the aggregate for the turn and evicts it on rollback; an entry goes once the garbage collector finds it unused.
     */
    @Bean(CONVERSATION_CACHE)
    Cache conversationCache() {
        return new WeakReferenceCache();
    }

    @Bean
    ConversationEngine conversationEngine(ConversationProperties props) {
        return new ConversationEngine(Clock.systemUTC(), props.idleTimeout());
    }
}
