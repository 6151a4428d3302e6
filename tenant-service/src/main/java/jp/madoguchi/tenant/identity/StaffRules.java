package jp.madoguchi.tenant.identity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import jp.madoguchi.platform.security.Role;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.tenant.identity.StaffMessages.InviteStaffMember;

/** What makes an invitation acceptable; plain decisions the StaffMember aggregate and the API call. */
public final class StaffRules {

    /** How long an invitation code can be used. */
    public static final Duration INVITATION_VALIDITY = Duration.ofDays(7);
    public static final int MIN_PASSWORD_LENGTH = 12;
    /** Bcrypt only reads the first 72 bytes; a longer password would silently be cut. */
    public static final int MAX_PASSWORD_BYTES = 72;
    static final Pattern LOGIN_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{2,31}");

    private StaffRules() {
    }

    /** Login ids are compared in lower case, without surrounding spaces. */
    public static String normalizeLoginId(String loginId) {
        return loginId == null ? null : loginId.strip().toLowerCase(java.util.Locale.ROOT);
    }

    public static List<String> problemsOf(InviteStaffMember command) {
        List<String> problems = new ArrayList<>();
        if (command.tenantId() == null || TenantId.problemWith(command.tenantId()) != null) {
            problems.add("tenantId must be a valid town code");
        }
        if (command.loginId() == null || !LOGIN_ID.matcher(command.loginId()).matches()) {
            problems.add("loginId must be 3 to 32 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit, got '"
                    + command.loginId() + "'");
        }
        if (command.displayName() == null || command.displayName().isBlank()) {
            problems.add("displayName is required (the name colleagues see, e.g. 苫前 花子)");
        } else if (command.displayName().strip().length() > 64) {
            problems.add("displayName must be at most 64 characters");
        }
        problems.addAll(problemsOfRole(command.role()));
        if (command.invitationCodeHash() == null || command.invitationCodeHash().isBlank()) {
            problems.add("an invitation needs the hash of its code");
        }
        return problems;
    }

    public static List<String> problemsOfRole(Role role) {
        if (role == null || !role.isTownRole()) {
            return List.of("role must be one of admin, staff, viewer");
        }
        return List.of();
    }

    /** Length rules of a new password; the password itself never leaves the request. */
    public static List<String> problemsOfPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            return List.of("password must be at least " + MIN_PASSWORD_LENGTH + " characters; a phrase of several words is easiest to remember");
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            return List.of("password must be at most " + MAX_PASSWORD_BYTES + " bytes (about 24 Japanese or 72 Latin characters)");
        }
        return List.of();
    }
}
