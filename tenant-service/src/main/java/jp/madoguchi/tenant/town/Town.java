package jp.madoguchi.tenant.town;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.List;
import jp.madoguchi.tenant.town.TownMessages.KpiTargetsSet;
import jp.madoguchi.tenant.town.TownMessages.OnboardTown;
import jp.madoguchi.tenant.town.TownMessages.SetKpiTargets;
import jp.madoguchi.tenant.town.TownMessages.TownOnboarded;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A town on the platform, identified by its 全国地方公共団体コード. Onboarding creates it once; a
 * second onboarding of the same code is refused by the event store (the stream already exists).
 * Targets can be set, and reset, per fiscal year.
 */
@Aggregate
public class Town {

    @AggregateIdentifier
    private String tenantId;

    protected Town() {
        // for Axon
    }

    @CommandHandler
    public Town(OnboardTown command) {
        rejectIfAny(TownRules.problemsOf(command));
        apply(new TownOnboarded(command.tenantId(), command.name().strip(), command.nameKana().strip(),
                command.prefecture().strip(), command.population()));
    }

    @CommandHandler
    public void handle(SetKpiTargets command) {
        rejectIfAny(TownRules.problemsOf(command));
        apply(new KpiTargetsSet(tenantId, command.fiscalYear(), command.friends(), command.broadcasts(),
                command.applications(), command.satisfaction()));
    }

    @EventSourcingHandler
    void on(TownOnboarded event) {
        tenantId = event.tenantId();
    }

    private static void rejectIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new TownRuleViolation(problems);
        }
    }
}
