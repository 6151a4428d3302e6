package jp.madoguchi.portal.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import jp.madoguchi.portal.PortalProperties;
import jp.madoguchi.portal.web.ServiceException;

import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/** tenant-service's sign-in API: login, refresh, logout and accepting an invitation. No token is ever logged. */
@Component
public class IdentityClient {

    public record TokenResponse(String accessToken, String refreshToken, Long expiresIn, String tenantId, String role, String displayName) {

        @Override
        public String toString() {
            return "TokenResponse[tenantId=" + tenantId + ", role=" + role + "]";
        }
    }

    /** Why a sign-in failed, as the login page explains it. */
    public enum LoginFailure { BAD_CREDENTIALS, LOCKED, UNAVAILABLE }

    public static final class LoginRejected extends RuntimeException {
        private final LoginFailure failure;

        LoginRejected(LoginFailure failure) {
            super(failure.name(), null, false, false);
            this.failure = failure;
        }

        public LoginFailure failure() {
            return failure;
        }
    }

    /** The refresh token is no longer good (expired, revoked, or the account was disabled): sign in again. */
    public static final class SessionExpired extends RuntimeException {
        public SessionExpired() {
            super("session expired", null, false, false);
        }
    }

    private final WebClient web;
    private final PortalProperties props;

    public IdentityClient(WebClient.Builder builder, PortalProperties props) {
        this.web = builder.clone().baseUrl(props.tenantServiceUrl().toString()).build();
        this.props = props;
    }

    /**
     * @param tenantId      the town's code, or null for an operator
     * @param clientAddress the browser's address, passed on as {@code X-Forwarded-For} so that tenant-service limits
     *                      failed logins per browser rather than per portal (it believes the header only from trusted proxies)
     */
    public Mono<TokenResponse> login(String tenantId, String loginId, String password, String clientAddress) {
        Map<String, String> body = new LinkedHashMap<>();
        if (tenantId != null) {
            body.put("tenantId", tenantId);
        }
        body.put("loginId", loginId);
        body.put("password", password);
        return web.post().uri("/api/auth/login").headers(h -> {
                    if (clientAddress != null) {
                        h.set("X-Forwarded-For", clientAddress);
                    }
                }).bodyValue(body)
                .exchangeToMono(response -> {
                    HttpStatusCode status = response.statusCode();
                    if (status.is2xxSuccessful()) {
                        return response.bodyToMono(TokenResponse.class);
                    }
                    // 423: the account is locked; 429: too many failures from this browser's network
                    LoginFailure failure = status.value() == 423 || status.value() == 429 ? LoginFailure.LOCKED
                            : status.value() == 401 || status.value() == 400 || status.value() == 404 ? LoginFailure.BAD_CREDENTIALS
                            : LoginFailure.UNAVAILABLE;
                    return response.releaseBody().then(Mono.error(new LoginRejected(failure)));
                })
                .timeout(props.serviceTimeout())
                .onErrorMap(e -> !(e instanceof LoginRejected), e -> new LoginRejected(LoginFailure.UNAVAILABLE));
    }

    public Mono<TokenResponse> refresh(String refreshToken) {
        return web.post().uri("/api/auth/refresh").bodyValue(Map.of("refreshToken", refreshToken))
                .exchangeToMono(response -> {
                    if (response.statusCode().is2xxSuccessful()) {
                        return response.bodyToMono(TokenResponse.class);
                    }
                    if (response.statusCode().is4xxClientError()) {
                        return response.releaseBody().then(Mono.error(new SessionExpired()));
                    }
                    return ServiceException.from(response);
                })
                .timeout(props.serviceTimeout());
    }

    /** Revokes the refresh token; a failure here must not keep anyone signed in, so it is swallowed. */
    public Mono<Void> logout(String refreshToken) {
        return web.post().uri("/api/auth/logout").bodyValue(Map.of("refreshToken", refreshToken))
                .exchangeToMono(ClientResponse::releaseBody)
                .timeout(props.serviceTimeout())
                .onErrorResume(e -> Mono.empty());
    }

    /** Sets the invitee's password; the code is the one the admin handed over. */
    public Mono<Void> acceptInvitation(String code, String password) {
        return web.post().uri("/api/auth/invitations/{code}/accept", code).bodyValue(Map.of("password", password))
                .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                        ? response.releaseBody()
                        : ServiceException.from(response))
                .timeout(props.serviceTimeout());
    }

}
