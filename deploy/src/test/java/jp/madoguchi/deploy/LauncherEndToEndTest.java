package jp.madoguchi.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jp.madoguchi.platform.embedded.line.LineWebhookBodies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first slice end to end through the launcher: a signed LINE follow for 苫前町 reaches the
 * friend count in analytics and the staff portal, the resident is welcomed once, and unfollow
 * takes the friend away again.
 */
class LauncherEndToEndTest {

    @TempDir
    static Path data;

    static Launcher launcher;
    static LocalPlatform local;

    @BeforeAll
    static void start() {
        int offset = LocalPlatform.randomPortOffset();
        launcher = Launcher.start(new LauncherOptions(data, false, offset));
        local = new LocalPlatform(offset, data);
    }

    @AfterAll
    static void stop() {
        if (launcher != null) {
            launcher.close();
        }
    }

    @Test
    void everyServiceIsHealthyAndExposesPrometheusMetrics() {
        for (int port : new int[] {8081, 8082, 8083, 8084, 8085}) {
            assertThat(local.get(port, "/actuator/health").body()).contains("\"UP\"");
            assertThat(local.get(port, "/actuator/prometheus").statusCode()).isEqualTo(200);
        }
        assertThat(local.get(8082, "/actuator/prometheus").body()).contains("madoguchi_line_webhook");
    }

    @Test
    void aFollowCountsOnceReachesThePortalAndAnUnfollowTakesItBack() {
        long before = local.friends();
        String user = LineWebhookBodies.newUserId();
        String eventId = LineWebhookBodies.newWebhookEventId();
        String replyToken = launcher.platform().lineEmulator().issueReplyToken(user);

        assertThat(local.postFollow(user, replyToken, eventId, false)).isEqualTo(200);
        assertThat(local.postFollow(user, replyToken, eventId, true)).isEqualTo(200); // LINE's redelivery

        await().atMost(Duration.ofSeconds(30)).until(() -> local.friends() == before + 1);
        assertThat(local.kpis(2025).path("friends").path("target").asLong()).isEqualTo(1000);
        assertThat(local.kpis(2023).path("satisfaction").path("target").asDouble()).isEqualTo(2.8);
        await().atMost(Duration.ofSeconds(10)).until(() -> launcher.platform().lineEmulator().deliveriesTo(user).size() == 1);
        assertThat(launcher.platform().lineEmulator().deliveriesTo(user).get(0).texts().get(0)).contains("友だち追加");

        assertThat(local.postUnfollow(user, LineWebhookBodies.newWebhookEventId())).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> local.friends() == before);
        // the friend count stays put: the duplicate arrived, nothing more happened
        assertThat(launcher.platform().lineEmulator().deliveriesTo(user)).hasSize(1);
    }

    /**
     * The isolation sweep: every route of every running service, from the live route tables.
     * None may be outside a town, operator or declared-public scope, and town 014842's admin is
     * refused on every one of 苫前町's town routes and every operator route, changing nothing.
     */
    @Test
    void everyRouteOfEveryServiceIsIsolatedBetweenTowns() {
        List<RouteSweep.Route> routes = IsolationSweep.allRoutes(launcher);
        assertThat(routes).extracting(RouteSweep.Route::service).contains("tenant-service", "analytics-service");
        assertThat(routes).filteredOn(r -> r.scope() == RouteSweep.Scope.TOWN).isNotEmpty();
        assertThat(routes).filteredOn(r -> r.scope() == RouteSweep.Scope.UNSCOPED).as("routes outside every isolation scope").isEmpty();

        String before = townSnapshot();
        assertThat(IsolationSweep.leaks(launcher, routes, "014842", LocalPlatform.TOWN)).as("town routes answering another town").isEmpty();
        assertThat(townSnapshot()).isEqualTo(before);
    }

    /** What 苫前町's admin sees of the town: must not change when another town pokes at it. */
    private static String townSnapshot() {
        String admin = "Bearer " + launcher.tokens().town(LocalPlatform.TOWN, jp.madoguchi.platform.security.Role.ADMIN);
        StringBuilder snapshot = new StringBuilder();
        for (String path : List.of("/api/towns/014834", "/api/towns/014834/kpis?fiscalYear=2025")) {
            int port = path.contains("kpis") ? 8085 : 8081;
            try {
                snapshot.append(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(local.url(port, path))
                        .header("Authorization", admin).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body()).append('\n');
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return snapshot.toString();
    }

    @Test
    void aBadSignatureIsRefusedAndCountsNothing() {
        long before = local.friends();
        String body = jp.madoguchi.platform.embedded.line.LineWebhookBodies.request(java.util.List.of(
                LineWebhookBodies.follow(LineWebhookBodies.newUserId(), "x", LineWebhookBodies.newWebhookEventId(), false)));
        java.net.http.HttpResponse<String> response;
        try {
            response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(local.url(8082, "/line/webhook/014834"))
                    .header("Content-Type", "application/json").header("X-Line-Signature", "AAAA")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(local.friends()).isEqualTo(before);
    }
}
