package jp.madoguchi.portal.web;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import jp.madoguchi.portal.PortalProperties;
import jp.madoguchi.portal.auth.IdentityClient;
import jp.madoguchi.portal.auth.SessionTokens;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/**
 * Calls the services for the signed-in member: every request carries the session's access token,
 * refreshed when it has expired or a service answers 401 (then the call is made once more).
 * Callers pass the path with the town taken from the session's {@code PortalUser}, never from input.
 */
@Component
public class ServiceClient {

    /** Which service a call goes to. */
    public enum Service { TENANT, ANALYTICS, PROCEDURE, NOTIFICATION, CONVERSATION }

    /** Downloads (CSV, YAML) are held in memory on their way through; a town's yearly applications fit. */
    private static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

    private final WebClient tenant;
    private final WebClient analytics;
    private final WebClient procedure;
    private final WebClient notification;
    private final WebClient conversation;
    private final IdentityClient identity;
    private final PortalProperties props;
    private final Clock clock;

    public ServiceClient(WebClient.Builder builder, IdentityClient identity, PortalProperties props, Clock clock) {
        this.tenant = builder.clone().baseUrl(props.tenantServiceUrl().toString()).build();
        this.analytics = builder.clone().baseUrl(props.analyticsUrl().toString()).build();
        this.procedure = builder.clone().baseUrl(props.procedureServiceUrl().toString())
                .codecs(c -> c.defaultCodecs().maxInMemorySize(MAX_BODY_BYTES)).build();
        this.notification = builder.clone().baseUrl(props.notificationServiceUrl().toString()).build();
        this.conversation = builder.clone().baseUrl(props.conversationServiceUrl().toString())
                .codecs(c -> c.defaultCodecs().maxInMemorySize(MAX_BODY_BYTES)).build();
        this.identity = identity;
        this.props = props;
        this.clock = clock;
    }

    public <T> Mono<T> get(WebSession session, Service service, ParameterizedTypeReference<T> type, String path, Object... vars) {
        return call(session, service, token -> web(service).get().uri(path, vars)
                .headers(h -> h.setBearerAuth(token))
                .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                        ? response.bodyToMono(type)
                        : ServiceException.from(response)));
    }

    public <T> Mono<T> get(WebSession session, Service service, Class<T> type, String path, Object... vars) {
        return get(session, service, ParameterizedTypeReference.forType(type), path, vars);
    }

    /** A change on tenant-service; the answer's body, if the caller wants one ({@code Void.class} otherwise). */
    public <T> Mono<T> send(WebSession session, HttpMethod method, Object body, Class<T> answer, String path, Object... vars) {
        return send(session, Service.TENANT, method, null, body, answer, path, vars);
    }

    /** A change on {@code service}; {@code contentType} null means JSON. */
    public <T> Mono<T> send(WebSession session, Service service, HttpMethod method, MediaType contentType, Object body, Class<T> answer,
                            String path, Object... vars) {
        return call(session, service, token -> {
            WebClient.RequestBodySpec request = web(service).method(method).uri(path, vars).headers(h -> h.setBearerAuth(token));
            if (contentType != null) {
                request = request.contentType(contentType);
            }
            return (body == null ? request : request.bodyValue(body))
                    .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                            ? response.bodyToMono(answer)
                            : ServiceException.from(response));
        });
    }

    /** A creation on {@code service}: where the service says the new thing is ({@code Location}), empty when it does not say. */
    public Mono<java.net.URI> create(WebSession session, Service service, MediaType contentType, Object body, String path, Object... vars) {
        return call(session, service, token -> {
            WebClient.RequestBodySpec request = web(service).post().uri(path, vars).headers(h -> h.setBearerAuth(token));
            if (contentType != null) {
                request = request.contentType(contentType);
            }
            return (body == null ? request : request.bodyValue(body))
                    .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                            ? response.releaseBody().then(Mono.justOrEmpty(response.headers().asHttpHeaders().getLocation()))
                            : ServiceException.from(response));
        });
    }

    /** A file to hand on to the browser as it came (bytes untouched, e.g. a CSV's BOM), with the service's headers. */
    public Mono<ResponseEntity<byte[]>> download(WebSession session, Service service, String path, Object... vars) {
        return call(session, service, token -> web(service).get().uri(path, vars)
                .headers(h -> h.setBearerAuth(token))
                .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                        ? response.toEntity(byte[].class)
                        : ServiceException.from(response)));
    }

    /**
     * The signed-in member's staff id: the subject of the session's access token, which the portal
     * received from tenant-service itself (not from the browser), so it is read without verifying.
     * Empty when the token is not a JWT.
     */
    public Mono<String> staffId(WebSession session) {
        SessionTokens tokens = SessionTokens.of(session);
        if (tokens == null) {
            return Mono.error(new IdentityClient.SessionExpired());
        }
        return tokens.current(identity, clock).flatMap(token -> Mono.justOrEmpty(TokenClaims.subject(token)));
    }

    /** Reads a town's name with a token just issued at login, before the session holds it. */
    public Mono<String> townName(String accessToken, String tenantId) {
        return tenant.get().uri("/api/towns/{tenantId}", tenantId).headers(h -> h.setBearerAuth(accessToken))
                .retrieve().bodyToMono(com.fasterxml.jackson.databind.JsonNode.class)
                .map(town -> town.path("name").asText(tenantId))
                .timeout(props.serviceTimeout())
                .onErrorResume(e -> Mono.just(tenantId));
    }

    private <T> Mono<T> call(WebSession session, Service service, Function<String, Mono<T>> request) {
        SessionTokens tokens = SessionTokens.of(session);
        if (tokens == null) {
            return Mono.error(new IdentityClient.SessionExpired());
        }
        Duration timeout = service == Service.ANALYTICS ? props.analyticsTimeout() : props.serviceTimeout();
        Function<String, Mono<T>> bounded = token -> request.apply(token).timeout(timeout);
        return tokens.current(identity, clock)
                .flatMap(token -> bounded.apply(token)
                        .onErrorResume(e -> e instanceof ServiceException se && se.status() == 401,
                                e -> tokens.refreshAfter(token, identity, clock).flatMap(bounded)))
                .onErrorMap(e -> !(e instanceof ServiceException) && !(e instanceof IdentityClient.SessionExpired),
                        e -> new ServiceException(0, e instanceof TimeoutException ? "timeout" : null));
    }

    private WebClient web(Service service) {
        return switch (service) {
            case ANALYTICS -> analytics;
            case PROCEDURE -> procedure;
            case NOTIFICATION -> notification;
            case CONVERSATION -> conversation;
            case TENANT -> tenant;
        };
    }

}
