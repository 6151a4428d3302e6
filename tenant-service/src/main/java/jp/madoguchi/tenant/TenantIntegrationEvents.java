package jp.madoguchi.tenant;

import java.util.Optional;
import jp.madoguchi.platform.events.contracts.KpiTargetsSet;
import jp.madoguchi.platform.events.contracts.TenantChannelConfigured;
import jp.madoguchi.platform.events.contracts.TenantOnboarded;
import jp.madoguchi.platform.events.contracts.TenantReactivated;
import jp.madoguchi.platform.events.contracts.TenantSuspended;
import jp.madoguchi.platform.messaging.IntegrationEventTranslator;
import jp.madoguchi.tenant.town.TownMessages;
import org.springframework.stereotype.Component;

/** What tenant-service tells the rest of the platform, and in which published contract. */
@Component
class TenantIntegrationEvents implements IntegrationEventTranslator {

    @Override
    public Optional<Record> translate(Object domainEvent) {
        if (domainEvent instanceof TownMessages.KpiTargetsSet e) {
            return Optional.of(new KpiTargetsSet(e.fiscalYear(), e.friends(), e.broadcasts(), e.applications(), e.satisfaction()));
        }
        if (domainEvent instanceof TownMessages.TownOnboarded e) {
            return Optional.of(new TenantOnboarded(e.name(), e.nameKana(), e.prefecture(), e.population()));
        }
        if (domainEvent instanceof TownMessages.LineChannelConfigured e) {
            // sealed: only services holding the master key can open them
            return Optional.of(new TenantChannelConfigured(e.channelId(), e.sealedChannelSecret(), e.sealedAccessToken(), e.fingerprint()));
        }
        if (domainEvent instanceof TownMessages.DistrictsSet e) {
            // residents choose their district from these when they consent to give it
            return Optional.of(new jp.madoguchi.platform.events.contracts.TenantDistrictsSet(e.districts().stream()
                    .map(d -> new jp.madoguchi.platform.events.contracts.TenantDistrictsSet.District(d.code(), d.name())).toList()));
        }
        if (domainEvent instanceof TownMessages.TownSuspended e) {
            return Optional.of(new TenantSuspended(e.reason()));
        }
        if (domainEvent instanceof TownMessages.TownReactivated) {
            return Optional.of(new TenantReactivated());
        }
        return Optional.empty();
    }
}
