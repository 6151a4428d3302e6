package jp.madoguchi.platform.security;

import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.springframework.security.web.server.authorization.HttpStatusServerAccessDeniedHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.HttpStatusServerEntryPoint;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import reactor.core.publisher.Mono;

/**
 * Makes every service an OAuth2 resource server for the staff tokens tenant-service issues, with
 * one route rule for all: {@code /api/towns/{tenantId}/**} only for that town's token,
 * {@code /api/operator/**} only for operators, any other {@code /api/**} path refused unless the
 * service declared it public. A route cannot escape isolation by forgetting a check.
 */
@AutoConfiguration(after = jp.madoguchi.platform.config.PlatformAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(SecurityProperties.class)
@EnableWebFluxSecurity
@EnableReactiveMethodSecurity
class SecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ReactiveJwtDecoder staffTokenDecoder(SecurityProperties props) {
        NimbusReactiveJwtDecoder decoder;
        if (props.publicKey() != null && !props.publicKey().isBlank()) {
            decoder = NimbusReactiveJwtDecoder.withPublicKey(parsePublicKey(props.publicKey())).build();
        } else if (props.jwksUri() != null && !props.jwksUri().isBlank()) {
            decoder = NimbusReactiveJwtDecoder.withJwkSetUri(props.jwksUri()).build();
        } else {
            throw new IllegalStateException("set madoguchi.security.jwks-uri (or madoguchi.security.public-key) to verify staff tokens");
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(props.issuer())));
        return decoder;
    }

    /** Controllers take the route's town as a {@code TenantId} parameter, validated and checked against the token once. */
    @Bean
    WebFluxConfigurer tenantIdArguments() {
        return new WebFluxConfigurer() {
            @Override
            public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
                configurer.addCustomResolver(new TenantIdArgumentResolver());
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean
    ApiProblemAdvice apiProblemAdvice() {
        return new ApiProblemAdvice();
    }

    @Bean
    @ConditionalOnBean(TenantMongo.class)
    AuditLog auditLog(TenantMongo mongo, @Value("${spring.application.name:unknown}") String service) {
        return new AuditLog(mongo, service);
    }

    @Bean
    @ConditionalOnBean(AuditLog.class)
    AuditWebFilter auditWebFilter(AuditLog audit) {
        return new AuditWebFilter(audit);
    }

    @Bean
    @ConditionalOnMissingBean
    SecurityWebFilterChain madoguchiSecurity(ServerHttpSecurity http, SecurityProperties props, ReactiveJwtDecoder decoder,
                                             ObjectProvider<AuditLog> audit) {
        ServerAccessDeniedHandler denied = new HttpStatusServerAccessDeniedHandler(HttpStatus.FORBIDDEN);
        ServerAccessDeniedHandler auditedDenied = (exchange, e) -> exchange.getPrincipal()
                .map(AuditLog::principalOf)
                .flatMap(actor -> audit.getIfAvailable() == null ? Mono.<Void>empty() : audit.getObject().record(actor,
                        exchange.getRequest().getMethod().name() + " " + exchange.getRequest().getPath().value(),
                        exchange.getRequest().getPath().value(), HttpStatus.FORBIDDEN.value(), java.time.Instant.now()))
                .then(denied.handle(exchange, e));
        List<String> open = new ArrayList<>(List.of("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus",
                // verified by the town's own channel signature instead
                "/line/webhook/**"));
        open.addAll(props.publicPaths());
        return http
                // bearer tokens only, no cookies: nothing for CSRF to ride on
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .authorizeExchange(routes -> routes
                        .pathMatchers(open.toArray(String[]::new)).permitAll()
                        .pathMatchers("/api/operator/**").hasRole(Role.OPERATOR.name())
                        .pathMatchers("/api/towns/{tenantId}", "/api/towns/{tenantId}/**").access(TownAccess::check)
                        .anyExchange().denyAll())
                .exceptionHandling(e -> e.accessDeniedHandler(auditedDenied))
                .oauth2ResourceServer(rs -> rs
                        .accessDeniedHandler(auditedDenied)
                        .authenticationEntryPoint(new HttpStatusServerEntryPoint(HttpStatus.UNAUTHORIZED))
                        .jwt(jwt -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(SecurityAutoConfiguration::toAuthentication)))
                .build();
    }

    /** The role claim becomes the one authority; the tenant claim stays on the token for {@link TownAccess}. */
    static Mono<AbstractAuthenticationToken> toAuthentication(Jwt jwt) {
        StaffPrincipal principal = StaffPrincipal.from(jwt);
        Collection<GrantedAuthority> authorities = List.of(new SimpleGrantedAuthority(principal.role().authority()));
        return Mono.just(new JwtAuthenticationToken(jwt, authorities, principal.subject()));
    }

    static RSAPublicKey parsePublicKey(String pem) {
        try {
            String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (Exception e) {
            throw new IllegalStateException("madoguchi.security.public-key is not an RSA public key in PEM", e);
        }
    }
}
