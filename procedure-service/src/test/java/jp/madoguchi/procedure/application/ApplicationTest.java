package jp.madoguchi.procedure.application;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.procedure.application.ApplicationMessages.AddInternalNote;
import jp.madoguchi.procedure.application.ApplicationMessages.ApplicationAssigned;
import jp.madoguchi.procedure.application.ApplicationMessages.ApplicationStatusChanged;
import jp.madoguchi.procedure.application.ApplicationMessages.ApplicationSubmitted;
import jp.madoguchi.procedure.application.ApplicationMessages.AssignApplication;
import jp.madoguchi.procedure.application.ApplicationMessages.ChangeApplicationStatus;
import jp.madoguchi.procedure.application.ApplicationMessages.InternalNoteAdded;
import jp.madoguchi.procedure.application.ApplicationMessages.MessageSentToResident;
import jp.madoguchi.procedure.application.ApplicationMessages.SendMessageToResident;
import jp.madoguchi.procedure.application.ApplicationMessages.SubmitApplication;
import jp.madoguchi.procedure.application.ApplicationMessages.WithdrawApplication;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Application aggregate's rules, one test per rule. */
class ApplicationTest {

    private static final String TOMAMAE = "014834";
    private static final String HABORO = "014842";
    private static final String CONVERSATION = "conv-1";
    private static final String ID = ApplicationIds.fromConversation(TenantId.of(TOMAMAE), CONVERSATION);
    private static final String RESIDENT = "014834:LINE:U4af4980629";
    private static final Instant COMPLETED_AT = Instant.parse("2026-04-01T00:05:00Z");
    private static final Instant AT = Instant.parse("2026-04-02T01:00:00Z");
    private static final Actor CLERK = Actor.staff("staff-1", "山田 花子");
    private static final Map<String, String> ANSWERS = Map.of("startDate", "2026-04-10", "address", "苫前町旭1-2");

    private static final ApplicationSubmitted SUBMITTED = new ApplicationSubmitted(ID, TOMAMAE, CONVERSATION, "2026-000007", RESIDENT,
            "LINE", "U4af4980629", "water-start", 1, ANSWERS, List.of("content-1"), COMPLETED_AT);

