package jp.madoguchi.platform.embedded.line;

import static jp.madoguchi.platform.embedded.line.LineHttp.JSON;
import static jp.madoguchi.platform.embedded.line.LineHttp.channelOf;
import static jp.madoguchi.platform.embedded.line.LineHttp.error;
import static jp.madoguchi.platform.embedded.line.LineHttp.sendJson;
import static jp.madoguchi.platform.embedded.line.LineHttp.unauthorized;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jp.madoguchi.platform.embedded.line.LineHttp.Answer;
import jp.madoguchi.platform.embedded.line.LineHttp.Call;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Who is on the emulated LINE: residents' profiles, who blocked the account, what residents sent (images), and the bot's own
 * profile. Answers {@code /v2/bot/info}, {@code /v2/bot/profile/{userId}} and message content.
 */
final class ResidentDirectory {

    static final String TINY_PNG =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

    /** Content a resident sent (an image from the simulator), served by message id. */
    record Content(byte[] bytes, String contentType) {
    }

    private final EmulatorIds ids;
    private final Object lock = new Object();
    private final Map<String, String> profiles = new LinkedHashMap<>();
    private final Set<String> blocked = new LinkedHashSet<>();
    private final Map<String, Content> contents = new LinkedHashMap<>();

    ResidentDirectory(EmulatorIds ids) {
        this.ids = ids;
    }

    void registerProfile(String userId, String displayName) {
        synchronized (lock) {
            profiles.put(userId, displayName);
        }
    }

    Map<String, String> profiles() {
        synchronized (lock) {
            return Map.copyOf(profiles);
        }
    }

    /** Every known resident who has not blocked the account, in the order they became known: a broadcast's audience. */
    List<String> reachable() {
        synchronized (lock) {
            return profiles.keySet().stream().filter(u -> !blocked.contains(u)).toList();
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

    /** Keeps content a resident sent and answers its message id. */
    String storeContent(byte[] bytes, String contentType) {
        String id = ids.nextMessageId();
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

    void reset() {
        synchronized (lock) {
            profiles.clear();
            blocked.clear();
            contents.clear();
        }
    }

    /** The bot's profile; the display name and basic id are derived from the channel, so two channels differ. */
    Answer botInfo(Call call) {
        String requestId = UUID.randomUUID().toString();
        String channel = channelOf(call.authorization());
        if (channel == null || call.authorization().substring(7).trim().startsWith(LineEmulator.INVALID_TOKEN_PREFIX)) {
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
    Answer profile(Call call) {
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

    /**
     * The content of a message a resident sent (api-data.line.me in production): what the simulator
     * stored under that id, else the same 1×1 PNG for any id, so tests can send image events by made-up ids.
     */
    Publisher<Void> messageContent(HttpServerRequest request, HttpServerResponse response) {
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
}
