package jp.madoguchi.tenant.identity;

import java.util.List;
import java.util.Map;
import jp.madoguchi.platform.messaging.ReactiveCommands;
import jp.madoguchi.platform.security.ApiProblems;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.tenant.identity.StaffMessages.AcceptInvitation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Logging in, refreshing and ending a session, accepting an invitation, and the public keys that
 * verify the tokens. These paths are public (madoguchi.security.public-paths): they are how a token is got.
 */
@RestController
class AuthController {

    private static final Logger log = LoggerFactory.getLogger(AuthController.class);

    public record LoginRequest(String tenantId, String loginId, String password) {
        @Override
        public String toString() {
            return "LoginRequest[tenantId=" + tenantId + ", loginId=" + loginId + "]";
        }
    }

    public record RefreshRequest(String refreshToken) {
        @Override
        public String toString() {
            return "RefreshRequest[***]";
        }
    }

    public record AcceptRequest(String password) {
        @Override
        public String toString() {
            return "AcceptRequest[***]";
        }
    }

    public record TokenPair(String accessToken, String refreshToken, String tokenType, long expiresIn, String tenantId, String role,
                            String displayName) {
    }

    private final StaffDirectory directory;
    private final OperatorAccounts operators;
    private final LoginThrottle throttle;
    private final RefreshTokens refreshTokens;
    private final TokenIssuer issuer;
    private final TownStatus towns;
    private final PasswordEncoder passwords;
    private final ReactiveCommands commands;
    private final java.util.Set<String> trustedProxies;
    /** Checked when the login id is unknown, so that an unknown id costs as long as a wrong password. */
    private final String decoyHash;

    public AuthController(StaffDirectory directory, OperatorAccounts operators, LoginThrottle throttle, RefreshTokens refreshTokens,
                          TokenIssuer issuer, TownStatus towns, PasswordEncoder passwords, ReactiveCommands commands,
                          IdentityProperties props) {
        this.directory = directory;
        this.operators = operators;
        this.throttle = throttle;
        this.refreshTokens = refreshTokens;
        this.issuer = issuer;
        this.towns = towns;
        this.passwords = passwords;
        this.commands = commands;
        this.trustedProxies = props.lockout().trustedProxies();
        this.decoyHash = passwords.encode(Secrets.newCode());
    }

    @PostMapping("/api/auth/login")
    public Mono<TokenPair> login(@RequestBody LoginRequest request, ServerHttpRequest http) {
        String loginId = StaffRules.normalizeLoginId(request.loginId());
        if (loginId == null || loginId.isEmpty() || request.password() == null) {
            return Mono.error(ApiProblems.invalid("Invalid login", List.of("loginId and password are required (and tenantId, the town code, for town staff)")));
        }
        TenantId tenant = request.tenantId() == null || request.tenantId().isBlank() ? null : ApiProblems.tenantId(request.tenantId().strip());
        String key = LoginThrottle.key(tenant == null ? null : tenant.code(), loginId);
        String source = ClientAddress.of(http, trustedProxies);
        // the attempt is counted before its password is checked, so parallel guesses cannot pass the limit
        return throttle.reserve(key, source).flatMap(attempt -> verify(tenant, loginId, request.password())
                .flatMap(account -> throttle.succeeded(key, source).then(ensureAllowed(account)).then(issuePair(account, null))
                        .doOnNext(pair -> log.info("event=login outcome=ok tenant={} subject={} role={}", account.tenantId() == null ? "-" : account.tenantId(), account.subject(), pair.role())))
                .switchIfEmpty(Mono.defer(() -> throttle.failed(key, attempt).flatMap(failure -> {
                    log.info("event=login outcome=rejected tenant={} failures={} locked={}", tenant == null ? "-" : tenant.code(),
                            failure.failures(), failure.lockedUntil().isPresent());
                    if (failure.lockedUntil().isPresent()) {
                        return Mono.error(IdentityErrors.locked(failure.lockedUntil().get()));
                    }
                    return Mono.delay(throttle.delayFor(failure.failures())).then(Mono.error(IdentityErrors.badCredentials()));
                }))));
    }

    @PostMapping("/api/auth/refresh")
    public Mono<TokenPair> refresh(@RequestBody RefreshRequest request) {
        if (request.refreshToken() == null || request.refreshToken().isBlank()) {
            return Mono.error(ApiProblems.invalid("Invalid refresh", List.of("refreshToken is required")));
        }
        return refreshTokens.use(request.refreshToken())
                .switchIfEmpty(Mono.error(IdentityErrors::invalidRefresh))
                .flatMap(used -> current(used.owner())
                        .switchIfEmpty(refreshTokens.revokeFamily(used.family()).then(Mono.error(IdentityErrors::invalidRefresh)))
                        .flatMap(account -> ensureAllowed(account).then(issuePair(account, used.family()))));
    }

