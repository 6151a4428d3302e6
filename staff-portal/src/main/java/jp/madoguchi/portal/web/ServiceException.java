package jp.madoguchi.portal.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.web.reactive.function.client.ClientResponse;
import reactor.core.publisher.Mono;

/**
 * A service refused a call or could not answer. 403 becomes the portal's 「権限がありません」 page,
 * 4xx a message beside the form (the service's problem detail), anything else 「接続できません」.
 *
 * @param status the service's HTTP status, or 0 when it could not be reached
 * @param detail the problem detail's text, when the service sent one
 */
public class ServiceException extends RuntimeException {

    private final int status;
    private final String detail;
    private final JsonNode problem;

    public ServiceException(int status, String detail) {
        this(status, detail, null);
    }

    public ServiceException(int status, String detail, JsonNode problem) {
        super("service answered " + status, null, false, false);
        this.status = status;
        this.detail = detail;
        this.problem = problem;
    }

    /** The whole problem detail the service sent (e.g. its {@code problems} list), or a missing node. */
    public JsonNode problem() {
        return problem == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : problem;
    }

    public int status() {
        return status;
    }

    public String detail() {
        return detail;
    }

    public boolean forbidden() {
        return status == 403;
    }

    public boolean rejected() {
        return status >= 400 && status < 500 && status != 401 && status != 403;
    }

    /** Reads the problem detail (RFC 9457) of a failed response, if any, into the error. */
    public static <T> Mono<T> from(ClientResponse response) {
        int status = response.statusCode().value();
        return response.bodyToMono(JsonNode.class)
                .onErrorResume(e -> Mono.empty())
                .defaultIfEmpty(com.fasterxml.jackson.databind.node.MissingNode.getInstance())
                .flatMap(json -> {
                    String detail = detailOf(json);
                    return Mono.error(new ServiceException(status, detail.isBlank() ? null : detail, json));
                });
    }

    private static String detailOf(JsonNode json) {
        return json.path("detail").asText("");
    }
}
