package jp.madoguchi.tenant.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import jp.madoguchi.platform.security.SecurityProperties;
import jp.madoguchi.platform.security.StaffPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Signs staff access tokens (RS256, claims as every service's resource server expects) and
 * publishes the public half as a JWKS, the key named by its RFC 7638 thumbprint.
 */
@Component
class TokenIssuer {

    private static final Logger log = LoggerFactory.getLogger(TokenIssuer.class);

    private final RSAKey key;
    private final RSASSASigner signer;
    private final IdentityProperties props;

    public TokenIssuer(IdentityProperties props) {
        this.props = props;
        try {
            RSAPrivateCrtKey privateKey;
            RSAPublicKey publicKey;
            if (props.signingKey() == null || props.signingKey().isBlank()) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                var pair = generator.generateKeyPair();
                privateKey = (RSAPrivateCrtKey) pair.getPrivate();
                publicKey = (RSAPublicKey) pair.getPublic();
                log.warn("event=ephemeral-signing-key reason=madoguchi.identity.signing-key-unset effect=tokens-invalid-after-restart");
            } else {
                String base64 = props.signingKey().replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
                KeyFactory rsa = KeyFactory.getInstance("RSA");
                privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
                publicKey = (RSAPublicKey) rsa.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            }
            RSAKey withoutId = new RSAKey.Builder(publicKey).privateKey(privateKey).build();
            this.key = new RSAKey.Builder(publicKey).privateKey(privateKey).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID(withoutId.computeThumbprint().toString()).build();
            this.signer = new RSASSASigner(key);
        } catch (Exception e) {
            // the message names the setting, never the key
            throw new IllegalStateException("madoguchi.identity.signing-key is not an RSA private key in PKCS#8 PEM", e);
        }
    }

    /** A signed access token for {@code account}; its lifetime is {@link IdentityProperties#accessTokenLifetime()}. */
    public String issue(Account account) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(SecurityProperties.DEFAULT_ISSUER)
                .subject(account.subject())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(props.accessTokenLifetime())))
                .claim(StaffPrincipal.CLAIM_ROLE, account.role().claim())
                .claim(StaffPrincipal.CLAIM_NAME, account.displayName());
        if (account.tenantId() != null) {
            claims.claim(StaffPrincipal.CLAIM_TENANT, account.tenantId());
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a staff token failed", e);
        }
    }

    public long accessTokenSeconds() {
        return props.accessTokenLifetime().toSeconds();
    }

    /** The public key set, as served at {@code /.well-known/jwks.json}. */
    public Map<String, Object> jwks() {
        return new JWKSet(key.toPublicJWK()).toJSONObject();
    }

    public String keyId() {
        return key.getKeyID();
    }
}
