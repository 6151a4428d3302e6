package jp.madoguchi.procedure.application;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.procedure.application.ApplicationMessages.AddInternalNote;
import jp.madoguchi.procedure.application.ApplicationMessages.AssignApplication;
import jp.madoguchi.procedure.application.ApplicationMessages.ChangeApplicationStatus;
import jp.madoguchi.procedure.application.ApplicationMessages.SendMessageToResident;
import jp.madoguchi.procedure.application.ApplicationMessages.SubmitApplication;

/**
 * The rules of an application, as plain decisions: what a command must contain, and which status
 * may follow which. 受付 RECEIVED → 処理中 IN_PROGRESS → 完了 COMPLETED or 却下 REJECTED; the resident
 * may withdraw (取下げ WITHDRAWN) while it is RECEIVED or IN_PROGRESS; a closed application stays closed.
 */
public final class ApplicationRules {

    public static final Set<String> CHANNELS = Set.of("LINE", "WEB");
    public static final int MAX_TEXT = 2000;

    private static final Map<ApplicationStatus, Set<ApplicationStatus>> NEXT = Map.of(
            ApplicationStatus.RECEIVED, EnumSet.of(ApplicationStatus.IN_PROGRESS, ApplicationStatus.WITHDRAWN),
            ApplicationStatus.IN_PROGRESS, EnumSet.of(ApplicationStatus.COMPLETED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN),
            ApplicationStatus.COMPLETED, EnumSet.noneOf(ApplicationStatus.class),
            ApplicationStatus.REJECTED, EnumSet.noneOf(ApplicationStatus.class),
            ApplicationStatus.WITHDRAWN, EnumSet.noneOf(ApplicationStatus.class));

    private ApplicationRules() {
    }

    public static List<String> problemsOf(SubmitApplication c) {
        List<String> problems = new ArrayList<>();
        String tenantProblem = TenantId.problemWith(c.tenantId());
        if (tenantProblem != null) {
            problems.add(tenantProblem);
        }
        if (blank(c.conversationId())) {
            problems.add("conversationId is required");
        } else if (tenantProblem == null && !ApplicationIds.fromConversation(TenantId.of(c.tenantId()), c.conversationId()).equals(c.applicationId())) {
            problems.add("applicationId must be derived from the town and conversation (ApplicationIds.fromConversation)");
        }
        if (blank(c.residentId())) {
            problems.add("residentId is required");
        }
        if (c.channel() == null || !CHANNELS.contains(c.channel())) {
            problems.add("channel must be LINE or WEB, got " + c.channel());
        }
        if (blank(c.channelUserId())) {
            problems.add("channelUserId is required (to reach the resident again)");
        }
        if (blank(c.procedureId())) {
            problems.add("procedureId is required");
        }
        if (c.procedureVersion() < 1) {
            problems.add("procedureVersion must be 1 or more, got " + c.procedureVersion());
        }
        if (c.completedAt() == null) {
            problems.add("completedAt is required");
        }
        return problems;
    }

    /** Problems with the request itself, before the application's status is looked at. */
    public static List<String> problemsOf(ChangeApplicationStatus c) {
        List<String> problems = new ArrayList<>();
        if (c.to() == null) {
            problems.add("to must be one of RECEIVED, IN_PROGRESS, COMPLETED, REJECTED, WITHDRAWN");
        } else if (c.to() == ApplicationStatus.REJECTED && blank(c.reason())) {
            problems.add("reason is required to reject (却下) an application: the resident is told why");
        }
        if (c.reason() != null && c.reason().length() > MAX_TEXT) {
            problems.add("reason must be at most " + MAX_TEXT + " characters");
        }
        return problems;
    }

    public static List<String> problemsOf(AssignApplication c) {
        List<String> problems = new ArrayList<>();
        if (blank(c.staffId())) {
            problems.add("staffId is required (the staff member's account id)");
        }
        if (blank(c.staffName())) {
            problems.add("staffName is required (shown in the work queue)");
        }
        return problems;
    }

    public static List<String> problemsOf(AddInternalNote c) {
        return textProblems(c.text(), "text is required (the note)");
    }

    public static List<String> problemsOf(SendMessageToResident c) {
        List<String> problems = new ArrayList<>(textProblems(c.text(), "text is required (the message to the resident)"));
        if (blank(c.messageId())) {
            problems.add("messageId is required");
        }
        return problems;
    }

    /** Why {@code to} cannot follow {@code from}, or empty when it can. Withdrawal is the resident's alone. */
    public static Optional<String> transitionProblem(String receiptNumber, ApplicationStatus from, ApplicationStatus to, Actor.Kind by) {
        if (from == to) {
            return Optional.of("application " + receiptNumber + " is already " + describe(to));
        }
        if (from.isClosed()) {
            return Optional.of("application " + receiptNumber + " is " + describe(from) + " and closed: its status no longer changes");
        }
        if (to == ApplicationStatus.WITHDRAWN && by != Actor.Kind.RESIDENT) {
            return Optional.of("only the resident withdraws (取下げ) an application; to close it, complete or reject it with a reason");
        }
        if (!NEXT.get(from).contains(to)) {
            if (to == ApplicationStatus.RECEIVED) {
                return Optional.of("application " + receiptNumber + " cannot go back to " + describe(to));
            }
            return Optional.of("application " + receiptNumber + " is " + describe(from) + "; move it to " + describe(ApplicationStatus.IN_PROGRESS)
                    + " before it can be " + describe(to));
        }
        return Optional.empty();
    }

    static String describe(ApplicationStatus s) {
        return s.name() + " (" + s.label() + ")";
    }

    private static List<String> textProblems(String text, String required) {
        if (blank(text)) {
            return List.of(required);
        }
        if (text.length() > MAX_TEXT) {
            return List.of("text must be at most " + MAX_TEXT + " characters, got " + text.length());
        }
        return List.of();
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
