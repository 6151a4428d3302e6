package jp.madoguchi.tenant.identity;

import java.time.Duration;
import java.time.Instant;
import jp.madoguchi.platform.security.Role;
import jp.madoguchi.tenant.identity.StaffMessages.AcceptInvitation;
import jp.madoguchi.tenant.identity.StaffMessages.ChangeStaffRole;
import jp.madoguchi.tenant.identity.StaffMessages.DisableStaffMember;
import jp.madoguchi.tenant.identity.StaffMessages.InviteStaffMember;
import jp.madoguchi.tenant.identity.StaffMessages.StaffMemberActivated;
import jp.madoguchi.tenant.identity.StaffMessages.StaffMemberDisabled;
import jp.madoguchi.tenant.identity.StaffMessages.StaffMemberInvited;
import jp.madoguchi.tenant.identity.StaffMessages.StaffRoleChanged;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StaffMemberTest {

    private static final String TOWN = "014834";
    private static final String ID = "6f1c2d3e-0000-4000-8000-000000000001";
    private static final Instant NOW = Instant.parse("2025-04-01T00:00:00Z");
    private static final String CODE_HASH = "a".repeat(64);
    private static final String PASSWORD_HASH = "{bcrypt}$2a$10$abcdefghijklmnopqrstuv";
    private static final StaffMemberInvited INVITED = new StaffMemberInvited(TOWN, ID, "hanako", "苫前 花子", Role.STAFF, CODE_HASH,
            NOW.plus(Duration.ofDays(7)));
    private static final StaffMemberActivated ACTIVATED = new StaffMemberActivated(TOWN, ID, PASSWORD_HASH);

    private FixtureConfiguration<StaffMember> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(StaffMember.class);
    }

    @Test
    void anInvitationIsValidForSevenDaysAndKeepsOnlyTheCodesHash() {
        fixture.givenCurrentTime(NOW)
                .when(new InviteStaffMember(TOWN, ID, "hanako", " 苫前 花子 ", Role.STAFF, CODE_HASH))
                .expectSuccessfulHandlerExecution()
                .expectEvents(INVITED);
    }

    @Test
    void anInvitationNeedsAValidLoginIdADisplayNameAndATownRole() {
        fixture.givenNoPriorActivity()
                .when(new InviteStaffMember(TOWN, ID, "A", " ", Role.OPERATOR, CODE_HASH))
                .expectNoEvents()
                .expectException(StaffRuleViolation.class)
                .expectExceptionMessage("loginId must be 3 to 32 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit, got 'A'; "
                        + "displayName is required (the name colleagues see, e.g. 苫前 花子); role must be one of admin, staff, viewer");
    }

    @Test
    void acceptingAnOpenInvitationActivatesTheMemberWithTheirPasswordHash() {
        fixture.givenCurrentTime(NOW).andGiven(INVITED)
                .when(new AcceptInvitation(ID, PASSWORD_HASH))
                .expectEvents(ACTIVATED);
    }

    @Test
    void anInvitationCanBeUsedOnlyOnce() {
        fixture.givenCurrentTime(NOW).andGiven(INVITED, ACTIVATED)
                .when(new AcceptInvitation(ID, PASSWORD_HASH))
                .expectNoEvents()
                .expectException(StaffStateConflict.class)
                .expectExceptionMessage("this invitation has already been used; log in with your password, or ask an admin to reset your access");
    }

    @Test
    void anExpiredInvitationCannotBeAccepted() {
        fixture.givenCurrentTime(NOW.plus(Duration.ofDays(7))).andGiven(INVITED)
                .when(new AcceptInvitation(ID, PASSWORD_HASH))
                .expectNoEvents()
                .expectException(StaffStateConflict.class);
    }

    @Test
    void aDisabledMembersInvitationCannotBeAccepted() {
        fixture.givenCurrentTime(NOW).andGiven(INVITED, new StaffMemberDisabled(TOWN, ID))
                .when(new AcceptInvitation(ID, PASSWORD_HASH))
                .expectNoEvents()
                .expectExceptionMessage("this account is disabled; ask your town's admin for a new invitation");
    }

    @Test
    void acceptingNeedsAHashedPasswordNeverAPlainOne() {
        fixture.givenCurrentTime(NOW).andGiven(INVITED)
                .when(new AcceptInvitation(ID, "correct horse battery staple"))
                .expectNoEvents()
                .expectException(StaffRuleViolation.class);
    }

    @Test
    void changingTheRoleRecordsTheNewRole() {
        fixture.given(INVITED, ACTIVATED)
                .when(new ChangeStaffRole(ID, Role.VIEWER))
                .expectEvents(new StaffRoleChanged(TOWN, ID, Role.VIEWER));
    }

    @Test
    void changingToTheSameRoleRecordsNothing() {
        fixture.given(INVITED, ACTIVATED)
                .when(new ChangeStaffRole(ID, Role.STAFF))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void staffCannotBeMadeOperators() {
        fixture.given(INVITED, ACTIVATED)
                .when(new ChangeStaffRole(ID, Role.OPERATOR))
                .expectNoEvents()
                .expectExceptionMessage("role must be one of admin, staff, viewer");
    }

    @Test
    void aDisabledMemberKeepsNoRole() {
        fixture.given(INVITED, ACTIVATED, new StaffMemberDisabled(TOWN, ID))
                .when(new ChangeStaffRole(ID, Role.ADMIN))
                .expectNoEvents()
                .expectException(StaffStateConflict.class);
    }

    @Test
    void disablingIsRecordedOnce() {
        fixture.given(INVITED, ACTIVATED)
                .when(new DisableStaffMember(ID))
                .expectEvents(new StaffMemberDisabled(TOWN, ID));
        fixture.given(INVITED, ACTIVATED, new StaffMemberDisabled(TOWN, ID))
                .when(new DisableStaffMember(ID))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
