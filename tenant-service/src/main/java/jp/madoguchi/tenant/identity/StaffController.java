package jp.madoguchi.tenant.identity;

import java.net.URI;
import jp.madoguchi.platform.messaging.ReactiveCommands;
import jp.madoguchi.platform.security.ApiProblems;
import jp.madoguchi.platform.security.Role;
import jp.madoguchi.platform.security.StaffPrincipal;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.tenant.identity.StaffMessages.ChangeStaffRole;
import jp.madoguchi.tenant.identity.StaffMessages.DisableStaffMember;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A town's admins manage its staff: invite, list, change a role, disable. */
@RestController
@PreAuthorize("hasRole('ADMIN')")
class StaffController {

    public record InviteRequest(String loginId, String displayName, String role) {
    }

    public record RoleRequest(String role) {
    }

    private final StaffInvitations invitations;
    private final StaffDirectory directory;
    private final ReactiveCommands commands;

    public StaffController(StaffInvitations invitations, StaffDirectory directory, ReactiveCommands commands) {
        this.invitations = invitations;
        this.directory = directory;
        this.commands = commands;
    }

    @PostMapping("/api/towns/{tenantId}/staff/invitations")
    public Mono<ResponseEntity<StaffInvitations.Invitation>> invite(TenantId tenant, @RequestBody InviteRequest request) {
        return invitations.invite(tenant, request.loginId(), request.displayName(), request.role())
                .map(invitation -> ResponseEntity.created(URI.create("/api/towns/" + tenant.code() + "/staff/" + invitation.staffId()))
                        .body(invitation));
    }

    @GetMapping("/api/towns/{tenantId}/staff")
    public Flux<StaffDirectory.StaffView> staff(TenantId tenantId) {
        return directory.list(tenantId);
    }

    @PutMapping("/api/towns/{tenantId}/staff/{staffId}/role")
    public Mono<ResponseEntity<Void>> changeRole(TenantId tenant, @PathVariable String staffId, @RequestBody RoleRequest request,
                                                 @AuthenticationPrincipal Jwt jwt) {
        Role role;
        try {
            role = Role.fromClaim(request.role());
        } catch (RuntimeException e) {
            return Mono.error(ApiProblems.invalid("Invalid role", StaffRules.problemsOfRole(null)));
        }
        return onMemberOf(tenant, staffId, jwt, "change your own role")
                .then(send(tenant, new ChangeStaffRole(staffId, role)))
                .then(directory.await(tenant, staffId, m -> m.role() == role))
                .thenReturn(ResponseEntity.noContent().build());
    }

    @PostMapping("/api/towns/{tenantId}/staff/{staffId}/disable")
    public Mono<ResponseEntity<Void>> disable(TenantId tenant, @PathVariable String staffId, @AuthenticationPrincipal Jwt jwt) {
        return onMemberOf(tenant, staffId, jwt, "disable yourself")
                .then(send(tenant, new DisableStaffMember(staffId)))
                .then(directory.await(tenant, staffId, m -> "DISABLED".equals(m.status())))
                .thenReturn(ResponseEntity.noContent().build());
    }

    /** The member must be of this town (ids of other towns are not found here), and not the caller. */
    private Mono<Void> onMemberOf(TenantId tenant, String staffId, Jwt jwt, String what) {
        if (StaffPrincipal.from(jwt).subject().equals(staffId)) {
            return Mono.error(ApiProblems.of(HttpStatus.CONFLICT, "Not on yourself",
                    "you cannot " + what + ": ask another admin of the town, so a town is never left without one"));
        }
        return directory.byId(tenant, staffId)
                .switchIfEmpty(Mono.error(() -> ApiProblems.of(HttpStatus.NOT_FOUND, "Unknown staff member",
                        "no staff member " + staffId + " in town " + tenant.code() + "; see GET /api/towns/" + tenant.code() + "/staff")))
                .then();
    }

    private Mono<Object> send(TenantId tenant, Object command) {
        return commands.send(tenant, command)
                .onErrorMap(IdentityErrors::map);
    }
}
