package jp.madoguchi.portal.web;

import java.net.URI;
import jp.madoguchi.portal.auth.IdentityClient;
import jp.madoguchi.portal.auth.PortalSecurity;
import jp.madoguchi.portal.auth.PortalUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
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
public class PortalAdvice {

    private static final Logger log = LoggerFactory.getLogger(PortalAdvice.class);

    /** Thrown when a request names another town than the signed-in member's. */
    public static final class OtherTown extends RuntimeException {
        OtherTown() {
            super("other town", null, false, false);
        }
    }

    @ModelAttribute("user")
    public Mono<PortalUser> user(ServerWebExchange exchange) {
        return exchange.getPrincipal()
                .filter(Authentication.class::isInstance)
                .map(p -> ((Authentication) p).getPrincipal())
                .filter(PortalUser.class::isInstance)
                .cast(PortalUser.class);
    }

    @ModelAttribute("csrf")
    public Mono<CsrfToken> csrf(ServerWebExchange exchange) {
        Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
        return token == null ? Mono.empty() : token;
    }

    /**
     * Forms carry the town they were rendered for; one naming another town (a tampered field, a
     * stale tab from another sign-in, a hand-made URL) is refused before any service is called.
     * The services would refuse it too: every call is made with the session's own town and token.
     */
    @ModelAttribute
    public Mono<Void> sameTown(ServerWebExchange exchange) {
        return user(exchange).flatMap(user -> {
            if (user.isOperator()) {
                return Mono.empty();
            }
            String fromQuery = exchange.getRequest().getQueryParams().getFirst("tenantId");
            if (fromQuery != null && !fromQuery.equals(user.tenantId())) {
                return refuse(user, exchange);
            }
            MediaType type = exchange.getRequest().getHeaders().getContentType();
            if (type == null || !MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)) {
                return Mono.empty();
            }
            return exchange.getFormData().flatMap(form -> {
                String fromForm = form.getFirst("tenantId");
                return fromForm != null && !fromForm.equals(user.tenantId()) ? refuse(user, exchange) : Mono.<Void>empty();
            });
        });
    }

    private static Mono<Void> refuse(PortalUser user, ServerWebExchange exchange) {
        log.warn("event=portal_other_town_refused tenant={} path={}", user.tenantId(), exchange.getRequest().getPath().value());
        return Mono.error(new OtherTown());
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
