package jp.madoguchi.platform.embedded.line;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.nio.charset.StandardCharsets;

/** Signs a webhook body the way the LINE platform does, so tests and the simulator can send webhooks LINE would send. */
public final class LineWebhookSigner {

    private LineWebhookSigner() {
    }

    /** The value of {@code X-Line-Signature}: base64 of HMAC-SHA256 over the exact body bytes, keyed by the channel secret. */
    public static String sign(byte[] body, String channelSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(channelSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
