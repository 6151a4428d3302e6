package jp.madoguchi.tenant.identity;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletionException;
import jp.madoguchi.platform.security.ApiProblems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The identity API's problem details; login failures all read the same. */
final class IdentityErrors {

    static final String BAD_CREDENTIALS = "loginId or password is wrong";
    private static final DateTimeFormatter JST = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Tokyo"));

    private IdentityErrors() {
    }

    static ErrorResponseException badCredentials() {
        return ApiProblems.of(HttpStatus.UNAUTHORIZED, "Login failed", BAD_CREDENTIALS);
    }

    static ErrorResponseException locked(Instant until) {
        long seconds = Math.max(1, java.time.Duration.between(Instant.now(), until).toSeconds());
        ErrorResponseException e = ApiProblems.of(HttpStatus.LOCKED, "Account locked",
                "too many failed logins: this account is locked until " + JST.format(until) + " (Asia/Tokyo, " + until
                        + "); try again after that, or ask your town's admin");
        e.getBody().setProperty("retryAfterSeconds", seconds);
        e.getHeaders().set("Retry-After", String.valueOf(seconds));
        return e;
    }

    static ErrorResponseException sourceBlocked(Instant until) {
        long seconds = Math.max(1, java.time.Duration.between(Instant.now(), until).toSeconds());
        ErrorResponseException e = ApiProblems.of(HttpStatus.TOO_MANY_REQUESTS, "Too many failed logins",
                "too many failed logins from this network: logins from it are refused until " + JST.format(until) + " (Asia/Tokyo, "
                        + until + "); try again after that");
        e.getBody().setProperty("retryAfterSeconds", seconds);
        e.getHeaders().set("Retry-After", String.valueOf(seconds));
        return e;
    }

    static ErrorResponseException invalidRefresh() {
        return ApiProblems.of(HttpStatus.UNAUTHORIZED, "Session ended",
                "the refresh token is not valid (expired, already used or logged out); log in again");
    }

    static ErrorResponseException townSuspended(String tenantId) {
        return ApiProblems.of(HttpStatus.FORBIDDEN, "Town suspended",
                "town " + tenantId + " is suspended on Madoguchi; its staff cannot log in until the vendor reactivates it");
    }

    /** Command failures as problem details (the gateway wraps them in CompletionException). */
    static Throwable map(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof StaffRuleViolation v) {
            return ApiProblems.invalid("Invalid staff member", v.problems());
        }
        if (t instanceof StaffStateConflict c) {
            return ApiProblems.of(HttpStatus.CONFLICT, "Not possible now", c.getMessage());
        }
        return t;
    }
}
