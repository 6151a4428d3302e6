package jp.madoguchi.procedure.identity;

import java.time.Clock;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A FAKE identity provider for local development and tests only: it checks nothing. A token starting
 * with {@value #ACCEPT_PREFIX} is "verified", anything else is not. Used only when no real
 * {@link IdentityVerifier} bean is configured.
 */
@Component
@ConditionalOnMissingBean(value = IdentityVerifier.class, ignored = LocalFakeIdentityVerifier.class)
public class LocalFakeIdentityVerifier implements IdentityVerifier {

    public static final String ACCEPT_PREFIX = "fake-ok";
    static final String REFERENCE_PREFIX = "local-fake:";

    private final Clock clock;

    public LocalFakeIdentityVerifier() {
        this(Clock.systemUTC());
    }

    LocalFakeIdentityVerifier(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Mono<IdentityVerification> verify(String tenantId, String applicationId, String providerToken) {
        if (IndividualNumbers.looksLikeOne(providerToken)) {
            return Mono.error(new IllegalArgumentException("send the provider's token, never an individual number"));
        }
        boolean verified = providerToken != null && providerToken.startsWith(ACCEPT_PREFIX);
        return Mono.just(new IdentityVerification(verified, IdentityVerification.METHOD_JPKI, clock.instant(),
                REFERENCE_PREFIX + UUID.nameUUIDFromBytes((tenantId + ":" + applicationId + ":" + providerToken).getBytes())));
    }
}
