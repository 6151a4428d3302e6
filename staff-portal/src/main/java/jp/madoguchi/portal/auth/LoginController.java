package jp.madoguchi.portal.auth;

import java.time.Clock;
import jp.madoguchi.portal.web.ServiceClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Sign-in for town staff (town code, login id, password) and for operators (no town). The
 * credentials go to tenant-service; the tokens it answers with stay in the session.
 */
@Controller
class LoginController {

    private static final Logger log = LoggerFactory.getLogger(LoginController.class);

    static final String BAD_CREDENTIALS = "ログインIDまたはパスワードが違います。";
    static final String LOCKED = "ログインに続けて失敗したため、一時的にロックされています。しばらくしてからお試しください。";
    static final String UNAVAILABLE = "認証サービスに接続できません。しばらくしてからお試しください。";
    static final String BAD_TOWN = "自治体コードは6桁の数字で入力してください。";

    /** What the sign-in form posts; the password is never put back into the page. */
    public record LoginForm(String tenantId, String loginId, String password, Boolean operator) {

        boolean asOperator() {
            return Boolean.TRUE.equals(operator);
        }
    }

    private final IdentityClient identity;
    private final ServiceClient services;
    private final ServerSecurityContextRepository contexts;
    private final Clock clock;
    private final ServerCsrfTokenRepository csrfTokens;

    public LoginController(IdentityClient identity, ServiceClient services, ServerSecurityContextRepository contexts, Clock clock,
                           ServerCsrfTokenRepository csrfTokens) {
        this.identity = identity;
        this.services = services;
        this.contexts = contexts;
        this.clock = clock;
        this.csrfTokens = csrfTokens;
    }

    @GetMapping("/login")
    public String login(@RequestParam(required = false) String logout, @RequestParam(required = false) String expired, Model model) {
        model.addAttribute("operatorPage", false);
        if (logout != null) {
            model.addAttribute("notice", "ログアウトしました。");
        }
        if (expired != null) {
            model.addAttribute("notice", "ログインの有効期限が切れました。もう一度ログインしてください。");
        }
        return "portal/login";
    }

    @GetMapping("/operator/login")
    public String operatorLogin(Model model) {
        model.addAttribute("operatorPage", true);
        return "portal/login";
    }

    @PostMapping({"/login", "/operator/login"})
    public Mono<String> signIn(@ModelAttribute LoginForm form, ServerWebExchange exchange, Model model) {
        boolean operator = form.asOperator() || exchange.getRequest().getPath().value().startsWith("/operator/");
        String tenantId = operator ? null : trim(form.tenantId());
        model.addAttribute("operatorPage", operator);
        model.addAttribute("tenantId", tenantId);
        model.addAttribute("loginId", trim(form.loginId()));
        if (!operator && (tenantId == null || !tenantId.matches("\\d{6}"))) {
            model.addAttribute("error", BAD_TOWN);
            return Mono.just("portal/login");
        }
        if (isBlank(form.loginId()) || isBlank(form.password())) {
            model.addAttribute("error", BAD_CREDENTIALS);
            return Mono.just("portal/login");
        }
        return identity.login(tenantId, trim(form.loginId()), form.password(), clientAddress(exchange))
                .flatMap(tokens -> start(exchange, trim(form.loginId()), tokens))
                .map(user -> user.isOperator() ? "redirect:/operator/towns" : "redirect:/")
                .onErrorResume(IdentityClient.LoginRejected.class, e -> {
                    log.info("event=portal_login_refused tenant={} reason={}", tenantId == null ? "operator" : tenantId, e.failure());
                    model.addAttribute("error", switch (e.failure()) {
                        case BAD_CREDENTIALS -> BAD_CREDENTIALS;
                        case LOCKED -> LOCKED;
                        case UNAVAILABLE -> UNAVAILABLE;
                    });
                    return Mono.just("portal/login");
                });
    }

    /** A new session id (no fixation), the tokens in the session, the member in its security context. */
    private Mono<PortalUser> start(ServerWebExchange exchange, String loginId, IdentityClient.TokenResponse tokens) {
        Mono<String> townName = tokens.tenantId() == null ? Mono.just("") : services.townName(tokens.accessToken(), tokens.tenantId());
        return townName.flatMap(name -> exchange.getSession().flatMap(session -> session.changeSessionId().then(Mono.defer(() -> {
            session.getAttributes().put(SessionTokens.ATTRIBUTE, new SessionTokens(tokens, clock));
            PortalUser user = new PortalUser(tokens.tenantId(), loginId, tokens.displayName(), tokens.role(), name);
            log.info("event=portal_login tenant={} role={}", tokens.tenantId() == null ? "operator" : tokens.tenantId(), tokens.role());
            // the token from before sign-in is dropped (as with the session id), the next page gets a new one
            return contexts.save(exchange, new SecurityContextImpl(user.toAuthentication())).then(csrfTokens.saveToken(exchange, null))
                    .thenReturn(user);
        }))));
    }

    /**
     * The browser's address, for tenant-service's per-source login limit. Behind an ingress, set
     * {@code server.forward-headers-strategy} so that this is the browser's and not the ingress's.
     */
    private static String clientAddress(ServerWebExchange exchange) {
        var remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    }

    private static String trim(String s) {
        return s == null ? null : s.strip();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
