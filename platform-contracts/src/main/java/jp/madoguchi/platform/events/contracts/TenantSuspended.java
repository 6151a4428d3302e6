package jp.madoguchi.platform.events.contracts;

import jp.madoguchi.platform.events.EventContract;

/** A town was suspended: its staff cannot log in and its channel does not answer residents. */
@EventContract(type = "TenantSuspended", version = 1)
public record TenantSuspended(String reason) {
}
