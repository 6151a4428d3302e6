package jp.madoguchi.conversation.resident;

import java.time.Instant;
import jp.madoguchi.conversation.resident.ResidentMessages.FollowResident;
import jp.madoguchi.conversation.resident.ResidentMessages.ResidentFollowed;
import jp.madoguchi.conversation.resident.ResidentMessages.ResidentUnfollowed;
import jp.madoguchi.conversation.resident.ResidentMessages.UnfollowResident;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResidentTest {

    private static final String ID = "014834:LINE:U0001";
    private static final Instant T1 = Instant.parse("2026-05-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-05-02T00:00:00Z");

    private AggregateTestFixture<Resident> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Resident.class);
    }

    @Test
    void aNewFriendIsFollowed() {
        fixture.givenNoPriorActivity()
                .when(new FollowResident(ID, "LINE", "U0001", T1))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ResidentFollowed(ID, "LINE", "U0001", T1));
    }

    @Test
    void followingAgainWhileFollowingChangesNothing() {
        fixture.given(new ResidentFollowed(ID, "LINE", "U0001", T1))
                .when(new FollowResident(ID, "LINE", "U0001", T2))
                .expectNoEvents();
    }

    @Test
    void aFollowerWhoBlocksIsUnfollowed() {
        fixture.given(new ResidentFollowed(ID, "LINE", "U0001", T1))
                .when(new UnfollowResident(ID, "LINE", "U0001", T2))
                .expectEvents(new ResidentUnfollowed(ID, "LINE", T2));
    }

    @Test
    void anUnfollowFromSomeoneNotFollowingChangesNothing() {
        // the handler names the new aggregate without an event (Axon's cache needs the id); no event, so nothing is stored
        fixture.setReportIllegalStateChange(false);
        fixture.givenNoPriorActivity()
                .when(new UnfollowResident(ID, "LINE", "U0001", T1))
                .expectNoEvents();
    }

    @Test
    void aResidentWhoBlockedCanFollowAgain() {
        fixture.given(new ResidentFollowed(ID, "LINE", "U0001", T1), new ResidentUnfollowed(ID, "LINE", T1))
                .when(new FollowResident(ID, "LINE", "U0001", T2))
                .expectEvents(new ResidentFollowed(ID, "LINE", "U0001", T2));
    }
}
