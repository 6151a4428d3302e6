package jp.madoguchi.procedure.catalogue;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import jp.madoguchi.platform.security.ApiProblems;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.procedure.catalogue.TemplateMessages.ImportTemplate;
import jp.madoguchi.procedure.catalogue.TemplateMessages.ShareTemplate;
import jp.madoguchi.procedure.catalogue.TemplateMessages.TakeTemplateUpdate;
import jp.madoguchi.procedure.definition.ProcedureDocument;
import jp.madoguchi.procedure.definition.ProcedureId;
import jp.madoguchi.procedure.definition.ProcedureMessages.CreateProcedureDraft;
import jp.madoguchi.procedure.definition.ProcedureMessages.EditProcedureDraft;
import jp.madoguchi.procedure.definition.ProcedureProjection;
import jp.madoguchi.procedure.definition.ProcedureView;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The national template catalogue for a town's staff: share one of the town's published procedures,
 * browse and search every town's templates, import one as a draft of the town's own, see which
 * imported procedures have a newer version (「更新あり」, with what changed) and take it. The path always
 * names the caller's own town; the catalogue itself is platform-wide and holds only definitions.
 */
@RestController
class CatalogueController {

    private static final Logger log = LoggerFactory.getLogger(CatalogueController.class);

    public record ShareRequest(String description, List<String> tags) {
    }

    public record Shared(String templateId, int version) {
    }

    public record ImportRequest(String procedureId) {
    }

    public record Imported(String procedureId, String templateId, int version, CatalogueView.SourceTown sourceTown) {
    }

    private final CatalogueCommands commands;
    private final CatalogueProjection catalogue;
    private final CatalogueTowns towns;
    private final ProcedureProjection procedures;

    public CatalogueController(CatalogueCommands commands, CatalogueProjection catalogue, CatalogueTowns towns, ProcedureProjection procedures) {
        this.commands = commands;
        this.catalogue = catalogue;
        this.towns = towns;
        this.procedures = procedures;
    }

    /** Shares the procedure's latest published version (again, after a newer version was published). */
    @PreAuthorize("hasAnyRole('ADMIN','STAFF')")
    @PostMapping("/api/towns/{tenantId}/procedures/{procedureId}/share")
    public Mono<ResponseEntity<Shared>> share(TenantId tenantId, @PathVariable String procedureId,
                                              @RequestBody(required = false) ShareRequest body) {
        ProcedureId id = procedureOf(tenantId, procedureId);
        ShareRequest request = body == null ? new ShareRequest(null, List.of()) : body;
        String templateId = TemplateMessages.templateId(tenantId.code(), procedureId);
        return procedures.find(id.tenant(), procedureId)
                .filter(p -> ProcedureView.PUBLISHED.equals(p.status()) && p.latestVersion() > 0)
                .switchIfEmpty(Mono.error(() -> ApiProblems.of(HttpStatus.CONFLICT, "Procedure not published",
                        "only a published procedure can be shared: publish " + procedureId + " first (POST /api/towns/" + tenantId
                                + "/procedures/" + procedureId + "/publish); a version published a moment ago may take a second to appear")))
                .flatMap(p -> procedures.version(id.tenant(), procedureId, p.latestVersion()))
                .zipWith(towns.name(tenantId.code()))
                .flatMap(t -> commands.<Integer>send(id.tenant(), new ShareTemplate(templateId, tenantId.code(), t.getT2(), procedureId,
                        t.getT1().version(), request.description(), request.tags(), t.getT1().definition(), Instant.now()),
                        "template " + templateId + " exists"))
                .map(version -> ResponseEntity.created(URI.create("/api/towns/" + tenantId + "/catalogue/" + templateId))
                        .body(new Shared(templateId, version)))
                .doOnSuccess(r -> log.info("event=template-shared tenant={} template={} version={}", tenantId, templateId, r.getBody().version()));
    }

    @GetMapping("/api/towns/{tenantId}/catalogue")
    public Flux<CatalogueView.Summary> search(TenantId tenantId, @RequestParam(required = false) String q,
                                              @RequestParam(required = false) String tag) {
        return catalogue.search(q, tag).map(CatalogueController::summary);
    }

