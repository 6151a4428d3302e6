package jp.madoguchi.tenant.town;

import java.util.List;

/** What staff see of a town: who it is and its targets per fiscal year, oldest year first. */
public record TownView(String tenantId, String name, String nameKana, String prefecture, Long population, List<YearTargets> kpiTargets) {

    public record YearTargets(int fiscalYear, long friends, long broadcasts, long applications, double satisfaction) {
    }
}
