package jp.madoguchi.tenant.identity;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.List;
import jp.madoguchi.platform.security.Role;
import jp.madoguchi.tenant.identity.StaffMessages.AcceptInvitation;
import jp.madoguchi.tenant.identity.StaffMessages.ChangeStaffRole;
import jp.madoguchi.tenant.identity.StaffMessages.DisableStaffMember;
import jp.madoguchi.tenant.identity.StaffMessages.InviteStaffMember;
import jp.madoguchi.tenant.identity.StaffMessages.StaffMemberActivated;
import jp.madoguchi.tenant.identity.StaffMessages.StaffMemberDisabled;
import jp.madoguchi.tenant.identity.StaffMessages.StaffMemberInvited;
import jp.madoguchi.tenant.identity.StaffMessages.StaffRoleChanged;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A town's staff member: invited by an admin with a one-time code, active once they accept it with
 * a password, and able to lose their role or their access. Disabling is final.
 */
@Aggregate
class StaffMember {

    enum Status { INVITED, ACTIVE, DISABLED }

    @AggregateIdentifier
    private String staffId;
    private String tenantId;
    private Role role;
    private Status status;
    private Instant invitationExpiresAt;

    protected StaffMember() {
        // for Axon
    }

    @CommandHandler
    public StaffMember(InviteStaffMember command) {
        List<String> problems = StaffRules.problemsOf(command);
        if (!problems.isEmpty()) {
            throw new StaffRuleViolation(problems);
        }
        Instant expires = GenericEventMessage.clock.instant().plus(StaffRules.INVITATION_VALIDITY);
        apply(new StaffMemberInvited(command.tenantId(), command.staffId(), command.loginId(), command.displayName().strip(),
                command.role(), command.invitationCodeHash(), expires));
    }

    @CommandHandler
    public void handle(AcceptInvitation command) {
        if (status != Status.INVITED) {
            throw new StaffStateConflict(status == Status.ACTIVE
                    ? "this invitation has already been used; log in with your password, or ask an admin to reset your access"
                    : "this account is disabled; ask your town's admin for a new invitation");
        }
        if (!GenericEventMessage.clock.instant().isBefore(invitationExpiresAt)) {
            throw new StaffStateConflict("this invitation expired at " + invitationExpiresAt + "; ask your town's admin for a new invitation");
        }
        if (command.passwordHash() == null || !command.passwordHash().startsWith("{")) {
            throw new StaffRuleViolation(List.of("a password hash with its algorithm prefix is required"));
        }
        apply(new StaffMemberActivated(tenantId, staffId, command.passwordHash()));
    }

    @CommandHandler
    public void handle(ChangeStaffRole command) {
        List<String> problems = StaffRules.problemsOfRole(command.role());
        if (!problems.isEmpty()) {
            throw new StaffRuleViolation(problems);
        }
        if (status == Status.DISABLED) {
            throw new StaffStateConflict("a disabled account keeps no role; invite the person again instead");
        }
        if (command.role() != role) {
            apply(new StaffRoleChanged(tenantId, staffId, command.role()));
        }
    }

    @CommandHandler
    public void handle(DisableStaffMember command) {
        if (status != Status.DISABLED) {
            apply(new StaffMemberDisabled(tenantId, staffId));
        }
    }

    @EventSourcingHandler
    void on(StaffMemberInvited event) {
        staffId = event.staffId();
        tenantId = event.tenantId();
        role = event.role();
        status = Status.INVITED;
        invitationExpiresAt = event.invitationExpiresAt();
    }

    @EventSourcingHandler
    void on(StaffMemberActivated event) {
        status = Status.ACTIVE;
    }

    @EventSourcingHandler
    void on(StaffRoleChanged event) {
        role = event.role();
    }

    @EventSourcingHandler
    void on(StaffMemberDisabled event) {
        status = Status.DISABLED;
    }
}
