package jp.madoguchi.platform.embedded.line;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The resident simulator behind {@code GET /simulator}: a phone-sized page where a developer acts as a
 * resident of a registered town (follow, block, text, quick replies, date picker, location, image) and
 * sees what the town's account answers. The page sends a bare event; this class builds the webhook body
 * LINE would send (destination, webhookEventId, timestamp, source, reply token issued by the emulator,
 * deliveryContext), signs it with the town's channel secret and POSTs it to the town's webhook URL.
 * Secrets stay here: the page only ever sees town codes and names.
 */
final class ResidentSimulator {

    /** A town the simulator can send webhooks for. */
    record Town(String tenantId, String name, String channelSecret, String webhookUrl) {
        @Override
        public String toString() {
            return "Town[" + tenantId + ", " + name + ", " + webhookUrl + "]"; // never the secret
        }
    }

    /** Something the resident did, as the page shows it on the right of the chat. */
    private record Said(long sequence, String userId, String tenantId, ObjectNode display, Instant at) {
    }

    private static final Logger log = LoggerFactory.getLogger(ResidentSimulator.class);
    private static final Pattern USER_ID = Pattern.compile("U[0-9a-f]{32}");
    private static final int MAX_IMAGE_BYTES = 1024 * 1024;
    private static final int MAX_TEXT_LENGTH = 5000;
    private static final Map<String, String> RESOURCES = Map.of(
            "simulator.html", "text/html; charset=UTF-8",
            "simulator.js", "text/javascript; charset=UTF-8",
            "simulator.css", "text/css; charset=UTF-8");

    private final LineEmulator emulator;
    private final HttpClient webhooks = HttpClient.create().responseTimeout(Duration.ofSeconds(10));
    private final Object lock = new Object();
    // guarded by lock
    private final Map<String, Town> towns = new LinkedHashMap<>();
    private final List<Said> said = new ArrayList<>();
    private final Map<String, Boolean> following = new LinkedHashMap<>();

    ResidentSimulator(LineEmulator emulator) {
        this.emulator = emulator;
    }

