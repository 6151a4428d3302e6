package jp.madoguchi.procedure.application;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.madoguchi.platform.fiscal.FiscalYear;
import jp.madoguchi.platform.messaging.ReactiveCommands;
import jp.madoguchi.platform.security.ApiProblems;
import jp.madoguchi.platform.security.AuditLog;
import jp.madoguchi.platform.security.StaffPrincipal;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.procedure.application.ApplicationMessages.AddInternalNote;
import jp.madoguchi.procedure.application.ApplicationMessages.AssignApplication;
import jp.madoguchi.procedure.application.ApplicationMessages.ChangeApplicationStatus;
import jp.madoguchi.procedure.application.ApplicationMessages.SendMessageToResident;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
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
 * The town's work queue over HTTP: staff and admins work applications, viewers read them. The
 * acting staff member is taken from the token, never from the body. Writes answer once the event is
 * stored; the queue shows it a moment later.
 */
@RestController
class ApplicationController {

    static final int MAX_PAGE_SIZE = 200;

    public record StatusRequest(String to, String reason) {
    }

    public record AssignRequest(String staffId, String staffName) {
    }

    public record TextRequest(String text) {
    }

    public record MessageAccepted(String messageId) {
    }

    private final ReactiveCommands commands;
    private final ApplicationQueue queue;
    private final AuditLog audit;

    public ApplicationController(ReactiveCommands commands, ApplicationQueue queue, AuditLog audit) {
        this.commands = commands;
        this.queue = queue;
        this.audit = audit;
    }

    @GetMapping("/api/towns/{tenantId}/applications")
    public Mono<ApplicationQueue.Page> list(TenantId tenant, @RequestParam(required = false) String procedureId,
                                            @RequestParam(required = false) String status, @RequestParam(required = false) String from,
                                            @RequestParam(required = false) String to, @RequestParam(required = false) String assignee,
                                            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        List<String> problems = new ArrayList<>();
        ApplicationQueue.Filter filter = filter(procedureId, status, from, to, assignee, problems);
        if (page < 0) {
            problems.add("page must be 0 or more, got " + page);
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            problems.add("size must be between 1 and " + MAX_PAGE_SIZE + ", got " + size);
        }
        if (!problems.isEmpty()) {
            return Mono.error(ApiProblems.invalid("Invalid query", problems));
        }
        return queue.find(tenant, filter, page, size);
    }

