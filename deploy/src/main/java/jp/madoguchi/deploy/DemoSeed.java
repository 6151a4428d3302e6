package jp.madoguchi.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jp.madoguchi.platform.embedded.line.LineEmulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo towns 苫前町 (014834) and 羽幌町 (014842), each with an admin and a demo LINE channel, and
 * 苫前町's fiscal-year KPI targets and its built-in procedures, created through the services' own APIs the way
 * people would: the operator logs in and onboards, each admin accepts their invitation and configures the
 * channel, 苫前町's admin defines the resources its reservation templates book (a hall, a vaccination clinic),
 * publishes the built-in templates and sets the targets. Safe to repeat: an
 * onboarded town answers 409 and its admin already logs in; a template published before is left alone;
 * targets are set again.
 * The passwords are demo passwords for the local launcher only.
 */
final class DemoSeed {

    private static final Logger log = LoggerFactory.getLogger(DemoSeed.class);

    static final String TOWN = "014834";
    static final String HABORO = "014842";
    static final String OPERATOR_LOGIN_ID = "operator";
    static final String OPERATOR_PASSWORD = "madoguchi-operator-demo";
    static final String ADMIN_LOGIN_ID = "admin";

    /** A demo town and its first admin's demo password. */
    record DemoTown(String tenantId, String name, String nameKana, String prefecture, long population, String adminName, String adminPassword) {
    }

    static final List<DemoTown> TOWNS = List.of(
            new DemoTown(TOWN, "苫前町", "とままえちょう", "北海道", 2800, "苫前町 管理者", "tomamae-admin-demo"),
            new DemoTown(HABORO, "羽幌町", "はぼろちょう", "北海道", 6500, "羽幌町 管理者", "haboro-admin-demo"));

    /** Fiscal year → friends, broadcasts, applications, satisfaction (苫前町). */
    static final Map<Integer, String> TARGETS = Map.of(
            2023, "{\"friends\":200,\"broadcasts\":60,\"applications\":100,\"satisfaction\":2.8}",
            2024, "{\"friends\":500,\"broadcasts\":180,\"applications\":250,\"satisfaction\":3.5}",
            2025, "{\"friends\":1000,\"broadcasts\":240,\"applications\":500,\"satisfaction\":4.2}");

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoSeed() {
    }

