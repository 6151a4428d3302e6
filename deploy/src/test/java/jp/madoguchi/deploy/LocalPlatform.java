package jp.madoguchi.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import jp.madoguchi.platform.embedded.StaffTokens;
import jp.madoguchi.platform.embedded.line.LineWebhookBodies;
import jp.madoguchi.platform.security.Role;
import jp.madoguchi.platform.embedded.line.LineWebhookSigner;

/** What the end-to-end tests do to a running launcher: signed webhooks in, KPIs out, over HTTP. */
public final class LocalPlatform {

    static final String TOWN = DemoSeed.TOWN;
    static final String DEMO_SECRET = "demo-channel-secret-014834";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int portOffset;
    private final StaffTokens tokens;

    /** @param dataDir the launcher's data directory, whose signing key mints the staff tokens used here */
    public LocalPlatform(int portOffset, java.nio.file.Path dataDir) {
        this.portOffset = portOffset;
        this.tokens = StaffTokens.loadOrCreate(dataDir.resolve("identity").resolve("signing-key.pem"));
    }

    /** An offset that moves every port of the launcher into a range no default instance uses. */
    public static int randomPortOffset() {
        // Every port stays below 32768, where Linux hands out ephemeral ports for outgoing connections:
        // an offset that lands there can find its port taken by some client socket (seen after a restart).
        for (int attempt = 0; attempt < 50; attempt++) {
            int offset = 100 * ThreadLocalRandom.current().nextInt(1, 57); // highest port: 27027 + 5700 < 32768
            // Chromium refuses to load 10080 (one of its "unsafe ports"): offset 2000 put the staff portal there
            if (java.util.stream.IntStream.of(8080, 8081, 8082, 8083, 8084, 8085, 8090).anyMatch(port -> port + offset == 10080)) {
                continue;
            }
            if (java.util.stream.IntStream.of(8080, 8081, 8082, 8083, 8084, 8085, 8090, 15432, 19092, 27027)
                    .allMatch(port -> isFree(port + offset))) {
                return offset;
            }
        }
        throw new IllegalStateException("no free set of ports for a launcher");
    }

    private static boolean isFree(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    URI url(int defaultPort, String path) {
        return URI.create("http://localhost:" + (defaultPort + portOffset) + path);
    }

    int postFollow(String userId, String replyToken, String webhookEventId, boolean redelivery) {
        return postWebhook(LineWebhookBodies.request(List.of(LineWebhookBodies.follow(userId, replyToken, webhookEventId, redelivery))));
    }

    int postUnfollow(String userId, String webhookEventId) {
        return postWebhook(LineWebhookBodies.request(List.of(LineWebhookBodies.unfollow(userId, webhookEventId))));
    }

    int postWebhook(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(url(8082, "/line/webhook/" + TOWN))
                .header("Content-Type", "application/json")
                .header("X-Line-Signature", LineWebhookSigner.sign(bytes, DEMO_SECRET))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))).statusCode();
    }

    JsonNode kpis(int fiscalYear) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url(8085, "/api/towns/" + TOWN + "/kpis?fiscalYear=" + fiscalYear))
                .header("Authorization", "Bearer " + tokens.town(TOWN, Role.VIEWER)).GET());
        assertThat(response.statusCode()).isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("KPI response is not JSON: " + response.body(), e);
        }
    }

    long friends() {
        // a follow now counts in this fiscal year; a past year's figure stops at its 31 March
        int thisYear = jp.madoguchi.platform.fiscal.FiscalYear.current(java.time.Clock.systemUTC()).year();
        return kpis(thisYear).path("friends").path("actual").asLong(-1);
    }

    /** A JSON call to a service, with a bearer token when one is given. */
    public HttpResponse<String> call(String method, int defaultPort, String path, String json, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(defaultPort, path)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    /** Logs in through tenant-service like the portal does; returns the access token. */
    String login(String tenantId, String loginId, String password) {
        String body = (tenantId == null ? "{" : "{\"tenantId\":\"" + tenantId + "\",")
                + "\"loginId\":\"" + loginId + "\",\"password\":\"" + password + "\"}";
        HttpResponse<String> response = call("POST", 8081, "/api/auth/login", body, null);
        assertThat(response.statusCode()).as("login of " + loginId + ": " + response.body()).isEqualTo(200);
        return json(response.body()).path("accessToken").asText();
    }

    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    int postWebhook(String town, String body, String secret) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(url(8082, "/line/webhook/" + town))
                .header("Content-Type", "application/json")
                .header("X-Line-Signature", LineWebhookSigner.sign(bytes, secret))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))).statusCode();
    }

    /**
     * Signs in to the staff portal as a browser would (session cookie, CSRF token from the form)
     * and returns the dashboard's HTML.
     */
    String portalDashboard(String tenantId, String loginId, String password) {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();
        try {
            String form = browser.send(HttpRequest.newBuilder(url(8080, "/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
            java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"(_csrf)\" value=\"([^\"]+)\"").matcher(form);
            assertThat(csrf.find()).as("the login form carries a CSRF token").isTrue();
            String fields = "tenantId=" + tenantId + "&loginId=" + loginId + "&password="
                    + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + java.net.URLEncoder.encode(csrf.group(2), StandardCharsets.UTF_8);
            HttpResponse<String> dashboard = browser.send(HttpRequest.newBuilder(url(8080, "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(fields)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(dashboard.statusCode()).isEqualTo(200);
            return dashboard.body();
        } catch (IOException e) {
            throw new AssertionError("portal unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    HttpResponse<String> get(int defaultPort, String path) {
        return send(HttpRequest.newBuilder(url(defaultPort, path)).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("HTTP request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
