package jp.madoguchi.platform.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How services verify staff tokens, under {@code madoguchi.security.*}. Set one of the two key sources.
 *
 * @param jwksUri     tenant-service's JWKS endpoint (production, the launcher)
 * @param publicKey   an RSA public key in PEM, instead of the JWKS (tests)
 * @param issuer      the issuer every token must name
 * @param publicPaths paths of this service anyone may call besides health, metrics and the LINE
 *                    webhook (e.g. login); every other {@code /api/**} path needs a token
 */
@ConfigurationProperties("madoguchi.security")
public record SecurityProperties(String jwksUri, String publicKey, String issuer, List<String> publicPaths) {

    public static final String DEFAULT_ISSUER = "madoguchi";

    public SecurityProperties {
        issuer = issuer == null ? DEFAULT_ISSUER : issuer;
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
    }
}
