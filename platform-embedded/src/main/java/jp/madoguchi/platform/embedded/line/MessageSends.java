package jp.madoguchi.platform.embedded.line;

import static jp.madoguchi.platform.embedded.line.LineEmulator.MULTICAST;
import static jp.madoguchi.platform.embedded.line.LineEmulator.NARROWCAST;
import static jp.madoguchi.platform.embedded.line.LineEmulator.PUSH;
import static jp.madoguchi.platform.embedded.line.LineEmulator.REPLY;
import static jp.madoguchi.platform.embedded.line.LineHttp.JSON;
import static jp.madoguchi.platform.embedded.line.LineHttp.channelOf;
import static jp.madoguchi.platform.embedded.line.LineHttp.error;
import static jp.madoguchi.platform.embedded.line.LineHttp.list;
import static jp.madoguchi.platform.embedded.line.LineHttp.unauthorized;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.madoguchi.platform.embedded.line.LineEmulator.Delivery;
import jp.madoguchi.platform.embedded.line.LineEmulator.Narrowcast;
import jp.madoguchi.platform.embedded.line.LineEmulator.Received;
import jp.madoguchi.platform.embedded.line.LineHttp.Answer;
import jp.madoguchi.platform.embedded.line.LineHttp.Call;
import jp.madoguchi.platform.embedded.line.LineRequestChecks.Problem;

/**
 * Reply, push, multicast, broadcast and narrowcast as LINE accepts them: single-use reply tokens, retry keys per channel
 * (an accepted key is never sent again), limits checked by {@link LineRequestChecks}; records what each resident received.
 */
final class MessageSends {

    /** Types LINE returns a quote token for. */
    private static final Set<String> QUOTABLE_TYPES = Set.of("text", "textV2", "sticker", "image", "video");
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private record Accepted(String requestId, ArrayNode sentMessages) {
    }

    private final EmulatorIds ids;
    private final ResidentDirectory residents;
    private final FaultInjection faults;
    private final SendLimits limits;
    private final Object lock = new Object();
    // All guarded by lock: a retry-key check and its recording must be one step.
    private final List<Delivery> deliveries = new ArrayList<>();
    private final Map<String, List<Received>> timelines = new LinkedHashMap<>();
    private final Map<String, String> replyTokenUsers = new LinkedHashMap<>();
    private final Map<String, Accepted> acceptedRetryKeys = new LinkedHashMap<>();
    private final Map<String, Narrowcast> narrowcasts = new LinkedHashMap<>();

    MessageSends(EmulatorIds ids, ResidentDirectory residents, FaultInjection faults, SendLimits limits) {
        this.ids = ids;
        this.residents = residents;
        this.faults = faults;
        this.limits = limits;
    }

    String issueReplyToken(String userId) {
        String token = ids.randomHex(16);
        synchronized (lock) {
            replyTokenUsers.put(token, userId);
        }
        return token;
    }

    List<Delivery> deliveries() {
        synchronized (lock) {
            return List.copyOf(deliveries);
        }
    }

    List<Delivery> deliveriesTo(String userId) {
        synchronized (lock) {
            return deliveries.stream().filter(d -> d.userId().equals(userId)).toList();
        }
    }

    List<Received> timeline(String userId) {
        synchronized (lock) {
            return List.copyOf(timelines.getOrDefault(userId, List.of()));
        }
    }

    List<Narrowcast> narrowcasts() {
        synchronized (lock) {
            return List.copyOf(narrowcasts.values());
        }
    }

    void reset() {
        synchronized (lock) {
            deliveries.clear();
            timelines.clear();
            replyTokenUsers.clear();
            acceptedRetryKeys.clear();
            narrowcasts.clear();
        }
    }

