package jp.madoguchi.conversation.line;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.bot.parser.LineSignatureValidator;
import com.linecorp.bot.parser.WebhookParser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.madoguchi.conversation.channel.TownChannel;
import jp.madoguchi.platform.tenancy.TenantId;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * LINE's webhook for one town. It answers within LINE's 2 s by doing only what makes the events
 * safe: verify the town's signature over the raw bytes, then write each event to the inbox topic
 * (acks=all). Only then 200. Handling happens asynchronously in {@link LineInbox}.
 */
@RestController
class LineWebhookController {

    static final String SIGNATURE_MISMATCH = "the X-Line-Signature does not match this town's channel secret";
    /** LINE waits about 2 s for the answer; past this the events are not acknowledged and LINE redelivers them. */
    static final Duration ACK_DEADLINE = Duration.ofMillis(1500);
    private static final Logger log = LoggerFactory.getLogger(LineWebhookController.class);

    private final LineChannels channels;
    private final KafkaTemplate<String, String> kafka;
    private final ObjectMapper json;
    private final LineProperties props;
    private final MeterRegistry meters;

    public LineWebhookController(LineChannels channels, KafkaTemplate<String, String> kafka, ObjectMapper json, LineProperties props,
                                 MeterRegistry meters) {
        this.channels = channels;
        this.kafka = kafka;
        this.json = json;
        this.props = props;
        this.meters = meters;
    }

    /**
     * The body is read here, not by a codec: Spring's 256 KB codec limit would fire first and reset the connection.
     * A body over {@code madoguchi.line.max-webhook-bytes} is answered 413 with a problem document.
     */
    @PostMapping("/line/webhook/{tenantId}")
    public Mono<ResponseEntity<Object>> receive(@PathVariable String tenantId,
                                                @RequestHeader(name = WebhookParser.SIGNATURE_HEADER_NAME, required = false) String signature,
                                                ServerHttpRequest request) {
        long declared = request.getHeaders().getContentLength();
        if (declared > props.maxWebhookBytes()) {
            return Mono.just(tooLarge(tenantId));
        }
        return DataBufferUtils.join(request.getBody(), props.maxWebhookBytes())
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> receive(tenantId, signature, body))
                .onErrorResume(DataBufferLimitException.class, e -> Mono.just(tooLarge(tenantId)));
    }

    private ResponseEntity<Object> tooLarge(String tenantId) {
        return reject(HttpStatus.PAYLOAD_TOO_LARGE, metricLabel(tenantId), "the webhook body exceeds " + props.maxWebhookBytes() + " bytes");
    }

    /** Metrics name only towns that exist: a stranger's path cannot add series. */
    private String metricLabel(String tenantId) {
        return TenantId.problemWith(tenantId) == null && channels.channel(TenantId.of(tenantId)).isPresent() ? tenantId : "unknown";
    }

    private Mono<ResponseEntity<Object>> receive(String tenantId, String signature, byte[] body) {
        Timer.Sample sample = Timer.start(meters);
        String problem = TenantId.problemWith(tenantId);
        if (problem != null) {
            return Mono.just(reject(HttpStatus.BAD_REQUEST, "unknown", problem));
        }
        TenantId tenant = TenantId.of(tenantId);
        Optional<TownChannel> town = channels.channel(tenant);
        String label = town.isPresent() ? tenantId : "unknown"; // see metricLabel
        if (body.length == 0) {
            return Mono.just(reject(HttpStatus.BAD_REQUEST, label, "the request body is empty"));
        }
        if (signature == null || signature.isBlank()) {
            return Mono.just(reject(HttpStatus.BAD_REQUEST, label, "the X-Line-Signature header is missing"));
        }
        Optional<LineSignatureValidator> signatures = channels.signatures(tenant);
        if (signatures.isEmpty()) {
            // answered like a wrong signature: whether a town exists is not told to whoever does not hold its secret
            log.info("event=line-webhook-no-channel tenant={}", label);
            return Mono.just(reject(HttpStatus.BAD_REQUEST, label, SIGNATURE_MISMATCH));
        }
        // The signature is checked and the body read once, as a tree: the inbox reads each event later, so the
        // SDK's full model is not built here (at a thousand events a second that parse is most of the cost).
        JsonNode raw;
        try {
            if (!signatures.get().validateSignature(body, signature)) {
                return Mono.just(reject(HttpStatus.BAD_REQUEST, tenantId, SIGNATURE_MISMATCH));
            }
            raw = json.readTree(body);
        } catch (IllegalArgumentException e) {
            // thrown when the signature is not even base64
            return Mono.just(reject(HttpStatus.BAD_REQUEST, tenantId, "the X-Line-Signature is not a valid signature"));
        } catch (IOException e) {
            return Mono.just(reject(HttpStatus.BAD_REQUEST, tenantId, "the body is not a LINE webhook request (malformed JSON)"));
        }
        if (town.filter(TownChannel::suspended).isPresent()) {
            return Mono.just(reject(HttpStatus.FORBIDDEN, tenantId, "town " + tenantId
                    + " is suspended: its LINE channel accepts nothing until the vendor reactivates it"));
        }
        if (!raw.path("events").isArray()) {
            return Mono.just(reject(HttpStatus.BAD_REQUEST, tenantId, "the body has no 'events' array"));
        }
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (JsonNode event : raw.path("events")) {
            records.add(inboxRecord(tenant, event));
        }
        // An empty list is what LINE sends when staff press "Verify" in the LINE console.
        // kafka.send() may wait for metadata or buffer space (up to max.block.ms): never on the event loop.
        // Past the deadline LINE gets 503 and redelivers; if the send lands after all, the inbox's dedupe drops the copy.
        return Flux.fromIterable(records)
                .flatMap(r -> Mono.fromFuture(() -> kafka.send(r)))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(ACK_DEADLINE)
                .then(Mono.fromSupplier(() -> {
                    count(tenantId, "accepted", records.size());
                    sample.stop(Timer.builder("madoguchi.line.webhook.ack").tag("outcome", "accepted")
                            .description("Time from a LINE webhook request's arrival to its 200, the events stored in the inbox").register(meters));
                    return ResponseEntity.ok().build();
                }))
                .onErrorResume(e -> Mono.just(reject(HttpStatus.SERVICE_UNAVAILABLE, tenantId,
                        "the events could not be stored; LINE may redeliver them")));
    }

    private ProducerRecord<String, String> inboxRecord(TenantId tenant, JsonNode event) {
        ObjectNode envelope = json.createObjectNode();
        envelope.put("tenantId", tenant.code());
        envelope.set("event", event);
        // Keyed by town and user: one resident's events stay in order.
        String key = tenant.code() + ":" + event.path("source").path("userId").asText("-");
        return new ProducerRecord<>(LineInbox.INBOX_TOPIC, key, envelope.toString());
    }

    private ResponseEntity<Object> reject(HttpStatus status, String tenant, String detail) {
        count(tenant, "rejected-" + status.value(), 1);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle("LINE webhook rejected");
        return ResponseEntity.status(status).body(problem);
    }

    private void count(String tenant, String outcome, int n) {
        Counter.builder("madoguchi.line.webhook.events").tag("tenant", tenant).tag("outcome", outcome)
                .description("LINE webhook events accepted into the inbox, and webhook requests rejected (outcome rejected-<status>)")
                .register(meters).increment(n);
    }
}
