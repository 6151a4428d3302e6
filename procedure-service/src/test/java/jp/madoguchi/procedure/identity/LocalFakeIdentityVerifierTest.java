package jp.madoguchi.procedure.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The fake provider and the result the town keeps: a yes/no, the method, the time, a reference, never an individual number. */
class LocalFakeIdentityVerifierTest {

    private final LocalFakeIdentityVerifier fake =
            new LocalFakeIdentityVerifier(Clock.fixed(Instant.parse("2026-05-01T01:00:00Z"), ZoneOffset.UTC));

    @Test
    void anAcceptedTokenIsVerifiedByTheJpkiMethodWithAProviderReference() {
        IdentityVerification result = fake.verify("014834", "app-1", "fake-ok-123").block();
        assertThat(result.verified()).isTrue();
        assertThat(result.method()).isEqualTo("マイナンバーカード公的個人認証");
        assertThat(result.verifiedAt()).isEqualTo(Instant.parse("2026-05-01T01:00:00Z"));
        assertThat(result.providerReference()).startsWith("local-fake:").doesNotContain("fake-ok-123");
    }

    @Test
    void anyOtherTokenIsNotVerified() {
        assertThat(fake.verify("014834", "app-1", "something-else").block().verified()).isFalse();
    }

    @Test
    void anIndividualNumberIsNeverAcceptedOrStored() {
        assertThatThrownBy(() -> fake.verify("014834", "app-1", "1234 5678 9012").block()).hasMessageContaining("never an individual number");
        assertThatThrownBy(() -> new IdentityVerification(true, IdentityVerification.METHOD_JPKI, Instant.now(), "123456789012"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(IdentityVerification.class.getRecordComponents()).extracting(c -> c.getName())
                .containsExactly("verified", "method", "verifiedAt", "providerReference");
    }
}
