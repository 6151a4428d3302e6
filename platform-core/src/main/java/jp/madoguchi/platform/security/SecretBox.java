package jp.madoguchi.platform.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest (a town's LINE channel secret and token) with AES-256-GCM under a
 * master key from configuration. The ciphertext names its key id ({@code keyId:base64}), so a new
 * key can become active while old ciphertexts still open with the key they were sealed with.
 */
public final class SecretBox {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKeySpec> keys;
    private final String activeKeyId;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param base64Keys  key id → 32 random bytes in base64
     * @param activeKeyId the key new secrets are sealed with
     */
    public SecretBox(Map<String, String> base64Keys, String activeKeyId) {
        if (base64Keys == null || !base64Keys.containsKey(activeKeyId)) {
            throw new IllegalStateException("madoguchi.secrets: the active key '" + activeKeyId + "' is not among the configured keys");
        }
        this.keys = Map.copyOf(base64Keys.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> {
            byte[] key = Base64.getDecoder().decode(e.getValue());
            if (key.length != 32) {
                throw new IllegalStateException("madoguchi.secrets key '" + e.getKey() + "' must be 32 bytes (AES-256), got " + key.length);
            }
            return new SecretKeySpec(key, "AES");
        })));
        this.activeKeyId = activeKeyId;
    }

    public String seal(String plaintext) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
            // the key id is authenticated too: a ciphertext cannot be relabelled to another key
            cipher.updateAAD(activeKeyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return activeKeyId + ":" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String open(String sealed) {
        int colon = sealed.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("not a sealed secret");
        }
        String keyId = sealed.substring(0, colon);
        SecretKeySpec key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("secret sealed with key '" + keyId + "', which is not configured");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed.substring(colon + 1));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the sealed secret does not open with key '" + keyId + "' (tampered or wrong key)", e);
        }
    }

    /** What staff may see of a secret: enough to tell two apart, nothing to use. */
    public static String fingerprint(String secret) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
