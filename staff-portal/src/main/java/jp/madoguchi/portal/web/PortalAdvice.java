package jp.madoguchi.portal.web;

import java.net.URI;
import jp.madoguchi.portal.auth.IdentityClient;
import jp.madoguchi.portal.auth.PortalSecurity;
import jp.madoguchi.portal.auth.PortalUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What every page needs (the signed-in member, the CSRF token for its forms) and how a refusal
 * looks: a service's 403 becomes the 「権限がありません」 page with HTTP 403, an expired sign-in
 * goes back to the login page, an unreachable service says so.
 */
@ControllerAdvice
class PortalAdvice {

    private static final Logger log = LoggerFactory.getLogger(PortalAdvice.class);

    /** Thrown when a request names another town than the signed-in member's. */
    public static final class OtherTown extends RuntimeException {
        public OtherTown() {
            super("other town", null, false, false);
        }
    }

    /**
     * Puts the signed-in member ({@code user}, absent on public pages) and the CSRF token
     * ({@code csrf}) into every page's model; a request naming another town goes no further (see
     * {@link PageContextFilter}). One method that never answers null or void: WebFlux ends the
     * model's initialisation at the first {@code @ModelAttribute} method that completes empty.
     */
    @ModelAttribute("portalPage")
    public Boolean pageContext(ServerWebExchange exchange, Model model) {
        if (Boolean.TRUE.equals(exchange.getAttribute(PageContextFilter.OTHER_TOWN))) {
            throw new OtherTown();
        }
        CsrfToken csrf = exchange.getAttribute(PageContextFilter.CSRF);
        if (csrf != null) {
            model.addAttribute("csrf", csrf);
        }
        PortalUser user = exchange.getAttribute(PageContextFilter.USER);
        if (user != null) {
            model.addAttribute("user", user);
        }
        return Boolean.TRUE;
    }

    @ExceptionHandler(OtherTown.class)
    public String otherTown(ServerWebExchange exchange) {
        return forbiddenPage(exchange);
    }

    @ExceptionHandler(ServiceException.class)
    public String serviceFailed(ServiceException e, ServerWebExchange exchange, Model model) {
        if (e.forbidden()) {
            return forbiddenPage(exchange);
        }
        log.warn("event=portal_service_failed path={} status={}", exchange.getRequest().getPath().value(), e.status());
        exchange.getResponse().setStatusCode(e.status() == 404 ? HttpStatus.NOT_FOUND : HttpStatus.BAD_GATEWAY);
        model.addAttribute("message", e.status() == 404 ? "お探しの情報が見つかりません。"
                : e.rejected() ? "サービスが要求を受け付けませんでした。" + (e.detail() == null ? "" : "（" + e.detail() + "）")
                : "サービスに接続できません。しばらくしてから再読み込みしてください。");
        retargetHtmx(exchange);
        return "portal/error";
    }

    @ExceptionHandler(IdentityClient.SessionExpired.class)
    public Mono<Void> sessionExpired(ServerWebExchange exchange) {
        return exchange.getSession().flatMap(session -> session.invalidate()).then(Mono.defer(() -> {
            if (PortalSecurity.isHtmx(exchange)) {
                exchange.getResponse().getHeaders().set("HX-Redirect", "/login?expired");
                return exchange.getResponse().setComplete();
            }
            exchange.getResponse().setStatusCode(HttpStatus.SEE_OTHER);
            exchange.getResponse().getHeaders().setLocation(URI.create("/login?expired"));
            return exchange.getResponse().setComplete();
        }));
    }

    private static String forbiddenPage(ServerWebExchange exchange) {
        exchange.getResponse().setStatusCode(HttpStatus.FORBIDDEN);
        retargetHtmx(exchange);
        return "portal/forbidden";
    }

    /** An htmx request that fails replaces the whole page, so the message cannot hide in a table cell. */
    private static void retargetHtmx(ServerWebExchange exchange) {
        if (PortalSecurity.isHtmx(exchange)) {
            exchange.getResponse().getHeaders().set("HX-Retarget", "body");
            exchange.getResponse().getHeaders().set("HX-Reswap", "innerHTML");
        }
    }
}
