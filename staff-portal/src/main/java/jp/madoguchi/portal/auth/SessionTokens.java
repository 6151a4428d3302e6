package jp.madoguchi.portal.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/**
 * The signed-in member's access and refresh tokens, kept only in the server-side WebSession (the
 * browser holds nothing but the session cookie). One refresh at a time per session: the refresh
 * token is single-use, so concurrent requests (a page and its htmx polls) share one refresh.
 */
public final class SessionTokens {

    static final String ATTRIBUTE = "madoguchi.portal.tokens";

    /** Refresh a little before the real expiry, so a token does not lapse on its way to a service. */
    private static final Duration EARLY = Duration.ofSeconds(30);

    private String accessToken;
    private String refreshToken;
    private Instant expiresAt;
    private Mono<String> refreshing;

    SessionTokens(IdentityClient.TokenResponse tokens, Clock clock) {
        update(tokens, clock);
    }

    public static SessionTokens of(WebSession session) {
        return session.getAttribute(ATTRIBUTE);
    }

    synchronized void update(IdentityClient.TokenResponse tokens, Clock clock) {
        this.accessToken = tokens.accessToken();
        this.refreshToken = tokens.refreshToken();
        long lifetime = tokens.expiresIn() == null ? 900 : tokens.expiresIn();
        this.expiresAt = clock.instant().plusSeconds(lifetime).minus(EARLY);
    }

    synchronized String refreshToken() {
        return refreshToken;
    }

    /** The access token, refreshed first when it has (nearly) expired. */
    public synchronized Mono<String> current(IdentityClient identity, Clock clock) {
        if (clock.instant().isBefore(expiresAt)) {
            return Mono.just(accessToken);
        }
        return refreshAfter(accessToken, identity, clock);
    }

    /**
     * A new access token after {@code rejected} was refused: refreshes once, unless another request
     * already replaced that token, in which case the newer one is used.
     */
    public synchronized Mono<String> refreshAfter(String rejected, IdentityClient identity, Clock clock) {
        if (!rejected.equals(accessToken)) {
            return Mono.just(accessToken);
        }
        if (refreshing == null) {
            String token = refreshToken;
            refreshing = identity.refresh(token)
                    .map(pair -> {
                        synchronized (this) {
                            update(pair, clock);
                            return pair.accessToken();
                        }
                    })
                    .doFinally(signal -> {
                        synchronized (this) {
                            refreshing = null;
                        }
                    })
                    .cache();
        }
        return refreshing;
    }

    /** Never print a token, not even by accident in a log line. */
    @Override
    public String toString() {
        return "SessionTokens[expiresAt=" + expiresAt + "]";
    }
}