    @PostMapping("/api/auth/logout")
    public Mono<ResponseEntity<Void>> logout(@RequestBody RefreshRequest request) {
        if (request.refreshToken() == null || request.refreshToken().isBlank()) {
            return Mono.error(ApiProblems.invalid("Invalid logout", List.of("refreshToken is required")));
        }
        return refreshTokens.revoke(request.refreshToken()).thenReturn(ResponseEntity.noContent().build());
    }

    @PostMapping("/api/auth/invitations/{code}/accept")
    public Mono<ResponseEntity<Void>> accept(@PathVariable String code, @RequestBody AcceptRequest request) {
        List<String> problems = StaffRules.problemsOfPassword(request.password());
        if (!problems.isEmpty()) {
            return Mono.error(ApiProblems.invalid("Password not accepted", problems));
        }
        return directory.openInvitation(Secrets.sha256(code))
                // an invitation made a moment ago may not be in the read model yet: look again briefly
                .repeatWhenEmpty(again -> again.delayElements(java.time.Duration.ofMillis(100)).take(30))
                .switchIfEmpty(Mono.error(() -> ApiProblems.of(HttpStatus.NOT_FOUND, "Unknown invitation",
                        "this invitation code is unknown, already used or expired; ask your town's admin for a new invitation")))
                .flatMap(invitation -> hash(request.password())
                        .flatMap(hash -> commands.send(TenantId.of(invitation.tenantId()), new AcceptInvitation(invitation.staffId(), hash)))
                        .onErrorMap(IdentityErrors::map)
                        // logging in works as soon as the answer arrives
                        .then(directory.await(TenantId.of(invitation.tenantId()), invitation.staffId(), StaffDirectory.Member::isActive))
                        .doOnNext(m -> log.info("event=invitation-accepted tenant={} subject={}", m.tenantId(), m.staffId())))
                .thenReturn(ResponseEntity.noContent().build());
    }

    @GetMapping("/.well-known/jwks.json")
    public Map<String, Object> jwks() {
        return issuer.jwks();
    }

    /** The account behind a correct password; empty for any failure, so every failure answers alike. */
    private Mono<Account> verify(TenantId tenant, String loginId, String password) {
        if (tenant == null) {
            var operator = operators.byLoginId(loginId);
            return matches(password, operator.isPresent() ? operators.passwordHash() : decoyHash)
                    .filter(ok -> ok && operator.isPresent()).map(ok -> operator.get());
        }
        // exactly one hash check per attempt: the decoy only stands in for a member who cannot log in
        return directory.byLoginId(tenant, loginId)
                .filter(m -> m.isActive() && m.passwordHash() != null)
                .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .flatMap(m -> matches(password, m.map(StaffDirectory.Member::passwordHash).orElse(decoyHash))
                        .filter(ok -> ok && m.isPresent()).map(ok -> m.get().account()));
    }

    /** The account as it stands now (role changes count, disabled members and removed operators are gone). */
    private Mono<Account> current(Account owner) {
        if (owner.tenantId() == null) {
            return operators.exists(owner.subject()) ? Mono.just(owner) : Mono.empty();
        }
        return directory.byId(TenantId.of(owner.tenantId()), owner.subject()).filter(StaffDirectory.Member::isActive).map(StaffDirectory.Member::account);
    }

    private Mono<Void> ensureAllowed(Account account) {
        if (account.tenantId() == null) {
            return Mono.empty();
        }
        return towns.isSuspended(TenantId.of(account.tenantId()))
                .flatMap(suspended -> suspended ? Mono.error(IdentityErrors.townSuspended(account.tenantId())) : Mono.empty());
    }

    private Mono<TokenPair> issuePair(Account account, String family) {
        return refreshTokens.issue(account, family).map(refresh -> new TokenPair(issuer.issue(account), refresh, "Bearer",
                issuer.accessTokenSeconds(), account.tenantId(), account.role().claim(), account.displayName()));
    }

    private Mono<Boolean> matches(String password, String hash) {
        return Mono.fromCallable(() -> passwords.matches(password, hash)).subscribeOn(Schedulers.boundedElastic());
    }

    private Mono<String> hash(String password) {
        return Mono.fromCallable(() -> passwords.encode(password)).subscribeOn(Schedulers.boundedElastic());
    }
}
