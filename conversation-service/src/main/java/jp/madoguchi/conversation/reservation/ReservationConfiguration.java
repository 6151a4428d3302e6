package jp.madoguchi.conversation.reservation;

import java.time.Clock;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.EhCache3Adapter;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.Ehcache;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of the reservation desk. */
@Configuration(proxyBeanMethods = false)
public class ReservationConfiguration {

    public static final String DAY_CACHE = "resourceDayCache";
    static final int CACHED_DAYS = 2_000;
    static final String CLOCK = "reservationClock";

    @Bean(CLOCK)
    Clock reservationClock() {
        return Clock.systemUTC();
    }

    /**
     * Resource-days in memory between commands: a popular day holds hundreds of events, and every hold would
     * otherwise replay them all. Safe because Axon locks the aggregate per command and evicts it on rollback.
     */
    @Bean(DAY_CACHE)
    Cache resourceDayCache(@Qualifier("conversationCacheManager") CacheManager cacheManager) {
        org.ehcache.Cache<Object, Object> cache = cacheManager.createCache("resource-days",
                CacheConfigurationBuilder.newCacheConfigurationBuilder(Object.class, Object.class, ResourcePoolsBuilder.heap(CACHED_DAYS)));
        return new EhCache3Adapter((Ehcache<Object, Object>) cache);
    }
}
