package jp.madoguchi.platform.embedded;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import jp.madoguchi.platform.security.Role;
import jp.madoguchi.platform.security.SecurityProperties;
import jp.madoguchi.platform.security.StaffPrincipal;

/**
 * Staff tokens for tests and the local launcher: an RSA key whose public half services are told to trust
 * ({@code madoguchi.security.public-key}), and tokens shaped exactly like tenant-service's.
 */
public final class StaffTokens {

    private final KeyPair keys;

    private StaffTokens(KeyPair keys) {
        this.keys = keys;
    }

    /**
     * The key pair kept in {@code file} (PKCS#8 private key in PEM), created on first use, so that
     * tokens stay valid across restarts of the local launcher. The file is the signing key: keep it private.
     */
    public static StaffTokens loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                String pem = Files.readString(file);
                byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").trim());
                KeyFactory rsa = KeyFactory.getInstance("RSA");
                RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
                PublicKey publicKey = rsa.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
                return new StaffTokens(new KeyPair(publicKey, privateKey));
            }
            StaffTokens created = generate();
            Files.createDirectories(file.getParent());
            Files.writeString(file, created.privateKeyPem());
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
            return created;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load or create the signing key " + file, e);
        }
    }

    public String privateKeyPem() {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    public static StaffTokens generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new StaffTokens(generator.generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The key's id as tenant-service publishes it in its JWKS (the RFC 7638 thumbprint), so services
     * that verify through the JWKS find the key these tokens name.
     */
    public String keyId() {
        try {
            return new com.nimbusds.jose.jwk.RSAKey.Builder((java.security.interfaces.RSAPublicKey) keys.getPublic()).build()
                    .computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    /** A token of a town's staff member with {@code role}. */
    public String town(String tenantId, Role role) {
        return sign(tenantId, role, Duration.ofMinutes(15));
    }

    public String operator() {
        return sign(null, Role.OPERATOR, Duration.ofMinutes(15));
    }

    public String sign(String tenantId, Role role, Duration lifetime) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(SecurityProperties.DEFAULT_ISSUER)
                .subject("test-" + role.claim() + "-" + UUID.randomUUID())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .claim(StaffPrincipal.CLAIM_ROLE, role.claim())
                .claim(StaffPrincipal.CLAIM_NAME, "テスト職員");
        if (tenantId != null) {
            claims.claim(StaffPrincipal.CLAIM_TENANT, tenantId);
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId()).build(), claims.build());
            jwt.sign(new RSASSASigner(keys.getPrivate()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
