package jp.madoguchi.platform.security;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/**
 * Writes the problem details of every service's JSON API (see {@link ApiProblems}). Only {@code @RestController}s:
 * the portal's pages render their own errors, and a controller's own handlers (the resident-facing web chat's,
 * in Japanese) still come first.
 */
@RestControllerAdvice(annotations = RestController.class)
class ApiProblemAdvice {

    static final String UNREADABLE = "the request could not be read: send a JSON body with the documented fields, "
            + "numeric values where numbers are expected and dates as yyyy-MM-dd";

    @ExceptionHandler(ErrorResponseException.class)
    ResponseEntity<ProblemDetail> problem(ErrorResponseException e) {
        return ResponseEntity.status(e.getStatusCode()).headers(e.getHeaders()).body(e.getBody());
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> unreadable(ServerWebInputException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, UNREADABLE);
        problem.setTitle("Unreadable request");
        return ResponseEntity.badRequest().body(problem);
    }
}
