package jp.madoguchi.conversation.session;

import java.time.Clock;
import java.time.Duration;
import jp.madoguchi.conversation.engine.ConversationEngine;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.EhCache3Adapter;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.Ehcache;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine the {@link Conversation} aggregate runs each turn with (injected into its command handlers). */
@Configuration(proxyBeanMethods = false)
public class SessionConfiguration {

    public static final String CONVERSATION_CACHE = "conversationCache";
    static final int CACHED_CONVERSATIONS = 5_000;

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
     * locks the aggregate for the turn and evicts it on rollback. At most {@value #CACHED_CONVERSATIONS}, each kept
     * while it is used at least once per idle timeout.
     */
    @Bean(CONVERSATION_CACHE)
    Cache conversationCache(CacheManager conversationCacheManager, ConversationProperties props) {
        org.ehcache.Cache<Object, Object> cache = conversationCacheManager.createCache("conversations",
                CacheConfigurationBuilder.newCacheConfigurationBuilder(Object.class, Object.class, ResourcePoolsBuilder.heap(CACHED_CONVERSATIONS))
                        .withExpiry(ExpiryPolicyBuilder.timeToIdleExpiration(props.idleTimeout())));
        return new EhCache3Adapter((Ehcache<Object, Object>) cache);
    }

    @Bean(destroyMethod = "close")
    CacheManager conversationCacheManager() {
        return CacheManagerBuilder.newCacheManagerBuilder().build(true);
    }

    @Bean
    ConversationEngine conversationEngine(ConversationProperties props) {
        return new ConversationEngine(Clock.systemUTC(), props.idleTimeout());
    }
}
