package jp.madoguchi.procedure.definition;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import jp.madoguchi.platform.security.ApiProblems;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.procedure.definition.ProcedureMessages.CheckProcedureDraft;
import jp.madoguchi.procedure.definition.ProcedureMessages.CreateProcedureDraft;
import jp.madoguchi.procedure.definition.ProcedureMessages.EditProcedureDraft;
import jp.madoguchi.procedure.definition.ProcedureMessages.PublishProcedure;
import jp.madoguchi.procedure.definition.ProcedureMessages.RetireProcedure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A town's procedures for its staff: drafts they edit, the checks, publishing, retiring, published
 * versions, and YAML export/import. Writes need admin or staff; viewers read. Writes answer from the
 * aggregate (consistent at once); reads come from the read model, a moment behind.
 */
@RestController
class ProcedureController {

    private static final Logger log = LoggerFactory.getLogger(ProcedureController.class);
    static final MediaType YAML = MediaType.parseMediaType("application/yaml");
    private static final List<String> YAML_SUBTYPES = List.of("yaml", "x-yaml");

    public record CheckResult(boolean ok, List<FlowProblem> problems) {
    }

    public record Published(String procedureId, int version) {
    }

    private final ProcedureCommands commands;
    private final ProcedureProjection procedures;

    public ProcedureController(ProcedureCommands commands, ProcedureProjection procedures) {
        this.commands = commands;
        this.procedures = procedures;
    }

    @GetMapping("/api/towns/{tenantId}/procedures")
    public Flux<ProcedureView.Summary> list(TenantId tenantId) {
        return procedures.all(tenantId);
    }

