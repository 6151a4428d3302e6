package jp.madoguchi.tenant.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Staff identity over HTTP against the embedded platform: invitations, login, tokens, refresh, lockout. */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=tenant-service",
        "madoguchi.identity.bootstrap-operator.login-id=operator",
        "madoguchi.identity.bootstrap-operator.password=operator-test-password",
        // short delays and an early lock keep the test fast; the rule is the same as in production
        "madoguchi.identity.lockout.delay-after=2",
        "madoguchi.identity.lockout.delay-step=300ms",
        "madoguchi.identity.lockout.max-delay=600ms",
        "madoguchi.identity.lockout.lock-after=5",
        "madoguchi.identity.lockout.lock-duration=1h"})
class IdentityIntegrationTest {

    // two valid town codes no other test onboards
    private static final String TOWN_A = "014621";
    private static final String TOWN_B = "014630";

    @DynamicPropertySource
    static void signingKey(DynamicPropertyRegistry registry) {
        // the key whose public half the embedded platform tells services to trust
        registry.add("madoguchi.identity.signing-key", () -> EmbeddedPlatformExtension.tokens().privateKeyPem());
    }

    @Autowired
    WebTestClient http;

    @LocalServerPort
    int port;

    @Test
    void anInvitedAdminLogsInAndTheTokenOpensOnlyTheirOwnTown() {
        String operator = login(null, "operator", "operator-test-password");
        String code = onboard(operator, TOWN_A, "admin");
        String otherCode = onboard(operator, TOWN_B, "admin");
        accept(code, "town-a-admin-password");
        accept(otherCode, "town-b-admin-password");

        // a second use of the same code is refused
        http.post().uri("/api/auth/invitations/{c}/accept", code).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("password", "another-long-password")).exchange().expectStatus().isNotFound();

        Map<?, ?> pair = loginPair(TOWN_A, "admin", "town-a-admin-password");
        assertThat(pair.get("tenantId")).isEqualTo(TOWN_A);
        assertThat(pair.get("role")).isEqualTo("admin");
        assertThat(pair.get("expiresIn")).isEqualTo(900);
        String admin = (String) pair.get("accessToken");

