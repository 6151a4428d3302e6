package jp.madoguchi.notification.broadcast;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.model.Message;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.madoguchi.notification.audience.ResidentIndex;
import jp.madoguchi.notification.audience.SavedSegments;
import jp.madoguchi.notification.audience.Segment;
import jp.madoguchi.notification.audience.SegmentJson;
import jp.madoguchi.notification.broadcast.BroadcastMessages.ApproveBroadcast;
import jp.madoguchi.notification.broadcast.BroadcastMessages.Audience;
import jp.madoguchi.notification.broadcast.BroadcastMessages.CancelBroadcast;
import jp.madoguchi.notification.broadcast.BroadcastMessages.DraftBroadcast;
import jp.madoguchi.notification.broadcast.BroadcastMessages.ScheduleBroadcast;
import jp.madoguchi.notification.channel.TownLines;
import jp.madoguchi.platform.messaging.ReactiveCommands;
import jp.madoguchi.platform.security.ApiProblems;
import jp.madoguchi.platform.security.StaffPrincipal;
import jp.madoguchi.platform.tenancy.TenantId;
import org.bson.Document;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Broadcasts for the town's staff (viewers may only read): draft, preview with the audience's live size and the
 * month's LINE quota, approve (a second staff member, when the town asks for it), send now or at a time, cancel
 * before sending starts; {@code GET …/{id}} shows progress while it is sent.
 */
@RestController
class BroadcastController {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVERYONE = "{\"everyone\":true}";

    private final ReactiveCommands commands;
    private final BroadcastBoard board;
    private final BroadcastSettings settings;
    private final SavedSegments segments;
    private final ResidentIndex index;
    private final TownLines lines;
    private final Clock clock;

    BroadcastController(ReactiveCommands commands, BroadcastBoard board, BroadcastSettings settings, SavedSegments segments,
                        ResidentIndex index, TownLines lines, Clock broadcastClock) {
        this.commands = commands;
        this.board = board;
        this.settings = settings;
        this.segments = segments;
        this.index = index;
        this.lines = lines;
        this.clock = broadcastClock;
    }

    @PostMapping("/api/towns/{tenantId}/broadcasts")
    Mono<ResponseEntity<Map<String, Object>>> draft(TenantId tenant, @RequestBody JsonNode body, @AuthenticationPrincipal Jwt jwt) {
        String title = body.path("title").asText("").strip();
        BroadcastContent content = new BroadcastContent(body.path("text").asText(""), text(body, "imageUrl"), text(body, "procedureId"),
                text(body, "buttonLabel"));
        List<String> problems = new java.util.ArrayList<>(content.problems());
        if (title.isEmpty() || title.length() > 60) {
            problems.add(0, "title: 件名を1〜60文字で入力してください（職員向け。通知の見出しにも使います）。");
        }
        if (!problems.isEmpty()) {
            throw ApiProblems.invalid("Invalid broadcast", problems);
        }
        String id = UUID.randomUUID().toString();
        String by = StaffPrincipal.from(jwt).subject();
        return audience(tenant, body.path("audience"))
                .zipWith(settings.approvalRequired(tenant))
                .flatMap(a -> commands.send(tenant, new DraftBroadcast(id, tenant.code(), title, content, a.getT1(), a.getT2(), by, clock.instant())))
                // read-your-writes for staff: answer once the board shows the draft (the page opened next reads it), at most ~10 s
                .then(board.find(tenant, id).repeatWhenEmpty(100, again -> again.delayElements(java.time.Duration.ofMillis(100))).then())
                .thenReturn(ResponseEntity.status(HttpStatus.CREATED).body(Map.<String, Object>of("id", id)));
    }

    @GetMapping("/api/towns/{tenantId}/broadcasts")
    Flux<Map<String, Object>> recent(TenantId tenant) {
        return board.recent(tenant, 100).concatMap(d -> view(tenant, d));
    }

    @GetMapping("/api/towns/{tenantId}/broadcasts/{id}")
    Mono<Map<String, Object>> one(TenantId tenant, @PathVariable String id) {
        return found(tenant, id).flatMap(d -> view(tenant, d));
    }

