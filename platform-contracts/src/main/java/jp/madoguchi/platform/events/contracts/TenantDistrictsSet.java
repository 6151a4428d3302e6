package jp.madoguchi.platform.events.contracts;

import java.util.List;
import jp.madoguchi.platform.events.EventContract;

/** A town's districts (地区) as its admin set them; the full list, replacing any earlier one. */
@EventContract(type = "TenantDistrictsSet", version = 1)
public record TenantDistrictsSet(List<District> districts) {

    public TenantDistrictsSet {
        districts = districts == null ? List.of() : List.copyOf(districts);
    }

    /** One district: a code the town chose and its name. */
    public record District(String code, String name) {
    }
}
