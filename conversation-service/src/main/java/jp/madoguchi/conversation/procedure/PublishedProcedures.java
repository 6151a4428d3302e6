package jp.madoguchi.conversation.procedure;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.setOnInsert;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jp.madoguchi.conversation.session.FlowSource;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.ProcedurePublished;
import jp.madoguchi.platform.events.contracts.ProcedureRetired;
import jp.madoguchi.platform.flow.FlowDefinition;
import jp.madoguchi.platform.flow.FlowJson;
import jp.madoguchi.platform.messaging.IntegrationEventConsumer;
import jp.madoguchi.platform.messaging.IntegrationEventConsumers;
import jp.madoguchi.platform.messaging.IntegrationEventHandler;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The procedures each town has published, kept in the town's own database so a conversation never
 * waits on procedure-service: every version's flow ({@value #FLOWS}, never overwritten, so a
 * conversation stays on the version it began with) and the latest version of each ({@value #PROCEDURES},
 * which the menu lists unless the procedure was retired). Both collections belong to conversation-service
 * alone (hence the prefix): procedure-service keeps its own staff view of procedures in the same town database.
 */
@Component
public class PublishedProcedures implements IntegrationEventHandler, FlowSource {

    /** One document per (procedure, version): {@code _id} = {@code <procedureId>:v<version>}. */
    public static final String FLOWS = "conversation_procedure_flows";
    /** One document per procedure: {@code _id} = procedureId, with its latest version, title and whether it is retired. */
    public static final String PROCEDURES = "conversation_procedures";
    /**
     * Renamed when the collections were: a new name starts at the beginning of the topic, so the copy is rebuilt
     * from every ProcedurePublished and ProcedureRetired.
     */
    static final String CONSUMER = "conversation-procedures-v2";

    /** A procedure residents can start, as the menu shows it. */
    public record Published(String procedureId, int version, String title) {
    }

    private static final Logger log = LoggerFactory.getLogger(PublishedProcedures.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** What the menu lists: published (a version is known) and not retired. */
    private static final Bson OFFERED = and(exists("version", true), ne("retired", true));

    private final TenantMongo mongo;
    private final FlowJson flowJson = new FlowJson();
    /** Published versions never change, so a flow read once is kept. */
    private final Map<String, FlowDefinition> flows = new ConcurrentHashMap<>();

    public PublishedProcedures(TenantMongo mongo) {
        this.mongo = mongo;
    }

    @Override
    public boolean handles(Record payload) {
        return payload instanceof ProcedurePublished || payload instanceof ProcedureRetired;
    }

    @Override
    public Mono<Void> handle(EventEnvelope envelope, Record payload) {
        if (payload instanceof ProcedurePublished e) {
            return onPublished(envelope, e);
        }
        if (payload instanceof ProcedureRetired e) {
            return onRetired(envelope, e);
        }
        return Mono.empty();
    }

    /**
     * Retirement is final in procedure-service, so the flag is never cleared, whatever order a replay brings. The
     * published flows stay: a conversation already under way finishes on the version it began with.
     */
    private Mono<Void> onRetired(EventEnvelope envelope, ProcedureRetired e) {
        TenantId tenant = TenantId.of(envelope.tenantId());
        return Mono.from(mongo.database(tenant).getCollection(PROCEDURES).updateOne(eq("_id", e.procedureId()),
                        set("retired", true), new UpdateOptions().upsert(true)))
                .doOnSuccess(r -> log.info("event=procedure-retired tenant={} procedure={} lastVersion={}", tenant, e.procedureId(),
                        e.lastVersion()))
                .then();
    }

    private Mono<Void> onPublished(EventEnvelope envelope, ProcedurePublished e) {
        TenantId tenant = TenantId.of(envelope.tenantId());
        FlowDefinition flow = flowJson.read(e.flowJson().getBytes(StandardCharsets.UTF_8));
        if (!flow.procedureId().equals(e.procedureId()) || flow.version() != e.version()) {
            // the flow is what a conversation runs: trust it over the envelope, but say so
            log.warn("event=procedure-published-mismatch tenant={} procedure={} version={} flowProcedure={} flowVersion={}",
                    tenant, e.procedureId(), e.version(), flow.procedureId(), flow.version());
        }
        Document fees = new Document();
        if (e.fees() != null) {
            e.fees().forEach(fees::append);
        }
        Mono<Void> keepVersion = Mono.from(mongo.database(tenant).getCollection(FLOWS).updateOne(
                        eq("_id", flowId(e.procedureId(), e.version())),
                        combine(setOnInsert("procedureId", e.procedureId()), setOnInsert("version", e.version()),
                                setOnInsert("title", e.title()), setOnInsert("flowJson", e.flowJson()),
                                setOnInsert("fees", fees), setOnInsert("publishedAt", java.util.Date.from(envelope.occurredAt()))),
                        new UpdateOptions().upsert(true)))
                .then();
        Bson olderOrMissing = and(eq("_id", e.procedureId()), or(exists("version", false), lt("version", e.version())));
        Mono<Void> latest = Mono.from(mongo.database(tenant).getCollection(PROCEDURES).updateOne(olderOrMissing,
                        combine(set("version", e.version()), set("title", e.title())), new UpdateOptions().upsert(true)))
                // a later version is already there: the filter missed and the upsert hit the same _id
                .onErrorResume(MongoWriteException.class,
                        x -> x.getError().getCategory() == ErrorCategory.DUPLICATE_KEY ? Mono.empty() : Mono.error(x))
                .then();
        return keepVersion.then(latest)
                .doOnSuccess(v -> log.info("event=procedure-published tenant={} procedure={} version={}", tenant, e.procedureId(), e.version()));
    }

    /** The flow of one published version, or empty when this town never published it. */
    @Override
    public Optional<FlowDefinition> flow(TenantId tenant, String procedureId, int version) {
        String key = tenant.code() + "/" + flowId(procedureId, version);
        FlowDefinition cached = flows.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Document doc = Mono.from(mongo.database(tenant).getCollection(FLOWS).find(eq("_id", flowId(procedureId, version))).first())
                .block(READ_TIMEOUT);
        if (doc == null || !(doc.get("flowJson") instanceof String json)) {
            return Optional.empty();
        }
        FlowDefinition flow = flowJson.read(json.getBytes(StandardCharsets.UTF_8));
        flows.put(key, flow);
        return Optional.of(flow);
    }

    /** The version a new conversation of {@code procedureId} starts on; empty when it was never published or is retired. */
    public Optional<Published> latest(TenantId tenant, String procedureId) {
        return Mono.from(mongo.database(tenant).getCollection(PROCEDURES).find(eq("_id", procedureId)).first())
                .blockOptional(READ_TIMEOUT)
                .filter(doc -> !Boolean.TRUE.equals(doc.get("retired")))
                .flatMap(PublishedProcedures::published);
    }

    /** What the town offers, by title, at most {@code limit}: published and not retired. */
    public List<Published> menu(TenantId tenant, int limit) {
        return Flux.from(mongo.database(tenant).getCollection(PROCEDURES).find(OFFERED).sort(Sorts.ascending("title")).limit(limit))
                .concatMapIterable(doc -> published(doc).stream().toList())
                .collectList()
                .block(READ_TIMEOUT);
    }

    /** A document that lacks what the menu needs (e.g. a retirement seen before any version) is not offered, never an error. */
    private static Optional<Published> published(Document doc) {
        Object version = doc.get("version");
        String id = doc.get("_id") instanceof String s ? s : null;
        if (!(version instanceof Number n) || id == null) {
            return Optional.empty();
        }
        String title = doc.get("title") instanceof String t && !t.isBlank() ? t : id;
        return Optional.of(new Published(id, n.intValue(), title));
    }

    private static String flowId(String procedureId, int version) {
        return procedureId + ":v" + version;
    }

    @Configuration(proxyBeanMethods = false)
    static class ConsumerConfiguration {

        @Bean
        IntegrationEventConsumer procedureEventsConsumer(IntegrationEventConsumers consumers, PublishedProcedures handler) {
            return consumers.create(CONSUMER, List.of(Topics.PROCEDURE_EVENTS), handler);
        }
    }
}
