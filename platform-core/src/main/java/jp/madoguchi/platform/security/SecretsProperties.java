package jp.madoguchi.platform.security;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The master keys that seal secrets at rest (see {@link SecretBox}), under {@code madoguchi.secrets.*}.
 * Never logged; in production they come from the environment or a secret store, never from a yml in Git.
 *
 * @param keys      key id → 32 random bytes in base64 ({@code madoguchi.secrets.keys.k1=...}); old keys stay
 *                  listed while anything sealed with them is still stored
 * @param activeKey the key id new secrets are sealed with
 */
@ConfigurationProperties("madoguchi.secrets")
record SecretsProperties(Map<String, String> keys, String activeKey) {

    public SecretsProperties {
        keys = keys == null ? Map.of() : Map.copyOf(keys);
    }

    @Override
    public String toString() {
        return "SecretsProperties[keys=" + keys.keySet() + ", activeKey=" + activeKey + "]";
    }
}
