package jp.madoguchi.platform.security;

import java.time.Instant;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;

/**
 * Records every command a staff member or operator gets past security (state-changing
 * {@code /api/**} requests) with its outcome. Requests security refuses are recorded by
 * {@link SecurityAutoConfiguration}'s access-denied handler instead, since they never get here.
 */
class AuditWebFilter implements WebFilter {

    private static final Set<HttpMethod> COMMANDS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    private final AuditLog audit;

    public AuditWebFilter(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!COMMANDS.contains(exchange.getRequest().getMethod()) || !path.startsWith("/api/") || path.startsWith("/api/auth/")) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange)
                .then(Mono.defer(() -> record(exchange, path, null)))
                .onErrorResume(e -> record(exchange, path, e).then(Mono.error(e)));
    }

    private Mono<Void> record(ServerWebExchange exchange, String path, Throwable error) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        int code = status != null ? status.value() : (error == null ? 200 : 500);
        Object pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String action = exchange.getRequest().getMethod().name() + " " + (pattern instanceof PathPattern p ? p.getPatternString() : path);
        return exchange.getPrincipal()
                .map(AuditLog::principalOf)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(actor -> audit.record(actor, action, path, code, Instant.now()));
    }
}
