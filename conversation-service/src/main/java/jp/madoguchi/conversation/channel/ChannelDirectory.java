package jp.madoguchi.conversation.channel;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every town's channel, held in memory so the webhook never waits on a database: loaded from
 * {@value #COLLECTION} at start, updated on each tenant event this instance handles, and re-read
 * every {@link #REFRESH} so other instances (whose consumer shares the group and so sees other
 * partitions) learn of changes too.
 */
@Component
public class ChannelDirectory implements SmartLifecycle {

    /** In the platform database: one document per town, {@code _id} = tenant code. */
    public static final String COLLECTION = "line_channels";
    static final Duration REFRESH = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(ChannelDirectory.class);

    private final TenantMongo mongo;
    private final Map<String, TownChannel> channels = new ConcurrentHashMap<>();
    private volatile Disposable refresher;

    public ChannelDirectory(TenantMongo mongo) {
        this.mongo = mongo;
    }

    public Optional<TownChannel> find(TenantId tenant) {
        return Optional.ofNullable(channels.get(tenant.code()));
    }

    /** Re-reads one town, after this instance changed its document. */
    public Mono<Void> reload(String tenantId) {
        return Mono.from(collection().find(eq("_id", tenantId)).first())
                .doOnNext(this::remember)
                .then();
    }

    Mono<Void> reloadAll() {
        return Flux.from(collection().find()).doOnNext(this::remember).then();
    }

    MongoCollection<Document> collection() {
        return mongo.platform().getCollection(COLLECTION);
    }

    private void remember(Document doc) {
        TownChannel channel = new TownChannel(doc.getString("_id"), doc.getString("channelId"), doc.getString("sealedChannelSecret"),
                doc.getString("sealedAccessToken"), doc.getString("townName"), "SUSPENDED".equals(doc.getString("status")));
        channels.put(channel.tenantId(), channel);
    }

    @Override
    public void start() {
        reloadAll().block(READ_TIMEOUT);
        log.info("event=line-channels-loaded towns={}", channels.size());
        refresher = Flux.interval(REFRESH, REFRESH)
                .concatMap(tick -> reloadAll().onErrorResume(e -> {
                    log.warn("event=line-channels-refresh-failed reason={}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable r = refresher;
        if (r != null) {
            r.dispose();
        }
        refresher = null;
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }

    /** Before the consumers and the web server, so the first webhook already finds its town. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