    /** The LINE messages exactly as they will be sent, the audience's size now and the month's quota. */
    @GetMapping("/api/towns/{tenantId}/broadcasts/{id}/preview")
    Mono<Map<String, Object>> preview(TenantId tenant, @PathVariable String id) {
        return found(tenant, id).flatMap(d -> Mono.zip(audienceCount(tenant, d), quota(tenant)).map(t -> {
            Map<String, Object> preview = new LinkedHashMap<>();
            preview.put("messages", asSent(LineBroadcastMessages.of(d.getString("title"), BroadcastViews.content(d))));
            preview.put("audienceCount", t.getT1());
            preview.put("quota", t.getT2());
            return preview;
        }));
    }

    /** Written as List&lt;Message&gt;, like the SDK sends them: only the declared type makes Jackson write each message's "type". */
    private static JsonNode asSent(List<Message> messages) {
        try {
            return JSON.readTree(JSON.writerFor(new TypeReference<List<Message>>() { }).writeValueAsBytes(messages));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("LINE messages could not be written", e);
        }
    }

    @PostMapping("/api/towns/{tenantId}/broadcasts/{id}/approve")
    Mono<Map<String, Object>> approve(TenantId tenant, @PathVariable String id, @AuthenticationPrincipal Jwt jwt) {
        return found(tenant, id)
                .flatMap(d -> commands.send(tenant, new ApproveBroadcast(id, StaffPrincipal.from(jwt).subject(), clock.instant())))
                .onErrorMap(BroadcastRefused.class, BroadcastController::conflict)
                .then(Mono.just(Map.of("id", id, "approved", true)));
    }

    /** Sends now, or at {@code sendAt} (ISO-8601); refused when the audience is larger than what is left of the month's quota. */
    @PostMapping("/api/towns/{tenantId}/broadcasts/{id}/send")
    Mono<Map<String, Object>> send(TenantId tenant, @PathVariable String id, @RequestBody(required = false) JsonNode body,
                                   @AuthenticationPrincipal Jwt jwt) {
        Instant sendAt = sendAt(body);
        return found(tenant, id).flatMap(d -> Mono.zip(audienceCount(tenant, d), quota(tenant))).flatMap(t -> {
            int audience = t.getT1();
            Object remaining = t.getT2().get("remaining");
            if (remaining instanceof Long left && audience > left) {
                return Mono.error(ApiProblems.of(HttpStatus.CONFLICT, "Over the monthly quota",
                        "送信先 " + audience + " 人は、今月の残りの送信可能数 " + left + " 通を超えます。対象を絞るか、来月に送信してください。"));
            }
            return commands.send(tenant, new ScheduleBroadcast(id, sendAt, StaffPrincipal.from(jwt).subject(), clock.instant()))
                    .onErrorMap(BroadcastRefused.class, BroadcastController::conflict)
                    .then(Mono.just(Map.<String, Object>of("id", id, "audienceCount", audience, "sendAt", sendAt == null ? clock.instant() : sendAt)));
        });
    }

    @PostMapping("/api/towns/{tenantId}/broadcasts/{id}/cancel")
    Mono<Map<String, Object>> cancel(TenantId tenant, @PathVariable String id, @AuthenticationPrincipal Jwt jwt) {
        return found(tenant, id)
                .flatMap(d -> commands.send(tenant, new CancelBroadcast(id, StaffPrincipal.from(jwt).subject(), clock.instant())))
                .onErrorMap(BroadcastRefused.class, BroadcastController::conflict)
                .then(Mono.just(Map.of("id", id, "cancelled", true)));
    }

    /** This month's LINE message quota of the town's channel: what staff check before sending. */
    @GetMapping("/api/towns/{tenantId}/broadcasts/quota")
    Mono<Map<String, Object>> quotaOf(TenantId tenant) {
        return quota(tenant);
    }

    @GetMapping("/api/towns/{tenantId}/broadcast-settings")
    Mono<Map<String, Object>> settings(TenantId tenant) {
        return settings.approvalRequired(tenant).map(r -> Map.of("approvalRequired", r));
    }