    void registerTown(String tenantId, String name, String channelSecret, String webhookUrl) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(channelSecret, "channelSecret");
        Objects.requireNonNull(webhookUrl, "webhookUrl");
        synchronized (lock) {
            towns.put(tenantId, new Town(tenantId, name, channelSecret, webhookUrl));
        }
        log.info("event=simulator_town_registered tenant={} webhook={}", tenantId, webhookUrl);
    }

    /** Forgets what residents said and their follow states; towns stay registered. */
    void reset() {
        synchronized (lock) {
            said.clear();
            following.clear();
        }
    }

    void routes(HttpServerRoutes routes) {
        routes.get("/simulator", (request, response) -> resource(response, "simulator.html"))
                .get("/simulator/", (request, response) -> resource(response, "simulator.html"))
                .get("/simulator/simulator.js", (request, response) -> resource(response, "simulator.js"))
                .get("/simulator/simulator.css", (request, response) -> resource(response, "simulator.css"))
                .get("/simulator/api/towns", (request, response) -> LineEmulator.sendJson(response, 200, townsJson()))
                .get("/simulator/api/residents", this::residents)
                .post("/simulator/api/residents", this::createResident)
                .post("/simulator/api/send", this::send)
                .get("/simulator/api/timeline", this::timeline)
                .get("/simulator/api/content/{messageId}", this::content);
    }

    // --- API -----------------------------------------------------------------------------------------

    private ArrayNode townsJson() {
        ArrayNode array = LineEmulator.JSON.createArrayNode();
        synchronized (lock) {
            towns.values().forEach(t -> array.addObject().put("tenantId", t.tenantId()).put("name", t.name()));
        }
        return array;
    }

    /** Every resident with a profile, and whether they follow the town given by {@code tenantId}. */
    private Publisher<Void> residents(HttpServerRequest request, HttpServerResponse response) {
        String tenantId = query(request, "tenantId");
        ArrayNode array = LineEmulator.JSON.createArrayNode();
        Map<String, String> profiles = emulator.profiles();
        synchronized (lock) {
            profiles.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(p -> array.addObject()
                    .put("userId", p.getKey())
                    .put("displayName", p.getValue())
                    .put("following", following.getOrDefault(tenantId + "/" + p.getKey(), false)));
        }
        return LineEmulator.sendJson(response, 200, array);
    }

    /** {@code {displayName, userId?}}: registers the profile; a missing user id is made up the way LINE shapes them. */
    private Publisher<Void> createResident(HttpServerRequest request, HttpServerResponse response) {
        return body(request).flatMap(body -> {
            String displayName = body.path("displayName").asText("").strip();
            String userId = body.path("userId").asText("").strip();
            if (displayName.isEmpty() || displayName.length() > 20) {
                return problem(response, 400, "表示名を1〜20文字で入力してください。");
            }
            if (userId.isEmpty()) {
                userId = LineWebhookBodies.newUserId();
            } else if (!USER_ID.matcher(userId).matches()) {
                return problem(response, 400, "ユーザーIDは U と32桁の16進数（小文字）です。");
            }
            emulator.registerProfile(userId, displayName);
            return LineEmulator.sendJson(response, 201, LineEmulator.JSON.createObjectNode().put("userId", userId).put("displayName", displayName));
        });
    }

    /** {@code {tenantId, userId, event, display?}} → the signed webhook is POSTed; answers with the webhook's status. */
    private Publisher<Void> send(HttpServerRequest request, HttpServerResponse response) {
        return body(request).flatMap(body -> {
            if (body.isNull()) {
                return problem(response, 400, "JSON のリクエストが必要です。");
            }
            Town town;
            synchronized (lock) {
                town = towns.get(body.path("tenantId").asText());
            }
            String userId = body.path("userId").asText();
            if (town == null) {
                return problem(response, 404, "町が登録されていません。");
            }
            if (!emulator.profiles().containsKey(userId)) {
                return problem(response, 404, "住民が登録されていません。先に住民を作成してください。");
            }
            Built built;
            try {
                built = buildEvent(town, userId, body.path("event"), body.path("display").asText(null));
            } catch (IllegalArgumentException e) {
                return problem(response, 400, e.getMessage());
            }
            ObjectNode callback = LineEmulator.JSON.createObjectNode().put("destination", destination(town.tenantId()));
            callback.putArray("events").add(built.event());
            byte[] bytes;
            try {
                bytes = LineEmulator.JSON.writeValueAsBytes(callback);
            } catch (IOException e) {
                return Mono.error(e);
            }
            String signature = LineWebhookSigner.sign(bytes, town.channelSecret());
            String eventId = built.event().get("webhookEventId").asText();
            return webhooks.headers(h -> h.set("Content-Type", "application/json; charset=UTF-8")
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
                    .flatMap(status -> {
                        log.info("event=simulator_webhook_sent tenant={} type={} status={}", town.tenantId(), built.event().path("type").asText(), status);
                        return LineEmulator.sendJson(response, status,
                                LineEmulator.JSON.createObjectNode().put("webhookStatus", status).put("webhookEventId", eventId));
                    });
        });
    }

    private record Built(ObjectNode event) {
    }

    /** The full webhook event for what the page asked, and the resident's own chat entry, recorded before the webhook goes out. */
    private Built buildEvent(Town town, String userId, JsonNode input, String display) {
        String type = input.path("type").asText();
        ObjectNode event = LineEmulator.JSON.createObjectNode().put("type", type).put("mode", "active")
                .put("timestamp", Instant.now().toEpochMilli());
        event.putObject("source").put("type", "user").put("userId", userId);
        event.put("webhookEventId", LineWebhookBodies.newWebhookEventId());
        event.putObject("deliveryContext").put("isRedelivery", false);
        ObjectNode shown = LineEmulator.JSON.createObjectNode();
        String key = town.tenantId() + "/" + userId;
        switch (type) {
            case "follow" -> {
                boolean wasBlocked;
                synchronized (lock) {
                    wasBlocked = following.containsKey(key) && !following.get(key);
                    following.put(key, true);
                }
                emulator.setBlocked(userId, false);
                event.putObject("follow").put("isUnblocked", wasBlocked);
                shown.put("kind", "system").put("text", wasBlocked ? "ブロックを解除しました" : "友だち追加しました");
            }
            case "unfollow" -> {
                synchronized (lock) {
                    following.put(key, false);
                }
                emulator.setBlocked(userId, true);
                shown.put("kind", "system").put("text", "ブロックしました");
            }
            case "message" -> event.set("message", message(input.path("message"), shown));
            case "postback" -> {
                JsonNode postback = input.path("postback");
                String data = postback.path("data").asText("");
                if (data.isEmpty() || data.length() > LineRequestChecks.MAX_POSTBACK_DATA_LENGTH) {
                    throw new IllegalArgumentException("postback data は1〜300文字です。");
                }
                ObjectNode out = event.putObject("postback").put("data", data);
                JsonNode params = postback.path("params");
                if (params.isObject() && !params.isEmpty()) {
                    ObjectNode p = out.putObject("params");
                    for (String name : List.of("date", "time", "datetime")) {
                        if (params.path(name).isTextual()) {
                            p.put(name, params.get(name).asText());
                        }
                    }
                    shown.put("kind", "text").put("text", display != null ? display : String.join(" ", p.findValuesAsText("date"))
                            + String.join(" ", p.findValuesAsText("datetime")) + String.join(" ", p.findValuesAsText("time")));
                } else if (display != null && !display.isBlank()) {
                    shown.put("kind", "text").put("text", display);
                }
            }
            default -> throw new IllegalArgumentException("event.type は follow, unfollow, message, postback のどれかです。");
        }
        if (!type.equals("unfollow")) {
            event.put("replyToken", emulator.issueReplyToken(userId));
        }
        if (shown.has("kind")) {
            synchronized (lock) {
                said.add(new Said(emulator.nextSequence(), userId, town.tenantId(), shown, Instant.now()));
            }
        }
        return new Built(event);
    }

    private ObjectNode message(JsonNode input, ObjectNode shown) {
        String type = input.path("type").asText();
        ObjectNode message = LineEmulator.JSON.createObjectNode();
        switch (type) {
            case "text" -> {
                String text = input.path("text").asText("");
                if (text.isBlank() || text.length() > MAX_TEXT_LENGTH) {
                    throw new IllegalArgumentException("テキストは1〜5000文字です。");
                }
                message.put("id", emulator.nextMessageId()).put("type", "text").put("quoteToken", emulator.quoteToken()).put("text", text);
                shown.put("kind", "text").put("text", text);
            }
            case "location" -> {
                double latitude = input.path("latitude").asDouble(Double.NaN);
                double longitude = input.path("longitude").asDouble(Double.NaN);
                if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
                    throw new IllegalArgumentException("緯度は-90〜90、経度は-180〜180の数値です。");
                }
                message.put("id", emulator.nextMessageId()).put("type", "location");
                String title = input.path("title").asText("").strip();
                String address = input.path("address").asText("").strip();
                if (!title.isEmpty()) {
                    message.put("title", title);
                }
                if (!address.isEmpty()) {
                    message.put("address", address);
                }
                message.put("latitude", latitude).put("longitude", longitude);
                shown.put("kind", "location").put("text", address.isEmpty() ? latitude + ", " + longitude : address)
                        .put("latitude", latitude).put("longitude", longitude);
            }
            case "image" -> {
                byte[] png;
                try {
                    String data = input.path("dataBase64").asText("");
                    png = data.isEmpty() ? Base64.getDecoder().decode(LineEmulator.TINY_PNG) : Base64.getDecoder().decode(data);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("画像は base64 の PNG です。");
                }
                if (png.length > MAX_IMAGE_BYTES || png.length < 8 || (png[1] != 'P' || png[2] != 'N' || png[3] != 'G')) {
                    throw new IllegalArgumentException("画像は1MB以下の PNG です。");
                }
                String id = emulator.storeContent(png, "image/png");
                message.put("id", id).put("type", "image").put("quoteToken", emulator.quoteToken());
                message.putObject("contentProvider").put("type", "line");
                shown.put("kind", "image").put("contentId", id);
            }
            default -> throw new IllegalArgumentException("message.type は text, location, image のどれかです。");
        }
        return message;
    }

    /**
     * The resident's chat after {@code after}: their own entries ({@code from: "resident"}) and what the
     * account sent them ({@code from: "account"}), in the order they happened.
     */
    private Publisher<Void> timeline(HttpServerRequest request, HttpServerResponse response) {
        String userId = query(request, "userId");
        String tenantId = query(request, "tenantId");
        long after = parseLong(query(request, "after"));
        List<ObjectNode> entries = new ArrayList<>();
        if (userId != null) {
            synchronized (lock) {
                said.stream().filter(s -> s.userId().equals(userId) && s.sequence() > after
                                && (tenantId == null || s.tenantId().equals(tenantId)))
                        .forEach(s -> {
                            ObjectNode entry = LineEmulator.JSON.createObjectNode().put("sequence", s.sequence()).put("from", "resident")
                                    .put("at", s.at().toString());
                            entry.set("display", s.display().deepCopy());
                            entries.add(entry);
                        });
            }
            for (JsonNode received : LineEmulator.timelineJson(emulator.timeline(userId), after)) {
                ObjectNode entry = ((ObjectNode) received).put("from", "account");
                entry.remove("requestId");
                entries.add(entry);
            }
        }
        entries.sort(Comparator.comparingLong(e -> e.get("sequence").asLong()));
        ArrayNode array = LineEmulator.JSON.createArrayNode();
        array.addAll(entries);
        return LineEmulator.sendJson(response, 200, array);
    }

    /** The image a resident sent, for the page to show (the Messaging API's own content endpoint needs a token). */
    private Publisher<Void> content(HttpServerRequest request, HttpServerResponse response) {
        LineEmulator.Content content = emulator.content(request.param("messageId"));
        if (content == null) {
            return problem(response, 404, "画像が見つかりません。");
        }
        return response.status(200).header("Content-Type", content.contentType()).sendByteArray(Mono.just(content.bytes())).then();
    }

    // --- plumbing -----------------------------------------------------------------------------------

    /** The town's bot user id in LINE's shape ({@code U} and 32 hex digits), stable per town. */
    static String destination(String tenantId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("madoguchi-bot:" + tenantId).getBytes(StandardCharsets.UTF_8));
            return "U" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Publisher<Void> resource(HttpServerResponse response, String name) {
        byte[] bytes;
        try (InputStream in = ResidentSimulator.class.getResourceAsStream(name)) {
            if (in == null) {
                return problem(response, 404, "simulator resource missing: " + name);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            return Mono.error(e);
        }
        return response.status(200)
                .header("Content-Type", RESOURCES.get(name))
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .sendByteArray(Mono.just(bytes))
                .then();
    }

    /** The request's JSON object, or a null node when it is not one. */
    private static Mono<JsonNode> body(HttpServerRequest request) {
        return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                .map(bytes -> {
                    JsonNode node = LineEmulator.parseObject(bytes);
                    return node == null ? LineEmulator.JSON.nullNode() : node;
                });
    }

    private static Mono<Void> problem(HttpServerResponse response, int status, String detail) {
        return LineEmulator.sendJson(response, status, LineEmulator.JSON.createObjectNode().put("status", status).put("detail", detail));
    }

    private static String query(HttpServerRequest request, String name) {
        List<String> values = new QueryStringDecoder(request.uri()).parameters().get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }

    private static long parseLong(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
