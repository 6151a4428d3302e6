package jp.madoguchi.portal.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * One small HTTP server standing in for tenant-service and analytics-service, speaking their
 * contracts. Logins: {@code admin}/{@code viewer}/{@code expiring} sign in with password
 * {@code correct-horse}; {@code locked} is locked; {@code operator} signs in without a town; anything else is wrong.
 * Every request is recorded.
 */
public final class StubServices {

    public static final String TOWN = "014834";
    public static final String PASSWORD = "correct-horse";

    /** What a request looked like when it reached a service. */
    public record Call(String method, String uri, String authorization, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public final AtomicBoolean analyticsDown = new AtomicBoolean();
    /** Access tokens analytics answers 401 to (as if they had expired early). */
    public final List<String> rejectedTokens = new CopyOnWriteArrayList<>();
    public final AtomicReference<String> kpis = new AtomicReference<>("""
            {"tenantId":"014834","fiscalYear":2026,
             "friends":{"actual":3,"target":1000},
             "broadcasts":{"actual":0,"target":240},
             "applications":{"actual":125},
             "satisfaction":{"actual":null,"target":4.2}}""");
    /** analytics-service's KPI page answers ({@code /kpis/years}, {@code /kpis/details}, {@code /kpis/comments}). */
    public final AtomicReference<String> kpiYears = new AtomicReference<>();
    public final AtomicReference<String> kpiDetails = new AtomicReference<>();
    public final AtomicReference<String> kpiComments = new AtomicReference<>();
    /** What analytics-service writes as the grant's CSV: UTF-8 with the byte order mark Excel needs. */
    public static final byte[] GRANT_CSV = "\uFEFF\"指標\",\"2023年度 目標\"\r\n\"友だち登録者数\",\"1000\"\r\n"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    /** The operators' views: analytics-service's activity per town and the parked events of every service asked. */
    public final AtomicReference<String> townActivity = new AtomicReference<>();
    public final AtomicReference<String> parkedEvents = new AtomicReference<>();
    private final AtomicInteger issued = new AtomicInteger();
    private final DisposableServer server;

    private static final StubServices INSTANCE = new StubServices();

    public static StubServices get() {
        return INSTANCE;
    }

    private StubServices() {
        server = HttpServer.create().port(0).handle(this::handle).bindNow();
    }

    public String url() {
        return "http://localhost:" + server.port();
    }

    public List<Call> callsTo(String uriPrefix) {
        return calls.stream().filter(c -> c.uri().startsWith(uriPrefix)).toList();
    }

    /** A token value unlike any other text, so a test can look for it in rendered pages. */
    public static String accessToken(int n) {
        return "ACCESS-TOKEN-SHOULD-NEVER-LEAK-" + n;
    }

    public static String refreshToken(int n) {
        return "REFRESH-TOKEN-SHOULD-NEVER-LEAK-" + n;
    }

    private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        return request.receive().aggregate().asString().defaultIfEmpty("").flatMap(body -> {
            String uri = request.uri();
            String auth = request.requestHeaders().get("Authorization");
            calls.add(new Call(request.method().name(), uri, auth, body));
            String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
            String method = request.method().name();
            try {
                if (path.equals("/api/auth/login")) {
                    return login(JSON.readTree(body), response);
                }
                if (path.equals("/api/auth/refresh")) {
                    JsonNode json = JSON.readTree(body);
                    String token = json.path("refreshToken").asText();
                    if (!token.startsWith("REFRESH-TOKEN")) {
                        return status(response, 401, "{\"detail\":\"refresh token unknown\"}");
                    }
                    return tokens(response, "admin", "山田 花子", 900);
                }
                if (path.equals("/api/auth/logout")) {
                    return response.status(204).keepAlive(false).send().then();
                }
                if (path.startsWith("/api/auth/invitations/")) {
                    JsonNode json = JSON.readTree(body);
                    if (path.contains("/unknown-code/")) {
                        return status(response, 404, "{\"detail\":\"invitation not found\"}");
                    }
                    return json.path("password").asText().length() >= 12 ? response.status(204).keepAlive(false).send().then()
                            : status(response, 400, "{\"detail\":\"password must be at least 12 characters\"}");
                }
                // Everything else needs a token this stub issued, for this town.
                if (auth == null || !auth.startsWith("Bearer ACCESS-TOKEN")) {
                    return status(response, 401, "{\"detail\":\"no token\"}");
                }
                if (rejectedTokens.contains(auth.substring(7))) {
                    return status(response, 401, "{\"detail\":\"token expired\"}");
                }
                boolean viewer = auth.contains("-viewer");
                if (path.startsWith("/api/operator/")) {
                    return operator(path, auth.contains("-operator"), response);
                }
                if (path.startsWith("/api/towns/") && !path.startsWith("/api/towns/" + TOWN)) {
                    return status(response, 403, "{\"detail\":\"another town\"}");
                }
                if (path.equals("/api/towns/" + TOWN + "/kpis")) {
                    return analyticsDown.get() ? status(response, 503, "{}") : json(response, kpis.get());
                }
                if (path.startsWith("/api/towns/" + TOWN + "/kpis/")) {
                    return kpiPage(path, response);
                }
                if (path.equals("/api/towns/" + TOWN + "/procedures")) {
                    return json(response, "[{\"procedureId\":\"water-start\",\"title\":\"水道の使用開始\"}]");
                }
                if (viewer && !method.equals("GET")) {
                    return status(response, 403, "{\"detail\":\"viewers only read\"}");
                }
                if (path.equals("/api/towns/" + TOWN + "/staff")) {
                    return viewer ? status(response, 403, "{\"detail\":\"admins only\"}") : json(response, """
                            [{"staffId":"s-1","loginId":"admin","displayName":"山田 花子","role":"admin","status":"ACTIVE"},
                             {"staffId":"s-2","loginId":"sato","displayName":"佐藤 一郎","role":"staff","status":"INVITED"}]""");
                }
                if (path.equals("/api/towns/" + TOWN + "/staff/invitations")) {
                    return status(response, 201, "{\"staffId\":\"s-3\",\"invitationCode\":\"INVITE-CODE-12345\"}");
                }
                if (path.equals("/api/towns/" + TOWN) && method.equals("GET")) {
                    return json(response, """
                            {"tenantId":"014834","name":"苫前町","nameKana":"とままえちょう","prefecture":"北海道","population":2800,
                             "status":"ACTIVE","kpiTargets":[{"fiscalYear":2025,"friends":1000,"broadcasts":240,"applications":500,"satisfaction":4.2}],
                             "districts":[{"code":"01","name":"古丹別"}],"features":["applications"],
                             "lineChannel":{"channelId":"1650000000","fingerprint":"fp-1234abcd","configuredAt":"2026-04-01T01:00:00Z"}}""");
                }
                if (path.startsWith("/api/towns/" + TOWN + "/")) {
                    return response.status(204).keepAlive(false).send().then();
                }
                return status(response, 404, "{\"detail\":\"no such route in the stub\"}");
            } catch (Exception e) {
                return status(response, 500, "{}");
            }
        });
    }

