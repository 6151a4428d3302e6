package jp.madoguchi.procedure.catalogue;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import jp.madoguchi.platform.flow.Option;
import jp.madoguchi.platform.flow.Step;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import jp.madoguchi.procedure.catalogue.TemplateMessages.TemplateImported;
import jp.madoguchi.procedure.catalogue.TemplateMessages.TemplateShared;
import jp.madoguchi.procedure.catalogue.TemplateMessages.TemplateUpdateTaken;
import jp.madoguchi.procedure.definition.ProcedureDocument;
import jp.madoguchi.procedure.definition.ProcedureDocuments;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The catalogue as towns browse it, in the platform database: {@value #TEMPLATES} (the latest version
 * of each template, with its search text) and {@value #VERSIONS} (every version, never changed once
 * written); and in each importing town's own database {@value #IMPORTS} (where each imported procedure
 * came from). Writes are single-document upserts guarded by the version, so a replay changes nothing.
 */
@Component
@ProcessingGroup(CatalogueProjection.PROCESSING_GROUP)
public class CatalogueProjection {

    public static final String PROCESSING_GROUP = "catalogue-view";
    static final String TEMPLATES = "catalogue_templates";
    static final String VERSIONS = "catalogue_template_versions";
    static final String IMPORTS = "catalogue_imports";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final TenantMongo mongo;

    public CatalogueProjection(TenantMongo mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(TemplateShared event) {
        String definition = ProcedureDocuments.toJson(event.definition());
        Mono.from(versions().updateOne(eq("_id", versionKey(event.templateId(), event.version())), Updates.combine(
                Updates.setOnInsert("templateId", event.templateId()),
                Updates.setOnInsert("version", event.version()),
                Updates.setOnInsert("description", event.description()),
                Updates.setOnInsert("tags", event.tags()),
                Updates.setOnInsert("publishedAt", Date.from(event.at())),
                Updates.setOnInsert("definition", definition)), new UpdateOptions().upsert(true))).block(TIMEOUT);
        Bson olderOrMissing = and(eq("_id", event.templateId()), or(exists("version", false), lt("version", event.version())));
        Mono.from(templates().updateOne(olderOrMissing, Updates.combine(
                        Updates.set("version", event.version()),
                        Updates.addToSet("versions", event.version()),
                        Updates.set("procedureId", event.procedureId()),
                        Updates.set("title", event.definition().title()),
                        Updates.set("description", event.description()),
                        Updates.set("tags", event.tags()),
                        Updates.set("sourceTenantId", event.sourceTenantId()),
                        Updates.set("sourceTownName", event.sourceTownName()),
                        Updates.set("publishedAt", Date.from(event.at())),
                        Updates.set("searchText", searchText(event)),
                        Updates.set("definition", definition)), new UpdateOptions().upsert(true)))
                // a later version is already there: the filter missed and the upsert hit the same _id
                .onErrorResume(MongoWriteException.class, x -> x.getError().getCategory() == ErrorCategory.DUPLICATE_KEY ? Mono.empty() : Mono.error(x))
                .block(TIMEOUT);
    }

    @EventHandler
    void on(TemplateImported event) {
        recordImport(event.importingTenantId(), event.procedureId(), event.templateId(), event.sourceTenantId(), event.version(), event.at());
    }

    @EventHandler
    void on(TemplateUpdateTaken event) {
        recordImport(event.importingTenantId(), event.procedureId(), event.templateId(), event.sourceTenantId(), event.version(), event.at());
    }

    private void recordImport(String tenantId, String procedureId, String templateId, String source, int version, java.time.Instant at) {
        Bson olderOrMissing = and(eq("_id", procedureId), or(exists("templateVersion", false), lt("templateVersion", version)));
        Mono.from(mongo.database(TenantId.of(tenantId)).getCollection(IMPORTS).updateOne(olderOrMissing, Updates.combine(
                        Updates.set("templateId", templateId),
                        Updates.set("sourceTenantId", source),
                        Updates.set("templateVersion", version),
                        Updates.set("updatedAt", Date.from(at)),
                        Updates.setOnInsert("importedAt", Date.from(at))), new UpdateOptions().upsert(true)))
                .onErrorResume(MongoWriteException.class, x -> x.getError().getCategory() == ErrorCategory.DUPLICATE_KEY ? Mono.empty() : Mono.error(x))
                .block(TIMEOUT);
    }

    // --- queries ---------------------------------------------------------------------------------

    /** Templates whose title, tags, description or prompts contain {@code q} (NFKC, case-insensitive), with tag {@code tag}. */
    public Flux<Document> search(String q, String tag) {
        String needle = q == null || q.isBlank() ? null : normalise(q);
        String wantedTag = tag == null || tag.isBlank() ? null : Normalizer.normalize(tag, Normalizer.Form.NFKC).strip();
        return Flux.from(templates().find().sort(Sorts.ascending("title")))
                .filter(doc -> needle == null || doc.getString("searchText").contains(needle))
                .filter(doc -> wantedTag == null || doc.getList("tags", String.class, List.of()).contains(wantedTag));
    }

    public Mono<Document> template(String templateId) {
        return Mono.from(templates().find(eq("_id", templateId)).first());
    }

    public Mono<Document> version(String templateId, int version) {
        return Mono.from(versions().find(eq("_id", versionKey(templateId, version))).first());
    }

    public Flux<Document> imports(TenantId tenant) {
        return Flux.from(mongo.database(tenant).getCollection(IMPORTS).find().sort(Sorts.ascending("_id")));
    }

    public Mono<Document> importOf(TenantId tenant, String procedureId) {
        return Mono.from(mongo.database(tenant).getCollection(IMPORTS).find(eq("_id", procedureId)).first());
    }

    static ProcedureDocument definitionOf(Document doc) {
        return ProcedureDocuments.fromJson(doc.getString("definition").getBytes(StandardCharsets.UTF_8));
    }

    /** Everything a town might search for, normalised once when the template is stored. */
    static String searchText(TemplateShared event) {
        List<String> parts = new ArrayList<>();
        parts.add(event.definition().title());
        parts.add(event.description());
        parts.addAll(event.tags());
        if (event.definition().description() != null) {
            parts.add(event.definition().description());
        }
        for (Step step : event.definition().steps()) {
            parts.add(step.prompt());
            if (step instanceof Step.Question question) {
                parts.add(question.label());
            }
            List<Option> options = step instanceof Step.SingleChoice c ? c.options() : step instanceof Step.MultiChoice m ? m.options() : List.of();
            options.forEach(o -> parts.add(o.label()));
        }
        StringBuilder text = new StringBuilder();
        for (String part : parts) {
            if (part != null) {
                text.append(normalise(part)).append('\n');
            }
        }
        return text.toString();
    }

    static String normalise(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip();
    }

    private static String versionKey(String templateId, int version) {
        return templateId + ":v" + version;
    }

    private MongoCollection<Document> templates() {
        return mongo.platform().getCollection(TEMPLATES);
    }

    private MongoCollection<Document> versions() {
        return mongo.platform().getCollection(VERSIONS);
    }
}
