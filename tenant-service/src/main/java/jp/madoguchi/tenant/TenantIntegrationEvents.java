package jp.madoguchi.tenant;

import java.util.Optional;
import jp.madoguchi.platform.events.contracts.KpiTargetsSet;
import jp.madoguchi.platform.messaging.IntegrationEventTranslator;
import jp.madoguchi.tenant.town.TownMessages;
import org.springframework.stereotype.Component;

/** What tenant-service tells the rest of the platform, and in which published contract. */
@Component
public class TenantIntegrationEvents implements IntegrationEventTranslator {

    @Override
    public Optional<Record> translate(Object domainEvent) {
        if (domainEvent instanceof TownMessages.KpiTargetsSet e) {
            return Optional.of(new KpiTargetsSet(e.fiscalYear(), e.friends(), e.broadcasts(), e.applications(), e.satisfaction()));
        }
        return Optional.empty();
    }
}
