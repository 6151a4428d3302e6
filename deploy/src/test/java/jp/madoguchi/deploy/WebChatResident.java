package jp.madoguchi.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A web chat resident of 苫前町 without LINE: the page's JSON calls to conversation-service with the
 * {@code madoguchi_chat} cookie and a same-site {@code Origin}, as chat.js sends them.
 */
final class WebChatResident implements ChatResident {

    static final String COOKIE = "madoguchi_chat";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private final URI base;
    private final String origin;
    private final String webId;
    private JsonNode view;

    /** Opens the page, which names the browser with a fresh cookie. */
    WebChatResident(LocalPlatform local) {
        this.base = local.url(8082, "/chat/" + LocalPlatform.TOWN);
        this.origin = base.getScheme() + "://" + base.getHost() + ":" + base.getPort();
        HttpResponse<String> page = send(HttpRequest.newBuilder(base).GET());
        assertThat(page.statusCode()).as("the chat page").isEqualTo(200);
        this.webId = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(COOKIE + "="))
                .map(c -> c.substring(COOKIE.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .findFirst().orElseThrow(() -> new AssertionError("the chat page set no " + COOKIE + " cookie"));
    }

    @Override
    public String channel() {
        return "WEB";
    }

    @Override
    public String residentId() {
        return LocalPlatform.TOWN + ":WEB:" + webId;
    }

    @Override
    public void start(String procedureId) {
        post("/start", JSON.createObjectNode().put("procedureId", procedureId));
    }

    @Override
    public void choose(String label) {
        JsonNode option = option(o -> label.equals(o.path("label").asText()), "an answer button labelled 「" + label + "」");
        input(JSON.createObjectNode().put("kind", "choice").put("value", option.path("value").asText()));
    }

    @Override
    public void chooseFirstOffered() {
        input(JSON.createObjectNode().put("kind", "choice").put("value", option(o -> true, "an answer button").path("value").asText()));
    }

    @Override
    public void type(String text) {
        input(JSON.createObjectNode().put("kind", "text").put("text", text));
    }

    @Override
    public void earliestDate() {
        JsonNode date = reply("date");
        input(JSON.createObjectNode().put("kind", "date").put("date", date.path("min").asText()));
    }

    @Override
    public void photo() {
        reply("photo");
        String boundary = "----madoguchi" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"photo.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(PNG);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        answer(send(withCookieAndOrigin("/photo").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))), "photo");
    }

    @Override
    public void location(double latitude, double longitude, String address) {
        reply("location");
        input(JSON.createObjectNode().put("kind", "location").put("latitude", latitude).put("longitude", longitude));
    }

    @Override
    public void confirm() {
        JsonNode summary = reply("summary");
        input(JSON.createObjectNode().put("kind", "choice").put("value", summary.path("confirmValue").asText()));
    }

    @Override
    public String lastSaid() {
        return view == null ? "" : view.toString();
    }

    String outcome() {
        return view.path("outcome").asText();
    }

    /** The page as it opens again: the question under way or the menu, and the resident's notices. */
    JsonNode reload() {
        HttpResponse<String> response = send(withCookieAndOrigin("/conversation").GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return LocalPlatform.json(response.body());
    }

    // --- the page's calls -----------------------------------------------------------------------------

    private void input(ObjectNode body) {
        post("/input", body);
    }

    private void post(String path, ObjectNode body) {
        answer(send(withCookieAndOrigin(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))), path + " " + body);
    }

    private void answer(HttpResponse<String> response, String what) {
        assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(200);
        view = LocalPlatform.json(response.body());
        assertThat(view.path("outcome").asText()).as("the engine refused " + what + ": " + view.path("error").asText())
                .isNotEqualTo("INVALID");
    }

    private HttpRequest.Builder withCookieAndOrigin(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", COOKIE + "=" + webId).header("Origin", origin)
                .timeout(Duration.ofSeconds(30));
    }

    private JsonNode reply(String type) {
        List<JsonNode> found = new ArrayList<>();
        view.path("replies").forEach(r -> {
            if (type.equals(r.path("type").asText())) {
                found.add(r);
            }
        });
        if (found.isEmpty()) {
            throw new AssertionError("expected a " + type + " question in the chat view:\n" + lastSaid());
        }
        return found.get(found.size() - 1);
    }

    private JsonNode option(Predicate<JsonNode> wanted, String what) {
        List<JsonNode> options = new ArrayList<>();
        view.path("replies").forEach(r -> r.path("options").forEach(options::add));
        return options.stream().filter(wanted).findFirst()
                .orElseThrow(() -> new AssertionError("expected " + what + " in the chat view:\n" + lastSaid()));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("web chat unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
