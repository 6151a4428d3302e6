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
 * 苫前町's fiscal-year KPI targets, created through tenant-service's own API the way people would: the
 * operator logs in and onboards, each admin accepts their invitation and configures the channel,
 * 苫前町's admin sets the targets. Safe to repeat: an
 * onboarded town answers 409 and its admin already logs in; targets are set again.
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

    static void seed(URI tenantService) {
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
        TARGETS.forEach((year, body) -> {
            int status = send(http, HttpRequest.newBuilder(tenantService.resolve("/api/towns/" + TOWN + "/kpi-targets/" + year))
                    .header("Authorization", "Bearer " + tomamaeAdmin).PUT(HttpRequest.BodyPublishers.ofString(body))).statusCode();
            if (status / 100 != 2) {
                throw new IllegalStateException("seeding FY" + year + " targets failed: HTTP " + status);
            }
        });
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
            throw new IllegalStateException("tenant-service unreachable while seeding", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
