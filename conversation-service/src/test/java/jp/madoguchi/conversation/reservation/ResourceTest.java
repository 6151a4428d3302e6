package jp.madoguchi.conversation.reservation;

import java.time.Instant;
import java.util.List;
import jp.madoguchi.conversation.reservation.ResourceMessages.DefineResource;
import jp.madoguchi.conversation.reservation.ResourceMessages.ResourceDefined;
import jp.madoguchi.conversation.reservation.ResourceMessages.ResourceRevised;
import jp.madoguchi.conversation.reservation.ResourceMessages.ReviseResource;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResourceTest {

    static final String ID = "014834:hall";
    static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    static final ResourceSchedule SCHEDULE = ScheduleTest.hall(List.of());

    private AggregateTestFixture<Resource> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Resource.class);
    }

    @Test
    void staffDefineAResource() {
        fixture.givenNoPriorActivity()
                .when(new DefineResource(ID, "014834", "hall", " 公民館 大ホール ", SCHEDULE, "staff-1", T0))
                .expectEvents(new ResourceDefined(ID, "014834", "hall", "公民館 大ホール", SCHEDULE, "staff-1", T0));
    }

    @Test
    void aScheduleWithProblemsIsRefused() {
        ResourceSchedule noHours = new ResourceSchedule(List.of(), 60, 1, List.of(), false, 1, 30, 10, 24, List.of(), "", null);
        fixture.givenNoPriorActivity()
                .when(new DefineResource(ID, "014834", "hall", "公民館", noHours, "staff-1", T0))
                .expectException(ReservationRuleViolation.class);
    }

    @Test
    void aRevisionChangesTheScheduleForDaysNotYetOpened() {
        ResourceSchedule bigger = new ResourceSchedule(SCHEDULE.hours(), 60, 2, List.of(), true, 1, 30, 10, 24, List.of(), "", null);
        fixture.given(new ResourceDefined(ID, "014834", "hall", "公民館", SCHEDULE, "staff-1", T0))
                .when(new ReviseResource(ID, "公民館", bigger, "staff-2", T0))
                .expectEvents(new ResourceRevised(ID, "014834", "hall", "公民館", bigger, "staff-2", T0));
    }

    @Test
    void revisingToTheSameChangesNothing() {
        fixture.given(new ResourceDefined(ID, "014834", "hall", "公民館", SCHEDULE, "staff-1", T0))
                .when(new ReviseResource(ID, "公民館", SCHEDULE, "staff-2", T0))
                .expectNoEvents();
    }
}
