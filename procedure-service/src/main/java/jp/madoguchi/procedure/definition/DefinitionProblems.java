package jp.madoguchi.procedure.definition;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/**
 * RFC 9457 problem details for the procedure-definition API: English titles and details saying what
 * to change; a flow's check problems are listed as {@code problems: [{stepId, message}]} in Japanese.
 */
@RestControllerAdvice(basePackageClasses = DefinitionProblems.class)
public class DefinitionProblems {

    public static ErrorResponseException of(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }

    /** A 400 listing each problem: {@code stepId} is null for problems about the whole procedure. */
    public static ErrorResponseException invalid(String title, String detail, List<Map<String, String>> problems) {
        ErrorResponseException e = of(HttpStatus.BAD_REQUEST, title, detail);
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
                "the request could not be read: send a JSON body with the documented fields");
        problem.setTitle("Unreadable request");
        return ResponseEntity.badRequest().body(problem);
    }
}
