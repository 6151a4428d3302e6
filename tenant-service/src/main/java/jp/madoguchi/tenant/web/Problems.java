package jp.madoguchi.tenant.web;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/** RFC 9457 problem details for tenant-service's staff API: each says what to change, in English. */
@RestControllerAdvice(basePackages = "jp.madoguchi.tenant")
public class Problems {

    public static ErrorResponseException of(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }

    public static ErrorResponseException invalid(String title, List<String> problems) {
        ErrorResponseException e = of(HttpStatus.BAD_REQUEST, title, String.join("; ", problems));
        e.getBody().setProperty("problems", problems);
        return e;
    }

    @ExceptionHandler(ErrorResponseException.class)
    ResponseEntity<ProblemDetail> problem(ErrorResponseException e) {
        return ResponseEntity.status(e.getStatusCode()).body(e.getBody());
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> unreadable(ServerWebInputException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "the request could not be read: send a JSON body with the documented fields and numeric values where numbers are expected");
        problem.setTitle("Unreadable request");
        return ResponseEntity.badRequest().body(problem);
    }
}
