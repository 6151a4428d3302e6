package jp.madoguchi.portal.settings;

import java.time.Instant;
import java.util.List;

/**
 * tenant-service's {@code GET /api/towns/{tenantId}}: the town, its targets per fiscal year, districts,
 * features and LINE channel (a fingerprint only; the secret and token never leave tenant-service).
 */
public record Town(String tenantId, String name, String nameKana, String prefecture, Long population, String status,
                   List<YearTargets> kpiTargets, List<District> districts, List<String> features, LineChannel lineChannel) {

    public record YearTargets(int fiscalYear, long friends, long broadcasts, long applications, double satisfaction) {
    }

    public record District(String code, String name) {
    }

    public record LineChannel(String channelId, String fingerprint, Instant configuredAt) {
    }

    public List<YearTargets> kpiTargets() {
        return kpiTargets == null ? List.of() : kpiTargets;
    }

    public List<District> districts() {
        return districts == null ? List.of() : districts;
    }

    public List<String> features() {
        return features == null ? List.of() : features;
    }

    public YearTargets targetsFor(int fiscalYear) {
        return kpiTargets().stream().filter(t -> t.fiscalYear() == fiscalYear).findFirst().orElse(null);
    }
}
