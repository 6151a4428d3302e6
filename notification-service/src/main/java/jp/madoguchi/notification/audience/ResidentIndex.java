package jp.madoguchi.notification.audience;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jp.madoguchi.platform.tenancy.TenantId;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Every town's {@link TownIndex}, rebuilt from the {@code residents} projection when the service starts (before
 * the projection's consumer runs, since the consumer bean needs this one), then kept current by
 * {@link ResidentProjection}. The projection is the truth; the index is a copy that can always be rebuilt.
 */
@Component
public class ResidentIndex {

    private static final Logger log = LoggerFactory.getLogger(ResidentIndex.class);
    private static final String TOWN_DATABASE = "madoguchi_t_";

    private final Map<TenantId, TownIndex> towns = new ConcurrentHashMap<>();

    ResidentIndex(ResidentStore store) {
        long started = System.nanoTime();
        int[] loaded = {0};
        Flux.from(store.client().listDatabaseNames())
                .filter(name -> name.startsWith(TOWN_DATABASE) && TenantId.problemWith(name.substring(TOWN_DATABASE.length())) == null)
                .map(name -> TenantId.of(name.substring(TOWN_DATABASE.length())))
                .concatMap(tenant -> store.all(tenant).doOnNext(state -> {
                    town(tenant).put(state);
                    loaded[0]++;
                }))
                .blockLast(ResidentStore.REBUILD_TIMEOUT);
        log.info("event=resident-index-rebuilt towns={} residents={} millis={}", towns.size(), loaded[0],
                (System.nanoTime() - started) / 1_000_000);
    }

    public TownIndex town(TenantId tenant) {
        return towns.computeIfAbsent(tenant, t -> new TownIndex());
    }

    /**
     * The live size of a segment, for request handlers: on a bounded worker, because the index's read lock waits while
     * the projection writes, and a Netty event loop must never wait.
     */
    public Mono<Integer> count(TenantId tenant, Segment segment) {
        return Mono.fromCallable(() -> town(tenant).count(segment)).subscribeOn(Schedulers.boundedElastic());
    }
}