    private Mono<Void> kpiPage(String path, HttpServerResponse response) {
        if (analyticsDown.get()) {
            return status(response, 503, "{}");
        }
        return switch (path.substring(("/api/towns/" + TOWN + "/kpis/").length())) {
            case "years" -> json(response, kpiYears.get());
            case "details" -> json(response, kpiDetails.get());
            case "comments" -> json(response, kpiComments.get());
            case "grant.csv" -> response.status(200).keepAlive(false).header("Content-Type", "text/csv;charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"kpi.csv\"").sendByteArray(Mono.just(GRANT_CSV)).then();
            default -> status(response, 404, "{\"detail\":\"no such route in the stub\"}");
        };
    }

    private Mono<Void> operator(String path, boolean operator, HttpServerResponse response) {
        if (!operator) {
            return status(response, 403, "{\"detail\":\"operators only\"}");
        }
        return switch (path) {
            case "/api/operator/towns" -> json(response, """
                    [{"tenantId":"014834","name":"苫前町","prefecture":"北海道","status":"ACTIVE"},
                     {"tenantId":"014842","name":"羽幌町","prefecture":"北海道","status":"SUSPENDED"}]""");
            case "/api/operator/kpis/towns" -> analyticsDown.get() ? status(response, 503, "{}") : json(response, townActivity.get());
            case "/api/operator/parked-events" -> json(response, parkedEvents.get());
            default -> status(response, 404, "{\"detail\":\"no such route in the stub\"}");
        };
    }

    private Mono<Void> login(JsonNode body, HttpServerResponse response) {
        String loginId = body.path("loginId").asText();
        String password = body.path("password").asText();
        if (loginId.equals("locked")) {
            return status(response, 423, "{\"detail\":\"locked\"}");
        }
        if (loginId.equals("operator") && PASSWORD.equals(password) && body.path("tenantId").isMissingNode()) {
            return json(response, """
                    {"accessToken":"%s-operator","refreshToken":"%s","expiresIn":900,"role":"operator","displayName":"運営 一郎"}"""
                    .formatted(accessToken(issued.incrementAndGet()), refreshToken(issued.get())));
        }
        if (!PASSWORD.equals(password) || !TOWN.equals(body.path("tenantId").asText(TOWN))) {
            return status(response, 401, "{\"detail\":\"bad credentials\"}");
        }
        return switch (loginId) {
            case "admin" -> tokens(response, "admin", "山田 花子", 900);
            case "viewer" -> tokens(response, "viewer", "閲覧 太郎", 900);
            case "expiring" -> tokens(response, "admin", "山田 花子", 0);
            default -> status(response, 401, "{\"detail\":\"bad credentials\"}");
        };
    }

    private Mono<Void> tokens(HttpServerResponse response, String role, String name, long expiresIn) {
        int n = issued.incrementAndGet();
        String access = accessToken(n) + (role.equals("viewer") ? "-viewer" : "");
        return json(response, """
                {"accessToken":"%s","refreshToken":"%s","expiresIn":%d,"tenantId":"014834","role":"%s","displayName":"%s"}"""
                .formatted(access, refreshToken(n), expiresIn, role, name));
    }

    private static Mono<Void> json(HttpServerResponse response, String body) {
        return status(response, 200, body);
    }

    private static Mono<Void> status(HttpServerResponse response, int status, String body) {
        // No keep-alive: a test's changes to the stub take effect on the very next request.
        return response.status(status).keepAlive(false).header("Content-Type", "application/json").sendString(Mono.just(body)).then();
    }
}