    @GetMapping("/api/towns/{tenantId}/catalogue/{templateId}")
    public Mono<CatalogueView.Detail> template(TenantId tenantId, @PathVariable String templateId) {
        return catalogue.template(templateId).switchIfEmpty(Mono.error(() -> unknownTemplate(tenantId, templateId)))
                .map(doc -> {
                    CatalogueView.Summary s = summary(doc);
                    List<Integer> versions = new ArrayList<>();
                    doc.getList("versions", Number.class, List.of()).forEach(v -> versions.add(v.intValue()));
                    versions.sort(Integer::compare);
                    return new CatalogueView.Detail(s.templateId(), s.version(), versions, s.title(), s.description(), s.tags(),
                            s.sourceTown(), s.publishedAt(), CatalogueProjection.definitionOf(doc));
                });
    }

    /** A new draft of the caller's town from the template's latest version, remembering where it came from. */
    @PreAuthorize("hasAnyRole('ADMIN','STAFF')")
    @PostMapping("/api/towns/{tenantId}/catalogue/{templateId}/import")
    public Mono<ResponseEntity<Imported>> importTemplate(TenantId tenant, @PathVariable String templateId,
                                                         @RequestBody(required = false) ImportRequest body) {
        return catalogue.template(templateId).switchIfEmpty(Mono.error(() -> unknownTemplate(tenant, templateId))).flatMap(doc -> {
            if (tenant.code().equals(doc.getString("sourceTenantId"))) {
                return Mono.error(ApiProblems.of(HttpStatus.BAD_REQUEST, "Own template",
                        "template " + templateId + " is your own town's procedure; edit it under /api/towns/" + tenant + "/procedures instead"));
            }
            String slug = body != null && body.procedureId() != null ? body.procedureId() : doc.getString("procedureId");
            ProcedureId id = procedureOf(tenant, slug);
            int version = doc.getInteger("version");
            ProcedureDocument definition = CatalogueProjection.definitionOf(doc);
            return commands.send(tenant, new CreateProcedureDraft(id.aggregateId(), tenant.code(), slug, definition.content(slug)),
                            "town " + tenant + " already has a procedure " + slug + "; import under another id ({\"procedureId\": \"" + slug + "-2\"})")
                    .then(commands.send(tenant, new ImportTemplate(templateId, tenant.code(), slug, version, Instant.now()), "import exists"))
                    .thenReturn(ResponseEntity.created(URI.create("/api/towns/" + tenant + "/procedures/" + slug + "/draft"))
                            .body(new Imported(slug, templateId, version, sourceOf(doc))))
                    .doOnSuccess(r -> log.info("event=template-imported tenant={} template={} version={} procedure={}", tenant, templateId, version, slug));
        });
    }

    /** The town's procedures that came from the catalogue, each with its provenance and whether a newer version exists. */
    @GetMapping("/api/towns/{tenantId}/catalogue/imports")
    public Flux<CatalogueView.Import> imports(TenantId tenant) {
        return catalogue.imports(tenant).concatMap(imp -> catalogue.template(imp.getString("templateId")).map(template -> {
            int imported = imp.getInteger("templateVersion");
            int latest = template.getInteger("version");
            return new CatalogueView.Import(imp.getString("_id"), imp.getString("templateId"), sourceOf(template), imported, latest,
                    latest > imported, latest > imported ? CatalogueView.UPDATE_AVAILABLE : CatalogueView.UP_TO_DATE,
                    dateOf(imp, "importedAt"));
        }));
    }

    /** 「更新あり」: imported procedures whose template has a newer version, with what changed step by step. */
    @GetMapping("/api/towns/{tenantId}/catalogue/updates")
    public Flux<CatalogueView.Update> updates(TenantId tenantId) {
        return imports(tenantId).filter(CatalogueView.Import::updateAvailable).concatMap(imp -> Mono.zip(
                        catalogue.version(imp.templateId(), imp.importedVersion()), catalogue.version(imp.templateId(), imp.latestVersion()))
                .map(versions -> new CatalogueView.Update(imp.procedureId(), imp.templateId(), imp.sourceTown(), imp.importedVersion(),
                        imp.latestVersion(), CatalogueView.UPDATE_AVAILABLE, TemplateDiff.between(
                        CatalogueProjection.definitionOf(versions.getT1()), CatalogueProjection.definitionOf(versions.getT2())))));
    }

