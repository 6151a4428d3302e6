package jp.madoguchi.platform.events.contracts;

import jp.madoguchi.platform.events.EventContract;

/** A vendor operator onboarded a town; every service provisions what it needs for it. */
@EventContract(type = "TenantOnboarded", version = 1)
public record TenantOnboarded(String name, String nameKana, String prefecture, long population) {
}
