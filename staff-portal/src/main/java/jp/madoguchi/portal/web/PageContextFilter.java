package jp.madoguchi.portal.web;

import jp.madoguchi.portal.auth.PortalUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Runs after Spring Security for every page: resolves the signed-in member and the CSRF token into
 * plain exchange attributes (the page model reads them, see PortalAdvice), and marks a request that
 * names another town than the member's. Forms carry the town they were rendered for; one naming
 * another town (a tampered field, a stale tab from another sign-in, a hand-made URL) is refused
 * before any service is called. The services would refuse it too: every call is made with the
 * session's own town and token.
 */
@Component
@Order(0)
class PageContextFilter implements WebFilter {

    static final String CSRF = "madoguchi.portal.csrf";
    static final String USER = "madoguchi.portal.user";
    static final String OTHER_TOWN = "madoguchi.portal.otherTown";

    private static final Logger log = LoggerFactory.getLogger(PageContextFilter.class);

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (path.startsWith("/webjars/") || path.startsWith("/actuator/") || path.equals("/portal.css") || path.equals("/favicon.ico")) {
            return chain.filter(exchange);
        }
        Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
        return (token == null ? Mono.<CsrfToken>empty() : token.doOnNext(t -> exchange.getAttributes().put(CSRF, t)))
                .then(exchange.getPrincipal()
                        .filter(Authentication.class::isInstance)
                        .map(p -> ((Authentication) p).getPrincipal())
                        .filter(PortalUser.class::isInstance)
                        .cast(PortalUser.class)
                        .flatMap(user -> {
                            exchange.getAttributes().put(USER, user);
                            return user.isOperator() ? Mono.empty() : checkTown(exchange, user);
                        }))
                .then(Mono.defer(() -> chain.filter(exchange)));
    }

    private static Mono<Void> checkTown(ServerWebExchange exchange, PortalUser user) {
        String fromQuery = exchange.getRequest().getQueryParams().getFirst("tenantId");
        if (fromQuery != null && !fromQuery.equals(user.tenantId())) {
            return mark(exchange, user);
        }
        MediaType type = exchange.getRequest().getHeaders().getContentType();
        if (type == null || !MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)) {
            return Mono.empty();
        }
        // getFormData() is cached: the CSRF check before and the controllers after read the same form.
        return exchange.getFormData().flatMap(form -> {
            String fromForm = form.getFirst("tenantId");
            return fromForm != null && !fromForm.equals(user.tenantId()) ? mark(exchange, user) : Mono.<Void>empty();
        });
    }

    private static Mono<Void> mark(ServerWebExchange exchange, PortalUser user) {
        log.warn("event=portal_other_town_refused tenant={} path={}", user.tenantId(), exchange.getRequest().getPath().value());
        exchange.getAttributes().put(OTHER_TOWN, true);
        return Mono.empty();
    }
}
