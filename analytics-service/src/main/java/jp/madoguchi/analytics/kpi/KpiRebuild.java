package jp.madoguchi.analytics.kpi;

import static com.mongodb.client.model.Filters.regex;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.util.List;
import java.util.regex.Pattern;
import jp.madoguchi.platform.messaging.IntegrationEventConsumer;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Rebuilds every town's KPI projection from the start of the topics (they keep every event): stops the consumer,
 * drops the KPI collections of every town, its dedupe markers and its stored positions, and starts it again,
 * which then reads each topic from the beginning. The KPIs read low until the consumer has caught up
 * ({@code madoguchi_projection_lag_seconds{consumer="analytics-kpi-v1"}} back near 0). With several replicas of
 * analytics-service, run it on one and restart the others, or they keep consuming from the old positions.
 */
@Component
class KpiRebuild {

    static final List<String> COLLECTIONS = List.of(KpiProjection.FRIENDS, KpiProjection.APPLICATIONS, KpiProjection.BROADCASTS,
            KpiProjection.TARGETS, KpiProjection.SATISFACTION, KpiProjection.CONVERSATIONS, KpiCounters.COLLECTION, KpiCounters.COMMENTS,
            // per-event documents counted before the year counters; a rebuild clears them from older deployments
            "kpi_friend_changes");
    private static final Logger log = LoggerFactory.getLogger(KpiRebuild.class);

    private final IntegrationEventConsumer consumer;
    private final MongoClient client;
    private final TenantMongo mongo;

    public KpiRebuild(@Qualifier("kpiProjectionConsumer") IntegrationEventConsumer consumer, MongoClient client, TenantMongo mongo) {
        this.consumer = consumer;
        this.client = client;
        this.mongo = mongo;
    }

    /** Completes once the old projection is gone and the consumer reads from the start again; returns the towns cleared. */
    public Mono<Long> rebuild() {
        String name = consumer.name();
        return Mono.fromRunnable(consumer::stop).subscribeOn(Schedulers.boundedElastic())
                .then(Flux.from(client.listDatabaseNames()).filter(db -> db.startsWith("madoguchi_t_"))
                        .concatMap(db -> clear(client.getDatabase(db), name).thenReturn(db)).count())
                .flatMap(towns -> Mono.from(mongo.platform().getCollection("consumer_positions")
                                .deleteMany(regex("_id", "^" + Pattern.quote(name + "|"))))
                        .thenReturn(towns))
                .doOnNext(towns -> {
                    consumer.start();
                    log.info("event=kpi-rebuild-started consumer={} towns={}", name, towns);
                });
    }

    private static Mono<Void> clear(MongoDatabase db, String consumerName) {
        return Flux.fromIterable(COLLECTIONS).concatMap(c -> Mono.from(db.getCollection(c).drop()))
                .then(Mono.from(db.getCollection("processed_events").deleteMany(regex("_id", "^" + Pattern.quote(consumerName + ":")))))
                .then();
    }
}
