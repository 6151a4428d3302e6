package jp.madoguchi.tenant.identity;

import java.util.List;
import java.util.UUID;
import jp.madoguchi.platform.messaging.ReactiveCommands;
import jp.madoguchi.platform.security.ApiProblems;
import jp.madoguchi.platform.security.Role;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.tenant.identity.StaffMessages.InviteStaffMember;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Invites a staff member: claims the login id in the town, records the invitation with only the
 * code's hash, and hands the code back once. Used by admins and by onboarding (the first admin).
 */
@Component
public class StaffInvitations {

    /** The one time the code exists outside the invitee's hands: give it to them, it is not kept. */
    public record Invitation(String staffId, String invitationCode) {
    }

    private final ReactiveCommands commands;
    private final StaffDirectory directory;

    public StaffInvitations(ReactiveCommands commands, StaffDirectory directory) {
        this.commands = commands;
        this.directory = directory;
    }

    /** What is wrong with an invitation before anything is recorded (so onboarding can refuse a bad first admin up front). */
    public static List<String> problemsOf(TenantId tenant, String loginId, String displayName, String role) {
        return StaffRules.problemsOf(command(tenant, UUID.randomUUID().toString(), loginId, displayName, role, "-"));
    }

    public Mono<Invitation> invite(TenantId tenant, String rawLoginId, String displayName, String role) {
        String loginId = StaffRules.normalizeLoginId(rawLoginId);
        String staffId = UUID.randomUUID().toString();
        String code = Secrets.newCode();
        InviteStaffMember command = command(tenant, staffId, rawLoginId, displayName, role, Secrets.sha256(code));
        List<String> problems = StaffRules.problemsOf(command);
        if (!problems.isEmpty()) {
            return Mono.error(ApiProblems.invalid("Invalid staff member", problems));
        }
        return directory.claimLoginId(tenant, loginId, staffId)
                .flatMap(claimed -> claimed ? Mono.just(staffId) : Mono.error(ApiProblems.of(HttpStatus.CONFLICT, "Login id taken",
                        "loginId '" + loginId + "' is already used in town " + tenant.code() + "; choose another one")))
                .flatMap(id -> commands.send(tenant, command)
                        .onErrorResume(e -> directory.releaseLoginId(tenant, loginId, staffId).then(Mono.error(IdentityErrors.map(e)))))
                // the code works as soon as the admin has it: wait for the invitation itself in the read model
                .then(directory.openInvitation(Secrets.sha256(code))
                        .repeatWhenEmpty(again -> again.delayElements(java.time.Duration.ofMillis(50)).take(200)))
                .thenReturn(new Invitation(staffId, code));
    }

    private static InviteStaffMember command(TenantId tenant, String staffId, String loginId, String displayName, String role, String codeHash) {
        Role parsed;
        try {
            parsed = role == null ? null : Role.fromClaim(role);
        } catch (IllegalArgumentException e) {
            parsed = null;
        }
        return new InviteStaffMember(tenant.code(), staffId, StaffRules.normalizeLoginId(loginId), displayName, parsed, codeHash);
    }
}
