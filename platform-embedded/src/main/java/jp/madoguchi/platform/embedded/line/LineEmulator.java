package jp.madoguchi.platform.embedded.line;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
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
import jp.madoguchi.platform.embedded.line.LineRequestChecks.Problem;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A local stand-in for the LINE Messaging API for development and tests: the real LINE SDK client
 * is pointed at {@link #baseUrl()}, the emulator checks requests the way LINE does (limits, retry
 * keys, reply tokens), records what each resident would have received, and serves the resident
 * simulator page at {@link #simulatorUrl()} (see {@link ResidentSimulator}). Never used in production.
 *
 * <p>It keeps no access tokens: a delivery names its channel by a short hash of the token.
 * {@code GET /v2/bot/info} answers for any bearer token, except that a token starting with
 * {@value #INVALID_TOKEN_PREFIX} is refused with 401 as LINE refuses a revoked or mistyped
 * token, so a "check the channel" failure path can be tested. Failures (429, 500) can be injected
 * with {@link #failNext} and {@link #failFor}. See docs/line-emulator.md.
 */
public final class LineEmulator implements AutoCloseable {

    /** One accepted send to one resident (a multicast to three residents is three deliveries with one request id). */
    public record Delivery(
            String kind,
            String requestId,
            /** First 12 hex digits of SHA-256 of the channel access token: tells channels apart without keeping tokens. */
            String channel,
            String userId,
            List<JsonNode> messages,
            boolean notificationDisabled,
            /** The X-Line-Retry-Key of a push, multicast, narrowcast or broadcast, or null. */
            String retryKey,
            Instant at,
            /** The reply token a reply used (tells which webhook event it answered), or null. */
            String replyToken) {

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

    /** One message a resident received, in the order of their chat; {@code sequence} orders it among the simulator's entries too. */
    public record Received(long sequence, String kind, String requestId, String channel, JsonNode message, Instant at) {

        public Received {
            message = message.deepCopy();
        }
    }

    /** A narrowcast as LINE accepted it (recipient, filter and limit as sent), for assertions. */
    public record Narrowcast(String requestId, String channel, JsonNode request, Instant acceptedAt, int targetCount) {

        public Narrowcast {
            request = request.deepCopy();
        }
    }

    public static final String REPLY = "reply";
    public static final String PUSH = "push";
    public static final String MULTICAST = "multicast";
    public static final String BROADCAST = "broadcast";
    public static final String NARROWCAST = "narrowcast";
    /** Tokens starting with this are refused with 401 by {@code GET /v2/bot/info}. */
    public static final String INVALID_TOKEN_PREFIX = "invalid";

    private static final Logger log = LoggerFactory.getLogger(LineEmulator.class);
    static final ObjectMapper JSON = new ObjectMapper();
    /** Types LINE returns a quote token for. */
    private static final Set<String> QUOTABLE_TYPES = Set.of("text", "textV2", "sticker", "image", "video");
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final int MAX_RICH_MENUS = 1000;
    private static final int MAX_RICH_MENU_IMAGE_BYTES = 1024 * 1024;
    private static final Set<Integer> INJECTABLE_STATUSES = Set.of(429, 500);

    private final SecureRandom random = new SecureRandom();
    private final AtomicLong messageIds = new AtomicLong(470_000_000_000_000_000L);
    private final AtomicLong sequence = new AtomicLong();
    private final Object lock = new Object();
    // All guarded by lock: a retry-key check and its recording must be one step.
    private final List<Delivery> deliveries = new ArrayList<>();
    private final Map<String, List<Received>> timelines = new LinkedHashMap<>();
    private final Map<String, String> replyTokenUsers = new LinkedHashMap<>();
    private final Map<String, Accepted> acceptedRetryKeys = new LinkedHashMap<>();
    private final Map<String, String> profiles = new LinkedHashMap<>();
    private final Set<String> blocked = new LinkedHashSet<>();
    private final Map<String, Narrowcast> narrowcasts = new LinkedHashMap<>();
    private final Map<String, RichMenu> richMenus = new LinkedHashMap<>();
    private final Map<String, String> defaultRichMenus = new LinkedHashMap<>();
    private final Map<String, String> userRichMenus = new LinkedHashMap<>();
    private final Map<String, Content> contents = new LinkedHashMap<>();
    private int faultStatus;
    private int faultsLeft;
    private Instant faultsUntil = Instant.MIN;

    private final ResidentSimulator simulator;
    private final DisposableServer server;

    private record Accepted(String requestId, ArrayNode sentMessages) {
    }

    /** A rich menu of one channel; {@code image} is null until uploaded. */
    private record RichMenu(String id, String channel, ObjectNode definition, byte[] image) {
    }

    /** Content a resident sent (an image from the simulator), served by message id. */
    record Content(byte[] bytes, String contentType) {
    }

    private record Call(HttpServerRequest request, String authorization, String retryKey, byte[] body) {
        String param(String name) {
            return request.param(name);
        }

        String contentType() {
            return request.requestHeaders().get("Content-Type");
        }
    }

    private record Answer(int status, String requestId, Map<String, String> headers, JsonNode body) {
        static Answer of(int status, String requestId, JsonNode body) {
            return new Answer(status, requestId, Map.of(), body);
        }
    }

    private LineEmulator(int port) {
        this.simulator = new ResidentSimulator(this);
        this.server = HttpServer.create()
                .host("localhost")
                .port(port)
                .route(routes -> {
                    routes.post("/v2/bot/message/reply", (request, response) -> exchange(request, response, c -> send(c, REPLY)))
                            .post("/v2/bot/message/push", (request, response) -> exchange(request, response, c -> send(c, PUSH)))
                            .post("/v2/bot/message/multicast", (request, response) -> exchange(request, response, c -> send(c, MULTICAST)))
                            .post("/v2/bot/message/broadcast", (request, response) -> exchange(request, response, c -> send(c, BROADCAST)))
                            .post("/v2/bot/message/narrowcast", (request, response) -> exchange(request, response, c -> send(c, NARROWCAST)))
                            .get("/v2/bot/message/progress/narrowcast", (request, response) -> exchange(request, response, this::narrowcastProgress))
                            .get("/v2/bot/info", (request, response) -> exchange(request, response, this::botInfo))
                            .get("/v2/bot/profile/{userId}", (request, response) -> exchange(request, response, this::profile))
                            .get("/v2/bot/message/{messageId}/content", this::messageContent)
                            .post("/v2/bot/richmenu", (request, response) -> exchange(request, response, this::createRichMenu))
                            .get("/v2/bot/richmenu/list", (request, response) -> exchange(request, response, this::listRichMenus))
                            .post("/v2/bot/richmenu/{id}/content", (request, response) -> exchange(request, response, this::uploadRichMenuImage))
                            .get("/v2/bot/richmenu/{id}", (request, response) -> exchange(request, response, this::getRichMenu))
                            .delete("/v2/bot/richmenu/{id}", (request, response) -> exchange(request, response, this::deleteRichMenu))
                            .post("/v2/bot/user/all/richmenu/{id}", (request, response) -> exchange(request, response, this::setDefaultRichMenu))
                            .get("/v2/bot/user/all/richmenu", (request, response) -> exchange(request, response, this::getDefaultRichMenu))
                            .post("/v2/bot/user/{userId}/richmenu/{id}", (request, response) -> exchange(request, response, this::linkRichMenu))
                            .get("/v2/bot/user/{userId}/richmenu", (request, response) -> exchange(request, response, this::getUserRichMenu))
                            .get("/emulator/deliveries", this::listDeliveries)
                            .get("/emulator/timeline/{userId}", this::timelineOverHttp)
                            .post("/emulator/faults", this::faultsOverHttp)
                            .delete("/emulator/faults", (request, response) -> {
                                clearFaults();
                                return sendJson(response, 200, JSON.createObjectNode());
                            })
                            .get("/health", (request, response) -> sendJson(response, 200, JSON.createObjectNode().put("status", "UP")));
                    simulator.routes(routes);
                })
                .bindNow();
    }

    /** Starts the emulator on localhost; port 0 picks a free port. */
    public static LineEmulator start(int port) {
        LineEmulator emulator = new LineEmulator(port);
        log.info("event=line_emulator_started url={} simulator={}", emulator.baseUrl(), emulator.simulatorUrl());
        return emulator;
    }

    /** The API base URL to give the LINE SDK client ({@code apiEndPoint}), with a trailing slash. */
    public String baseUrl() {
        return "http://localhost:" + server.port() + "/";
    }

    /** The resident simulator page. */
    public String simulatorUrl() {
        return baseUrl() + "simulator";
    }

    public int port() {
        return server.port();
    }

    /**
     * Makes a town selectable in the simulator: its webhook events are signed with {@code channelSecret}
     * and POSTed to {@code webhookUrl}. The secret stays in this JVM; the page never sees it.
     */
    public void registerTown(String tenantId, String townName, String channelSecret, String webhookUrl) {
        simulator.registerTown(tenantId, townName, channelSecret, webhookUrl);
    }

    /** A resident's LINE profile: {@code GET /v2/bot/profile/{userId}} answers it, broadcasts reach them. */
    public void registerProfile(String userId, String displayName) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(displayName, "displayName");
        synchronized (lock) {
            profiles.put(userId, displayName);
        }
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

    /** The next {@code count} send requests (reply, push, multicast, broadcast, narrowcast) answer {@code status} (429 or 500) and send nothing. */
    public void failNext(int status, int count) {
        checkInjectable(status);
        synchronized (lock) {
            faultStatus = status;
            faultsLeft = count;
            faultsUntil = Instant.MIN;
        }
    }

    /** Every send request answers {@code status} (429 or 500) and sends nothing for the given time. */
    public void failFor(Duration duration, int status) {
        checkInjectable(status);
        synchronized (lock) {
            faultStatus = status;
            faultsLeft = 0;
            faultsUntil = Instant.now().plus(duration);
        }
    }

    public void clearFaults() {
        synchronized (lock) {
            faultsLeft = 0;
            faultsUntil = Instant.MIN;
        }
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

    /** What {@code userId} received, one message per entry, in order (replies, pushes, multicasts, broadcasts, narrowcasts). */
    public List<Received> timeline(String userId) {
        synchronized (lock) {
            return List.copyOf(timelines.getOrDefault(userId, List.of()));
        }
    }

    public List<Narrowcast> narrowcasts() {
        synchronized (lock) {
            return List.copyOf(narrowcasts.values());
        }
    }

    /**
     * Forgets deliveries, timelines, reply tokens, accepted retry keys, narrowcasts, rich menus, content,
     * profiles, blocks and faults, e.g. between tests. Towns registered with the simulator stay.
     */
    public void reset() {
        synchronized (lock) {
            deliveries.clear();
            timelines.clear();
            replyTokenUsers.clear();
            acceptedRetryKeys.clear();
            narrowcasts.clear();
            richMenus.clear();
            defaultRichMenus.clear();
            userRichMenus.clear();
            contents.clear();
            profiles.clear();
            blocked.clear();
            faultsLeft = 0;
            faultsUntil = Instant.MIN;
        }
        simulator.reset();
    }

    @Override
    public void close() {
        server.disposeNow();
    }

    // --- for the simulator ---------------------------------------------------------------------------

    long nextSequence() {
        return sequence.incrementAndGet();
    }

    String nextMessageId() {
        return Long.toString(messageIds.incrementAndGet());
    }

    String quoteToken() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Keeps content a resident sent and answers its message id. */
    String storeContent(byte[] bytes, String contentType) {
        String id = nextMessageId();
        synchronized (lock) {
            contents.put(id, new Content(bytes.clone(), contentType));
        }
        return id;
    }

    Content content(String messageId) {
        synchronized (lock) {
            return contents.get(messageId);
        }
    }

    Map<String, String> profiles() {
        synchronized (lock) {
            return Map.copyOf(profiles);
        }
    }

    /** Follow (blocked=false) or block (true): a blocked resident gets no broadcast. */
    void setBlocked(String userId, boolean isBlocked) {
        synchronized (lock) {
            if (isBlocked) {
                blocked.add(userId);
            } else {
                blocked.remove(userId);
            }
        }
    }

    boolean isBlocked(String userId) {
        synchronized (lock) {
            return blocked.contains(userId);
        }
    }

    // --- sending -----------------------------------------------------------------------------------

    private Answer send(Call call, String kind) {
        String requestId = UUID.randomUUID().toString();
        String channel = channelOf(call.authorization());
        if (channel == null) {
            return unauthorized(call.authorization(), requestId);
        }
        Answer fault = injectedFault(requestId);
        if (fault != null) {
            return fault;
        }
        String retryKey = kind.equals(REPLY) ? null : call.retryKey();
        if (retryKey != null && !CANONICAL_UUID.matcher(retryKey).matches()) {
            return Answer.of(400, requestId, error("The value for the 'X-Line-Retry-Key' header is invalid", List.of()));
        }
        JsonNode body = parseObject(call.body());
        if (body == null) {
            return Answer.of(400, requestId, error("The request body has 1 error(s)", List.of(new Problem("must be a JSON object", "body"))));
        }
        List<Problem> problems = switch (kind) {
            case REPLY -> LineRequestChecks.singleRecipient(body, "replyToken");
            case PUSH -> LineRequestChecks.singleRecipient(body, "to");
            case MULTICAST -> LineRequestChecks.multicast(body);
            case BROADCAST -> LineRequestChecks.toMany(body, false);
            default -> LineRequestChecks.toMany(body, true);
        };
        if (!problems.isEmpty()) {
            return Answer.of(400, requestId, error("The request body has " + problems.size() + " error(s)", problems));
        }
        List<JsonNode> messages = list(body.get("messages"));
        boolean silent = body.path("notificationDisabled").asBoolean(false);
        synchronized (lock) {
            // Retry keys are per channel; an accepted one is never sent again, whatever the body says.
            String scopedKey = retryKey == null ? null : channel + "/" + retryKey.toLowerCase();
            Accepted earlier = scopedKey == null ? null : acceptedRetryKeys.get(scopedKey);
            if (earlier != null) {
                ObjectNode conflict = error("The retry key is already accepted", List.of());
                if (kind.equals(PUSH)) {
                    conflict.set("sentMessages", earlier.sentMessages().deepCopy());
                }
                return new Answer(409, requestId, Map.of("x-line-accepted-request-id", earlier.requestId()), conflict);
            }
            List<String> recipients;
            switch (kind) {
                case REPLY -> {
                    // Single use: LINE answers any second use, like an unknown token, with "Invalid reply token".
                    String userId = replyTokenUsers.remove(body.get("replyToken").asText());
                    if (userId == null) {
                        return Answer.of(400, requestId, error("Invalid reply token", List.of()));
                    }
                    recipients = List.of(userId);
                }
                case PUSH -> recipients = List.of(body.get("to").asText());
                case MULTICAST -> recipients = list(body.get("to")).stream().map(JsonNode::asText).distinct().toList();
                // The emulator cannot evaluate audiences or demographic filters: a narrowcast reaches every
                // known, unblocked resident, like a broadcast, and its recipient/filter is kept for assertions.
                default -> recipients = profiles.keySet().stream().filter(u -> !blocked.contains(u)).toList();
            }
            Instant now = Instant.now();
            for (String userId : recipients) {
                deliveries.add(new Delivery(kind, requestId, channel, userId, messages, silent, retryKey, now,
                        kind.equals(REPLY) ? body.get("replyToken").asText() : null));
                List<Received> timeline = timelines.computeIfAbsent(userId, u -> new ArrayList<>());
                messages.forEach(m -> timeline.add(new Received(sequence.incrementAndGet(), kind, requestId, channel, m, now)));
            }
            ArrayNode sent = sentMessages(messages);
            if (scopedKey != null) {
                acceptedRetryKeys.put(scopedKey, new Accepted(requestId, sent.deepCopy()));
            }
            return switch (kind) {
                case REPLY, PUSH -> Answer.of(200, requestId, JSON.createObjectNode().set("sentMessages", sent));
                case NARROWCAST -> {
                    narrowcasts.put(requestId, new Narrowcast(requestId, channel, body, now, recipients.size()));
                    yield Answer.of(202, requestId, JSON.createObjectNode());
                }
                default -> Answer.of(200, requestId, JSON.createObjectNode());
            };
        }
    }

    /** Every narrowcast the emulator accepted has already been sent: {@code succeeded}. */
    private Answer narrowcastProgress(Call call) {
        String requestId = UUID.randomUUID().toString();
        String channel = channelOf(call.authorization());
        if (channel == null) {
            return unauthorized(call.authorization(), requestId);
        }
        List<String> ids = new QueryStringDecoder(call.request().uri()).parameters().get("requestId");
        Narrowcast narrowcast;
        synchronized (lock) {
            narrowcast = ids == null || ids.isEmpty() ? null : narrowcasts.get(ids.get(0));
        }
        if (narrowcast == null || !narrowcast.channel().equals(channel)) {
            return Answer.of(404, requestId, error("Not found", List.of()));
        }
        ObjectNode progress = JSON.createObjectNode()
                .put("phase", "succeeded")
                .put("successCount", narrowcast.targetCount())
                .put("failureCount", 0)
                .put("targetCount", narrowcast.targetCount())
                .put("acceptedTime", narrowcast.acceptedAt().toString())
                .put("completedTime", narrowcast.acceptedAt().toString());
        return Answer.of(200, requestId, progress);
    }

    private Answer injectedFault(String requestId) {
        synchronized (lock) {
            boolean failing = faultsLeft > 0 || Instant.now().isBefore(faultsUntil);
            if (!failing) {
                return null;
            }
            if (faultsLeft > 0) {
                faultsLeft--;
            }
            String message = faultStatus == 429 ? "Too Many Requests" : "Internal Server Error";
            return Answer.of(faultStatus, requestId, error(message, List.of()));
        }
    }

    private static void checkInjectable(int status) {
        if (!INJECTABLE_STATUSES.contains(status)) {
            throw new IllegalArgumentException("the emulator injects 429 or 500, not " + status);
        }
    }

    private ArrayNode sentMessages(List<JsonNode> messages) {
        ArrayNode sent = JSON.createArrayNode();
        for (JsonNode message : messages) {
            ObjectNode entry = sent.addObject().put("id", nextMessageId());
            if (QUOTABLE_TYPES.contains(message.path("type").asText())) {
                entry.put("quoteToken", quoteToken());
            }
        }
        return sent;
    }

    // --- profiles, bot info --------------------------------------------------------------------------

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

    /** A registered resident's profile; anyone else is unknown to LINE: 404 "Not found". */
    private Answer profile(Call call) {
        String requestId = UUID.randomUUID().toString();
        if (channelOf(call.authorization()) == null) {
            return unauthorized(call.authorization(), requestId);
        }
        String userId = call.param("userId");
        String displayName;
        synchronized (lock) {
            displayName = profiles.get(userId);
        }
        if (displayName == null) {
            return Answer.of(404, requestId, error("Not found", List.of()));
        }
        return Answer.of(200, requestId, JSON.createObjectNode().put("userId", userId).put("displayName", displayName).put("language", "ja"));
    }

    // --- rich menus ------------------------------------------------------------------------------------

    private Answer createRichMenu(Call call) {
        String requestId = UUID.randomUUID().toString();
        String channel = channelOf(call.authorization());
        if (channel == null) {
            return unauthorized(call.authorization(), requestId);
        }
        JsonNode body = parseObject(call.body());
        if (body == null) {
            return Answer.of(400, requestId, error("The request body has 1 error(s)", List.of(new Problem("must be a JSON object", "body"))));
        }
        List<Problem> problems = LineRequestChecks.richMenu(body);
        if (!problems.isEmpty()) {
            return Answer.of(400, requestId, error("The request body has " + problems.size() + " error(s)", problems));
        }
        synchronized (lock) {
            if (richMenus.values().stream().filter(m -> m.channel().equals(channel)).count() >= MAX_RICH_MENUS) {
                return Answer.of(400, requestId, error("The maximum number of rich menus has been reached", List.of()));
            }
            String id = "richmenu-" + HexFormat.of().formatHex(randomBytes(16));
            ObjectNode definition = ((ObjectNode) body.deepCopy()).put("richMenuId", id);
            richMenus.put(id, new RichMenu(id, channel, definition, null));
            return Answer.of(200, requestId, JSON.createObjectNode().put("richMenuId", id));
        }
    }

    /** The image upload (api-data.line.me in production): PNG or JPEG, at most 1 MB, once per menu. */
    private Answer uploadRichMenuImage(Call call) {
        String requestId = UUID.randomUUID().toString();
        String channel = channelOf(call.authorization());
        if (channel == null) {
            return unauthorized(call.authorization(), requestId);
        }
        String type = call.contentType() == null ? "" : call.contentType().toLowerCase();
        if (!type.startsWith("image/png") && !type.startsWith("image/jpeg")) {
            return Answer.of(415, requestId, error("Unsupported Media Type: the image must be image/jpeg or image/png", List.of()));
        }
        if (call.body().length == 0 || call.body().length > MAX_RICH_MENU_IMAGE_BYTES) {
            return Answer.of(400, requestId, error("The image must be between 1 byte and 1 MB", List.of()));
        }
        synchronized (lock) {
            RichMenu menu = ownRichMenu(call.param("id"), channel);
            if (menu == null) {
                return Answer.of(404, requestId, error("Not found", List.of()));
            }
            if (menu.image() != null) {
                return Answer.of(400, requestId, error("An image has already been uploaded to the richmenu", List.of()));
            }
            richMenus.put(menu.id(), new RichMenu(menu.id(), channel, menu.definition(), call.body().clone()));
            return Answer.of(200, requestId, JSON.createObjectNode());
        }
    }

    private Answer listRichMenus(Call call) {
        String requestId = UUID.randomUUID().toString();
        String channel = channelOf(call.authorization());
        if (channel == null) {
            return unauthorized(call.authorization(), requestId);
        }
        ArrayNode menus = JSON.createArrayNode();
        synchronized (lock) {
            richMenus.values().stream().filter(m -> m.channel().equals(channel)).forEach(m -> menus.add(m.definition().deepCopy()));
        }
        ObjectNode list = JSON.createObjectNode();
        list.set("richmenus", menus);
        return Answer.of(200, requestId, list);
    }

    private Answer getRichMenu(Call call) {
        return withRichMenu(call, (menu, requestId) -> Answer.of(200, requestId, menu.definition().deepCopy()));
    }

    private Answer deleteRichMenu(Call call) {
        return withRichMenu(call, (menu, requestId) -> {
            richMenus.remove(menu.id());
            defaultRichMenus.values().removeIf(menu.id()::equals);
            userRichMenus.values().removeIf(menu.id()::equals);
            return Answer.of(200, requestId, JSON.createObjectNode());
        });
    }

    private Answer setDefaultRichMenu(Call call) {
        return withRichMenu(call, (menu, requestId) -> {
            if (menu.image() == null) {
                return Answer.of(400, requestId, error("must upload richmenu image before applying it to user", List.of()));
            }
            defaultRichMenus.put(menu.channel(), menu.id());
            return Answer.of(200, requestId, JSON.createObjectNode());
        });
    }

    private Answer linkRichMenu(Call call) {
        return withRichMenu(call, (menu, requestId) -> {
            if (menu.image() == null) {
                return Answer.of(400, requestId, error("must upload richmenu image before applying it to user", List.of()));
            }
            userRichMenus.put(menu.channel() + "/" + call.param("userId"), menu.id());
            return Answer.of(200, requestId, JSON.createObjectNode());
        });
    }

    private Answer getDefaultRichMenu(Call call) {
        String requestId = UUID.randomUUID().toString();
        String channel = channelOf(call.authorization());
        if (channel == null) {
            return unauthorized(call.authorization(), requestId);
        }
        synchronized (lock) {
            String id = defaultRichMenus.get(channel);
            return id == null ? Answer.of(404, requestId, error("no default richmenu", List.of()))
                    : Answer.of(200, requestId, JSON.createObjectNode().put("richMenuId", id));
        }
    }

    /** The menu linked to the user, else LINE's 404 (the default menu is not "linked"). */
    private Answer getUserRichMenu(Call call) {
        String requestId = UUID.randomUUID().toString();
        String channel = channelOf(call.authorization());
        if (channel == null) {
            return unauthorized(call.authorization(), requestId);
        }
        synchronized (lock) {
            String id = userRichMenus.get(channel + "/" + call.param("userId"));
            return id == null ? Answer.of(404, requestId, error("the user has no richmenu", List.of()))
                    : Answer.of(200, requestId, JSON.createObjectNode().put("richMenuId", id));
        }
    }

    private Answer withRichMenu(Call call, java.util.function.BiFunction<RichMenu, String, Answer> action) {
        String requestId = UUID.randomUUID().toString();
        String channel = channelOf(call.authorization());
        if (channel == null) {
            return unauthorized(call.authorization(), requestId);
        }
        synchronized (lock) {
            RichMenu menu = ownRichMenu(call.param("id"), channel);
            if (menu == null) {
                return Answer.of(404, requestId, error("Not found", List.of()));
            }
            return action.apply(menu, requestId);
        }
    }

    /** A rich menu of this channel (another channel's menu is as unknown as a made-up id). */
    private RichMenu ownRichMenu(String id, String channel) {
        RichMenu menu = id == null ? null : richMenus.get(id);
        return menu != null && menu.channel().equals(channel) ? menu : null;
    }

    // --- helpers ----------------------------------------------------------------------------------------

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
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

    static JsonNode parseObject(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    static ObjectNode error(String message, List<Problem> problems) {
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

    private Publisher<Void> exchange(HttpServerRequest request, HttpServerResponse response, Function<Call, Answer> endpoint) {
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

    /**
     * The content of a message a resident sent (api-data.line.me in production): what the simulator
     * stored under that id, else the same 1×1 PNG for any id, so tests can send image events by made-up ids.
     */
    private Publisher<Void> messageContent(HttpServerRequest request, HttpServerResponse response) {
        if (channelOf(request.requestHeaders().get("Authorization")) == null) {
            return sendJson(response, 401, unauthorized(null, UUID.randomUUID().toString()).body());
        }
        Content content = content(request.param("messageId"));
        if (content == null) {
            content = new Content(Base64.getDecoder().decode(TINY_PNG), "image/png");
        }
        return response.status(200)
                .header("Content-Type", content.contentType())
                .sendByteArray(Mono.just(content.bytes()))
                .then();
    }

    static final String TINY_PNG =
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

    private Publisher<Void> timelineOverHttp(HttpServerRequest request, HttpServerResponse response) {
        return sendJson(response, 200, timelineJson(timeline(request.param("userId")), 0));
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
    private Publisher<Void> faultsOverHttp(HttpServerRequest request, HttpServerResponse response) {
        return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap(bytes -> {
            JsonNode body = parseObject(bytes);
            int status = body == null ? 0 : body.path("status").asInt(0);
            if (!INJECTABLE_STATUSES.contains(status)) {
                return sendJson(response, 400, error("status must be 429 or 500", List.of()));
            }
            if (body.hasNonNull("seconds")) {
                failFor(Duration.ofSeconds(Math.max(1, body.get("seconds").asLong())), status);
            } else {
                failNext(status, Math.max(1, body.path("count").asInt(1)));
            }
            return sendJson(response, 200, JSON.createObjectNode().put("status", status));
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
}
