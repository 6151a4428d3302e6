package jp.madoguchi.portal.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.logout.DelegatingServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.RedirectServerLogoutSuccessHandler;
import org.springframework.security.web.server.authentication.logout.SecurityContextServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.ServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.WebSessionServerLogoutHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The portal signs staff in itself (a backend-for-frontend): the browser gets a session cookie,
 * the staff tokens stay in the server-side session. Every page but the sign-in and invitation
 * pages needs a signed-in member; every form carries a CSRF token (kept in a cookie, so anonymous
 * pages create no server-side session).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class PortalSecurity {

    static final String[] PUBLIC = {"/login", "/operator/login", "/invitation", "/webjars/**", "/portal.css", "/favicon.ico",
            "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus"};

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ServerSecurityContextRepository securityContextRepository() {
        return new WebSessionServerSecurityContextRepository();
    }

    /**
     * The CSRF token lives in a cookie, not in the session, so an anonymous page (the sign-in form)
     * stores nothing on the server: strangers cannot fill the session store. Sessions start only
     * when someone signs in.
     */
    @Bean
    ServerCsrfTokenRepository csrfTokenRepository() {
        CookieServerCsrfTokenRepository tokens = new CookieServerCsrfTokenRepository();
        // the header htmx sends (hx-headers), as with the session-kept token before
        tokens.setHeaderName("X-CSRF-TOKEN");
        return tokens;
    }

    @Bean
    SecurityWebFilterChain portalFilterChain(ServerHttpSecurity http, IdentityClient identity, ServerSecurityContextRepository contexts,
                                             ServerCsrfTokenRepository csrfTokens) {
        ServerLogoutHandler revoke = (filterExchange, authentication) -> filterExchange.getExchange().getSession()
                .flatMap(session -> {
                    SessionTokens tokens = SessionTokens.of(session);
                    return tokens == null ? Mono.<Void>empty() : identity.logout(tokens.refreshToken());
                });
        RedirectServerLogoutSuccessHandler loggedOut = new RedirectServerLogoutSuccessHandler();
        loggedOut.setLogoutSuccessUrl(URI.create("/login?logout"));
        return http
                .securityContextRepository(contexts)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                // no page is remembered for after sign-in (that would store a session for every stranger); sign-in goes to the dashboard
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens).accessDeniedHandler(page(HttpStatus.FORBIDDEN,
                        "画面の有効期限が切れました。ページを読み込み直してから、もう一度お試しください。")))
                .authorizeExchange(routes -> routes
                        .pathMatchers(PUBLIC).permitAll()
                        .pathMatchers("/operator/**").hasRole("OPERATOR")
                        .anyExchange().authenticated())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint(toLogin())
                        .accessDeniedHandler(page(HttpStatus.FORBIDDEN, "この操作を行う権限がありません。")))
                .logout(logout -> logout
                        .logoutUrl("/logout")
                        .logoutHandler(new DelegatingServerLogoutHandler(revoke, new SecurityContextServerLogoutHandler(),
                                new WebSessionServerLogoutHandler()))
                        .logoutSuccessHandler(loggedOut))
                .build();
    }

    /** A browser goes to the sign-in page; an htmx request is told to send the whole page there. */
    private static ServerAuthenticationEntryPoint toLogin() {
        RedirectServerAuthenticationEntryPoint redirect = new RedirectServerAuthenticationEntryPoint("/login");
        redirect.setRequestCache(NoOpServerRequestCache.getInstance());
        return (exchange, e) -> {
            if (isHtmx(exchange)) {
                exchange.getResponse().setStatusCode(HttpStatus.UNAUTHORIZED);
                exchange.getResponse().getHeaders().set("HX-Redirect", "/login");
                return exchange.getResponse().setComplete();
            }
            return redirect.commence(exchange, e);
        };
    }

    public static boolean isHtmx(ServerWebExchange exchange) {
        return "true".equals(exchange.getRequest().getHeaders().getFirst("HX-Request"));
    }

    /** A plain Japanese page for refusals decided before any controller runs. */
    private static ServerAccessDeniedHandler page(HttpStatus status, String message) {
        String html = """
                <!DOCTYPE html>
                <html lang="ja"><head><meta charset="UTF-8"><title>窓口 管理画面</title>
                <link rel="stylesheet" href="/portal.css"></head>
                <body><main class="narrow"><h1>%s</h1><p><a href="/">ダッシュボードへ戻る</a></p></main></body></html>
                """.formatted(message);
        return (exchange, denied) -> {
            ServerHttpResponse response = exchange.getResponse();
            response.setStatusCode(status);
            response.getHeaders().setContentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8));
            return response.writeWith(Mono.just(response.bufferFactory().wrap(html.getBytes(StandardCharsets.UTF_8))));
        };
    }
}