        http.get().uri("/api/towns/{t}/staff", TOWN_A).headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[0].loginId").isEqualTo("admin").jsonPath("$[0].role").isEqualTo("admin")
                .jsonPath("$[0].status").isEqualTo("active");
        http.get().uri("/api/towns/{t}/staff", TOWN_B).headers(h -> h.setBearerAuth(admin)).exchange().expectStatus().isForbidden();
        http.post().uri("/api/operator/towns").headers(h -> h.setBearerAuth(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenantId", "131016")).exchange().expectStatus().isForbidden();

        // a login id is taken once per town, but the same id in another town is fine (both towns have "admin")
        http.post().uri("/api/towns/{t}/staff/invitations", TOWN_A).headers(h -> h.setBearerAuth(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("loginId", "Admin", "displayName", "重複", "role", "staff")).exchange().expectStatus().isEqualTo(409);

        // the JWKS verifies what tenant-service issued
        Jwt jwt = NimbusReactiveJwtDecoder.withJwkSetUri("http://localhost:" + port + "/.well-known/jwks.json").build()
                .decode(admin).block(Duration.ofSeconds(10));
        assertThat(jwt.getClaimAsString("tenant")).isEqualTo(TOWN_A);
        assertThat(jwt.getClaimAsString("role")).isEqualTo("admin");
        assertThat(jwt.getClaimAsString("iss")).isEqualTo("madoguchi");
        assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aViewerCannotInviteAndTheStaffListShowsNoSecrets() {
        String operator = login(null, "operator", "operator-test-password");
        String town = "014656"; // 0+5+16+18+10=49 → 49%11=5 → 6
        String adminCode = onboard(operator, town, "chief");
        accept(adminCode, "chief-admin-password");
        String admin = login(town, "chief", "chief-admin-password");

        Map<?, ?> invitation = http.post().uri("/api/towns/{t}/staff/invitations", town).headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("loginId", "viewer1", "displayName", "閲覧 太郎", "role", "viewer"))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        String viewerCode = (String) invitation.get("invitationCode");
        assertThat(viewerCode).matches("[A-Za-z0-9_-]{22}");

        http.post().uri("/api/auth/invitations/{c}/accept", viewerCode).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("password", "short")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("at least 12 characters"));
        accept(viewerCode, "viewer-password-long");
        String viewer = login(town, "viewer1", "viewer-password-long");

        http.post().uri("/api/towns/{t}/staff/invitations", town).headers(h -> h.setBearerAuth(viewer)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("loginId", "sneaky", "displayName", "x", "role", "admin")).exchange().expectStatus().isForbidden();

        String list = http.get().uri("/api/towns/{t}/staff", town).headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(list).contains("viewer1", "chief").doesNotContain("bcrypt", "$2a$", "password", "invitation", viewerCode, adminCode);

        // disabling shuts the member out of login
        String viewerId = (String) invitation.get("staffId");
        http.post().uri("/api/towns/{t}/staff/{s}/disable", town, viewerId).headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isNoContent();
        http.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenantId", town, "loginId", "viewer1", "password", "viewer-password-long"))
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void refreshRotatesAndAReusedTokenEndsTheWholeSession() {
        String operator = login(null, "operator", "operator-test-password");
        String town = "014664"; // 0+5+16+18+12=51 → 7 → 4
        accept(onboard(operator, town, "admin"), "refresh-admin-password");
        Map<?, ?> first = loginPair(town, "admin", "refresh-admin-password");
        String r1 = (String) first.get("refreshToken");

        Map<?, ?> second = refresh(r1).expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        String r2 = (String) second.get("refreshToken");
        assertThat(r2).isNotEqualTo(r1);
        assertThat((String) second.get("accessToken")).isNotBlank();

        // r1 was rotated: presenting it again is a theft signal, and r2 (same family) dies with it
        refresh(r1).expectStatus().isUnauthorized();
        refresh(r2).expectStatus().isUnauthorized();

        // logout ends a session
        String r3 = (String) loginPair(town, "admin", "refresh-admin-password").get("refreshToken");
        http.post().uri("/api/auth/logout").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("refreshToken", r3))
                .exchange().expectStatus().isNoContent();
        refresh(r3).expectStatus().isUnauthorized();
    }

    @Test
    void wrongPasswordsAreAnsweredAlikeThenSlowerThenLocked() {
        String operator = login(null, "operator", "operator-test-password");
        String town = "014672"; // 0+5+16+18+14=53 → 9 → 2
        accept(onboard(operator, town, "admin"), "lockout-admin-password");

        // unknown login id and wrong password: same status, same message
        String unknown = failedLogin(town, "nobody", "lockout-admin-password", 401);
        String wrong = failedLogin(town, "admin", "not-the-password", 401);
        assertThat(unknown).isEqualTo(wrong).contains("loginId or password is wrong");

        // the count is per (town, loginId): "admin" has 1 failure; the 2nd and 3rd are delayed 300 ms and 600 ms
        long started = System.nanoTime();
        failedLogin(town, "admin", "not-the-password", 401);
        failedLogin(town, "admin", "not-the-password", 401);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        failedLogin(town, "admin", "not-the-password", 401);
        String locked = failedLogin(town, "admin", "not-the-password", 423);
        assertThat(locked).contains("locked until").contains("try again after");
        // locked means locked, even with the right password
        failedLogin(town, "admin", "lockout-admin-password", 423);
    }

    @Test
    void operatorsLogInWithTheBootstrapAccountOnly() {
        Map<?, ?> pair = loginPair(null, "operator", "operator-test-password");
        assertThat(pair.get("role")).isEqualTo("operator");
        assertThat(pair.containsKey("tenantId")).isFalse();
        failedLogin(null, "operator", "wrong-operator-password", 401);
        failedLogin(null, "someone", "operator-test-password", 401);
        http.get().uri("/.well-known/jwks.json").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.keys[0].kid").isEqualTo(EmbeddedPlatformExtension.tokens().keyId())
                .jsonPath("$.keys[0].d").doesNotExist();
    }

    private String onboard(String operatorToken, String town, String adminLoginId) {
        Map<?, ?> body = http.post().uri("/api/operator/towns").headers(h -> h.setBearerAuth(operatorToken)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenantId", town, "name", "テスト町", "nameKana", "てすとちょう", "prefecture", "北海道", "population", 1000,
                        "admin", Map.of("loginId", adminLoginId, "displayName", "管理 太郎")))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(body.get("tenantId")).isEqualTo(town);
        return (String) body.get("adminInvitationCode");
    }

    private void accept(String code, String password) {
        http.post().uri("/api/auth/invitations/{c}/accept", code).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("password", password)).exchange().expectStatus().isNoContent();
    }

    private String login(String town, String loginId, String password) {
        return (String) loginPair(town, loginId, password).get("accessToken");
    }

    private Map<?, ?> loginPair(String town, String loginId, String password) {
        return http.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON).bodyValue(credentials(town, loginId, password))
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    private String failedLogin(String town, String loginId, String password, int status) {
        return http.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON).bodyValue(credentials(town, loginId, password))
                .exchange().expectStatus().isEqualTo(status).expectBody(Map.class).returnResult().getResponseBody().get("detail").toString();
    }

    private static Map<String, String> credentials(String town, String loginId, String password) {
        return town == null ? Map.of("loginId", loginId, "password", password)
                : Map.of("tenantId", town, "loginId", loginId, "password", password);
    }

    private WebTestClient.ResponseSpec refresh(String token) {
        return http.post().uri("/api/auth/refresh").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("refreshToken", token)).exchange();
    }
}
