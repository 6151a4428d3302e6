package jp.madoguchi.platform.embedded.line;

import static jp.madoguchi.platform.embedded.line.LineHttp.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

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
    /** A 1×1 PNG: the content of any image a test names by a made-up message id. */
    static final String TINY_PNG = ResidentDirectory.TINY_PNG;

    private static final Logger log = LoggerFactory.getLogger(LineEmulator.class);

    // One part per concern; each guards its own state.
    private final EmulatorIds ids = new EmulatorIds();
    private final ResidentDirectory residents = new ResidentDirectory(ids);
    private final FaultInjection faults = new FaultInjection();
    private final SendLimits limits = new SendLimits(Clock.systemUTC());
    private final MessageSends sends = new MessageSends(ids, residents, faults, limits);
    private final RichMenus richMenus = new RichMenus(ids);
    private final EmulatorInspection inspection = new EmulatorInspection(sends, faults);
    private final ResidentSimulator simulator;
    private final DisposableServer server;

    private LineEmulator(int port) {
        this.simulator = new ResidentSimulator(this);
        this.server = HttpServer.create()
                .host("localhost")
                .port(port)
                .route(routes -> {
                    routes.post("/v2/bot/message/reply", (request, response) -> exchange(request, response, c -> sends.send(c, REPLY)))
                            .post("/v2/bot/message/push", (request, response) -> exchange(request, response, c -> sends.send(c, PUSH)))
                            .post("/v2/bot/message/multicast", (request, response) -> exchange(request, response, c -> sends.send(c, MULTICAST)))
                            .post("/v2/bot/message/broadcast", (request, response) -> exchange(request, response, c -> sends.send(c, BROADCAST)))
                            .post("/v2/bot/message/narrowcast", (request, response) -> exchange(request, response, c -> sends.send(c, NARROWCAST)))
                            .get("/v2/bot/message/quota", (request, response) -> exchange(request, response, sends::quota))
                            .get("/v2/bot/message/quota/consumption", (request, response) -> exchange(request, response, sends::quotaConsumption))
                            .get("/v2/bot/message/progress/narrowcast", (request, response) -> exchange(request, response, sends::narrowcastProgress))
                            .get("/v2/bot/info", (request, response) -> exchange(request, response, residents::botInfo))
                            .get("/v2/bot/profile/{userId}", (request, response) -> exchange(request, response, residents::profile))
                            .get("/v2/bot/message/{messageId}/content", residents::messageContent)
                            .post("/v2/bot/richmenu", (request, response) -> exchange(request, response, richMenus::create))
                            .get("/v2/bot/richmenu/list", (request, response) -> exchange(request, response, richMenus::list))
                            .post("/v2/bot/richmenu/{id}/content", (request, response) -> exchange(request, response, richMenus::uploadImage))
                            .get("/v2/bot/richmenu/{id}", (request, response) -> exchange(request, response, richMenus::get))
                            .delete("/v2/bot/richmenu/{id}", (request, response) -> exchange(request, response, richMenus::delete))
                            .post("/v2/bot/user/all/richmenu/{id}", (request, response) -> exchange(request, response, richMenus::setDefault))
                            .get("/v2/bot/user/all/richmenu", (request, response) -> exchange(request, response, richMenus::getDefault))
                            .delete("/v2/bot/user/all/richmenu", (request, response) -> exchange(request, response, richMenus::cancelDefault))
                            .post("/v2/bot/user/{userId}/richmenu/{id}", (request, response) -> exchange(request, response, richMenus::link))
                            .get("/v2/bot/user/{userId}/richmenu", (request, response) -> exchange(request, response, richMenus::getForUser))
                            .get("/emulator/deliveries", inspection::listDeliveries)
                            .get("/emulator/timeline/{userId}", inspection::timeline)
                            .post("/emulator/faults", inspection::setFaults)
                            .delete("/emulator/faults", inspection::clearFaults)
                            .get("/health", (request, response) -> LineHttp.sendJson(response, 200, LineHttp.JSON.createObjectNode().put("status", "UP")));
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
        residents.registerProfile(userId, displayName);
    }

    /**
     * Issues a reply token for an event from {@code userId}, as LINE puts one into a webhook event.
     * The token is accepted by one reply only.
     */
    public String issueReplyToken(String userId) {
        Objects.requireNonNull(userId, "userId");
        return sends.issueReplyToken(userId);
    }

    /** The next {@code count} send requests (reply, push, multicast, broadcast, narrowcast) answer {@code status} (429 or 500) and send nothing. */
    public void failNext(int status, int count) {
        faults.failNext(status, count);
    }

    /** Every send request answers {@code status} (429 or 500) and sends nothing for the given time. */
    public void failFor(Duration duration, int status) {
        faults.failFor(duration, status);
    }

    /**
     * Requests per second each channel may make of one kind of send ({@link #PUSH}, {@link #MULTICAST}, …); beyond it
     * LINE answers 429. LINE's own limits apply by default (push 2,000/s, multicast 200/s); 0 lifts the limit.
     */
    public void rateLimit(String kind, double perSecond) {
        limits.rate(kind, perSecond);
    }

    /** The monthly message quota of the channel with this access token (recipients of pushes, multicasts, …); negative: no limit. */
    public void messageQuota(String accessToken, long limit) {
        limits.quota(LineHttp.channelOf("Bearer " + accessToken), limit);
    }

    public void clearFaults() {
        faults.clear();
    }

    public List<Delivery> deliveries() {
        return sends.deliveries();
    }

    public List<Delivery> deliveriesTo(String userId) {
        return sends.deliveriesTo(userId);
    }

    /** What {@code userId} received, one message per entry, in order (replies, pushes, multicasts, broadcasts, narrowcasts). */
    public List<Received> timeline(String userId) {
        return sends.timeline(userId);
    }

    public List<Narrowcast> narrowcasts() {
        return sends.narrowcasts();
    }

    /**
     * Forgets deliveries, timelines, reply tokens, accepted retry keys, narrowcasts, rich menus, content,
     * profiles, blocks and faults, e.g. between tests. Towns registered with the simulator stay.
     */
    public void reset() {
        sends.reset();
        limits.reset();
        richMenus.reset();
        residents.reset();
        faults.clear();
        simulator.reset();
    }

    @Override
    public void close() {
        server.disposeNow();
    }

    // --- for the simulator ---------------------------------------------------------------------------

    EmulatorIds ids() {
        return ids;
    }

    ResidentDirectory residents() {
        return residents;
    }
}
