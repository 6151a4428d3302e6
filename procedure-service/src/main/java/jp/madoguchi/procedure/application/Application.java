package jp.madoguchi.procedure.application;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.madoguchi.platform.fiscal.FiscalYear;
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
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One resident's application to their town, from the completed conversation to its outcome. It is
 * created once per conversation (its id derives from it) and numbered on creation; staff work it
 * through its statuses, assign it, note on it and write to the resident. Commands from another
 * town are answered as if it did not exist.
 */
@Aggregate
class Application {

    @AggregateIdentifier
    private String applicationId;
    private String tenantId;
    private String receiptNumber;
    private String procedureId;
    private String residentId;
    private String channel;
    private String channelUserId;
    private ApplicationStatus status;
    private String assigneeId;

    protected Application() {
        // for Axon
    }

    /** The receipt number is taken here, inside the command's transaction (see {@link JdbcReceiptNumbers}). */
    @CommandHandler
    public Application(SubmitApplication command, ReceiptNumbers receipts) {
        rejectIfAny(ApplicationRules.problemsOf(command));
        ReceiptNumber receipt = receipts.next(TenantId.of(command.tenantId()), FiscalYear.of(command.completedAt()));
        apply(new ApplicationSubmitted(command.applicationId(), command.tenantId(), command.conversationId(), receipt.toString(),
                command.residentId(), command.channel(), command.channelUserId(), command.procedureId().strip(), command.procedureVersion(),
                command.answers() == null ? Map.of() : new LinkedHashMap<>(command.answers()),
                command.attachments() == null ? List.of() : List.copyOf(command.attachments()),
                command.completedAt()));
    }

    @CommandHandler
    public void handle(ChangeApplicationStatus command) {
        requireSameTown(command.tenantId());
        rejectIfAny(ApplicationRules.problemsOf(command));
        moveTo(command.to(), command.reason(), command.actor(), command.at());
    }

    @CommandHandler
    public void handle(WithdrawApplication command) {
        requireSameTown(command.tenantId());
        if (!residentId.equals(command.residentId())) {
            throw new ApplicationRuleViolation(List.of("only the resident who applied can withdraw application " + receiptNumber));
        }
        moveTo(ApplicationStatus.WITHDRAWN, command.reason(), Actor.resident(residentId), command.at());
    }

    @CommandHandler
    public void handle(AssignApplication command) {
        requireSameTown(command.tenantId());
        rejectIfAny(ApplicationRules.problemsOf(command));
        if (status.isClosed()) {
            throw new ApplicationStateConflict("application " + receiptNumber + " is " + ApplicationRules.describe(status)
                    + " and closed: it is no longer assigned");
        }
        if (!command.staffId().strip().equals(assigneeId)) {
            apply(new ApplicationAssigned(applicationId, command.staffId().strip(), command.staffName().strip(), command.actor(), command.at()));
        }
    }

    @CommandHandler
    public void handle(AddInternalNote command) {
        requireSameTown(command.tenantId());
        rejectIfAny(ApplicationRules.problemsOf(command));
        apply(new InternalNoteAdded(applicationId, command.text().strip(), command.author(), command.at()));
    }

    @CommandHandler
    public void handle(SendMessageToResident command) {
        requireSameTown(command.tenantId());
        rejectIfAny(ApplicationRules.problemsOf(command));
        apply(new MessageSentToResident(applicationId, receiptNumber, command.messageId(), procedureId, residentId, channel,
                channelUserId, command.text().strip(), command.sender(), command.at()));
    }

    private void moveTo(ApplicationStatus to, String reason, Actor actor, java.time.Instant at) {
        ApplicationRules.transitionProblem(receiptNumber, status, to, actor.kind()).ifPresent(problem -> {
            throw new ApplicationStateConflict(problem);
        });
        apply(new ApplicationStatusChanged(applicationId, receiptNumber, procedureId, residentId, channel, channelUserId, status, to,
                reason == null ? "" : reason.strip(), actor, at));
    }

    @EventSourcingHandler
    void on(ApplicationSubmitted event) {
        applicationId = event.applicationId();
        tenantId = event.tenantId();
        receiptNumber = event.receiptNumber();
        procedureId = event.procedureId();
        residentId = event.residentId();
        channel = event.channel();
        channelUserId = event.channelUserId();
        status = ApplicationStatus.RECEIVED;
    }

    @EventSourcingHandler
    void on(ApplicationStatusChanged event) {
        status = event.to();
    }

    @EventSourcingHandler
    void on(ApplicationAssigned event) {
        assigneeId = event.staffId();
    }

    private void requireSameTown(String commandTenant) {
        if (!tenantId.equals(commandTenant)) {
            throw new ApplicationNotFound(applicationId);
        }
    }

    private static void rejectIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new ApplicationRuleViolation(problems);
        }
    }
}