    @PreAuthorize("hasAnyRole('ADMIN','STAFF')")
    @PostMapping(value = "/api/towns/{tenantId}/procedures", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Void>> create(TenantId tenantId, @RequestBody byte[] body) {
        return createDraft(tenantId, ProcedureDocuments.fromJson(body), null);
    }

    /** A YAML (application/yaml) or JSON export, as a new draft; {@code procedureId} imports it under another id. */
    @PreAuthorize("hasAnyRole('ADMIN','STAFF')")
    @PostMapping("/api/towns/{tenantId}/procedures/import")
    public Mono<ResponseEntity<Void>> importDocument(TenantId tenant,
                                                    @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) MediaType contentType,
                                                    @RequestParam(required = false) String procedureId,
                                                    @RequestBody byte[] body) {
        ProcedureDocument document;
        if (contentType != null && YAML_SUBTYPES.contains(contentType.getSubtype())) {
            document = ProcedureDocuments.fromYaml(body);
        } else if (contentType != null && MediaType.APPLICATION_JSON.isCompatibleWith(contentType)) {
            document = ProcedureDocuments.fromJson(body);
        } else {
            throw ApiProblems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported import format",
                    "send the procedure as application/yaml (as exported) or application/json");
        }
        return createDraft(tenant, document, procedureId);
    }

    public record TemplateSummary(String templateId, String title, String description) {
    }

    /** The built-in procedures a town can start from. */
    @GetMapping("/api/towns/{tenantId}/procedure-templates")
    public List<TemplateSummary> templates(TenantId tenantId) {
        return ProcedureTemplates.all().entrySet().stream()
                .map(t -> new TemplateSummary(t.getKey(), t.getValue().title(), t.getValue().description())).toList();
    }

    /** A new draft from a built-in template, under the template's id unless {@code procedureId} names another. */
    @PreAuthorize("hasAnyRole('ADMIN','STAFF')")
    @PostMapping("/api/towns/{tenantId}/procedure-templates/{templateId}/use")
    public Mono<ResponseEntity<Void>> useTemplate(TenantId tenant, @PathVariable String templateId,
                                                  @RequestParam(required = false) String procedureId) {
        ProcedureDocument template = ProcedureTemplates.find(templateId).orElseThrow(() -> ApiProblems.of(HttpStatus.NOT_FOUND,
                "Unknown template", "there is no template " + templateId + "; GET /api/towns/" + tenant + "/procedure-templates lists them"));
        return createDraft(tenant, template, procedureId);
    }

    @GetMapping("/api/towns/{tenantId}/procedures/{procedureId}/draft")
    public Mono<ProcedureDocument> draft(TenantId tenantId, @PathVariable String procedureId) {
        ProcedureId id = idOf(tenantId, procedureId);
        return procedures.draft(id.tenant(), id.slug()).switchIfEmpty(Mono.error(() -> ProcedureCommands.notFound(id)));
    }

    @PreAuthorize("hasAnyRole('ADMIN','STAFF')")
    @PutMapping(value = "/api/towns/{tenantId}/procedures/{procedureId}/draft", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Void>> edit(TenantId tenantId, @PathVariable String procedureId, @RequestBody byte[] body) {
        ProcedureId id = idOf(tenantId, procedureId);
        ProcedureDocument document = ProcedureDocuments.fromJson(body);
        if (document.procedureId() != null && !document.procedureId().equals(procedureId)) {
            throw ApiProblems.of(HttpStatus.BAD_REQUEST, "Procedure id mismatch", "the body names procedure " + document.procedureId()
                    + " but the path names " + procedureId + "; leave procedureId out of the body or make them equal");
        }
        return commands.send(id, new EditProcedureDraft(id.aggregateId(), document.content(id.slug())), "Invalid procedure draft")
                .then(Mono.just(ResponseEntity.noContent().<Void>build()));
    }

    /** The checks publishing would run, on the current draft: 200 whether or not there are problems. */
    @PreAuthorize("hasAnyRole('ADMIN','STAFF')")
    @PostMapping("/api/towns/{tenantId}/procedures/{procedureId}/check")
    public Mono<CheckResult> check(TenantId tenantId, @PathVariable String procedureId) {
        ProcedureId id = idOf(tenantId, procedureId);
        return commands.<List<FlowProblem>>send(id, new CheckProcedureDraft(id.aggregateId()), "Invalid procedure")
                .map(problems -> new CheckResult(problems.isEmpty(), problems));
    }

    @PreAuthorize("hasAnyRole('ADMIN','STAFF')")
    @PostMapping("/api/towns/{tenantId}/procedures/{procedureId}/publish")
    public Mono<Published> publish(TenantId tenantId, @PathVariable String procedureId) {
        ProcedureId id = idOf(tenantId, procedureId);
        return commands.<Integer>send(id, new PublishProcedure(id.aggregateId(), Instant.now()), "Procedure cannot be published")
                .map(version -> new Published(procedureId, version))
                .doOnSuccess(p -> log.info("event=procedure-published tenant={} procedure={} version={}", id.tenant(), procedureId, p.version()));
    }

    @PreAuthorize("hasAnyRole('ADMIN','STAFF')")
    @PostMapping("/api/towns/{tenantId}/procedures/{procedureId}/retire")
    public Mono<ResponseEntity<Void>> retire(TenantId tenantId, @PathVariable String procedureId) {
        ProcedureId id = idOf(tenantId, procedureId);
        return commands.send(id, new RetireProcedure(id.aggregateId(), Instant.now()), "Procedure cannot be retired")
                .then(Mono.just(ResponseEntity.noContent().<Void>build()));
    }

    @GetMapping("/api/towns/{tenantId}/procedures/{procedureId}/versions/{version}")
    public Mono<ProcedureView.Version> version(TenantId tenantId, @PathVariable String procedureId, @PathVariable int version) {
        ProcedureId id = idOf(tenantId, procedureId);
        return procedures.version(id.tenant(), id.slug(), version).switchIfEmpty(Mono.error(() -> ApiProblems.of(HttpStatus.NOT_FOUND,
                "Unknown version", "procedure " + procedureId + " has no published version " + version
                        + "; GET /api/towns/" + tenantId + "/procedures lists the published versions")));
    }

    /** The draft, or with {@code version} a published version, as YAML that import reads back. */
    @GetMapping(value = "/api/towns/{tenantId}/procedures/{procedureId}/export")
    public Mono<ResponseEntity<String>> export(TenantId tenantId, @PathVariable String procedureId,
                                               @RequestParam(required = false) Integer version) {
        ProcedureId id = idOf(tenantId, procedureId);
        Mono<ProcedureDocument> document = version == null
                ? draft(tenantId, procedureId)
                : version(tenantId, procedureId, version).map(ProcedureView.Version::definition);
        return document.map(d -> ResponseEntity.ok()
                .contentType(new MediaType(YAML, java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + id.slug()
                        + (version == null ? "" : "-v" + version) + ".yaml\"")
                .body(ProcedureDocuments.toYaml(d)));
    }

    private Mono<ResponseEntity<Void>> createDraft(TenantId tenant, ProcedureDocument document, String overrideId) {
        String slug = overrideId != null ? overrideId : document.procedureId();
        if (slug == null) {
            throw ApiProblems.invalid("Invalid procedure draft", "procedureId is required (e.g. water-start)",
                    ProcedureCommands.problems(List.of(new FlowProblem(null, "procedureId is required (e.g. water-start)"))));
        }
        ProcedureId id = idOf(tenant, slug);
        return commands.send(id, new CreateProcedureDraft(id.aggregateId(), tenant.code(), slug, document.content(slug)),
                        "Invalid procedure draft")
                .then(Mono.just(ResponseEntity.created(URI.create("/api/towns/" + tenant.code() + "/procedures/" + slug + "/draft")).<Void>build()))
                .doOnSuccess(r -> log.info("event=procedure-draft-created tenant={} procedure={}", tenant, slug));
    }

    static ProcedureId idOf(TenantId tenant, String procedureId) {
        String problem = ProcedureId.problemWith(procedureId);
        if (problem != null) {
            throw ApiProblems.invalid("Invalid procedure id", problem, ProcedureCommands.problems(List.of(new FlowProblem(null, problem))));
        }
        return new ProcedureId(tenant, procedureId);
    }

    /** Unreadable bodies (JSON or YAML) as a 400 saying where the document is wrong. */
    @org.springframework.web.bind.annotation.ExceptionHandler(ProcedureDocuments.UnreadableDocument.class)
    ResponseEntity<org.springframework.http.ProblemDetail> unreadable(ProcedureDocuments.UnreadableDocument e) {
        org.springframework.http.ProblemDetail problem = org.springframework.http.ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Unreadable procedure");
        return ResponseEntity.badRequest().body(problem);
    }
}
