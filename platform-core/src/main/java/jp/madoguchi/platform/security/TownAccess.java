package jp.madoguchi.platform.security;

import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Mono;

/**
 * The isolation rule for {@code /api/towns/{tenantId}/**}: only a token of that same town gets
 * in, operators included out; viewers only read. Pure so that it is tested on its own.
 */
final class TownAccess {

    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private TownAccess() {
    }

    public static Mono<AuthorizationDecision> check(Mono<Authentication> authentication, AuthorizationContext context) {
        HttpMethod method = context.getExchange().getRequest().getMethod();
        Map<String, Object> variables = context.getVariables();
        return authentication
                .filter(a -> a.isAuthenticated() && a instanceof JwtAuthenticationToken)
                .map(a -> StaffPrincipal.from(((JwtAuthenticationToken) a).getToken()))
                .map(p -> new AuthorizationDecision(allows(p, String.valueOf(variables.get("tenantId")), method)))
                .defaultIfEmpty(new AuthorizationDecision(false));
    }

    public static boolean allows(StaffPrincipal principal, String pathTenant, HttpMethod method) {
        if (principal.tenant() == null || !principal.tenant().code().equals(pathTenant)) {
            return false;
        }
        return principal.role() != Role.VIEWER || READS.contains(method);
    }
}
