package jp.madoguchi.portal.support;


import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * A browser-like client of the portal: keeps the session cookie, reads the CSRF token from each
 * page's forms and sends it back, and remembers every page it saw (to check none shows a token).
 */
public final class PortalSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final WebTestClient http;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    public final List<String> pages = new ArrayList<>();
    private String csrf;

    public PortalSession(WebTestClient http) {
        this.http = http;
    }

    /** Signs in through the login page; returns where the portal redirected, or the page with the error. */
    public EntityExchangeResult<String> login(String tenantId, String loginId, String password) {
        get("/login");
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        if (tenantId != null) {
            form.add("tenantId", tenantId);
        }
        form.add("loginId", loginId);
        form.add("password", password);
        return post("/login", form);
    }

    public EntityExchangeResult<String> get(String uri) {
        return remember(http.get().uri(uri).cookies(c -> cookies.forEach(c::add)).exchange());
    }

    /** A download, as bytes exactly as the portal sent them. */
    public EntityExchangeResult<byte[]> getBytes(String uri) {
        return http.get().uri(uri).cookies(c -> cookies.forEach(c::add)).exchange().expectBody(byte[].class).returnResult();
    }

    public EntityExchangeResult<String> htmxGet(String uri) {
        return remember(http.get().uri(uri).header("HX-Request", "true").cookies(c -> cookies.forEach(c::add)).exchange());
    }

    /** Posts a form with the CSRF token of the last page seen. */
    public EntityExchangeResult<String> post(String uri, MultiValueMap<String, String> form) {
        MultiValueMap<String, String> withToken = new LinkedMultiValueMap<>(form);
        if (csrf != null) {
            withToken.add("_csrf", csrf);
        }
        return postRaw(uri, withToken);
    }

    /** An htmx multipart post (a file upload) with the CSRF token of the last page seen in the header, as htmx sends it. */
    public EntityExchangeResult<String> htmxPostMultipart(String uri, MultiValueMap<String, org.springframework.http.HttpEntity<?>> parts) {
        return remember(http.post().uri(uri).header("HX-Request", "true").header("X-CSRF-TOKEN", csrf == null ? "" : csrf)
                .cookies(c -> cookies.forEach(c::add))
                .body(BodyInserters.fromMultipartData(parts)).exchange());
    }

    public EntityExchangeResult<String> postRaw(String uri, MultiValueMap<String, String> form) {
        return remember(http.post().uri(uri).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .cookies(c -> cookies.forEach(c::add))
                .body(BodyInserters.fromFormData(form)).exchange());
    }

    public static MultiValueMap<String, String> form(String... keyValues) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            form.add(keyValues[i], keyValues[i + 1]);
        }
        return form;
    }

    public static String location(EntityExchangeResult<?> result) {
        return result.getResponseHeaders().getFirst(HttpHeaders.LOCATION);
    }

    private EntityExchangeResult<String> remember(WebTestClient.ResponseSpec spec) {
        EntityExchangeResult<String> result = spec.expectBody(String.class).returnResult();
        for (List<ResponseCookie> list : result.getResponseCookies().values()) {
            for (ResponseCookie cookie : list) {
                if (cookie.getMaxAge().isZero()) {
                    cookies.remove(cookie.getName());
                } else {
                    cookies.put(cookie.getName(), cookie.getValue());
                }
            }
        }
        String body = result.getResponseBody();
        if (body != null) {
            pages.add(body);
            Matcher m = CSRF.matcher(body);
            if (m.find()) {
                csrf = m.group(1);
            }
        }
        return result;
    }
}
