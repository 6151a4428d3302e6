package jp.madoguchi.conversation.web;

import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The web chat's defence against cross-site requests. The platform's security chain turns Spring's
 * CSRF tokens off (staff APIs take bearer tokens, not cookies); the chat uses a cookie, so every POST
 * must come from the chat's own page: its {@code Origin} must name the host the request was sent to
 * ({@code X-Forwarded-Host} behind a proxy), and {@code Sec-Fetch-Site}, when the browser sends it, must
 * be {@code same-origin}. The cookie is also SameSite=Lax, so other sites' posts do not carry it at all.
 */
final class SameOrigin {

    private SameOrigin() {
    }

    static boolean check(ServerHttpRequest request) {
        String fetchSite = request.getHeaders().getFirst("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equals("same-origin")) {
            return false;
        }
        String origin = request.getHeaders().getFirst(HttpHeaders.ORIGIN);
        if (origin == null || origin.isBlank() || origin.equals("null")) {
            return false;
        }
        String host = request.getHeaders().getFirst("X-Forwarded-Host");
        if (host == null || host.isBlank()) {
            host = request.getHeaders().getFirst(HttpHeaders.HOST);
        }
        if (host == null) {
            return false;
        }
        URI from;
        try {
            from = URI.create(origin.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (from.getHost() == null || from.getScheme() == null) {
            return false;
        }
        String authority = from.getPort() < 0 ? from.getHost() : from.getHost() + ":" + from.getPort();
        String target = host.split(",")[0].strip();
        return authority.equalsIgnoreCase(target) || authority.equalsIgnoreCase(withoutDefaultPort(target, from.getScheme()));
    }

    private static String withoutDefaultPort(String host, String scheme) {
        String defaultPort = "https".equalsIgnoreCase(scheme) ? ":443" : ":80";
        return host.endsWith(defaultPort) ? host.substring(0, host.length() - defaultPort.length()) : host;
    }
}
