package jp.madoguchi.tenant.identity;

import java.time.Instant;
import jp.madoguchi.platform.security.Role;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands and events of a town's staff member. Secrets appear only as hashes: the invitation code
 * as SHA-256, the password as a bcrypt hash; neither the code nor the password is ever recorded.
 */
final class StaffMessages {

    private StaffMessages() {
    }

    public record InviteStaffMember(String tenantId, @TargetAggregateIdentifier String staffId, String loginId, String displayName,
                                    Role role, String invitationCodeHash) {
    }

    public record AcceptInvitation(@TargetAggregateIdentifier String staffId, String passwordHash) {
    }

    public record ChangeStaffRole(@TargetAggregateIdentifier String staffId, Role role) {
    }

    public record DisableStaffMember(@TargetAggregateIdentifier String staffId) {
    }

    public record StaffMemberInvited(String tenantId, String staffId, String loginId, String displayName, Role role,
                                     String invitationCodeHash, Instant invitationExpiresAt) {
    }

    public record StaffMemberActivated(String tenantId, String staffId, String passwordHash) {
    }

    public record StaffRoleChanged(String tenantId, String staffId, Role role) {
    }

    public record StaffMemberDisabled(String tenantId, String staffId) {
    }
}
