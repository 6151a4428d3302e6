package jp.madoguchi.conversation.resident;

import java.time.Instant;
import java.util.Map;
import jp.madoguchi.conversation.resident.ResidentMessages.ConsentResidentAttribute;
import jp.madoguchi.conversation.resident.ResidentMessages.DescribeResidentAttributes;
import jp.madoguchi.conversation.resident.ResidentMessages.ResidentAttributeWithdrawn;
import jp.madoguchi.conversation.resident.ResidentMessages.ResidentAttributesConsented;
import jp.madoguchi.conversation.resident.ResidentMessages.ResidentFollowed;
import jp.madoguchi.conversation.resident.ResidentMessages.WithdrawResidentAttribute;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Consented attributes of a resident: one test per rule. */
class ResidentAttributesTest {

    private static final String ID = "014834:LINE:U0001";
    private static final Instant T1 = Instant.parse("2026-05-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-05-02T00:00:00Z");

    private AggregateTestFixture<Resident> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Resident.class);
    }

    @Test
    void aConsentedAttributeIsRecordedWithTheFullSet() {
        fixture.given(new ResidentFollowed(ID, "LINE", "U0001", T1),
                        new ResidentAttributesConsented(ID, "LINE", "U0001", Map.of("ageBand", "30s"), Map.of("ageBand", "30s"), T1))
                .when(new ConsentResidentAttribute(ID, "LINE", "U0001", "district", "01", T2))
                .expectEvents(new ResidentAttributesConsented(ID, "LINE", "U0001", Map.of("district", "01"),
                        Map.of("ageBand", "30s", "district", "01"), T2))
                .expectResultMessagePayload(Map.of("ageBand", "30s", "district", "01"));
    }

    @Test
    void changingAnAttributeReplacesItsValue() {
        fixture.given(new ResidentAttributesConsented(ID, "LINE", "U0001", Map.of("district", "01"), Map.of("district", "01"), T1))
                .when(new ConsentResidentAttribute(ID, "LINE", "U0001", "district", "02", T2))
                .expectEvents(new ResidentAttributesConsented(ID, "LINE", "U0001", Map.of("district", "02"), Map.of("district", "02"), T2));
    }

    @Test
    void givingTheSameValueAgainChangesNothing() {
        fixture.given(new ResidentAttributesConsented(ID, "LINE", "U0001", Map.of("district", "01"), Map.of("district", "01"), T1))
                .when(new ConsentResidentAttribute(ID, "LINE", "U0001", "district", "01", T2))
                .expectNoEvents();
    }

    @Test
    void anUnknownAttributeIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new ConsentResidentAttribute(ID, "LINE", "U0001", "income", "high", T1))
                .expectException(IllegalArgumentException.class);
    }

    @Test
    void withdrawingLeavesTheRest() {
        fixture.given(new ResidentAttributesConsented(ID, "LINE", "U0001", Map.of("district", "01", "language", "en"),
                        Map.of("district", "01", "language", "en"), T1))
                .when(new WithdrawResidentAttribute(ID, "LINE", "U0001", "district", T2))
                .expectEvents(new ResidentAttributeWithdrawn(ID, "LINE", "U0001", "district", Map.of("language", "en"), T2))
                .expectResultMessagePayload(Map.of("language", "en"));
    }

    @Test
    void withdrawingEverythingEndsWithAnEmptySet() {
        fixture.given(new ResidentAttributesConsented(ID, "LINE", "U0001", Map.of("district", "01"), Map.of("district", "01"), T1))
                .when(new WithdrawResidentAttribute(ID, "LINE", "U0001", "*", T2))
                .expectEvents(new ResidentAttributeWithdrawn(ID, "LINE", "U0001", "district", Map.of(), T2));
    }

    @Test
    void withdrawingWhatWasNeverGivenChangesNothing() {
        fixture.given(new ResidentFollowed(ID, "LINE", "U0001", T1))
                .when(new WithdrawResidentAttribute(ID, "LINE", "U0001", "district", T2))
                .expectNoEvents();
    }

    @Test
    void describingAnswersTheCurrentSetWithoutEvents() {
        fixture.given(new ResidentAttributesConsented(ID, "LINE", "U0001", Map.of("ageBand", "40s"), Map.of("ageBand", "40s"), T1))
                .when(new DescribeResidentAttributes(ID))
                .expectNoEvents()
                .expectResultMessagePayload(Map.of("ageBand", "40s"));
    }
}
