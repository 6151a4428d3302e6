package jp.madoguchi.conversation.resident;

import jp.madoguchi.platform.tenancy.TenantId;

/** A resident of one town on one channel; the same LINE user in two towns is two residents. */
public record ResidentId(String value) {

    public static ResidentId line(TenantId tenant, String lineUserId) {
        return new ResidentId(tenant.code() + ":LINE:" + lineUserId);
    }

    @Override
    public String toString() {
        return value;
    }
}
