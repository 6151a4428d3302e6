package jp.madoguchi.platform.embedded.line;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** The simulator page's HTTP plumbing: its static files, JSON bodies, problem answers in Japanese, query parameters. */
final class SimulatorHttp {

    private static final Map<String, String> RESOURCES = Map.of(
            "simulator.html", "text/html; charset=UTF-8",
            "simulator.js", "text/javascript; charset=UTF-8",
            "simulator.css", "text/css; charset=UTF-8");

    private SimulatorHttp() {
    }

    /** The page and its assets, read when the class loads: a file read on the event loop would stall every request on it. */
    private static final Map<String, byte[]> PAGES = RESOURCES.keySet().stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(name -> name, SimulatorHttp::read));

    private static byte[] read(String name) {
        try (InputStream in = SimulatorHttp.class.getResourceAsStream(name)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Publisher<Void> resource(HttpServerResponse response, String name) {
        byte[] bytes = PAGES.getOrDefault(name, new byte[0]);
        if (bytes.length == 0) {
            return problem(response, 404, "simulator resource missing: " + name);
        }
        return response.status(200)
                .header("Content-Type", RESOURCES.get(name))
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .sendByteArray(Mono.just(bytes))
                .then();
    }

    /** The request's JSON object, or a null node when it is not one. */
    static Mono<JsonNode> body(HttpServerRequest request) {
        return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                .map(bytes -> {
                    JsonNode node = LineHttp.parseObject(bytes);
                    return node == null ? LineHttp.JSON.nullNode() : node;
                });
    }

    static Mono<Void> problem(HttpServerResponse response, int status, String detail) {
        return LineHttp.sendJson(response, status, LineHttp.JSON.createObjectNode().put("status", status).put("detail", detail));
    }

    static String query(HttpServerRequest request, String name) {
        List<String> values = new QueryStringDecoder(request.uri()).parameters().get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }

    static long parseLong(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
