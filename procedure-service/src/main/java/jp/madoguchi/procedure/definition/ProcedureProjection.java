package jp.madoguchi.procedure.definition;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import jp.madoguchi.procedure.definition.ProcedureMessages.ProcedureDraftCreated;
import jp.madoguchi.procedure.definition.ProcedureMessages.ProcedureDraftEdited;
import jp.madoguchi.procedure.definition.ProcedureMessages.ProcedurePublished;
import jp.madoguchi.procedure.definition.ProcedureMessages.ProcedureRetired;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Procedures as staff see them, in the town's own database: {@value #PROCEDURES} (one document per
 * procedure, with its current draft) and {@value #VERSIONS} (one per published version, never updated
 * once written). Every write is a single-document upsert of absolute values, so a replay changes nothing.
 */
@Component
@ProcessingGroup(ProcedureProjection.PROCESSING_GROUP)
public class ProcedureProjection {

    public static final String PROCESSING_GROUP = "procedure-definition-view";
    static final String PROCEDURES = "procedures";
    static final String VERSIONS = "procedure_versions";
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final TenantMongo mongo;

    public ProcedureProjection(TenantMongo mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(ProcedureDraftCreated event, @Timestamp Instant at) {
        upsert(event.tenantId(), event.procedureId(), Updates.combine(
                Updates.set("title", event.content().title()),
                Updates.set("draft", ProcedureDocuments.toJson(ProcedureDocument.of(event.procedureId(), event.content()))),
                Updates.set("status", ProcedureView.DRAFT),
                Updates.set("unpublishedChanges", true),
                Updates.set("updatedAt", Date.from(at)),
                Updates.setOnInsert("latestVersion", 0),
                Updates.setOnInsert("versions", List.of())));
    }

    @EventHandler
    void on(ProcedureDraftEdited event, @Timestamp Instant at) {
        upsert(event.tenantId(), event.procedureId(), Updates.combine(
                Updates.set("title", event.content().title()),
                Updates.set("draft", ProcedureDocuments.toJson(ProcedureDocument.of(event.procedureId(), event.content()))),
                Updates.set("unpublishedChanges", true),
                Updates.set("updatedAt", Date.from(at))));
    }

    @EventHandler
    void on(ProcedurePublished event) {
        TenantId tenant = TenantId.of(event.tenantId());
        Mono.from(versions(tenant).updateOne(eq("_id", versionKey(event.procedureId(), event.version())), Updates.combine(
                Updates.set("procedureId", event.procedureId()),
                Updates.set("version", event.version()),
                Updates.set("publishedAt", Date.from(event.at())),
                Updates.set("definition", ProcedureDocuments.toJson(ProcedureDocument.of(event.procedureId(), event.content())))),
                new UpdateOptions().upsert(true))).block(WRITE_TIMEOUT);
        upsert(event.tenantId(), event.procedureId(), Updates.combine(
                Updates.set("title", event.content().title()),
                Updates.set("status", ProcedureView.PUBLISHED),
                Updates.set("latestVersion", event.version()),
                Updates.addToSet("versions", event.version()),
                Updates.set("unpublishedChanges", false),
                Updates.set("updatedAt", Date.from(event.at()))));
    }

    @EventHandler
    void on(ProcedureRetired event) {
        upsert(event.tenantId(), event.procedureId(), Updates.combine(
                Updates.set("status", ProcedureView.RETIRED),
                Updates.set("updatedAt", Date.from(event.at()))));
    }

    public Flux<ProcedureView.Summary> all(TenantId tenant) {
        return Flux.from(procedures(tenant).find().sort(Sorts.ascending("_id"))).map(ProcedureProjection::summary);
    }

    public Mono<ProcedureView.Summary> find(TenantId tenant, String procedureId) {
        return Mono.from(procedures(tenant).find(eq("_id", procedureId)).first()).map(ProcedureProjection::summary);
    }

    public Mono<ProcedureDocument> draft(TenantId tenant, String procedureId) {
        return Mono.from(procedures(tenant).find(eq("_id", procedureId)).first())
                .map(doc -> ProcedureDocuments.fromJson(doc.getString("draft").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    public Mono<ProcedureView.Version> version(TenantId tenant, String procedureId, int version) {
        return Mono.from(versions(tenant).find(eq("_id", versionKey(procedureId, version))).first())
                .map(doc -> new ProcedureView.Version(procedureId, version, doc.getDate("publishedAt").toInstant(),
                        ProcedureDocuments.fromJson(doc.getString("definition").getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    private static ProcedureView.Summary summary(Document doc) {
        List<Integer> versions = new ArrayList<>();
        for (Object v : doc.getList("versions", Object.class, List.of())) {
            versions.add(((Number) v).intValue());
        }
        versions.sort(Integer::compare);
        Number latest = (Number) doc.get("latestVersion");
        Date updated = doc.getDate("updatedAt");
        return new ProcedureView.Summary(doc.getString("_id"), doc.getString("title"), doc.getString("status"),
                latest == null ? 0 : latest.intValue(), versions, Boolean.TRUE.equals(doc.getBoolean("unpublishedChanges")),
                updated == null ? null : updated.toInstant());
    }

    private void upsert(String tenantId, String procedureId, Bson update) {
        Mono.from(procedures(TenantId.of(tenantId)).updateOne(eq("_id", procedureId), update, new UpdateOptions().upsert(true)))
                .block(WRITE_TIMEOUT);
    }

    private static String versionKey(String procedureId, int version) {
        return procedureId + ":v" + version;
    }

    private MongoCollection<Document> procedures(TenantId tenant) {
        return mongo.database(tenant).getCollection(PROCEDURES);
    }

    private MongoCollection<Document> versions(TenantId tenant) {
        return mongo.database(tenant).getCollection(VERSIONS);
    }
}
