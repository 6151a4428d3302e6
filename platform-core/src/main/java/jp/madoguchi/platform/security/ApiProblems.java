package jp.madoguchi.platform.security;

import java.util.List;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The one way every service's staff and operator API says no: an RFC 9457 problem detail with a title and a
 * detail saying, in English, what to change. Thrown (or returned in a {@code Mono.error}) from a controller,
 * {@link ApiProblemAdvice} writes it with its status.
 */
public final class ApiProblems {

    private ApiProblems() {
    }

    public static ErrorResponseException of(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }

    /** A 400 whose detail joins the problems, which are also listed as {@code problems}. */
    public static ErrorResponseException invalid(String title, List<String> problems) {
        return invalid(title, String.join("; ", problems), problems);
    }

    /** A 400 listing each problem under {@code problems}, in whatever shape the API documents (e.g. {@code {stepId, message}}). */
    public static ErrorResponseException invalid(String title, String detail, List<?> problems) {
        ErrorResponseException e = of(HttpStatus.BAD_REQUEST, title, detail);
        e.getBody().setProperty("problems", problems);
        return e;
    }

    /** A town code read at the edge (a path or a login form): the {@link TenantId}, or a 400 saying what is wrong with it. */
    public static TenantId tenantId(String code) {
        String problem = TenantId.problemWith(code);
        if (problem != null) {
            throw invalid("Invalid tenant id", List.of(problem));
        }
        return TenantId.of(code);
    }
}