    private FixtureConfiguration<Application> fixture;
    private final AtomicLong issued = new AtomicLong(6);

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Application.class);
        fixture.registerInjectableResource((ReceiptNumbers) (tenant, year) -> new ReceiptNumber(year.year(), issued.incrementAndGet()));
    }

    private static SubmitApplication submit(Instant completedAt) {
        return new SubmitApplication(ID, TOMAMAE, CONVERSATION, RESIDENT, "LINE", "U4af4980629", "water-start", 1, ANSWERS,
                List.of("content-1"), completedAt);
    }

    private static ChangeApplicationStatus change(ApplicationStatus to, String reason) {
        return new ChangeApplicationStatus(ID, TOMAMAE, to, reason, CLERK, AT);
    }

    private static ApplicationStatusChanged changed(ApplicationStatus from, ApplicationStatus to, String reason, Actor actor) {
        return new ApplicationStatusChanged(ID, SUBMITTED.receiptNumber(), "water-start", RESIDENT, "LINE", "U4af4980629", from, to,
                reason, actor, AT);
    }

    private static final ApplicationStatusChanged STARTED =
            changed(ApplicationStatus.RECEIVED, ApplicationStatus.IN_PROGRESS, "", CLERK);

    @Test
    void submittingACompletedConversationRecordsTheApplicationWithTheNextReceiptNumber() {
        fixture.givenNoPriorActivity()
                .when(submit(COMPLETED_AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(SUBMITTED);
    }

    @Test
    void theReceiptNumbersFiscalYearIsTheJapaneseOneOfTheCompletion() {
        // 1 April 2027 00:10 in Tokyo is 31 March in UTC, yet already FY2027
        Instant justAfterMidnightInTokyo = Instant.parse("2027-03-31T15:10:00Z");
        fixture.givenNoPriorActivity()
                .when(submit(justAfterMidnightInTokyo))
                .expectEvents(new ApplicationSubmitted(ID, TOMAMAE, CONVERSATION, "2027-000007", RESIDENT, "LINE", "U4af4980629",
                        "water-start", 1, ANSWERS, List.of("content-1"), justAfterMidnightInTokyo));
    }

    @Test
    void aSubmissionNeedsItsResidentChannelProcedureAndAnIdDerivedFromTheConversation() {
        fixture.givenNoPriorActivity()
                .when(new SubmitApplication("not-derived", TOMAMAE, CONVERSATION, " ", "FAX", "", "", 0, Map.of(), List.of(), null))
                .expectNoEvents()
                .expectException(ApplicationRuleViolation.class)
                .expectExceptionMessage("applicationId must be derived from the town and conversation (ApplicationIds.fromConversation); "
                        + "residentId is required; channel must be LINE or WEB, got FAX; "
                        + "channelUserId is required (to reach the resident again); procedureId is required; "
                        + "procedureVersion must be 1 or more, got 0; completedAt is required");
    }

    @Test
    void aRefusedSubmissionTakesNoReceiptNumber() {
        fixture.givenNoPriorActivity()
                .when(new SubmitApplication(ID, TOMAMAE, CONVERSATION, RESIDENT, "LINE", "U1", "", 1, Map.of(), List.of(), COMPLETED_AT))
                .expectException(ApplicationRuleViolation.class);
        org.assertj.core.api.Assertions.assertThat(issued.get()).isEqualTo(6);
    }

    @Test
    void staffStartProcessingAReceivedApplication() {
        fixture.given(SUBMITTED)
                .when(change(ApplicationStatus.IN_PROGRESS, null))
                .expectEvents(STARTED);
    }

    @Test
    void anApplicationInProgressIsCompleted() {
        fixture.given(SUBMITTED, STARTED)
                .when(change(ApplicationStatus.COMPLETED, "開栓しました"))
                .expectEvents(changed(ApplicationStatus.IN_PROGRESS, ApplicationStatus.COMPLETED, "開栓しました", CLERK));
    }

    @Test
    void rejectingNeedsAReason() {
        fixture.given(SUBMITTED, STARTED)
                .when(change(ApplicationStatus.REJECTED, "  "))
                .expectNoEvents()
                .expectException(ApplicationRuleViolation.class)
                .expectExceptionMessage("reason is required to reject (却下) an application: the resident is told why");
    }

    @Test
    void anApplicationInProgressIsRejectedWithItsReason() {
        fixture.given(SUBMITTED, STARTED)
                .when(change(ApplicationStatus.REJECTED, " 住所が町外です "))
                .expectEvents(changed(ApplicationStatus.IN_PROGRESS, ApplicationStatus.REJECTED, "住所が町外です", CLERK));
    }

    @Test
    void aReceivedApplicationIsNotCompletedBeforeItIsInProgress() {
        fixture.given(SUBMITTED)
                .when(change(ApplicationStatus.COMPLETED, null))
                .expectNoEvents()
                .expectException(ApplicationStateConflict.class)
                .expectExceptionMessage("application 2026-000007 is RECEIVED (受付); move it to IN_PROGRESS (処理中) before it can be COMPLETED (完了)");
    }

    @Test
    void anApplicationDoesNotGoBackToReceived() {
        fixture.given(SUBMITTED, STARTED)
                .when(change(ApplicationStatus.RECEIVED, null))
                .expectNoEvents()
                .expectExceptionMessage("application 2026-000007 cannot go back to RECEIVED (受付)");
    }

    @Test
    void aStatusIsNotSetTwice() {
        fixture.given(SUBMITTED, STARTED)
                .when(change(ApplicationStatus.IN_PROGRESS, null))
                .expectNoEvents()
                .expectException(ApplicationStateConflict.class)
                .expectExceptionMessage("application 2026-000007 is already IN_PROGRESS (処理中)");
    }

    @Test
    void aClosedApplicationKeepsItsStatus() {
        fixture.given(SUBMITTED, STARTED, changed(ApplicationStatus.IN_PROGRESS, ApplicationStatus.COMPLETED, "", CLERK))
                .when(change(ApplicationStatus.REJECTED, "やはり却下"))
                .expectNoEvents()
                .expectException(ApplicationStateConflict.class)
                .expectExceptionMessage("application 2026-000007 is COMPLETED (完了) and closed: its status no longer changes");
    }

    @Test
    void staffDoNotWithdrawAnApplicationForTheResident() {
        fixture.given(SUBMITTED)
                .when(change(ApplicationStatus.WITHDRAWN, "電話で取下げ"))
                .expectNoEvents()
                .expectException(ApplicationStateConflict.class)
                .expectExceptionMessage("only the resident withdraws (取下げ) an application; to close it, complete or reject it with a reason");
    }

    @Test
    void theResidentWithdrawsAReceivedApplication() {
        fixture.given(SUBMITTED)
                .when(new WithdrawApplication(ID, TOMAMAE, RESIDENT, "引っ越しが中止になりました", AT))
                .expectEvents(changed(ApplicationStatus.RECEIVED, ApplicationStatus.WITHDRAWN, "引っ越しが中止になりました",
                        Actor.resident(RESIDENT)));
    }

    @Test
    void theResidentWithdrawsAnApplicationInProgress() {
        fixture.given(SUBMITTED, STARTED)
                .when(new WithdrawApplication(ID, TOMAMAE, RESIDENT, null, AT))
                .expectEvents(changed(ApplicationStatus.IN_PROGRESS, ApplicationStatus.WITHDRAWN, "", Actor.resident(RESIDENT)));
    }

    @Test
    void aCompletedApplicationIsNotWithdrawn() {
        fixture.given(SUBMITTED, STARTED, changed(ApplicationStatus.IN_PROGRESS, ApplicationStatus.COMPLETED, "", CLERK))
                .when(new WithdrawApplication(ID, TOMAMAE, RESIDENT, null, AT))
                .expectNoEvents()
                .expectException(ApplicationStateConflict.class);
    }

    @Test
    void onlyTheResidentWhoAppliedWithdraws() {
        fixture.given(SUBMITTED)
                .when(new WithdrawApplication(ID, TOMAMAE, "014834:LINE:Uother", null, AT))
                .expectNoEvents()
                .expectException(ApplicationRuleViolation.class)
                .expectExceptionMessage("only the resident who applied can withdraw application 2026-000007");
    }

    @Test
    void anotherTownsCommandFindsNoApplication() {
        fixture.given(SUBMITTED)
                .when(new ChangeApplicationStatus(ID, HABORO, ApplicationStatus.IN_PROGRESS, null, CLERK, AT))
                .expectNoEvents()
                .expectException(ApplicationNotFound.class);
    }

    @Test
    void staffAssignAnApplicationToAColleague() {
        fixture.given(SUBMITTED)
                .when(new AssignApplication(ID, TOMAMAE, " staff-2 ", "佐藤 一郎", CLERK, AT))
                .expectEvents(new ApplicationAssigned(ID, "staff-2", "佐藤 一郎", CLERK, AT));
    }

    @Test
    void assigningTheSameStaffMemberAgainChangesNothing() {
        fixture.given(SUBMITTED, new ApplicationAssigned(ID, "staff-2", "佐藤 一郎", CLERK, AT))
                .when(new AssignApplication(ID, TOMAMAE, "staff-2", "佐藤 一郎", CLERK, AT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anAssignmentNeedsTheStaffIdAndName() {
        fixture.given(SUBMITTED)
                .when(new AssignApplication(ID, TOMAMAE, "", null, CLERK, AT))
                .expectNoEvents()
                .expectExceptionMessage("staffId is required (the staff member's account id); staffName is required (shown in the work queue)");
    }

    @Test
    void aClosedApplicationIsNotAssigned() {
        fixture.given(SUBMITTED, STARTED, changed(ApplicationStatus.IN_PROGRESS, ApplicationStatus.REJECTED, "町外", CLERK))
                .when(new AssignApplication(ID, TOMAMAE, "staff-2", "佐藤 一郎", CLERK, AT))
                .expectNoEvents()
                .expectException(ApplicationStateConflict.class);
    }

    @Test
    void staffAddInternalNotesInAnyStatus() {
        fixture.given(SUBMITTED, STARTED, changed(ApplicationStatus.IN_PROGRESS, ApplicationStatus.COMPLETED, "", CLERK))
                .when(new AddInternalNote(ID, TOMAMAE, " メーター番号を確認済み ", CLERK, AT))
                .expectEvents(new InternalNoteAdded(ID, "メーター番号を確認済み", CLERK, AT));
    }

    @Test
    void aNoteNeedsTextOfAtMost2000Characters() {
        fixture.given(SUBMITTED)
                .when(new AddInternalNote(ID, TOMAMAE, "あ".repeat(2001), CLERK, AT))
                .expectNoEvents()
                .expectExceptionMessage("text must be at most 2000 characters, got 2001");
    }

    @Test
    void aMessageToTheResidentCarriesWhatItsDeliveryNeeds() {
        fixture.given(SUBMITTED)
                .when(new SendMessageToResident(ID, TOMAMAE, "m-1", "開始日を確認しました。", CLERK, AT))
                .expectEvents(new MessageSentToResident(ID, "2026-000007", "m-1", "water-start", RESIDENT, "LINE", "U4af4980629",
                        "開始日を確認しました。", CLERK, AT));
    }

    @Test
    void anEmptyMessageIsRefused() {
        fixture.given(SUBMITTED)
                .when(new SendMessageToResident(ID, TOMAMAE, "m-1", " ", CLERK, AT))
                .expectNoEvents()
                .expectException(ApplicationRuleViolation.class)
                .expectExceptionMessage("text is required (the message to the resident)");
    }
}
