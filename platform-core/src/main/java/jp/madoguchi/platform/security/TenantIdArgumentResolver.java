package jp.madoguchi.platform.security;

import java.util.Map;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Gives a controller method's {@link TenantId} parameter the town of the route's {@code {tenantId}}, checked once:
 * a malformed code is a 400, and a town token naming another town is refused (the security chain has already
 * refused it on {@code /api/towns/**}; this keeps a route declared elsewhere from skipping the rule). An operator's
 * token names no town and reaches only {@code /api/operator/**}, where the path says which town is meant.
 */
class TenantIdArgumentResolver implements HandlerMethodArgumentResolver {

    static final String PATH_VARIABLE = "tenantId";

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == TenantId.class;
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
        Map<String, String> variables = exchange.getAttributeOrDefault(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of());
        String code = variables.get(PATH_VARIABLE);
        if (code == null) {
            return Mono.error(new IllegalStateException(parameter.getExecutable() + " takes a TenantId but its route has no {"
                    + PATH_VARIABLE + "}"));
        }
        TenantId tenant;
        try {
            tenant = ApiProblems.tenantId(code);
        } catch (RuntimeException e) {
            return Mono.error(e);
        }
        return exchange.getPrincipal()
                .filter(JwtAuthenticationToken.class::isInstance)
                .map(p -> StaffPrincipal.from(((JwtAuthenticationToken) p).getToken()))
                .flatMap(p -> p.town().isPresent() && !p.town().get().equals(tenant)
                        ? Mono.error(ApiProblems.of(HttpStatus.FORBIDDEN, "Another town",
                                "this token is for town " + p.town().get().code() + " and cannot open town " + tenant.code()))
                        : Mono.just(p))
                .then(Mono.just(tenant));
    }
}