    /** The resources 苫前町's 施設予約 and 予防接種 templates book: id → {name, schedule} as conversation-service takes them. */
    static final Map<String, String> RESOURCES = Map.of(
            "community-hall", """
                    {"name": "公民館 大会議室", "schedule": {"hours": [%s], "slotMinutes": 60, "capacity": 1, "closedOnHolidays": true,
                     "bookFromDays": 1, "bookUntilDays": 60, "holdMinutes": 10, "cancelCutoffHours": 24,
                     "contact": "役場 教育委員会 0164-64-2211"}}""".formatted(hours(List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY",
                    "SATURDAY"), List.of("09:00-12:00", "13:00-17:00"))),
            "vaccination-clinic", """
                    {"name": "保健センター 予防接種", "schedule": {"hours": [%s], "slotMinutes": 15, "capacity": 3, "closedOnHolidays": true,
                     "bookFromDays": 1, "bookUntilDays": 30, "holdMinutes": 10, "cancelCutoffHours": 24,
                     "contact": "保健センター 0164-64-2211"}}""".formatted(hours(List.of("TUESDAY", "THURSDAY"), List.of("13:30-16:00"))));

    static void seed(URI tenantService, URI procedureService, URI conversationService) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String operator = login(http, tenantService, null, OPERATOR_LOGIN_ID, OPERATOR_PASSWORD);
        String admin = null;
        for (DemoTown town : TOWNS) {
            onboard(http, tenantService, operator, town);
            String townAdmin = login(http, tenantService, town.tenantId(), ADMIN_LOGIN_ID, town.adminPassword());
            // each town's LINE channel, set by its own admin (the LINE emulator accepts the demo values)
            DemoChannels.configure(http, tenantService, town.tenantId(), townAdmin);
            if (town.tenantId().equals(TOWN)) {
                admin = townAdmin;
            }
        }
        String tomamaeAdmin = admin;
        RESOURCES.forEach((id, body) -> expect(send(http, authorized(conversationService.resolve("/api/towns/" + TOWN + "/resources/" + id),
                tomamaeAdmin).PUT(HttpRequest.BodyPublishers.ofString(body))), "defining the resource " + id, 204));
        publishTemplates(http, procedureService, tomamaeAdmin);
        TARGETS.forEach((year, body) -> {
            int status = send(http, HttpRequest.newBuilder(tenantService.resolve("/api/towns/" + TOWN + "/kpi-targets/" + year))
                    .header("Authorization", "Bearer " + tomamaeAdmin).PUT(HttpRequest.BodyPublishers.ofString(body))).statusCode();
            if (status / 100 != 2) {
                throw new IllegalStateException("seeding FY" + year + " targets failed: HTTP " + status);
            }
        });
    }

    /**
     * Publishes each built-in template in 苫前町 under its own id, so a newcomer opening the simulator or the web chat
     * finds a menu. Only a template never published is published: one published before (and perhaps edited since, or
     * retired by staff) is left as it is, so restarting the launcher never makes a new version.
     */
    private static void publishTemplates(HttpClient http, URI procedureService, String admin) {
        String town = "/api/towns/" + TOWN;
        Map<String, String> statuses = new java.util.HashMap<>();
        for (JsonNode p : body(send(http, authorized(procedureService.resolve(town + "/procedures"), admin).GET()), "listing procedures")) {
            statuses.put(p.path("procedureId").asText(), p.path("status").asText());
        }
        int published = 0;
        for (JsonNode t : body(send(http, authorized(procedureService.resolve(town + "/procedure-templates"), admin).GET()), "listing templates")) {
            String id = t.path("templateId").asText();
            String status = statuses.get(id);
            if (status == null) {
                // 409: it exists though the list (a read model) did not show it yet; the publish below settles it
                expect(send(http, authorized(procedureService.resolve(town + "/procedure-templates/" + id + "/use"), admin)
                        .POST(HttpRequest.BodyPublishers.noBody())), "using the template " + id, 201, 409);
            } else if (!"DRAFT".equals(status)) {
                continue;
            }
            // 409: published already, or retired: either way nothing to do
            int answered = expect(send(http, authorized(procedureService.resolve(town + "/procedures/" + id + "/publish"), admin)
                    .POST(HttpRequest.BodyPublishers.noBody())), "publishing " + id, 200, 409);
            if (answered == 200) {
                published++;
            }
        }
        log.info("event=demo-procedures-seeded tenant={} published={}", TOWN, published);
    }

    /** Opening hours as the schedule's JSON: each span ("09:00-12:00") on each day. */
    private static String hours(List<String> days, List<String> spans) {
        return days.stream().flatMap(d -> spans.stream().map(span -> "{\"day\": \"" + d + "\", \"opens\": \"" + span.substring(0, 5)
                + "\", \"closes\": \"" + span.substring(6) + "\"}")).collect(java.util.stream.Collectors.joining(", "));
    }

    private static HttpRequest.Builder authorized(URI uri, String token) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token);
    }

    private static int expect(HttpResponse<String> response, String what, int... accepted) {
        for (int status : accepted) {
            if (response.statusCode() == status) {
                return status;
            }
        }
        throw new IllegalStateException("seeding the demo procedures failed " + what + ": HTTP " + response.statusCode() + " " + response.body());
    }

    private static JsonNode body(HttpResponse<String> response, String what) {
        expect(response, what, 200);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("procedure-service answered " + what + " with unreadable JSON", e);
        }
    }

    /** Lets the LINE emulator's resident simulator send each demo town's webhooks, signed with its demo channel secret. */
    static void registerWithSimulator(LineEmulator emulator, URI conversationService) {
        for (DemoTown town : TOWNS) {
            emulator.registerTown(town.tenantId(), town.name(), "demo-channel-secret-" + town.tenantId(),
                    conversationService.resolve("/line/webhook/" + town.tenantId()).toString());
        }
    }

    private static void onboard(HttpClient http, URI tenantService, String operator, DemoTown town) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("tenantId", town.tenantId(), "name", town.name(), "nameKana", town.nameKana(),
                    "prefecture", town.prefecture(), "population", town.population(),
                    "admin", Map.of("loginId", ADMIN_LOGIN_ID, "displayName", town.adminName())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpResponse<String> onboarded = send(http, HttpRequest.newBuilder(tenantService.resolve("/api/operator/towns"))
                .header("Authorization", "Bearer " + operator).POST(HttpRequest.BodyPublishers.ofString(body)));
        if (onboarded.statusCode() == 409) {
            // onboarded on an earlier start; its admin accepted then (the login that follows checks it)
            return;
        }
        if (onboarded.statusCode() != 201) {
            throw new IllegalStateException("seeding the demo town " + town.name() + " failed: HTTP " + onboarded.statusCode() + " " + onboarded.body());
        }
        String code = field(onboarded, "adminInvitationCode");
        int accepted = send(http, HttpRequest.newBuilder(tenantService.resolve("/api/auth/invitations/" + code + "/accept"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + town.adminPassword() + "\"}"))).statusCode();
        if (accepted != 204) {
            throw new IllegalStateException("accepting the demo admin invitation of " + town.name() + " failed: HTTP " + accepted);
        }
        log.info("event=demo-town-seeded tenant={} admin={}", town.tenantId(), ADMIN_LOGIN_ID);
    }

    private static String login(HttpClient http, URI tenantService, String tenantId, String loginId, String password) {
        String body = (tenantId == null ? "{" : "{\"tenantId\":\"" + tenantId + "\",")
                + "\"loginId\":\"" + loginId + "\",\"password\":\"" + password + "\"}";
        HttpResponse<String> response = send(http, HttpRequest.newBuilder(tenantService.resolve("/api/auth/login"))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("demo login of '" + loginId + "'" + (tenantId == null ? "" : " in " + tenantId) + " failed: HTTP "
                    + response.statusCode() + " (the data directory may hold a half-seeded town from an interrupted start: start with --wipe)");
        }
        return field(response, "accessToken");
    }

    private static String field(HttpResponse<String> response, String name) {
        try {
            JsonNode value = JSON.readTree(response.body()).get(name);
            if (value == null || value.isNull()) {
                throw new IllegalStateException("tenant-service answered without " + name);
            }
            return value.asText();
        } catch (IOException e) {
            throw new IllegalStateException("tenant-service answered with unreadable JSON", e);
        }
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) {
        try {
            return http.send(request.header("Content-Type", "application/json").timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.build().uri().getAuthority() + " unreachable while seeding", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
