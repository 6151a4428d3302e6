package jp.madoguchi.tenant.identity;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The address a login comes from, for the per-source limit. {@code X-Forwarded-For} is believed only
 * when the connection comes from a trusted proxy (the staff portal, an ingress), and then only as far
 * as the proxies are trusted: the rightmost address that is not one of them is the source.
 */
final class ClientAddress {

    private ClientAddress() {
    }

    static String of(ServerHttpRequest request, Set<String> trustedProxies) {
        InetSocketAddress remote = request.getRemoteAddress();
        String peer = remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
        if (!trustedProxies.contains(peer)) {
            return peer;
        }
        List<String> forwarded = request.getHeaders().getOrEmpty("X-Forwarded-For").stream()
                .flatMap(h -> java.util.Arrays.stream(h.split(","))).map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (int i = forwarded.size() - 1; i >= 0; i--) {
            if (!trustedProxies.contains(forwarded.get(i))) {
                // a header is text anyone upstream could write: keep no more than an IPv6 address needs
                String source = forwarded.get(i);
                return source.length() > 45 ? source.substring(0, 45) : source;
            }
        }
        return peer;
    }
}