    @PutMapping("/api/towns/{tenantId}/broadcast-settings")
    @PreAuthorize("hasRole('ADMIN')")
    Mono<Map<String, Object>> setSettings(TenantId tenant, @RequestBody JsonNode body) {
        if (!body.path("approvalRequired").isBoolean()) {
            throw ApiProblems.invalid("Invalid settings", List.of("approvalRequired: true（承認が必要）または false を指定してください。"));
        }
        return settings.setApprovalRequired(tenant, body.get("approvalRequired").asBoolean()).map(r -> Map.of("approvalRequired", r));
    }

    private Mono<Audience> audience(TenantId tenant, JsonNode audience) {
        if (audience.hasNonNull("segmentId")) {
            String segmentId = audience.get("segmentId").asText();
            return segments.find(tenant, segmentId)
                    .map(s -> new Audience(SegmentJson.write(s.definition()).toString(), s.name()))
                    .switchIfEmpty(Mono.error(() -> ApiProblems.invalid("Invalid broadcast",
                            List.of("audience.segmentId: 保存された対象「" + segmentId + "」がありません。"))));
        }
        if (audience.hasNonNull("definition")) {
            try {
                Segment segment = SegmentJson.read(audience.get("definition"));
                return Mono.just(new Audience(SegmentJson.write(segment).toString(), "条件で指定した友だち"));
            } catch (SegmentJson.InvalidSegmentException e) {
                return Mono.error(ApiProblems.invalid("Invalid broadcast", List.of("audience.definition" + e.getMessage().replaceFirst("^\\$", ""))));
            }
        }
        return Mono.just(new Audience(EVERYONE, "すべての友だち"));
    }

    private Mono<Integer> audienceCount(TenantId tenant, Document broadcast) {
        return index.count(tenant, BroadcastViews.audience(broadcast));
    }

    /** {@code limited}, {@code limit}, {@code used} and {@code remaining}, or {@code available=false} while the town has no channel. */
    private Mono<Map<String, Object>> quota(TenantId tenant) {
        return lines.client(tenant).flatMap(client -> client.isEmpty()
                ? Mono.just(Map.<String, Object>of("available", false))
                : quota(client.get()));
    }

    private static Mono<Map<String, Object>> quota(MessagingApiClient client) {
        return Mono.fromFuture(client.getMessageQuota()).zipWith(Mono.fromFuture(client.getMessageQuotaConsumption())).map(t -> {
            Map<String, Object> quota = new LinkedHashMap<>();
            quota.put("available", true);
            long used = t.getT2().body().totalUsage();
            quota.put("used", used);
            boolean limited = t.getT1().body().type() == com.linecorp.bot.messaging.model.QuotaType.LIMITED;
            quota.put("limited", limited);
            if (limited) {
                quota.put("limit", t.getT1().body().value());
                quota.put("remaining", Math.max(0L, t.getT1().body().value() - used));
            }
            return quota;
        });
    }

    /** The broadcast as staff see it; while it may still be sent, with its audience's size now. */
    private Mono<Map<String, Object>> view(TenantId tenant, Document d) {
        Map<String, Object> view = BroadcastViews.view(d);
        String status = d.getString("status");
        if (!"DRAFT".equals(status) && !"SCHEDULED".equals(status)) {
            return Mono.just(view);
        }
        return audienceCount(tenant, d).map(count -> {
            view.put("audienceCount", count);
            return view;
        });
    }

    private Mono<Document> found(TenantId tenant, String id) {
        return board.find(tenant, id).switchIfEmpty(Mono.error(() -> ApiProblems.of(HttpStatus.NOT_FOUND, "No such broadcast",
                "この町にお知らせ「" + id + "」はありません。一覧は GET …/broadcasts で確認できます。")));
    }

    private static Instant sendAt(JsonNode body) {
        if (body == null || !body.hasNonNull("sendAt")) {
            return null;
        }
        try {
            return Instant.parse(body.get("sendAt").asText());
        } catch (DateTimeParseException e) {
            throw ApiProblems.invalid("Invalid send time", List.of("sendAt: 日時は 2026-12-24T09:00:00+09:00 の形で指定してください。"));
        }
    }

    private static String text(JsonNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).asText() : null;
    }

    private static Throwable conflict(BroadcastRefused e) {
        return ApiProblems.of(HttpStatus.CONFLICT, "Not possible now", e.getMessage());
    }
}
