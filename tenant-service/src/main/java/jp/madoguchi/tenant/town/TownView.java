package jp.madoguchi.tenant.town;

import java.time.Instant;
import java.util.List;

/**
 * What staff see of a town: who it is, whether it is active, its targets per fiscal year (oldest
 * first), districts, features and which LINE channel it uses. The channel shows a fingerprint,
 * never its secret or token, not even sealed.
 */
public record TownView(String tenantId, String name, String nameKana, String prefecture, Long population, String status,
                       List<YearTargets> kpiTargets, List<DistrictView> districts, List<String> features, LineChannelView lineChannel) {

    public static final String ACTIVE = "ACTIVE";
    public static final String SUSPENDED = "SUSPENDED";

    public record YearTargets(int fiscalYear, long friends, long broadcasts, long applications, double satisfaction) {
    }

    public record DistrictView(String code, String name) {
    }

    public record LineChannelView(String channelId, String fingerprint, Instant configuredAt) {
    }

    /** One line of the operator's town list. */
    public record Summary(String tenantId, String name, String prefecture, String status) {
    }
}
