package jp.madoguchi.platform.tenancy;

import java.util.Objects;

/**
 * A town on the platform, named by its 6-digit 全国地方公共団体コード (e.g. 苫前町 = 014834).
 * Validated once, at the edge: the last digit is a check digit over the first five.
 */
public record TenantId(String code) {

    public TenantId {
        Objects.requireNonNull(code, "tenant code");
        String problem = problemWith(code);
        if (problem != null) {
            throw new InvalidTenantIdException(problem);
        }
    }

    public static TenantId of(String code) {
        return new TenantId(code);
    }

    /** Why {@code code} is not a valid local government code, or null when it is. */
    public static String problemWith(String code) {
        if (code == null || !code.matches("\\d{6}")) {
            return "tenant id must be the 6-digit local government code (全国地方公共団体コード), got '"
                    + (code == null ? "" : code.replaceAll("[^0-9A-Za-z]", "?")) + "'";
        }
        int expected = checkDigit(code.substring(0, 5));
        if (code.charAt(5) - '0' != expected) {
            return "tenant id " + code + " has a wrong check digit (expected " + expected + ")";
        }
        return null;
    }

    /** The check digit of a 5-digit code: weights 6..2, the last digit of 11 minus the sum mod 11. */
    static int checkDigit(String fiveDigits) {
        int sum = 0;
        for (int i = 0; i < 5; i++) {
            sum += (fiveDigits.charAt(i) - '0') * (6 - i);
        }
        return (11 - sum % 11) % 10;
    }

    /** The town's own Mongo database; every read model of a town lives there. */
    public String mongoDatabase() {
        return "madoguchi_t_" + code;
    }

    @Override
    public String toString() {
        return code;
    }
}
