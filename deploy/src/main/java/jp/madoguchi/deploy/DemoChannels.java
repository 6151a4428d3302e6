package jp.madoguchi.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The demo towns' LINE channels (demo values the LINE emulator accepts), configured through
 * tenant-service's API by the town's admin like any town would: tenant-service seals them and
 * conversation-service learns them from its events. Safe to repeat: configuring again replaces them.
 */
final class DemoChannels {

    private DemoChannels() {
    }

    /** Channel id {@code 2000<code>}, secret {@code demo-channel-secret-<code>}, token {@code demo-channel-token-<code>}. */
    public static String requestBody(String tenantId) {
        return "{\"channelId\":\"2000" + tenantId + "\",\"channelSecret\":\"demo-channel-secret-" + tenantId
                + "\",\"channelAccessToken\":\"demo-channel-token-" + tenantId + "\"}";
    }

    /** {@code PUT /api/towns/{tenantId}/line-channel} as the town's admin ({@code adminAccessToken} from its login). */
    public static void configure(HttpClient http, URI tenantService, String tenantId, String adminAccessToken) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(tenantService.resolve("/api/towns/" + tenantId + "/line-channel"))
                    .header("Authorization", "Bearer " + adminAccessToken)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .PUT(HttpRequest.BodyPublishers.ofString(requestBody(tenantId)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 204) {
                throw new IllegalStateException("configuring the demo LINE channel of " + tenantId + " failed: HTTP " + response.statusCode()
                        + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("tenant-service unreachable while configuring demo channels", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
