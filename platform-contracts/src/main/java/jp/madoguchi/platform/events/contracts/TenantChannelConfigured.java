package jp.madoguchi.platform.events.contracts;

import jp.madoguchi.platform.events.EventContract;

/**
 * A town's LINE channel credentials, sealed with the platform's secret key (see
 * {@code SecretBox}): only services holding that key can open them, and nothing in plain text
 * ever reaches Kafka. The fingerprint is what staff may see.
 */
@EventContract(type = "TenantChannelConfigured", version = 1)
public record TenantChannelConfigured(String channelId, String sealedChannelSecret, String sealedAccessToken, String fingerprint) {
}