    @GetMapping(value = "/api/towns/{tenantId}/applications.csv")
    public Mono<ResponseEntity<Flux<String>>> csv(TenantId tenant, @RequestParam(required = false) String procedureId,
                                                  @RequestParam(required = false) String status, @RequestParam(required = false) String from,
                                                  @RequestParam(required = false) String to, @RequestParam(required = false) String assignee,
                                                  @AuthenticationPrincipal Jwt jwt) {
        List<String> problems = new ArrayList<>();
        ApplicationQueue.Filter filter = filter(procedureId, status, from, to, assignee, problems);
        if (!problems.isEmpty()) {
            return Mono.error(ApiProblems.invalid("Invalid query", problems));
        }
        String filename = "applications-" + tenant.code() + "-" + LocalDate.now(FiscalYear.JAPAN) + ".csv";
        return queue.answerKeys(tenant, filter).map(answerKeys -> {
            Flux<String> lines = audit.streamedRead(reader(jwt), "GET /api/towns/{tenantId}/applications.csv",
                    "/api/towns/" + tenant.code() + "/applications.csv", queue.all(tenant, filter), rows -> ApplicationCsv.lines(answerKeys, rows));
            return ResponseEntity.ok()
                    .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString())
                    .body(lines);
        });
    }

    @GetMapping("/api/towns/{tenantId}/applications/{applicationId}")
    public Mono<ApplicationQueue.Detail> get(TenantId tenant, @PathVariable String applicationId, @AuthenticationPrincipal Jwt jwt) {
        return queue.get(tenant, applicationId).switchIfEmpty(Mono.error(() -> ApplicationController.notFound(applicationId)))
                .flatMap(detail -> audit.recordRead(reader(jwt), "GET /api/towns/{tenantId}/applications/{applicationId}",
                        "/api/towns/" + tenant.code() + "/applications/" + detail.applicationId(), 1, Instant.now()).thenReturn(detail));
    }

    @PostMapping("/api/towns/{tenantId}/applications/{applicationId}/status")
    @PreAuthorize("hasAnyRole('ADMIN','STAFF')")
    public Mono<ResponseEntity<Void>> changeStatus(TenantId tenant, @PathVariable String applicationId,
                                                   @RequestBody StatusRequest request, @AuthenticationPrincipal Jwt jwt) {
        ApplicationStatus to = ApplicationStatus.parse(request.to());
        if (to == null) {
            return Mono.error(ApiProblems.invalid("Invalid status change",
                    List.of("to must be one of RECEIVED, IN_PROGRESS, COMPLETED, REJECTED, WITHDRAWN, got " + request.to())));
        }
        return send(tenant, applicationId, new ChangeApplicationStatus(applicationId, tenant.code(), to, request.reason(), actor(jwt),
                Instant.now()), "Invalid status change").thenReturn(ResponseEntity.noContent().build());
    }

    @PostMapping("/api/towns/{tenantId}/applications/{applicationId}/assign")
    @PreAuthorize("hasAnyRole('ADMIN','STAFF')")
    public Mono<ResponseEntity<Void>> assign(TenantId tenant, @PathVariable String applicationId,
                                             @RequestBody AssignRequest request, @AuthenticationPrincipal Jwt jwt) {
        return send(tenant, applicationId, new AssignApplication(applicationId, tenant.code(), request.staffId(), request.staffName(),
                actor(jwt), Instant.now()), "Invalid assignment").thenReturn(ResponseEntity.noContent().build());
    }

    @PostMapping("/api/towns/{tenantId}/applications/{applicationId}/notes")
    @PreAuthorize("hasAnyRole('ADMIN','STAFF')")
    public Mono<ResponseEntity<Void>> addNote(TenantId tenant, @PathVariable String applicationId,
                                              @RequestBody TextRequest request, @AuthenticationPrincipal Jwt jwt) {
        return send(tenant, applicationId, new AddInternalNote(applicationId, tenant.code(), request.text(), actor(jwt), Instant.now()),
                "Invalid note").thenReturn(ResponseEntity.noContent().build());
    }

    /** Accepted, not yet delivered: conversation-service pushes it to the resident, keyed by {@code messageId}. */
    @PostMapping("/api/towns/{tenantId}/applications/{applicationId}/messages")
    @PreAuthorize("hasAnyRole('ADMIN','STAFF')")
    public Mono<ResponseEntity<MessageAccepted>> sendMessage(TenantId tenant, @PathVariable String applicationId,
                                                             @RequestBody TextRequest request, @AuthenticationPrincipal Jwt jwt) {
        String messageId = UUID.randomUUID().toString();
        return send(tenant, applicationId, new SendMessageToResident(applicationId, tenant.code(), messageId, request.text(), actor(jwt),
                Instant.now()), "Invalid message")
                .thenReturn(ResponseEntity.status(HttpStatus.ACCEPTED).body(new MessageAccepted(messageId)));
    }

    private Mono<Object> send(TenantId tenant, String applicationId, Object command, String invalidTitle) {
        return commands.send(tenant, command)
                .onErrorMap(ApplicationRuleViolation.class, e -> ApiProblems.invalid(invalidTitle, e.problems()))
                .onErrorMap(ApplicationStateConflict.class, e -> ApiProblems.of(HttpStatus.CONFLICT, "Not allowed in this status",
                        e.getMessage()))
                .onErrorMap(e -> e instanceof ApplicationNotFound || e instanceof AggregateNotFoundException,
                        e -> ApplicationController.notFound(applicationId));
    }

    /** Who reads residents' data, for the audit log. */
    private static Optional<StaffPrincipal> reader(Jwt jwt) {
        return Optional.ofNullable(jwt).map(StaffPrincipal::from);
    }

    private static Actor actor(Jwt jwt) {
        StaffPrincipal principal = StaffPrincipal.from(jwt);
        return Actor.staff(principal.subject(), principal.displayName());
    }

    private static ApplicationQueue.Filter filter(String procedureId, String status, String from, String to, String assignee,
                                                  List<String> problems) {
        ApplicationStatus parsedStatus = null;
        if (!ApplicationRules.blank(status)) {
            parsedStatus = ApplicationStatus.parse(status);
            if (parsedStatus == null) {
                problems.add("status must be one of RECEIVED, IN_PROGRESS, COMPLETED, REJECTED, WITHDRAWN, got " + status);
            }
        }
        LocalDate fromDay = day("from", from, problems);
        LocalDate toDay = day("to", to, problems);
        if (fromDay != null && toDay != null && toDay.isBefore(fromDay)) {
            problems.add("to (" + toDay + ") is before from (" + fromDay + ")");
        }
        return new ApplicationQueue.Filter(ApplicationRules.blank(procedureId) ? null : procedureId.strip(), parsedStatus, fromDay, toDay,
                ApplicationRules.blank(assignee) ? null : assignee.strip());
    }

    private static LocalDate day(String name, String value, List<String> problems) {
        if (ApplicationRules.blank(value)) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            problems.add(name + " must be a date like 2026-04-01 (a day in Japan), got " + value);
            return null;
        }
    }

    static ErrorResponseException notFound(String applicationId) {
        return ApiProblems.of(HttpStatus.NOT_FOUND, "Unknown application", "this town has no application " + applicationId
                + " (one submitted a moment ago may take a second to appear in the queue)");
    }
}