    /**
     * Replaces the draft of the procedure imported from {@code templateId} with the template's latest
     * version (the town's own edits to the draft are replaced too; the provenance moves to that version).
     * {@code procedureId} is needed only when the town imported the template more than once.
     */
    @PreAuthorize("hasAnyRole('ADMIN','STAFF')")
    @PostMapping("/api/towns/{tenantId}/catalogue/{templateId}/take-update")
    public Mono<Imported> takeUpdate(TenantId tenant, @PathVariable String templateId,
                                     @RequestBody(required = false) ImportRequest body) {
        String wanted = body == null ? null : body.procedureId();
        return catalogue.imports(tenant).filter(imp -> templateId.equals(imp.getString("templateId")))
                .filter(imp -> wanted == null || wanted.equals(imp.getString("_id")))
                .collectList()
                .flatMap(found -> {
                    if (found.isEmpty()) {
                        return Mono.error(ApiProblems.of(HttpStatus.CONFLICT, "Not imported", "town " + tenant
                                + " has no procedure imported from template " + templateId + "; import it first (POST /api/towns/" + tenant
                                + "/catalogue/" + templateId + "/import)"));
                    }
                    if (found.size() > 1) {
                        return Mono.error(ApiProblems.of(HttpStatus.BAD_REQUEST, "Which procedure?", "template " + templateId
                                + " was imported as several procedures; name one: {\"procedureId\": \"" + found.get(0).getString("_id") + "\"}"));
                    }
                    String slug = found.get(0).getString("_id");
                    ProcedureId id = procedureOf(tenant, slug);
                    return catalogue.template(templateId).switchIfEmpty(Mono.error(() -> unknownTemplate(tenant, templateId))).flatMap(doc -> {
                        int version = doc.getInteger("version");
                        if (version <= found.get(0).getInteger("templateVersion")) {
                            return Mono.error(ApiProblems.of(HttpStatus.CONFLICT, "Up to date", "procedure " + slug
                                    + " already has the latest version " + version + " of template " + templateId));
                        }
                        return commands.send(tenant, new EditProcedureDraft(id.aggregateId(), CatalogueProjection.definitionOf(doc).content(slug)), "")
                                .then(commands.send(tenant, new TakeTemplateUpdate(templateId, tenant.code(), slug, version, Instant.now()), ""))
                                .thenReturn(new Imported(slug, templateId, version, sourceOf(doc)))
                                .doOnSuccess(r -> log.info("event=template-update-taken tenant={} template={} version={} procedure={}",
                                        tenant, templateId, version, slug));
                    });
                });
    }

    static CatalogueView.Summary summary(Document doc) {
        return new CatalogueView.Summary(doc.getString("_id"), doc.getInteger("version"), doc.getString("title"), doc.getString("description"),
                doc.getList("tags", String.class, List.of()), sourceOf(doc), dateOf(doc, "publishedAt"));
    }

    private static CatalogueView.SourceTown sourceOf(Document doc) {
        return new CatalogueView.SourceTown(doc.getString("sourceTenantId"), doc.getString("sourceTownName"));
    }

    private static Instant dateOf(Document doc, String key) {
        Date date = doc.getDate(key);
        return date == null ? null : date.toInstant();
    }

    private static ErrorResponseException unknownTemplate(TenantId tenantId, String templateId) {
        return ApiProblems.of(HttpStatus.NOT_FOUND, "Unknown template", "the catalogue has no template " + templateId
                + "; GET /api/towns/" + tenantId + "/catalogue lists them (a template shared a moment ago may take a second to appear)");
    }

    private static ProcedureId procedureOf(TenantId tenant, String procedureId) {
        String problem = ProcedureId.problemWith(procedureId);
        if (problem != null) {
            throw ApiProblems.of(HttpStatus.BAD_REQUEST, "Invalid procedure id", problem);
        }
        return new ProcedureId(tenant, procedureId);
    }


}
