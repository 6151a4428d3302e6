package jp.madoguchi.platform.embedded.line;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/** Delivers a simulated event the way LINE does: one callback body for the town's bot, signed with the town's channel secret. */
final class SimulatorWebhooks {

    private static final Logger log = LoggerFactory.getLogger(SimulatorWebhooks.class);

    private final HttpClient client = HttpClient.create().responseTimeout(Duration.ofSeconds(10));

    /** POSTs the event to the town's webhook URL; answers the webhook's HTTP status, 502 when it cannot be reached. */
    Mono<Integer> post(ResidentSimulator.Town town, ObjectNode event) {
        ObjectNode callback = LineHttp.JSON.createObjectNode().put("destination", destination(town.tenantId()));
        callback.putArray("events").add(event);
        byte[] bytes;
        try {
            bytes = LineHttp.JSON.writeValueAsBytes(callback);
        } catch (IOException e) {
            return Mono.error(e);
        }
        String signature = LineWebhookSigner.sign(bytes, town.channelSecret());
        return client.headers(h -> h.set("Content-Type", "application/json; charset=UTF-8")
                        .set("X-Line-Signature", signature)
                        .set("User-Agent", "LineBotWebhook/2.0"))
                .post()
                .uri(town.webhookUrl())
                .send(Mono.just(io.netty.buffer.Unpooled.wrappedBuffer(bytes)))
                .responseSingle((r, content) -> content.asString().defaultIfEmpty("").map(ignored -> r.status().code()))
                .onErrorResume(e -> {
                    log.warn("event=simulator_webhook_failed tenant={} error={}", town.tenantId(), e.getClass().getSimpleName());
                    return Mono.just(502);
                })
                .doOnNext(status -> log.info("event=simulator_webhook_sent tenant={} type={} status={}", town.tenantId(),
                        event.path("type").asText(), status));
    }

    /** The town's bot user id in LINE's shape ({@code U} and 32 hex digits), stable per town. */
    static String destination(String tenantId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("madoguchi-bot:" + tenantId).getBytes(StandardCharsets.UTF_8));
            return "U" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
