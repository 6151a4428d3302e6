package jp.madoguchi.platform.embedded.line;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
import reactor.core.publisher.Mono;
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

    private final LineEmulator emulator;
    private final SimulatedMessages messages;
    private final SimulatorWebhooks webhooks = new SimulatorWebhooks();
    private final Object lock = new Object();
    // guarded by lock
    private final Map<String, Town> towns = new LinkedHashMap<>();
    private final List<Said> said = new ArrayList<>();
    private final Map<String, Boolean> following = new LinkedHashMap<>();

    ResidentSimulator(LineEmulator emulator) {
        this.emulator = emulator;
        this.messages = new SimulatedMessages(emulator.ids(), emulator.residents());
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
        routes.get("/simulator", (request, response) -> SimulatorHttp.resource(response, "simulator.html"))
                .get("/simulator/", (request, response) -> SimulatorHttp.resource(response, "simulator.html"))
                .get("/simulator/simulator.js", (request, response) -> SimulatorHttp.resource(response, "simulator.js"))
                .get("/simulator/simulator.css", (request, response) -> SimulatorHttp.resource(response, "simulator.css"))
                .get("/simulator/api/towns", (request, response) -> LineHttp.sendJson(response, 200, townsJson()))
                .get("/simulator/api/residents", this::residents)
                .post("/simulator/api/residents", this::createResident)
                .post("/simulator/api/send", this::send)
                .get("/simulator/api/timeline", this::timeline)
                .get("/simulator/api/content/{messageId}", this::content);
    }

    // --- API -----------------------------------------------------------------------------------------

    private ArrayNode townsJson() {
        ArrayNode array = LineHttp.JSON.createArrayNode();
        synchronized (lock) {
            towns.values().forEach(t -> array.addObject().put("tenantId", t.tenantId()).put("name", t.name()));
        }
        return array;
    }

    /** Every resident with a profile, and whether they follow the town given by {@code tenantId}. */
    private Publisher<Void> residents(HttpServerRequest request, HttpServerResponse response) {
        String tenantId = SimulatorHttp.query(request, "tenantId");
        ArrayNode array = LineHttp.JSON.createArrayNode();
        Map<String, String> profiles = emulator.residents().profiles();
        synchronized (lock) {
            profiles.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(p -> array.addObject()
                    .put("userId", p.getKey())
                    .put("displayName", p.getValue())
                    .put("following", following.getOrDefault(tenantId + "/" + p.getKey(), false)));
        }
        return LineHttp.sendJson(response, 200, array);
    }

    /** {@code {displayName, userId?}}: registers the profile; a missing user id is made up the way LINE shapes them. */
    private Publisher<Void> createResident(HttpServerRequest request, HttpServerResponse response) {
        return SimulatorHttp.body(request).flatMap(body -> {
            String displayName = body.path("displayName").asText("").strip();
            String userId = body.path("userId").asText("").strip();
            if (displayName.isEmpty() || displayName.length() > 20) {
                return SimulatorHttp.problem(response, 400, "表示名を1〜20文字で入力してください。");
            }
            if (userId.isEmpty()) {
                userId = LineWebhookBodies.newUserId();
            } else if (!USER_ID.matcher(userId).matches()) {
                return SimulatorHttp.problem(response, 400, "ユーザーIDは U と32桁の16進数（小文字）です。");
            }
            emulator.registerProfile(userId, displayName);
            return LineHttp.sendJson(response, 201, LineHttp.JSON.createObjectNode().put("userId", userId).put("displayName", displayName));
        });
    }

    /** {@code {tenantId, userId, event, display?}} → the signed webhook is POSTed; answers with the webhook's status. */
    private Publisher<Void> send(HttpServerRequest request, HttpServerResponse response) {
        return SimulatorHttp.body(request).flatMap(body -> {
            if (body.isNull()) {
                return SimulatorHttp.problem(response, 400, "JSON のリクエストが必要です。");
            }
            Town town;
            synchronized (lock) {
                town = towns.get(body.path("tenantId").asText());
            }
            String userId = body.path("userId").asText();
            if (town == null) {
                return SimulatorHttp.problem(response, 404, "町が登録されていません。");
            }
            if (!emulator.residents().profiles().containsKey(userId)) {
                return SimulatorHttp.problem(response, 404, "住民が登録されていません。先に住民を作成してください。");
            }
            ObjectNode event;
            try {
                event = buildEvent(town, userId, body.path("event"), body.path("display").asText(null));
            } catch (IllegalArgumentException e) {
                return SimulatorHttp.problem(response, 400, e.getMessage());
            }
            String eventId = event.get("webhookEventId").asText();
            return webhooks.post(town, event)
                    .flatMap(status -> LineHttp.sendJson(response, status,
                            LineHttp.JSON.createObjectNode().put("webhookStatus", status).put("webhookEventId", eventId)));
        });
    }

    /** The full webhook event for what the page asked, and the resident's own chat entry, recorded before the webhook goes out. */
    private ObjectNode buildEvent(Town town, String userId, JsonNode input, String display) {
        String type = input.path("type").asText();
        ObjectNode event = LineHttp.JSON.createObjectNode().put("type", type).put("mode", "active")
                .put("timestamp", Instant.now().toEpochMilli());
        event.putObject("source").put("type", "user").put("userId", userId);
        event.put("webhookEventId", LineWebhookBodies.newWebhookEventId());
        event.putObject("deliveryContext").put("isRedelivery", false);
        ObjectNode shown = LineHttp.JSON.createObjectNode();
        String key = town.tenantId() + "/" + userId;
        switch (type) {
            case "follow" -> {
                boolean wasBlocked;
                synchronized (lock) {
                    wasBlocked = following.containsKey(key) && !following.get(key);
                    following.put(key, true);
                }
                emulator.residents().setBlocked(userId, false);
                event.putObject("follow").put("isUnblocked", wasBlocked);
                shown.put("kind", "system").put("text", wasBlocked ? "ブロックを解除しました" : "友だち追加しました");
            }
            case "unfollow" -> {
                synchronized (lock) {
                    following.put(key, false);
                }
                emulator.residents().setBlocked(userId, true);
                shown.put("kind", "system").put("text", "ブロックしました");
            }
            case "message" -> event.set("message", messages.message(input.path("message"), shown));
            case "postback" -> event.set("postback", messages.postback(input.path("postback"), display, shown));
            default -> throw new IllegalArgumentException("event.type は follow, unfollow, message, postback のどれかです。");
        }
        if (!type.equals("unfollow")) {
            event.put("replyToken", emulator.issueReplyToken(userId));
        }
        if (shown.has("kind")) {
            synchronized (lock) {
                said.add(new Said(emulator.ids().nextSequence(), userId, town.tenantId(), shown, Instant.now()));
            }
        }
        return event;
    }

    /**
     * The resident's chat after {@code after}: their own entries ({@code from: "resident"}) and what the
     * account sent them ({@code from: "account"}), in the order they happened.
     */
    private Publisher<Void> timeline(HttpServerRequest request, HttpServerResponse response) {
        String userId = SimulatorHttp.query(request, "userId");
        String tenantId = SimulatorHttp.query(request, "tenantId");
        long after = SimulatorHttp.parseLong(SimulatorHttp.query(request, "after"));
        List<ObjectNode> entries = new ArrayList<>();
        if (userId != null) {
            synchronized (lock) {
                said.stream().filter(s -> s.userId().equals(userId) && s.sequence() > after
                                && (tenantId == null || s.tenantId().equals(tenantId)))
                        .forEach(s -> {
                            ObjectNode entry = LineHttp.JSON.createObjectNode().put("sequence", s.sequence()).put("from", "resident")
                                    .put("at", s.at().toString());
                            entry.set("display", s.display().deepCopy());
                            entries.add(entry);
                        });
            }
            for (JsonNode received : EmulatorInspection.timelineJson(emulator.timeline(userId), after)) {
                ObjectNode entry = ((ObjectNode) received).put("from", "account");
                entry.remove("requestId");
                entries.add(entry);
            }
        }
        entries.sort(Comparator.comparingLong(e -> e.get("sequence").asLong()));
        ArrayNode array = LineHttp.JSON.createArrayNode();
        array.addAll(entries);
        return LineHttp.sendJson(response, 200, array);
    }

    /** The image a resident sent, for the page to show (the Messaging API's own content endpoint needs a token). */
    private Publisher<Void> content(HttpServerRequest request, HttpServerResponse response) {
        ResidentDirectory.Content content = emulator.residents().content(request.param("messageId"));
        if (content == null) {
            return SimulatorHttp.problem(response, 404, "画像が見つかりません。");
        }
        return response.status(200).header("Content-Type", content.contentType()).sendByteArray(Mono.just(content.bytes())).then();
    }
}
