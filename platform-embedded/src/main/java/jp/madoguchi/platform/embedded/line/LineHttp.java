package jp.madoguchi.platform.embedded.line;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import jp.madoguchi.platform.embedded.line.LineRequestChecks.Problem;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** The emulator's HTTP plumbing: how LINE reads a call (bearer token, retry key, body) and how it answers (request id, JSON errors). */
final class LineHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private LineHttp() {
    }

    /** One API call as an endpoint sees it. */
    record Call(HttpServerRequest request, String authorization, String retryKey, byte[] body) {
        String param(String name) {
            return request.param(name);
        }

        String contentType() {
            return request.requestHeaders().get("Content-Type");
        }
    }

    /** An endpoint's answer: LINE puts a request id on every one. */
    record Answer(int status, String requestId, Map<String, String> headers, JsonNode body) {
        static Answer of(int status, String requestId, JsonNode body) {
            return new Answer(status, requestId, Map.of(), body);
        }
    }

    static Publisher<Void> exchange(HttpServerRequest request, HttpServerResponse response, Function<Call, Answer> endpoint) {
        String authorization = request.requestHeaders().get("Authorization");
        String retryKey = request.requestHeaders().get("X-Line-Retry-Key");
        return request.receive().aggregate().asByteArray()
                .defaultIfEmpty(new byte[0])
                .map(body -> endpoint.apply(new Call(request, authorization, retryKey, body)))
                .flatMap(answer -> {
                    response.header("x-line-request-id", answer.requestId());
                    answer.headers().forEach(response::header);
                    return sendJson(response, answer.status(), answer.body());
                });
    }

    static Mono<Void> sendJson(HttpServerResponse response, int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return Mono.error(e);
        }
        return response.status(status)
                .header("Content-Type", "application/json; charset=UTF-8")
                .header("Cache-Control", "no-store")
                .sendByteArray(Mono.just(bytes))
                .then();
    }

    static Answer unauthorized(String authorization, String requestId) {
        String message = authorization == null || authorization.isBlank()
                ? "Authentication failed due to the following reason: no token. Confirm that the access token in the authorization header is valid."
                : "Authentication failed. Confirm that the access token in the authorization header is valid.";
        return Answer.of(401, requestId, error(message, List.of()));
    }

    /** A short hash of the bearer token, or null when there is none. Any non-blank token is accepted. */
    static String channelOf(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        if (token.isEmpty()) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode parseObject(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    static Answer notAnObject(String requestId) {
        return Answer.of(400, requestId, error("The request body has 1 error(s)", List.of(new Problem("must be a JSON object", "body"))));
    }

    static Answer invalid(String requestId, List<Problem> problems) {
        return Answer.of(400, requestId, error("The request body has " + problems.size() + " error(s)", problems));
    }

    static ObjectNode error(String message, List<Problem> problems) {
        ObjectNode error = JSON.createObjectNode().put("message", message);
        if (!problems.isEmpty()) {
            ArrayNode details = error.putArray("details");
            problems.forEach(p -> details.addObject().put("message", p.message()).put("property", p.property()));
        }
        return error;
    }

    static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
