package jp.madoguchi.tenant.town;

import jp.madoguchi.tenant.town.TownMessages.KpiTargetsSet;
import jp.madoguchi.tenant.town.TownMessages.OnboardTown;
import jp.madoguchi.tenant.town.TownMessages.SetKpiTargets;
import jp.madoguchi.tenant.town.TownMessages.TownOnboarded;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TownTest {

    private static final String TOMAMAE = "014834";
    private static final TownOnboarded ONBOARDED = new TownOnboarded(TOMAMAE, "苫前町", "とままえちょう", "北海道", 2900);

    private FixtureConfiguration<Town> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Town.class);
    }

    @Test
    void onboardingANewTownRecordsItsNameAndPrefecture() {
        fixture.givenNoPriorActivity()
                .when(new OnboardTown(TOMAMAE, " 苫前町 ", "とままえちょう", "北海道", 2900))
                .expectSuccessfulHandlerExecution()
                .expectEvents(ONBOARDED);
    }

    @Test
    void onboardingNeedsNameKanaAndPrefecture() {
        fixture.givenNoPriorActivity()
                .when(new OnboardTown(TOMAMAE, " ", null, "", 2900))
                .expectNoEvents()
                .expectException(TownRuleViolation.class)
                .expectExceptionMessage("name is required (the town's name, e.g. 苫前町); "
                        + "nameKana is required (the town's name in kana, e.g. とままえちょう); prefecture is required (e.g. 北海道)");
    }

    @Test
    void populationCannotBeNegative() {
        fixture.givenNoPriorActivity()
                .when(new OnboardTown(TOMAMAE, "苫前町", "とままえちょう", "北海道", -1))
                .expectNoEvents()
                .expectExceptionMessage("population must be 0 or more, got -1");
    }

    @Test
    void targetsAreSetForAnOnboardedTown() {
        fixture.given(ONBOARDED)
                .when(new SetKpiTargets(TOMAMAE, 2026, 1000, 240, 500, 4.2))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new KpiTargetsSet(TOMAMAE, 2026, 1000, 240, 500, 4.2));
    }

    @Test
    void targetsOfAYearCanBeSetAgain() {
        fixture.given(ONBOARDED, new KpiTargetsSet(TOMAMAE, 2026, 1000, 240, 500, 4.2))
                .when(new SetKpiTargets(TOMAMAE, 2026, 1200, 240, 500, 4.0))
                .expectEvents(new KpiTargetsSet(TOMAMAE, 2026, 1200, 240, 500, 4.0));
    }

    @Test
    void targetsNeedAnOnboardedTown() {
        fixture.givenNoPriorActivity()
                .when(new SetKpiTargets(TOMAMAE, 2026, 1000, 240, 500, 4.2))
                .expectException(AggregateNotFoundException.class);
    }

    @Test
    void fiscalYearMustBeBetween2000And2100() {
        fixture.given(ONBOARDED)
                .when(new SetKpiTargets(TOMAMAE, 1999, 1000, 240, 500, 4.2))
                .expectNoEvents()
                .expectException(TownRuleViolation.class)
                .expectExceptionMessage("fiscal year must be between 2000 and 2100, got 1999");
        fixture.given(ONBOARDED)
                .when(new SetKpiTargets(TOMAMAE, 2101, 1000, 240, 500, 4.2))
                .expectExceptionMessage("fiscal year must be between 2000 and 2100, got 2101");
    }

    @Test
    void fiscalYearBoundsAreAccepted() {
        fixture.given(ONBOARDED)
                .when(new SetKpiTargets(TOMAMAE, 2000, 0, 0, 0, 1.0))
                .expectEvents(new KpiTargetsSet(TOMAMAE, 2000, 0, 0, 0, 1.0));
        fixture.given(ONBOARDED)
                .when(new SetKpiTargets(TOMAMAE, 2100, 0, 0, 0, 5.0))
                .expectEvents(new KpiTargetsSet(TOMAMAE, 2100, 0, 0, 0, 5.0));
    }

    @Test
    void targetCountsCannotBeNegative() {
        fixture.given(ONBOARDED)
                .when(new SetKpiTargets(TOMAMAE, 2026, -1, -2, -3, 4.2))
                .expectNoEvents()
                .expectExceptionMessage("friends target must be 0 or more, got -1; broadcasts target must be 0 or more, got -2; "
                        + "applications target must be 0 or more, got -3");
    }

    @Test
    void satisfactionTargetMustBeBetween1And5() {
        fixture.given(ONBOARDED)
                .when(new SetKpiTargets(TOMAMAE, 2026, 1000, 240, 500, 0.9))
                .expectNoEvents()
                .expectExceptionMessage("satisfaction target must be between 1.0 and 5.0 (the mean of 5-point answers), got 0.9");
        fixture.given(ONBOARDED)
                .when(new SetKpiTargets(TOMAMAE, 2026, 1000, 240, 500, 5.1))
                .expectNoEvents()
                .expectExceptionMessage("satisfaction target must be between 1.0 and 5.0 (the mean of 5-point answers), got 5.1");
        fixture.given(ONBOARDED)
                .when(new SetKpiTargets(TOMAMAE, 2026, 1000, 240, 500, Double.NaN))
                .expectNoEvents()
                .expectException(TownRuleViolation.class);
    }

    @Test
    void onboardingAnExistingTownFails() {
        // The store refuses a second stream for the same code; on JDBC the message is the one ReactiveCommands.isDuplicateCreate
        // recognises (see platform-core's DuplicateCreateTest and the HTTP 409 in TenantServiceIntegrationTest).
        fixture.given(ONBOARDED)
                .when(new OnboardTown(TOMAMAE, "苫前町", "とままえちょう", "北海道", 2900))
                .expectNoEvents()
                .expectException(EventStoreException.class);
    }
}
