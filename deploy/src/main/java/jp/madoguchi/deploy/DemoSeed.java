package jp.madoguchi.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import jp.madoguchi.platform.embedded.StaffTokens;
import jp.madoguchi.platform.security.Role;

/**
 * The demo town 苫前町 (014834) and its fiscal-year KPI targets, created through tenant-service's
 * own API like any operator would. Safe to repeat: an existing town answers 409, targets are set again.
 */
final class DemoSeed {

    static final String TOWN = "014834";

    /** Fiscal year → friends, broadcasts, applications, satisfaction. */
    static final Map<Integer, String> TARGETS = Map.of(
            2023, "{\"friends\":200,\"broadcasts\":60,\"applications\":100,\"satisfaction\":2.8}",
            2024, "{\"friends\":500,\"broadcasts\":180,\"applications\":250,\"satisfaction\":3.5}",
            2025, "{\"friends\":1000,\"broadcasts\":240,\"applications\":500,\"satisfaction\":4.2}");

    private DemoSeed() {
    }

    static void seed(URI tenantService, StaffTokens tokens) {
        String operator = "Bearer " + tokens.operator();
        String admin = "Bearer " + tokens.town(TOWN, Role.ADMIN);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        int onboarded = send(http, HttpRequest.newBuilder(tenantService.resolve("/api/operator/towns")).header("Authorization", operator)
                .POST(HttpRequest.BodyPublishers.ofString("{\"tenantId\":\"" + TOWN + "\",\"name\":\"苫前町\",\"nameKana\":\"とままえちょう\","
                        + "\"prefecture\":\"北海道\",\"population\":2800}")));
        if (onboarded != 201 && onboarded != 409) {
            throw new IllegalStateException("seeding the demo town failed: HTTP " + onboarded);
        }
        TARGETS.forEach((year, body) -> {
            int status = send(http, HttpRequest.newBuilder(tenantService.resolve("/api/towns/" + TOWN + "/kpi-targets/" + year)).header("Authorization", admin)
                    .PUT(HttpRequest.BodyPublishers.ofString(body)));
            if (status / 100 != 2) {
                throw new IllegalStateException("seeding FY" + year + " targets failed: HTTP " + status);
            }
        });
    }

    private static int send(HttpClient http, HttpRequest.Builder request) {
        try {
            return http.send(request.header("Content-Type", "application/json").timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException("tenant-service unreachable while seeding", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
