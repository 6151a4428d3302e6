package jp.madoguchi.conversation.counter;

import jp.madoguchi.platform.tenancy.TenantId;

/**
 * Who is at the counter: a resident of {@code tenant}, known on {@code channel} (LINE, WEB) as
 * {@code channelUserId}; {@code residentId} is what the aggregates know them by.
 */
public record Caller(TenantId tenant, String residentId, String channel, String channelUserId) {
}
