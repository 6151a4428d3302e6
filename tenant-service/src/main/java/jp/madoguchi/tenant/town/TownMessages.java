package jp.madoguchi.tenant.town;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands and events of the Town aggregate; a town is named by its tenant code. */
public final class TownMessages {

    private TownMessages() {
    }

    public record OnboardTown(@TargetAggregateIdentifier String tenantId, String name, String nameKana, String prefecture,
                              long population) {
    }

    public record SetKpiTargets(@TargetAggregateIdentifier String tenantId, int fiscalYear, long friends, long broadcasts,
                                long applications, double satisfaction) {
    }

    public record TownOnboarded(String tenantId, String name, String nameKana, String prefecture, long population) {
    }

    public record KpiTargetsSet(String tenantId, int fiscalYear, long friends, long broadcasts, long applications,
                                double satisfaction) {
    }
}
