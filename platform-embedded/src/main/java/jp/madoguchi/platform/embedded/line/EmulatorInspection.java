package jp.madoguchi.platform.embedded.line;

import static jp.madoguchi.platform.embedded.line.LineHttp.JSON;
import static jp.madoguchi.platform.embedded.line.LineHttp.error;
import static jp.madoguchi.platform.embedded.line.LineHttp.sendJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Duration;
import java.util.List;
import jp.madoguchi.platform.embedded.line.LineEmulator.Delivery;
import jp.madoguchi.platform.embedded.line.LineEmulator.Received;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** The emulator's own endpoints under {@code /emulator}: what was delivered, a resident's timeline, failure injection. */
final class EmulatorInspection {

    private final MessageSends sends;
    private final FaultInjection faults;

    EmulatorInspection(MessageSends sends, FaultInjection faults) {
        this.sends = sends;
        this.faults = faults;
    }

    Publisher<Void> listDeliveries(HttpServerRequest request, HttpServerResponse response) {
        List<String> userIds = new QueryStringDecoder(request.uri()).parameters().get("userId");
        List<Delivery> selected = userIds == null || userIds.isEmpty() ? sends.deliveries() : sends.deliveriesTo(userIds.get(0));
        ArrayNode array = JSON.createArrayNode();
        for (Delivery d : selected) {
            ObjectNode node = array.addObject()
                    .put("kind", d.kind())
                    .put("requestId", d.requestId())
                    .put("channel", d.channel())
                    .put("userId", d.userId())
                    .put("notificationDisabled", d.notificationDisabled())
                    .put("retryKey", d.retryKey())
                    .put("at", d.at().toString());
            node.putArray("messages").addAll(d.messages());
        }
        return sendJson(response, 200, array);
    }

    Publisher<Void> timeline(HttpServerRequest request, HttpServerResponse response) {
        return sendJson(response, 200, timelineJson(sends.timeline(request.param("userId")), 0));
    }

    static ArrayNode timelineJson(List<Received> received, long after) {
        ArrayNode array = JSON.createArrayNode();
        for (Received r : received) {
            if (r.sequence() > after) {
                array.addObject()
                        .put("sequence", r.sequence())
                        .put("kind", r.kind())
                        .put("requestId", r.requestId())
                        .put("at", r.at().toString())
                        .set("message", r.message().deepCopy());
            }
        }
        return array;
    }

    /** {@code {"status": 429|500, "count": n}} or {@code {"status": …, "seconds": s}}, for manual failure tests. */
    Publisher<Void> setFaults(HttpServerRequest request, HttpServerResponse response) {
        return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap(bytes -> {
            JsonNode body = LineHttp.parseObject(bytes);
            int status = body == null ? 0 : body.path("status").asInt(0);
            if (!FaultInjection.INJECTABLE_STATUSES.contains(status)) {
                return sendJson(response, 400, error("status must be 429 or 500", List.of()));
            }
            if (body.hasNonNull("seconds")) {
                faults.failFor(Duration.ofSeconds(Math.max(1, body.get("seconds").asLong())), status);
            } else {
                faults.failNext(status, Math.max(1, body.path("count").asInt(1)));
            }
            return sendJson(response, 200, JSON.createObjectNode().put("status", status));
        });
    }

    Publisher<Void> clearFaults(HttpServerRequest request, HttpServerResponse response) {
        faults.clear();
        return sendJson(response, 200, JSON.createObjectNode());
    }
}
