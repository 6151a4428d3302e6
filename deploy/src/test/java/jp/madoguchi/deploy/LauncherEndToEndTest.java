package jp.madoguchi.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jp.madoguchi.platform.embedded.line.LineWebhookBodies;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The first slice end to end through the launcher: a signed LINE follow for 苫前町 reaches the
 * friend count in analytics and the staff portal, the resident is welcomed once, and unfollow
 * takes the friend away again.
 */
@ExtendWith({OutputCaptureExtension.class, SharedLauncher.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherEndToEndTest {

    private static final String SAPPORO_PASSWORD = "sapporo-admin-e2e-password";
    private static final String SAPPORO_CHANNEL_TOKEN = "e2e-channel-token-011002";
    /** Secrets and tokens this run handled, which the log check then looks for. */
    private static final List<String> secretsSeen = new java.util.concurrent.CopyOnWriteArrayList<>();

    static Path data;
    static Launcher launcher;
    static LocalPlatform local;

    @BeforeAll
    static void start() {
        launcher = SharedLauncher.launcher();
        local = SharedLauncher.local();
        data = SharedLauncher.data();
    }

    /** 苫前町's friend count once follows sent by earlier classes have all been counted: it holds for a second. */
    private static long settledFriends() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long last = local.friends();
        while (true) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            long now = local.friends();
            if (now == last) {
                return now;
            }
            assertThat(System.nanoTime()).as("the friend count settles").isLessThan(deadline);
            last = now;
        }
    }

    @Test
    void everyServiceIsHealthyAndExposesPrometheusMetricsOnItsManagementPortOnly() {
        for (int port : new int[] {8080, 8081, 8082, 8083, 8084, 8085}) {
            int management = port + Launcher.MANAGEMENT_OFFSET;
            assertThat(local.get(management, "/actuator/health").body()).contains("\"UP\"");
            assertThat(local.get(management, "/actuator/prometheus").statusCode()).isEqualTo(200);
            // the public port serves no actuator at all
            assertThat(local.get(port, "/actuator/prometheus").statusCode()).as("port %d", port).isNotEqualTo(200);
        }
        assertThat(local.get(9082, "/actuator/prometheus").body()).contains("madoguchi_line_webhook");
    }

    /**
     * Runs after the other tests' traffic (follows, a bad signature), so the series registered on first use
     * (webhook events, sends) exist: every service's output passes promtool, and every metric the alert rules
     * and Grafana dashboards in deploy/monitoring query is one a service really exposes.
     */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void everyServicesMetricsPassPromtoolAndCoverEveryQueryOfTheDashboardsAndAlerts() throws Exception {
        java.util.Set<String> exposed = new java.util.TreeSet<>(Monitoring.SYNTHETIC);
        // the management ports the scrape configuration (deploy/monitoring/prometheus/targets) names
        for (int port : new int[] {9080, 9081, 9082, 9083, 9084, 9085}) {
            String scrape = local.get(port, "/actuator/prometheus").body();
            Monitoring.promtool(scrape, "check", "metrics");
            exposed.addAll(Monitoring.sampleNames(scrape));
        }
        assertThat(Monitoring.expressions()).isNotEmpty().allSatisfy((where, expr) ->
                assertThat(exposed).as(where + ": " + expr).containsAll(Monitoring.metricNames(expr)));
    }

    @Test
    void aFollowCountsOnceReachesThePortalAndAnUnfollowTakesItBack() {
        long before = settledFriends();
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

        settledFriends(); // a follow from an earlier class still being counted would change the snapshot
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

    /** A third town, onboarded through the operator API while everything runs, works at once. */
    @Test
    void aTownOnboardedThroughTheOperatorApiWorksWithoutARestart() {
        String sapporo = "011002";
        String secret = "e2e-channel-secret-011002";
        String operator = local.login(null, DemoSeed.OPERATOR_LOGIN_ID, DemoSeed.OPERATOR_PASSWORD);
        var onboarded = local.call("POST", 8081, "/api/operator/towns", "{\"tenantId\":\"" + sapporo + "\",\"name\":\"札幌市\","
                + "\"nameKana\":\"さっぽろし\",\"prefecture\":\"北海道\",\"population\":1960000,"
                + "\"admin\":{\"loginId\":\"admin\",\"displayName\":\"札幌市 管理者\"}}", operator);
        assertThat(onboarded.statusCode()).as(onboarded.body()).isEqualTo(201);
        String code = LocalPlatform.json(onboarded.body()).path("adminInvitationCode").asText();
        secretsSeen.add(code);
        assertThat(local.call("POST", 8081, "/api/auth/invitations/" + code + "/accept", "{\"password\":\"" + SAPPORO_PASSWORD + "\"}", null)
                .statusCode()).isEqualTo(204);
        String admin = local.login(sapporo, "admin", SAPPORO_PASSWORD);
        secretsSeen.add(admin);
        var configured = local.call("PUT", 8081, "/api/towns/" + sapporo + "/line-channel", "{\"channelId\":\"2000011002\","
                + "\"channelSecret\":\"" + secret + "\",\"channelAccessToken\":\"" + SAPPORO_CHANNEL_TOKEN + "\"}", admin);
        assertThat(configured.statusCode()).as(configured.body()).isEqualTo(204);

        // conversation-service learns the new channel from the tenant events within seconds
        String verify = LineWebhookBodies.request(List.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> local.postWebhook(sapporo, verify, secret) == 200);
        String user = LineWebhookBodies.newUserId();
        assertThat(local.postWebhook(sapporo, LineWebhookBodies.request(List.of(
                LineWebhookBodies.follow(user, "stale", LineWebhookBodies.newWebhookEventId(), false))), secret)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> LocalPlatform.json(local.call("GET", 8085,
                "/api/towns/" + sapporo + "/kpis", null, admin).body()).path("friends").path("actual").asLong() == 1);
        // its webhook refuses a body signed with another town's secret
        assertThat(local.postWebhook(sapporo, verify, LocalPlatform.DEMO_SECRET)).isEqualTo(400);
        // and its admin cannot read 苫前町
        assertThat(local.call("GET", 8085, "/api/towns/014834/kpis", null, admin).statusCode()).isEqualTo(403);
        // its staff portal works too: the admin signs in and sees the town's dashboard
        assertThat(local.portalDashboard(sapporo, "admin", SAPPORO_PASSWORD)).contains("札幌市").doesNotContain("苫前町");
    }

    /** No secret, password or token may appear in any log line of the whole run. */
    @Test
    @Order(Integer.MAX_VALUE)
    void noSecretOrTokenAppearsInTheLogs(CapturedOutput output) throws Exception {
        List<String> secrets = new java.util.ArrayList<>(secretsSeen);
        secrets.addAll(List.of(LocalPlatform.DEMO_SECRET, "demo-channel-token-014834", "demo-channel-secret-014842",
                "demo-channel-token-014842", "e2e-channel-secret-011002", SAPPORO_CHANNEL_TOKEN, SAPPORO_PASSWORD,
                DemoSeed.OPERATOR_PASSWORD, "tomamae-admin-demo", "haboro-admin-demo", "BEGIN PRIVATE KEY", "Bearer ey"));
        java.nio.file.Path masterKey = data.resolve("identity").resolve("master-key");
        if (java.nio.file.Files.exists(masterKey)) {
            secrets.add(java.nio.file.Files.readString(masterKey).trim());
        }
        // this class's own output, and the shared launcher's since its start (which another class may have caused)
        String logs = output.getAll() + "\n" + java.nio.file.Files.readString(SharedLauncher.output(), java.nio.charset.Charset.defaultCharset());
        assertThat(java.nio.file.Files.size(SharedLauncher.output())).as("the shared launcher's output").isPositive();
        assertThat(logs).as("captured log output").isNotBlank();
        for (String secret : secrets) {
            assertThat(logs).as("logs must not contain a secret or token").doesNotContain(secret);
        }
        // any JWT (header.payload.signature, base64url of '{"') in the logs would be a token
        assertThat(java.util.regex.Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.eyJ").matcher(logs).find()).as("a JWT in the logs").isFalse();
    }

    @Test
    void aBadSignatureIsRefusedAndCountsNothing() {
        long before = settledFriends();
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
