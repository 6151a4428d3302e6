package jp.madoguchi.platform.embedded.line;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A local stand-in for the LINE Messaging API (reply and push, for now) for development and tests:
 * the real LINE SDK client is pointed at {@link #baseUrl()}, the emulator checks requests the way
 * LINE does and records what each resident would have received. Never used in production.
 *
 * <p>It keeps no access tokens: a delivery names its channel by a short hash of the token.
 * {@code GET /v2/bot/info} answers for any bearer token, except that a token starting with
 * {@value #INVALID_TOKEN_PREFIX} is refused with 401 as LINE refuses a revoked or mistyped
 * token, so a "check the channel" failure path can be tested.
 */
public final class LineEmulator implements AutoCloseable {

    /** One accepted reply or push, as the resident would receive it. */
    public record Delivery(
            String kind,
            String requestId,
            /** First 12 hex digits of SHA-256 of the channel access token: tells channels apart without keeping tokens. */
            String channel,
            String userId,
            List<JsonNode> messages,
            boolean notificationDisabled,
            /** The X-Line-Retry-Key of a push, or null. */
            String retryKey,
            Instant at) {

        public Delivery {
            messages = messages.stream().<JsonNode>map(JsonNode::deepCopy).toList();
        }

        /** The texts of the text messages, in order: what most assertions want. */
        public List<String> texts() {
            return messages.stream()
                    .filter(m -> m.path("type").asText().startsWith("text"))
                    .map(m -> m.path("text").asText())
                    .toList();
        }
    }

    public static final String REPLY = "reply";
    public static final String PUSH = "push";
    /** Tokens starting with this are refused with 401 by {@code GET /v2/bot/info}. */
    public static final String INVALID_TOKEN_PREFIX = "invalid";

    private static final Logger log = LoggerFactory.getLogger(LineEmulator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Message types of Message's discriminator in LINE's messaging-api.yml. */
    private static final Set<String> MESSAGE_TYPES = Set.of(
            "text", "textV2", "sticker", "image", "video", "audio", "location", "imagemap", "template", "flex", "coupon");
    /** Types LINE returns a quote token for. */
    private static final Set<String> QUOTABLE_TYPES = Set.of("text", "textV2", "sticker", "image", "video");
    private static final int MAX_MESSAGES = 5;
    private static final int MAX_TEXT_LENGTH = 5000;
    private static final int MAX_QUICK_REPLY_ITEMS = 13;
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final SecureRandom random = new SecureRandom();
    private final AtomicLong messageIds = new AtomicLong(470_000_000_000_000_000L);
    private final Object lock = new Object();
    // All guarded by lock: a retry-key check and its recording must be one step.
    private final List<Delivery> deliveries = new ArrayList<>();
    private final Map<String, String> replyTokenUsers = new LinkedHashMap<>();
    private final Map<String, Accepted> acceptedRetryKeys = new LinkedHashMap<>();

    private final DisposableServer server;

    private record Accepted(String requestId, ArrayNode sentMessages) {
    }

    private record Call(String authorization, String retryKey, byte[] body) {
    }

    private record Answer(int status, String requestId, Map<String, String> headers, JsonNode body) {
        static Answer of(int status, String requestId, JsonNode body) {
            return new Answer(status, requestId, Map.of(), body);
        }
    }

    private record Problem(String message, String property) {
    }

    private LineEmulator(int port) {
        this.server = HttpServer.create()
                .host("localhost")
                .port(port)
                .route(routes -> routes
                        .post("/v2/bot/message/reply", (request, response) -> exchange(request, response, this::reply))
                        .post("/v2/bot/message/push", (request, response) -> exchange(request, response, this::push))
                        .get("/v2/bot/info", (request, response) -> exchange(request, response, this::botInfo))
                        .get("/v2/bot/message/{messageId}/content", this::messageContent)
                        .get("/emulator/deliveries", this::listDeliveries)
                        .get("/health", (request, response) -> sendJson(response, 200, JSON.createObjectNode().put("status", "UP"))))
                .bindNow();
    }

    /** Starts the emulator on localhost; port 0 picks a free port. */
    public static LineEmulator start(int port) {
        LineEmulator emulator = new LineEmulator(port);
        log.info("event=line_emulator_started url={}", emulator.baseUrl());
        return emulator;
    }

    /** The API base URL to give the LINE SDK client ({@code apiEndPoint}), with a trailing slash. */
    public String baseUrl() {
        return "http://localhost:" + server.port() + "/";
    }

    public int port() {
        return server.port();
    }

    /**
     * Issues a reply token for an event from {@code userId}, as LINE puts one into a webhook event.
     * The token is accepted by one reply only.
     */
    public String issueReplyToken(String userId) {
        Objects.requireNonNull(userId, "userId");
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        synchronized (lock) {
            replyTokenUsers.put(token, userId);
        }
        return token;
    }

    public List<Delivery> deliveries() {
        synchronized (lock) {
            return List.copyOf(deliveries);
        }
    }

    public List<Delivery> deliveriesTo(String userId) {
        synchronized (lock) {
            return deliveries.stream().filter(d -> d.userId().equals(userId)).toList();
        }
    }

    /** Forgets deliveries, reply tokens and accepted retry keys, e.g. between tests. */
    public void reset() {
        synchronized (lock) {
            deliveries.clear();
            replyTokenUsers.clear();
            acceptedRetryKeys.clear();
        }
    }

    @Override
    public void close() {
        server.disposeNow();
    }

    // --- the Messaging API -------------------------------------------------------------------------

    private Answer reply(Call call) {
        String requestId = UUID.randomUUID().toString();
        String channel = channelOf(call.authorization());
        if (channel == null) {
            return unauthorized(call.authorization(), requestId);
        }
        JsonNode body = parseObject(call.body());
        if (body == null) {
            return Answer.of(400, requestId, error("The request body has 1 error(s)", List.of(new Problem("must be a JSON object", "body"))));
        }
        List<Problem> problems = validate(body, "replyToken");
        if (!problems.isEmpty()) {
            return Answer.of(400, requestId, requestBodyErrors(problems));
        }
        synchronized (lock) {
            // Single use: LINE answers any second use, like an unknown token, with "Invalid reply token".
            String userId = replyTokenUsers.remove(body.get("replyToken").asText());
            if (userId == null) {
                return Answer.of(400, requestId, error("Invalid reply token", List.of()));
            }
            ArrayNode sent = sentMessages(body.get("messages"));
            deliveries.add(new Delivery(REPLY, requestId, channel, userId, list(body.get("messages")),
                    body.path("notificationDisabled").asBoolean(false), null, Instant.now()));
            return Answer.of(200, requestId, JSON.createObjectNode().set("sentMessages", sent));
        }
    }

    /** The bot's profile; the display name and basic id are derived from the channel, so two channels differ. */
    private Answer botInfo(Call call) {
        String requestId = UUID.randomUUID().toString();
        String channel = channelOf(call.authorization());
        if (channel == null || call.authorization().substring(7).trim().startsWith(INVALID_TOKEN_PREFIX)) {
            return Answer.of(401, requestId, error("Authentication failed. Confirm that the access token in the authorization header is valid.",
                    List.of()));
        }
        ObjectNode info = JSON.createObjectNode()
                .put("userId", "U" + channel + "0".repeat(32 - channel.length()))
                .put("basicId", "@" + channel.substring(0, 8))
                .put("displayName", "Emulated bot " + channel.substring(0, 6))
                .put("chatMode", "bot")
                .put("markAsReadMode", "auto");
        return Answer.of(200, requestId, info);
    }

    private Answer push(Call call) {
        String requestId = UUID.randomUUID().toString();
        String channel = channelOf(call.authorization());
        if (channel == null) {
            return unauthorized(call.authorization(), requestId);
        }
        String retryKey = call.retryKey();
        if (retryKey != null && !CANONICAL_UUID.matcher(retryKey).matches()) {
            return Answer.of(400, requestId, error("The value for the 'X-Line-Retry-Key' header is invalid", List.of()));
        }
        JsonNode body = parseObject(call.body());
        if (body == null) {
            return Answer.of(400, requestId, error("The request body has 1 error(s)", List.of(new Problem("must be a JSON object", "body"))));
        }
        List<Problem> problems = validate(body, "to");
        if (!problems.isEmpty()) {
            return Answer.of(400, requestId, requestBodyErrors(problems));
        }
        synchronized (lock) {
            // Retry keys are per channel; an accepted one is never sent again, whatever the body says.
            String scopedKey = retryKey == null ? null : channel + "/" + retryKey.toLowerCase();
            Accepted earlier = scopedKey == null ? null : acceptedRetryKeys.get(scopedKey);
            if (earlier != null) {
                ObjectNode conflict = error("The retry key is already accepted", List.of());
                conflict.set("sentMessages", earlier.sentMessages().deepCopy());
                return new Answer(409, requestId, Map.of("x-line-accepted-request-id", earlier.requestId()), conflict);
            }
            ArrayNode sent = sentMessages(body.get("messages"));
            deliveries.add(new Delivery(PUSH, requestId, channel, body.get("to").asText(), list(body.get("messages")),
                    body.path("notificationDisabled").asBoolean(false), retryKey, Instant.now()));
            if (scopedKey != null) {
                acceptedRetryKeys.put(scopedKey, new Accepted(requestId, sent.deepCopy()));
            }
            return Answer.of(200, requestId, JSON.createObjectNode().set("sentMessages", sent));
        }
    }

    /** The checks of messaging-api.yml's request schemas (plus LINE's documented 5,000-character text limit). */
    static List<Problem> validate(JsonNode body, String recipientProperty) {
        List<Problem> problems = new ArrayList<>();
        JsonNode recipient = body.get(recipientProperty);
        if (recipient == null || !recipient.isTextual() || recipient.asText().isBlank()) {
            problems.add(new Problem("must be specified", recipientProperty));
        }
        JsonNode notificationDisabled = body.get("notificationDisabled");
        if (notificationDisabled != null && !notificationDisabled.isNull() && !notificationDisabled.isBoolean()) {
            problems.add(new Problem("must be a boolean", "notificationDisabled"));
        }
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            problems.add(new Problem("must be specified", "messages"));
        } else if (!messages.isArray()) {
            problems.add(new Problem("must be an array", "messages"));
        } else if (messages.isEmpty() || messages.size() > MAX_MESSAGES) {
            problems.add(new Problem("Size must be between 1 and " + MAX_MESSAGES, "messages"));
        } else {
            for (int i = 0; i < messages.size(); i++) {
                validateMessage(messages.get(i), "messages[" + i + "]", problems);
            }
        }
        return problems;
    }

    private static void validateMessage(JsonNode message, String path, List<Problem> problems) {
        if (!message.isObject()) {
            problems.add(new Problem("must be an object", path));
            return;
        }
        JsonNode type = message.get("type");
        if (type == null || !type.isTextual()) {
            problems.add(new Problem("must be specified", path + ".type"));
        } else if (!MESSAGE_TYPES.contains(type.asText())) {
            problems.add(new Problem("Invalid message type: " + type.asText(), path + ".type"));
        } else if (type.asText().equals("text") || type.asText().equals("textV2")) {
            JsonNode text = message.get("text");
            if (text == null || !text.isTextual() || text.asText().isEmpty()) {
                problems.add(new Problem("must be specified", path + ".text"));
            } else if (text.asText().length() > MAX_TEXT_LENGTH) {
                problems.add(new Problem("Length must be between 0 and " + MAX_TEXT_LENGTH, path + ".text"));
            }
        }
        JsonNode quickReply = message.get("quickReply");
        if (quickReply != null && !quickReply.isNull()) {
            JsonNode items = quickReply.get("items");
            if (items == null || !items.isArray()) {
                problems.add(new Problem("must be specified", path + ".quickReply.items"));
            } else if (items.size() > MAX_QUICK_REPLY_ITEMS) {
                problems.add(new Problem("Size must be between 0 and " + MAX_QUICK_REPLY_ITEMS, path + ".quickReply.items"));
            }
        }
    }

    private ArrayNode sentMessages(JsonNode messages) {
        ArrayNode sent = JSON.createArrayNode();
        for (JsonNode message : messages) {
            ObjectNode entry = sent.addObject().put("id", Long.toString(messageIds.incrementAndGet()));
            if (QUOTABLE_TYPES.contains(message.path("type").asText())) {
                byte[] bytes = new byte[24];
                random.nextBytes(bytes);
                entry.put("quoteToken", java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
            }
        }
        return sent;
    }

    private static Answer unauthorized(String authorization, String requestId) {
        String message = authorization == null || authorization.isBlank()
                ? "Authentication failed due to the following reason: no token. Confirm that the access token in the authorization header is valid."
                : "Authentication failed. Confirm that the access token in the authorization header is valid.";
        return Answer.of(401, requestId, error(message, List.of()));
    }

    /** A short hash of the bearer token, or null when there is none. Any non-blank token is accepted. */
    private static String channelOf(String authorization) {
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

    private static JsonNode parseObject(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static ObjectNode requestBodyErrors(List<Problem> problems) {
        return error("The request body has " + problems.size() + " error(s)", problems);
    }

    private static ObjectNode error(String message, List<Problem> problems) {
        ObjectNode error = JSON.createObjectNode().put("message", message);
        if (!problems.isEmpty()) {
            ArrayNode details = error.putArray("details");
            problems.forEach(p -> details.addObject().put("message", p.message()).put("property", p.property()));
        }
        return error;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    // --- HTTP plumbing -----------------------------------------------------------------------------

    private Publisher<Void> exchange(HttpServerRequest request, HttpServerResponse response,
            java.util.function.Function<Call, Answer> endpoint) {
        String authorization = request.requestHeaders().get("Authorization");
        String retryKey = request.requestHeaders().get("X-Line-Retry-Key");
        return request.receive().aggregate().asByteArray()
                .defaultIfEmpty(new byte[0])
                .map(body -> endpoint.apply(new Call(authorization, retryKey, body)))
                .flatMap(answer -> {
                    response.header("x-line-request-id", answer.requestId());
                    answer.headers().forEach(response::header);
                    return sendJson(response, answer.status(), answer.body());
                });
    }

    /**
     * The content of an image a resident sent (api-data.line.me in production): any message id
     * answers the same 1×1 PNG, since the emulator keeps no resident content.
     */
    private Publisher<Void> messageContent(HttpServerRequest request, HttpServerResponse response) {
        if (channelOf(request.requestHeaders().get("Authorization")) == null) {
            return sendJson(response, 401, unauthorized(null, UUID.randomUUID().toString()).body());
        }
        return response.status(200)
                .header("Content-Type", "image/png")
                .sendByteArray(Mono.just(java.util.Base64.getDecoder().decode(TINY_PNG)))
                .then();
    }

    private static final String TINY_PNG =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

    private Publisher<Void> listDeliveries(HttpServerRequest request, HttpServerResponse response) {
        List<String> userIds = new QueryStringDecoder(request.uri()).parameters().get("userId");
        List<Delivery> selected = userIds == null || userIds.isEmpty() ? deliveries() : deliveriesTo(userIds.get(0));
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

    private static Mono<Void> sendJson(HttpServerResponse response, int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return Mono.error(e);
        }
        return response.status(status)
                .header("Content-Type", "application/json; charset=UTF-8")
                .sendByteArray(Mono.just(bytes))
                .then();
    }
}
