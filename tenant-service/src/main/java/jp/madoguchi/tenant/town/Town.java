package jp.madoguchi.tenant.town;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.List;
import jp.madoguchi.tenant.town.TownMessages.ConfigureLineChannel;
import jp.madoguchi.tenant.town.TownMessages.District;
import jp.madoguchi.tenant.town.TownMessages.DistrictsSet;
import jp.madoguchi.tenant.town.TownMessages.FeaturesSet;
import jp.madoguchi.tenant.town.TownMessages.KpiTargetsSet;
import jp.madoguchi.tenant.town.TownMessages.LineChannelConfigured;
import jp.madoguchi.tenant.town.TownMessages.ReactivateTown;
import jp.madoguchi.tenant.town.TownMessages.SetDistricts;
import jp.madoguchi.tenant.town.TownMessages.SetFeatures;
import jp.madoguchi.tenant.town.TownMessages.SuspendTown;
import jp.madoguchi.tenant.town.TownMessages.TownReactivated;
import jp.madoguchi.tenant.town.TownMessages.TownSuspended;
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
 * Targets can be set, and reset, per fiscal year. Its admins configure its LINE channel (sealed
 * credentials only), districts and features; an operator suspends and reactivates it, each only once
 * (a repeat changes nothing).
 */
@Aggregate
class Town {

    @AggregateIdentifier
    private String tenantId;
    private boolean suspended;

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

    @CommandHandler
    public void handle(ConfigureLineChannel command) {
        rejectIfAny(TownRules.problemsOf(command));
        apply(new LineChannelConfigured(tenantId, command.channelId().strip(), command.sealedChannelSecret(), command.sealedAccessToken(),
                command.fingerprint(), command.at()));
    }

    @CommandHandler
    public void handle(SetDistricts command) {
        rejectIfAny(TownRules.problemsOf(command));
        apply(new DistrictsSet(tenantId, command.districts().stream()
                .map(d -> new District(d.code().strip(), d.name().strip())).toList()));
    }

    @CommandHandler
    public void handle(SetFeatures command) {
        rejectIfAny(TownRules.problemsOf(command));
        // in the canonical order, each once: the same choice always reads the same
        apply(new FeaturesSet(tenantId, TownRules.FEATURES.stream()
                .filter(f -> command.features().stream().anyMatch(chosen -> chosen.strip().equals(f))).toList()));
    }

    @CommandHandler
    public void handle(SuspendTown command) {
        rejectIfAny(TownRules.problemsOf(command));
        if (!suspended) {
            apply(new TownSuspended(tenantId, command.reason().strip(), command.at()));
        }
    }

    @CommandHandler
    public void handle(ReactivateTown command) {
        if (suspended) {
            apply(new TownReactivated(tenantId, command.at()));
        }
    }

    @EventSourcingHandler
    void on(TownOnboarded event) {
        tenantId = event.tenantId();
    }

    @EventSourcingHandler
    void on(TownSuspended event) {
        suspended = true;
    }

    @EventSourcingHandler
    void on(TownReactivated event) {
        suspended = false;
    }

    private static void rejectIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new TownRuleViolation(problems);
        }
    }
}
