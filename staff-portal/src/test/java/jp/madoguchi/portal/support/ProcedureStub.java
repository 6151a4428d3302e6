package jp.madoguchi.portal.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * One small HTTP server standing in for tenant-service (sign-in with JWT-shaped tokens whose
 * {@code sub} is {@code staff-<loginId>}) and procedure-service (procedures, templates, the work
 * queue), speaking their contracts. {@code admin}, {@code staff} and {@code viewer} sign in with
 * {@link StubServices#PASSWORD}. Every request is recorded; answers can be set per test.
 */
public final class ProcedureStub {

    public static final String TOWN = StubServices.TOWN;
    public static final String APP_ID = "7d4c1f0e-0000-4000-8000-000000000001";
    /** What procedure-service's CSV starts with: the UTF-8 byte order mark Excel needs. */
    public static final byte[] CSV = ("\uFEFF\"受付番号\",\"手続き\"\r\n\"2026-000001\",\"water\"\r\n").getBytes(StandardCharsets.UTF_8);

    private static final ObjectMapper JSON = new ObjectMapper();

    public final List<StubServices.Call> calls = new CopyOnWriteArrayList<>();
    public final AtomicReference<String> draft = new AtomicReference<>();
    public final AtomicReference<String> checkAnswer = new AtomicReference<>();
    public final AtomicReference<String> publishAnswer = new AtomicReference<>();
    public final AtomicReference<ObjectNode> application = new AtomicReference<>();
    /** How many more reads of the draft answer 404, as the read model does for a moment after a create. */
    public final java.util.concurrent.atomic.AtomicInteger draftMisses = new java.util.concurrent.atomic.AtomicInteger();
    private final DisposableServer server;

    public ProcedureStub() {
        reset();
        server = HttpServer.create().port(0).handle(this::handle).bindNow();
    }

    public String url() {
        return "http://localhost:" + server.port();
    }

    public void reset() {
        calls.clear();
        draftMisses.set(0);
        draft.set(WATER_DRAFT);
        checkAnswer.set("{\"ok\":true,\"problems\":[]}");
        publishAnswer.set("200 {\"procedureId\":\"water\",\"version\":1}");
        try {
            application.set((ObjectNode) JSON.readTree(APPLICATION));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public List<StubServices.Call> callsTo(String method, String uriPrefix) {
        return calls.stream().filter(c -> c.method().equals(method) && c.uri().startsWith(uriPrefix)).toList();
    }

    private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap(body -> {
            String uri = request.uri();
            String auth = request.requestHeaders().get("Authorization");
            String method = request.method().name();
            calls.add(new StubServices.Call(method, uri, auth, body));
            String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
            try {
                if (path.equals("/api/auth/login")) {
                    JsonNode json = JSON.readTree(body);
                    String login = json.path("loginId").asText();
                    if (!StubServices.PASSWORD.equals(json.path("password").asText()) || !List.of("admin", "staff", "viewer").contains(login)) {
                        return send(response, 401, "{\"detail\":\"bad credentials\"}");
                    }
                    String name = switch (login) {
                        case "admin" -> "山田 花子";
                        case "staff" -> "佐藤 一郎";
                        default -> "閲覧 太郎";
                    };
                    return send(response, 200, """
                            {"accessToken":"%s","refreshToken":"refresh-%s","expiresIn":900,"tenantId":"%s","role":"%s","displayName":"%s"}"""
                            .formatted(token(login), login, TOWN, login, name));
                }
                if (path.startsWith("/api/auth/")) {
                    return response.status(204).keepAlive(false).send().then();
                }
                if (auth == null || !auth.startsWith("Bearer ")) {
                    return send(response, 401, "{\"detail\":\"no token\"}");
                }
                String role = JSON.readTree(Base64.getUrlDecoder().decode(auth.substring(7).split("\\.")[1])).path("role").asText();
                if (!path.startsWith("/api/towns/" + TOWN)) {
                    return send(response, 403, "{\"detail\":\"another town\"}");
                }
                if (role.equals("viewer") && !method.equals("GET")) {
                    return send(response, 403, "{\"detail\":\"viewers only read\"}");
                }
                String rest = path.substring(("/api/towns/" + TOWN).length());
                return route(method, rest, body, response);
            } catch (Exception e) {
                return send(response, 500, "{\"detail\":\"stub failed: " + e + "\"}");
            }
        });
    }

    private Mono<Void> route(String method, String rest, String body, HttpServerResponse response) throws Exception {
        if (rest.isEmpty()) {
            return send(response, 200, "{\"tenantId\":\"014834\",\"name\":\"苫前町\"}");
        }
        if (rest.equals("/procedures") && method.equals("GET")) {
            return send(response, 200, """
                    [{"procedureId":"water","title":"水道の使用開始・中止","status":"PUBLISHED","latestVersion":2,"versions":[1,2],
                      "unpublishedChanges":true,"updatedAt":"2026-04-01T01:00:00Z"},
                     {"procedureId":"old-form","title":"古い申請","status":"RETIRED","latestVersion":1,"versions":[1],
                      "unpublishedChanges":false,"updatedAt":"2025-04-01T01:00:00Z"}]""");
        }
        if (rest.equals("/procedure-templates")) {
            return send(response, 200, """
                    [{"templateId":"water","title":"水道の使用開始・中止","description":"引っ越しなどで水道を使い始めるとき"},
                     {"templateId":"bulky-waste","title":"粗大ごみの収集申込み","description":"家具や自転車など"}]""");
        }
        if (rest.startsWith("/procedure-templates/") || rest.equals("/procedures") || rest.startsWith("/procedures/import")) {
            return response.status(201).header("Location", "/api/towns/" + TOWN + "/procedures/water/draft").keepAlive(false).send().then();
        }
        if (rest.equals("/procedures/water/draft")) {
            if (method.equals("PUT")) {
                draft.set(body);
                return response.status(204).keepAlive(false).send().then();
            }
            if (draftMisses.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return send(response, 404, "{\"detail\":\"procedure water not found\"}");
            }
            return send(response, 200, draft.get());
        }
        if (rest.equals("/procedures/water/check")) {
            return send(response, 200, checkAnswer.get());
        }
        if (rest.equals("/procedures/water/publish")) {
            String answer = publishAnswer.get();
            return send(response, Integer.parseInt(answer.substring(0, 3)), answer.substring(4));
        }
        if (rest.equals("/procedures/water/export")) {
            return response.status(200).header("Content-Type", "application/yaml;charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"water.yaml\"").keepAlive(false)
                    .sendByteArray(Mono.just("procedureId: water\ntitle: 水道\n".getBytes(StandardCharsets.UTF_8))).then();
        }
        if (rest.startsWith("/procedures/water/versions/")) {
            return send(response, 200, "{\"procedureId\":\"water\",\"version\":2,\"definition\":" + WATER_DRAFT + "}");
        }
        if (rest.equals("/applications")) {
            return send(response, 200, """
                    {"items":[{"applicationId":"%s","receiptNumber":"2026-000001","procedureId":"water","procedureVersion":2,
                      "status":"RECEIVED","statusLabel":"受付","channel":"LINE","submittedAt":"2026-04-01T01:00:00Z",
                      "updatedAt":"2026-04-01T01:00:00Z","assigneeId":null,"assigneeName":null}],"page":0,"size":50,"total":1}"""
                    .formatted(APP_ID));
        }
        if (rest.equals("/applications.csv")) {
            return response.status(200).header("Content-Type", "text/csv;charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"applications-014834-2026-04-01.csv\"").keepAlive(false)
                    .sendByteArray(Mono.just(CSV)).then();
        }
        if (rest.equals("/applications/" + APP_ID)) {
            return send(response, 200, application.get().toString());
        }
        if (rest.startsWith("/applications/" + APP_ID + "/")) {
            // the queue shows the change: one more history entry (and the new status)
            ObjectNode app = application.get().deepCopy();
            JsonNode json = JSON.readTree(body);
            ObjectNode entry = ((ArrayNode) app.get("history")).addObject()
                    .put("at", "2026-04-02T03:04:00Z").put("actorKind", "STAFF").put("actorId", "staff-admin").put("actorName", "山田 花子");
            if (rest.endsWith("/status")) {
                entry.put("type", "STATUS_CHANGED").put("from", app.path("status").asText()).put("to", json.path("to").asText())
                        .put("text", "受付 → 処理中");
                app.put("status", json.path("to").asText());
            } else if (rest.endsWith("/assign")) {
                entry.put("type", "ASSIGNED").put("text", "担当者を " + json.path("staffName").asText() + " にしました");
                app.put("assigneeId", json.path("staffId").asText()).put("assigneeName", json.path("staffName").asText());
            } else {
                entry.put("type", rest.endsWith("/notes") ? "NOTE" : "MESSAGE").put("text", json.path("text").asText());
            }
            application.set(app);
            return rest.endsWith("/messages") ? send(response, 202, "{\"messageId\":\"m-1\"}")
                    : response.status(204).keepAlive(false).send().then();
        }
        return send(response, 404, "{\"detail\":\"no such route in the stub: " + rest + "\"}");
    }

    private static String token(String login) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String payload = "{\"sub\":\"staff-" + login + "\",\"role\":\"" + login + "\",\"tenant\":\"" + TOWN + "\"}";
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    private static Mono<Void> send(HttpServerResponse response, int status, String body) {
        return response.status(status).keepAlive(false).header("Content-Type", "application/json")
                .sendByteArray(Mono.just(body.getBytes(StandardCharsets.UTF_8))).then();
    }

    /** A short version of the 水道 template: a choice with a branch, two dates, confirm and submit, and a fee table. */
    public static final String WATER_DRAFT = """
            {"procedureId":"water","title":"水道の使用開始・中止","description":"水道の届け出です。",
             "fees":[{"code":"meter","name":"メーター","unitFeeYen":500,"quantityField":"startDate"}],
             "firstStepId":"kind","steps":[
              {"type":"single-choice","id":"kind","field":"kind","label":"届け出の種類","prompt":"どちらの届け出ですか。",
               "options":[{"value":"start","label":"開始"},{"value":"stop","label":"中止"}],"display":"QUICK_REPLY",
               "branches":[{"whenAnswer":"stop","goTo":"stopDate"}],"next":"startDate"},
              {"type":"date","id":"startDate","field":"startDate","label":"使い始める日","prompt":"使い始める日は？","earliestDays":1,"latestDays":60,"next":"confirm"},
              {"type":"date","id":"stopDate","field":"stopDate","label":"やめる日","prompt":"やめる日は？","earliestDays":1,"latestDays":60,"next":"confirm"},
              {"type":"confirm","id":"confirm","prompt":"確かめてください。","next":"done","confirmLabel":"この内容で申し込む"},
              {"type":"submit","id":"done","prompt":"受け付けました。"}]}""";

    static final String APPLICATION = """
            {"applicationId":"%s","receiptNumber":"2026-000001","procedureId":"water","procedureVersion":2,"status":"RECEIVED",
             "statusLabel":"受付","channel":"LINE","residentId":"r-1","conversationId":"c-1","submittedAt":"2026-04-01T01:00:00Z",
             "updatedAt":"2026-04-01T01:00:00Z","closedAt":null,"assigneeId":null,"assigneeName":null,
             "answers":{"kind":"start","startDate":"2026-04-10","extra":"そのまま"},"attachments":["content-abc"],
             "history":[{"type":"SUBMITTED","at":"2026-04-01T01:00:00Z","actorKind":"SYSTEM","actorId":null,"actorName":null,
                         "text":"LINEから申請を受け付けました（受付番号 2026-000001）","from":null,"to":"RECEIVED","reason":null}]}"""
            .formatted(APP_ID);
}
