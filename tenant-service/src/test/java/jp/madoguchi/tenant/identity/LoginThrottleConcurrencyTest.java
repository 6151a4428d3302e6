package jp.madoguchi.tenant.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Login throttling over real HTTP under concurrency: parallel guesses are counted before their
 * passwords are checked, a stranger's failures do not keep the admin out, and a failing source is
 * shut out on its own. The lock limit is the production default (10).
 */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=tenant-service",
        "madoguchi.identity.bootstrap-operator.login-id=operator",
        "madoguchi.identity.bootstrap-operator.password=operator-test-password",
        "madoguchi.identity.lockout.delay-step=10ms",
        "madoguchi.identity.lockout.max-delay=20ms",
        "madoguchi.identity.lockout.lock-duration=3s",
        "madoguchi.identity.lockout.source-limit=15"})
class LoginThrottleConcurrencyTest {

    static final AtomicInteger passwordChecks = new AtomicInteger();

    /** The real encoder, counting how many passwords are checked. */
    @TestConfiguration
    static class CountingEncoder {
        @Bean
        @Primary
        PasswordEncoder countingPasswordEncoder() {
            PasswordEncoder real = PasswordEncoderFactories.createDelegatingPasswordEncoder();
            return new PasswordEncoder() {
                @Override
                public String encode(CharSequence raw) {
                    return real.encode(raw);
                }

                @Override
                public boolean matches(CharSequence raw, String encoded) {
                    passwordChecks.incrementAndGet();
                    return real.matches(raw, encoded);
                }
            };
        }
    }

    @DynamicPropertySource
    static void signingKey(DynamicPropertyRegistry registry) {
        registry.add("madoguchi.identity.signing-key", () -> EmbeddedPlatformExtension.tokens().privateKeyPem());
    }

    @Autowired
    WebTestClient http;

    @Test
    void hundredParallelWrongPasswordsAreCheckedExactlyTenTimesBeforeTheLock() {
        String town = "014681"; // 0+5+16+18+16=55 → 0 → 1
        String admin = onboardedAdmin(town, "parallel-admin-password");
        passwordChecks.set(0);

        ExecutorService pool = Executors.newFixedThreadPool(100);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = IntStream.range(0, 100).mapToObj(i -> pool.submit(() -> {
            start.await();
            return status(town, admin, "wrong-guess-" + i, "203.0.113.7");
        })).toList();
        start.countDown();
        List<Integer> statuses = answers.stream().map(LoginThrottleConcurrencyTest::get).toList();
        pool.shutdown();
        assertThat(passwordChecks.get()).isEqualTo(10);
        assertThat(statuses).allMatch(s -> s == 401 || s == 423 || s == 429);
        assertThat(statuses.stream().filter(s -> s == 401 || s == 423).count()).isEqualTo(15); // the source's limit

        // the guesser's own address is refused even with the right password ...
        int refused = status(town, admin, "parallel-admin-password", "203.0.113.7");
        assertThat(refused).isIn(423, 429);
        // ... while the admin at the town hall, whose address has not been failing, still gets in
        assertThat(status(town, admin, "parallel-admin-password", "198.51.100.20")).isEqualTo(200);
    }

    @Test
    void aLockRunsOutAndTheSourceThatCausedItCannotLockItAgain() throws InterruptedException {
        String town = "014699"; // 0+5+16+18+18=57 → 2 → 9
        String admin = onboardedAdmin(town, "expiry-admin-password");
        for (int i = 0; i < 10; i++) {
            status(town, admin, "wrong-" + i, "203.0.113.8");
        }
        assertThat(status(town, admin, "wrong-again", "203.0.113.8")).isEqualTo(423);
        Thread.sleep(3_500);

        // after the lock the stranger gets a few more guesses, then their address is shut out (15 per window) ...
        List<Integer> later = IntStream.range(0, 10).mapToObj(i -> status(town, admin, "later-" + i, "203.0.113.8")).toList();
        assertThat(later).contains(429).doesNotContain(423);
        // ... so the account is not locked again, and the admin logs in
        assertThat(status(town, admin, "expiry-admin-password", "198.51.100.21")).isEqualTo(200);
    }

    private String onboardedAdmin(String town, String password) {
        assertThat(jp.madoguchi.platform.tenancy.TenantId.problemWith(town)).isNull();
        Map<?, ?> pair = http.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("loginId", "operator", "password", "operator-test-password"))
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        String operator = (String) pair.get("accessToken");
        Map<?, ?> body = http.post().uri("/api/operator/towns").headers(h -> h.setBearerAuth(operator)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenantId", town, "name", "テスト町", "nameKana", "てすとちょう", "prefecture", "北海道", "population", 1000,
                        "admin", Map.of("loginId", "admin", "displayName", "管理 太郎")))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        http.post().uri("/api/auth/invitations/{c}/accept", body.get("adminInvitationCode")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("password", password)).exchange().expectStatus().isNoContent();
        return "admin";
    }

    private static int get(Future<Integer> answer) {
        try {
            return answer.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private int status(String town, String loginId, String password, String source) {
        // 100 parallel bcrypt checks on two cores take longer than the client's default 5 s
        return http.mutate().responseTimeout(Duration.ofSeconds(60)).build().post().uri("/api/auth/login").header("X-Forwarded-For", source).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenantId", town, "loginId", loginId, "password", password))
                .exchange().returnResult(String.class).getStatus().value();
    }
}
