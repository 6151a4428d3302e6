package jp.madoguchi.procedure.application;

import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/** RFC 9457 problem details for the applications API: each says, in English, what to change. */
@RestControllerAdvice(basePackageClasses = ApplicationProblems.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApplicationProblems {

    static ErrorResponseException of(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }

    static ErrorResponseException invalid(String title, List<String> problems) {
        ErrorResponseException e = of(HttpStatus.BAD_REQUEST, title, String.join("; ", problems));
        e.getBody().setProperty("problems", problems);
        return e;
    }

    static ErrorResponseException notFound(String applicationId) {
        return of(HttpStatus.NOT_FOUND, "Unknown application", "this town has no application " + applicationId
                + " (one submitted a moment ago may take a second to appear in the queue)");
    }

    @ExceptionHandler(ErrorResponseException.class)
    ResponseEntity<ProblemDetail> problem(ErrorResponseException e) {
        return ResponseEntity.status(e.getStatusCode()).body(e.getBody());
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> unreadable(ServerWebInputException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "the request could not be read: send a JSON body with the documented fields, and dates as yyyy-MM-dd");
        problem.setTitle("Unreadable request");
        return ResponseEntity.badRequest().body(problem);
    }
}
