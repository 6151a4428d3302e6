package jp.madoguchi.tenant.town;

import java.util.ArrayList;
import java.util.List;
import jp.madoguchi.platform.messaging.ReactiveCommands;
import jp.madoguchi.platform.security.ApiProblems;
import jp.madoguchi.platform.security.Role;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.tenant.identity.StaffInvitations;
import jp.madoguchi.tenant.town.TownMessages.OnboardTown;
import jp.madoguchi.tenant.town.TownMessages.SetKpiTargets;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.security.access.prepost.PreAuthorize;
import reactor.core.publisher.Mono;

/** Staff and operator API for towns: onboarding, a fiscal year's KPI targets, and the town as it stands. */
/** Towns: onboarding is an operator's act; a town's own settings are its admins'. */
@RestController
class TownController {

    public record OnboardTownRequest(String tenantId, String name, String nameKana, String prefecture, Long population, FirstAdmin admin) {
    }

    /** The town's first admin, invited with the onboarding; the code goes to the town, once. */
    public record FirstAdmin(String loginId, String displayName) {
    }

    public record Onboarded(String tenantId, String adminInvitationCode) {
    }

    public record KpiTargetsRequest(Long friends, Long broadcasts, Long applications, Double satisfaction) {
    }

    private final ReactiveCommands commands;
    private final TownProjection towns;
    private final StaffInvitations invitations;

    public TownController(ReactiveCommands commands, TownProjection towns, StaffInvitations invitations) {
        this.commands = commands;
        this.towns = towns;
        this.invitations = invitations;
    }

    @PostMapping("/api/operator/towns")
    public Mono<ResponseEntity<Onboarded>> onboard(@RequestBody OnboardTownRequest request) {
        TenantId tenant = ApiProblems.tenantId(request.tenantId());
        if (request.population() == null) {
            return Mono.error(ApiProblems.invalid("Invalid town", List.of("population is required (residents, 0 or more)")));
        }
        FirstAdmin admin = request.admin();
        if (admin != null) {
            // refused before the town exists, so a bad first admin never leaves a town without one
            List<String> problems = StaffInvitations.problemsOf(tenant, admin.loginId(), admin.displayName(), Role.ADMIN.claim());
            if (!problems.isEmpty()) {
                return Mono.error(ApiProblems.invalid("Invalid first admin", problems.stream().map(p -> "admin: " + p).toList()));
            }
        }
        OnboardTown command = new OnboardTown(tenant.code(), request.name(), request.nameKana(), request.prefecture(), request.population());
        return send(tenant, command)
                .then(Mono.defer(() -> admin == null ? Mono.just(new Onboarded(tenant.code(), null))
                        : invitations.invite(tenant, admin.loginId(), admin.displayName(), Role.ADMIN.claim())
                                .map(invitation -> new Onboarded(tenant.code(), invitation.invitationCode()))))
                .map(body -> ResponseEntity.created(java.net.URI.create("/api/towns/" + tenant.code())).body(body))
                .onErrorMap(ReactiveCommands::isDuplicateCreate, e -> ApiProblems.of(HttpStatus.CONFLICT, "Town already onboarded",
                        "town " + tenant.code() + " is already onboarded; change its settings instead of onboarding it again"))
                .onErrorMap(TownRuleViolation.class, e -> ApiProblems.invalid("Invalid town", e.problems()));
    }

    @PutMapping("/api/towns/{tenantId}/kpi-targets/{fiscalYear}")
    @PreAuthorize("hasRole('ADMIN')")
    public Mono<ResponseEntity<Void>> setKpiTargets(TenantId tenant, @PathVariable int fiscalYear,
                                                    @RequestBody KpiTargetsRequest request) {
        List<String> missing = new ArrayList<>();
        if (request.friends() == null) missing.add("friends is required (target number of LINE friends)");
        if (request.broadcasts() == null) missing.add("broadcasts is required (target number of broadcasts)");
        if (request.applications() == null) missing.add("applications is required (target number of applications)");
        if (request.satisfaction() == null) missing.add("satisfaction is required (target mean of 5-point answers, 1.0 to 5.0)");
        if (!missing.isEmpty()) {
            return Mono.error(ApiProblems.invalid("Invalid KPI targets", missing));
        }
        SetKpiTargets command = new SetKpiTargets(tenant.code(), fiscalYear, request.friends(), request.broadcasts(),
                request.applications(), request.satisfaction());
        return send(tenant, command)
                .then(Mono.just(ResponseEntity.noContent().<Void>build()))
                .onErrorMap(e -> ReactiveCommands.causedBy(e, AggregateNotFoundException.class), e -> ApiProblems.of(HttpStatus.NOT_FOUND, "Unknown town",
                        "town " + tenant.code() + " is not onboarded; ask the vendor to onboard it (POST /api/operator/towns) before setting its targets"))
                .onErrorMap(TownRuleViolation.class, e -> ApiProblems.invalid("Invalid KPI targets", e.problems()));
    }

    @GetMapping("/api/towns/{tenantId}")
    public Mono<TownView> town(TenantId tenant) {
        return towns.find(tenant).switchIfEmpty(Mono.error(() -> ApiProblems.of(HttpStatus.NOT_FOUND, "Unknown town",
                "town " + tenant.code() + " is not onboarded (a town onboarded a moment ago may take a second to appear)")));
    }

    private Mono<Object> send(TenantId tenant, Object command) {
        return commands.send(tenant, command);
    }
}
