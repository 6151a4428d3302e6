package jp.madoguchi.platform.security;

import java.util.Arrays;

/**
 * What a token lets its holder do. A town's staff hold exactly one of admin (staff and settings),
 * staff (applications, broadcasts, procedures) or viewer (read only); vendor operators hold
 * operator and reach only operator endpoints.
 */
public enum Role {
    ADMIN, STAFF, VIEWER, OPERATOR;

    /** The claim value: lower case, as in the token. */
    public String claim() {
        return name().toLowerCase();
    }

    public String authority() {
        return "ROLE_" + name();
    }

    public boolean isTownRole() {
        return this != OPERATOR;
    }

    public static Role fromClaim(String claim) {
        return Arrays.stream(values()).filter(r -> r.claim().equals(claim)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown role '" + claim + "'"));
    }
}
