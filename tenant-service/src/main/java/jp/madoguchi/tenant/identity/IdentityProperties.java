package jp.madoguchi.tenant.identity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Staff identity settings, under {@code madoguchi.identity.*}.
 *
 * @param signingKey            RSA private key (PKCS#8 PEM) that signs staff tokens; absent → an ephemeral key (tokens die with the process)
 * @param accessTokenLifetime   lifetime of an access token (15 minutes, as every service expects)
 * @param refreshTokenLifetime  lifetime of a refresh token; each refresh issues a new one
 * @param bootstrapOperator     the one vendor operator account; unset → no operator can log in
 * @param lockout               brute-force protection per (town, loginId) and per source
 */
@ConfigurationProperties("madoguchi.identity")
record IdentityProperties(String signingKey, Duration accessTokenLifetime, Duration refreshTokenLifetime,
                                 BootstrapOperator bootstrapOperator, Lockout lockout) {

    public IdentityProperties {
        accessTokenLifetime = accessTokenLifetime == null ? Duration.ofMinutes(15) : accessTokenLifetime;
        refreshTokenLifetime = refreshTokenLifetime == null ? Duration.ofHours(8) : refreshTokenLifetime;
        bootstrapOperator = bootstrapOperator == null ? new BootstrapOperator(null, null, null) : bootstrapOperator;
        lockout = lockout == null ? new Lockout(null, null, null, null, null, null, null, null) : lockout;
    }

    /** @param password plain text from configuration: hashed at startup, never logged */
    public record BootstrapOperator(String loginId, String password, String displayName) {

        public BootstrapOperator {
            displayName = displayName == null || displayName.isBlank() ? "Madoguchi operator" : displayName;
        }

        public boolean isConfigured() {
            return loginId != null && !loginId.isBlank() && password != null && !password.isEmpty();
        }

        @Override
        public String toString() {
            return "BootstrapOperator[loginId=" + loginId + ", password=***]";
        }
    }

    /**
     * @param delayAfter   from this consecutive failure on, each answer is delayed
     * @param delayStep    delay per failure beyond {@code delayAfter - 1}
     * @param maxDelay     the longest delay
     * @param lockAfter    consecutive failures that lock the account
     * @param lockDuration how long a locked account stays locked
     * @param sourceLimit    attempts one source (client address) may make within {@code sourceWindow} that do not succeed
     * @param sourceWindow   how long a source's count runs (from its first attempt) before it starts again
     * @param trustedProxies addresses (e.g. the staff portal, an ingress) whose {@code X-Forwarded-For} names the real source
     */
    public record Lockout(Integer delayAfter, Duration delayStep, Duration maxDelay, Integer lockAfter, Duration lockDuration,
                          Integer sourceLimit, Duration sourceWindow, java.util.Set<String> trustedProxies) {

        public Lockout {
            delayAfter = delayAfter == null ? 3 : delayAfter;
            delayStep = delayStep == null ? Duration.ofSeconds(1) : delayStep;
            maxDelay = maxDelay == null ? Duration.ofSeconds(5) : maxDelay;
            lockAfter = lockAfter == null ? 10 : lockAfter;
            lockDuration = lockDuration == null ? Duration.ofMinutes(15) : lockDuration;
            // a town hall's staff share one address: room for everyone's typos, not for guessing
            sourceLimit = sourceLimit == null ? 30 : sourceLimit;
            sourceWindow = sourceWindow == null ? Duration.ofHours(1) : sourceWindow;
            trustedProxies = trustedProxies == null ? java.util.Set.of("127.0.0.1", "0:0:0:0:0:0:0:1") : java.util.Set.copyOf(trustedProxies);
        }

        /** The delay before answering the {@code failures}-th consecutive failure. */
        public Duration delayFor(long failures) {
            if (failures < delayAfter) {
                return Duration.ZERO;
            }
            Duration delay = delayStep.multipliedBy(failures - delayAfter + 1);
            return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
        }
    }

    @Override
    public String toString() {
        return "IdentityProperties[signingKey=" + (signingKey == null ? "none" : "***") + ", bootstrapOperator=" + bootstrapOperator + "]";
    }
}