    Answer send(Call call, String kind) {
        String requestId = UUID.randomUUID().toString();
        String channel = channelOf(call.authorization());
        if (channel == null) {
            return unauthorized(call.authorization(), requestId);
        }
        Answer fault = faults.next(requestId);
        if (fault != null) {
            return fault;
        }
        String retryKey = kind.equals(REPLY) ? null : call.retryKey();
        if (retryKey != null && !CANONICAL_UUID.matcher(retryKey).matches()) {
            return Answer.of(400, requestId, error("The value for the 'X-Line-Retry-Key' header is invalid", List.of()));
        }
        JsonNode body = LineHttp.parseObject(call.body());
        if (body == null) {
            return LineHttp.notAnObject(requestId);
        }
        List<Problem> problems = switch (kind) {
            case REPLY -> LineRequestChecks.singleRecipient(body, "replyToken");
            case PUSH -> LineRequestChecks.singleRecipient(body, "to");
            case MULTICAST -> LineRequestChecks.multicast(body);
            case LineEmulator.BROADCAST -> LineRequestChecks.toMany(body, false);
            default -> LineRequestChecks.toMany(body, true);
        };
        if (!problems.isEmpty()) {
            return LineHttp.invalid(requestId, problems);
        }
        List<JsonNode> messages = list(body.get("messages"));
        boolean silent = body.path("notificationDisabled").asBoolean(false);
        int recipientCount = switch (kind) {
            case REPLY, PUSH -> 1;
            case MULTICAST -> (int) list(body.get("to")).stream().map(JsonNode::asText).distinct().count();
            default -> residents.reachable().size();
        };
        synchronized (lock) {
            Answer limited = limits.admit(channel, kind, recipientCount, requestId);
            if (limited != null) {
                return limited;
            }
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
                default -> recipients = residents.reachable();
            }
            Instant now = Instant.now();
            for (String userId : recipients) {
                deliveries.add(new Delivery(kind, requestId, channel, userId, messages, silent, retryKey, now,
                        kind.equals(REPLY) ? body.get("replyToken").asText() : null));
                List<Received> timeline = timelines.computeIfAbsent(userId, u -> new ArrayList<>());
                messages.forEach(m -> timeline.add(new Received(ids.nextSequence(), kind, requestId, channel, m, now)));
            }
            limits.count(channel, kind, recipients.size());
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

    /** {@code GET /v2/bot/message/quota}: LINE's {@code "type": "none"} unless a test set a target limit. */
    Answer quota(Call call) {
        String requestId = UUID.randomUUID().toString();
        String channel = channelOf(call.authorization());
        if (channel == null) {
            return unauthorized(call.authorization(), requestId);
        }
        Long limit = limits.quota(channel);
        ObjectNode body = JSON.createObjectNode().put("type", limit == null ? "none" : "limited");
        if (limit != null) {
            body.put("value", limit);
        }
        return Answer.of(200, requestId, body);
    }

    /** {@code GET /v2/bot/message/quota/consumption}: recipients of this month's pushes, multicasts, broadcasts and narrowcasts. */
    Answer quotaConsumption(Call call) {
        String requestId = UUID.randomUUID().toString();
        String channel = channelOf(call.authorization());
        if (channel == null) {
            return unauthorized(call.authorization(), requestId);
        }
        return Answer.of(200, requestId, JSON.createObjectNode().put("totalUsage", limits.usedThisMonth(channel)));
    }

    /** Every narrowcast the emulator accepted has already been sent: {@code succeeded}. */
    Answer narrowcastProgress(Call call) {
        String requestId = UUID.randomUUID().toString();
        String channel = channelOf(call.authorization());
        if (channel == null) {
            return unauthorized(call.authorization(), requestId);
        }
        List<String> requested = new QueryStringDecoder(call.request().uri()).parameters().get("requestId");
        Narrowcast narrowcast;
        synchronized (lock) {
            narrowcast = requested == null || requested.isEmpty() ? null : narrowcasts.get(requested.get(0));
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

    private ArrayNode sentMessages(List<JsonNode> messages) {
        ArrayNode sent = JSON.createArrayNode();
        for (JsonNode message : messages) {
            ObjectNode entry = sent.addObject().put("id", ids.nextMessageId());
            if (QUOTABLE_TYPES.contains(message.path("type").asText())) {
                entry.put("quoteToken", ids.quoteToken());
            }
        }
        return sent;
    }
}
