package jp.madoguchi.procedure.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of verifying a resident's identity, and all the town keeps of it: whether it succeeded,
 * how, when, and the provider's reference for the check. Never an individual number (個人番号) or
 * anything read from the card.
 *
 * @param method            e.g. {@value #METHOD_JPKI}
 * @param providerReference the provider's id of this check, to look it up with the provider if ever needed
 */
public record IdentityVerification(boolean verified, String method, Instant verifiedAt, String providerReference) {

    public static final String METHOD_JPKI = "マイナンバーカード公的個人認証";

    public IdentityVerification {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(verifiedAt, "verifiedAt");
        Objects.requireNonNull(providerReference, "providerReference");
        if (IndividualNumbers.looksLikeOne(providerReference)) {
            throw new IllegalArgumentException("a provider reference must not be an individual number");
        }
    }
}
