package jp.madoguchi.platform.events.contracts;

import jp.madoguchi.platform.events.EventContract;

/** A suspended town works again. */
@EventContract(type = "TenantReactivated", version = 1)
public record TenantReactivated() {
}
