package jp.madoguchi.notification.channel;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.set;

import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.TenantChannelConfigured;
import jp.madoguchi.platform.events.contracts.TenantReactivated;
import jp.madoguchi.platform.events.contracts.TenantSuspended;
import jp.madoguchi.platform.messaging.IntegrationEventConsumer;
import jp.madoguchi.platform.messaging.IntegrationEventConsumers;
import jp.madoguchi.platform.messaging.InOrderUpsert;
import jp.madoguchi.platform.messaging.IntegrationEventHandler;
import jp.madoguchi.platform.security.SecretBox;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Each town's LINE channel as notification-service sends on it: the sealed access token and whether the town is
 * suspended, learnt from tenant-service's events into {@value #COLLECTION} (this service's own collection), opened
 * here and nowhere else. Read from Mongo on each use, so every instance sees a new token at once.
 */
@Component
public class TownLines implements IntegrationEventHandler {

    static final String COLLECTION = "notification_line_channels";

    private record Opened(String sealedToken, MessagingApiClient client) {
    }

    private final TenantMongo mongo;
    private final SecretBox secrets;
    private final URI apiBaseUrl;
    private final Map<String, Opened> opened = new ConcurrentHashMap<>();

    TownLines(TenantMongo mongo, SecretBox secrets, @Value("${madoguchi.line.api-base-url:https://api.line.me/}") URI apiBaseUrl) {
        this.mongo = mongo;
        this.secrets = secrets;
        this.apiBaseUrl = apiBaseUrl;
    }

    /** The town's client, or empty while it has no channel or is suspended (nothing may be sent for it then). */
    public Mono<Optional<MessagingApiClient>> client(TenantId tenant) {
        return Mono.from(collection().find(eq("_id", tenant.code())).first())
                .map(doc -> {
                    String sealed = doc.getString("sealedAccessToken");
                    if (sealed == null || "SUSPENDED".equals(doc.getString("status"))) {
                        return Optional.<MessagingApiClient>empty();
                    }
                    return Optional.of(opened.compute(tenant.code(), (code, cached) -> cached != null && cached.sealedToken().equals(sealed)
                            ? cached : open(sealed)).client());
                })
                .defaultIfEmpty(Optional.empty());
    }

    /** The SDK's wire logger is off: it would log the bearer token and what residents are sent. */
    private Opened open(String sealedToken) {
        return new Opened(sealedToken, MessagingApiClient.builder(secrets.open(sealedToken)).apiEndPoint(apiBaseUrl)
                .usingDefaultLogger(false).build());
    }

    @Override
    public Mono<Void> handle(EventEnvelope envelope, Record payload) {
        String town = envelope.tenantId();
        long seq = envelope.sequence();
        if (payload instanceof TenantChannelConfigured e) {
            return applyInOrder(town, "channelSeq", seq, set("sealedAccessToken", e.sealedAccessToken()));
        }
        if (payload instanceof TenantSuspended) {
            return applyInOrder(town, "statusSeq", seq, set("status", "SUSPENDED"));
        }
        if (payload instanceof TenantReactivated) {
            return applyInOrder(town, "statusSeq", seq, set("status", "ACTIVE"));
        }
        return Mono.empty();
    }

    private Mono<Void> applyInOrder(String town, String seqField, long seq, Bson update) {
        return InOrderUpsert.apply(collection(), town, seqField, seq, update);
    }

    private MongoCollection<Document> collection() {
        return mongo.platform().getCollection(COLLECTION);
    }

    @Configuration(proxyBeanMethods = false)
    static class ConsumerConfiguration {

        @Bean
        IntegrationEventConsumer townLinesConsumer(IntegrationEventConsumers consumers, TownLines handler) {
            return consumers.create("notification-line-channels-v1", List.of(Topics.TENANT_EVENTS), handler);
        }
    }
}
