package jp.madoguchi.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jp.madoguchi.platform.events.contracts.TenantDistrictsSet;
import jp.madoguchi.tenant.town.TownMessages;
import org.junit.jupiter.api.Test;

class TenantIntegrationEventsTest {

    @Test
    void publishesTheTownsDistrictsForResidentsToChooseFrom() {
        var published = new TenantIntegrationEvents().translate(new TownMessages.DistrictsSet("014834",
                List.of(new TownMessages.District("01", "古丹別"), new TownMessages.District("02", "力昼"))));
        assertThat(published).contains(new TenantDistrictsSet(List.of(
                new TenantDistrictsSet.District("01", "古丹別"), new TenantDistrictsSet.District("02", "力昼"))));
    }
}
