package jp.madoguchi.procedure.identity;

import reactor.core.publisher.Mono;

/**
 * An identity provider (e.g. a 公的個人認証 service behind a smartphone app): the resident proves who
 * they are with the provider, and the town learns only the {@link IdentityVerification} result for
 * the application. Production uses a contracted provider; {@link LocalFakeIdentityVerifier} stands in
 * for development and tests.
 */
interface IdentityVerifier {

    /**
     * @param tenantId      the town asking
     * @param applicationId the application the check belongs to
     * @param providerToken what the provider handed the resident's session (an opaque token, never an individual number)
     */
    Mono<IdentityVerification> verify(String tenantId, String applicationId, String providerToken);
}
