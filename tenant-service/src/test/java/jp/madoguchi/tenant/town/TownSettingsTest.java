package jp.madoguchi.tenant.town;

import java.time.Instant;
import java.util.List;
import jp.madoguchi.tenant.town.TownMessages.ConfigureLineChannel;
import jp.madoguchi.tenant.town.TownMessages.District;
import jp.madoguchi.tenant.town.TownMessages.DistrictsSet;
import jp.madoguchi.tenant.town.TownMessages.FeaturesSet;
import jp.madoguchi.tenant.town.TownMessages.LineChannelConfigured;
import jp.madoguchi.tenant.town.TownMessages.ReactivateTown;
import jp.madoguchi.tenant.town.TownMessages.SetDistricts;
import jp.madoguchi.tenant.town.TownMessages.SetFeatures;
import jp.madoguchi.tenant.town.TownMessages.SuspendTown;
import jp.madoguchi.tenant.town.TownMessages.TownOnboarded;
import jp.madoguchi.tenant.town.TownMessages.TownReactivated;
import jp.madoguchi.tenant.town.TownMessages.TownSuspended;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A town's settings (LINE channel, districts, features) and its suspension, one rule per test. */
class TownSettingsTest {

    private static final String TOMAMAE = "014834";
    private static final Instant AT = Instant.parse("2026-04-01T00:00:00Z");
    private static final TownOnboarded ONBOARDED = new TownOnboarded(TOMAMAE, "苫前町", "とままえちょう", "北海道", 2900);

    private FixtureConfiguration<Town> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Town.class);
    }

    @Test
    void aChannelIsConfiguredWithItsSealedCredentialsOnly() {
        fixture.given(ONBOARDED)
                .when(new ConfigureLineChannel(TOMAMAE, " 2000014834 ", "k1:sealed-secret", "k1:sealed-token", "sha256:abc", AT))
                .expectEvents(new LineChannelConfigured(TOMAMAE, "2000014834", "k1:sealed-secret", "k1:sealed-token", "sha256:abc", AT));
    }

    @Test
    void aChannelNeedsANumericIdASecretAndAToken() {
        fixture.given(ONBOARDED)
                .when(new ConfigureLineChannel(TOMAMAE, "tomamae", null, " ", null, AT))
                .expectNoEvents()
                .expectException(TownRuleViolation.class)
                .expectExceptionMessage("channelId must be the channel's number from the LINE Developers console (digits only), got 'tomamae'; "
                        + "channelSecret is required (LINE Developers console → the channel → Basic settings); "
                        + "channelAccessToken is required (LINE Developers console → the channel → Messaging API → long-lived token)");
    }

    @Test
    void aChannelNeedsAnOnboardedTown() {
        fixture.givenNoPriorActivity()
                .when(new ConfigureLineChannel(TOMAMAE, "2000014834", "k1:s", "k1:t", "sha256:abc", AT))
                .expectException(AggregateNotFoundException.class);
    }

    @Test
    void districtsAreSetTrimmed() {
        fixture.given(ONBOARDED)
                .when(new SetDistricts(TOMAMAE, List.of(new District(" 01 ", " 古丹別 "), new District("02", "苫前"))))
                .expectEvents(new DistrictsSet(TOMAMAE, List.of(new District("01", "古丹別"), new District("02", "苫前"))));
    }

    @Test
    void districtCodesAreUnique() {
        fixture.given(ONBOARDED)
                .when(new SetDistricts(TOMAMAE, List.of(new District("01", "古丹別"), new District("01", "苫前"))))
                .expectNoEvents()
                .expectExceptionMessage("district 2: code '01' is used twice; each district needs its own code");
    }

    @Test
    void everyDistrictNeedsACodeAndAName() {
        fixture.given(ONBOARDED)
                .when(new SetDistricts(TOMAMAE, List.of(new District("", "古丹別"), new District("02", " "))))
                .expectNoEvents()
                .expectExceptionMessage("district 1: code is required (e.g. 01); district 2: name is required (e.g. 古丹別)");
    }

    @Test
    void anEmptyDistrictListRemovesEveryDistrict() {
        fixture.given(ONBOARDED, new DistrictsSet(TOMAMAE, List.of(new District("01", "古丹別"))))
                .when(new SetDistricts(TOMAMAE, List.of()))
                .expectEvents(new DistrictsSet(TOMAMAE, List.of()));
    }

    @Test
    void featuresAreKeptInTheirCanonicalOrderEachOnce() {
        fixture.given(ONBOARDED)
                .when(new SetFeatures(TOMAMAE, List.of("web-chat", "applications", "web-chat")))
                .expectEvents(new FeaturesSet(TOMAMAE, List.of("applications", "web-chat")));
    }

    @Test
    void anUnknownFeatureIsRefusedByName() {
        fixture.given(ONBOARDED)
                .when(new SetFeatures(TOMAMAE, List.of("applications", "snow-removal")))
                .expectNoEvents()
                .expectExceptionMessage("unknown feature 'snow-removal'; known features are "
                        + "applications, broadcasts, garbage-calendar, shelters, school-lunch, web-chat");
    }

    @Test
    void anActiveTownIsSuspendedWithAReason() {
        fixture.given(ONBOARDED)
                .when(new SuspendTown(TOMAMAE, " 契約終了 ", AT))
                .expectEvents(new TownSuspended(TOMAMAE, "契約終了", AT));
    }

    @Test
    void suspensionNeedsAReason() {
        fixture.given(ONBOARDED)
                .when(new SuspendTown(TOMAMAE, " ", AT))
                .expectNoEvents()
                .expectExceptionMessage("reason is required (shown to the town's staff, e.g. 契約終了)");
    }

    @Test
    void suspendingASuspendedTownChangesNothing() {
        fixture.given(ONBOARDED, new TownSuspended(TOMAMAE, "契約終了", AT))
                .when(new SuspendTown(TOMAMAE, "again", AT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aSuspendedTownIsReactivated() {
        fixture.given(ONBOARDED, new TownSuspended(TOMAMAE, "契約終了", AT))
                .when(new ReactivateTown(TOMAMAE, AT))
                .expectEvents(new TownReactivated(TOMAMAE, AT));
    }

    @Test
    void reactivatingAnActiveTownChangesNothing() {
        fixture.given(ONBOARDED, new TownSuspended(TOMAMAE, "契約終了", AT), new TownReactivated(TOMAMAE, AT))
                .when(new ReactivateTown(TOMAMAE, AT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
