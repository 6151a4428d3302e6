package jp.madoguchi.conversation.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.madoguchi.conversation.ConversationServiceApplication;
import jp.madoguchi.conversation.reservation.DayMessages.Booked;
import jp.madoguchi.conversation.reservation.DayMessages.Booker;
import jp.madoguchi.conversation.reservation.DayMessages.Held;
import jp.madoguchi.conversation.reservation.DayMessages.Outcome;
import jp.madoguchi.conversation.reservation.DayMessages.Refusal;
import jp.madoguchi.conversation.reservation.DayMessages.Refused;
import jp.madoguchi.conversation.reservation.ResourceSchedule.OpeningHours;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.tenancy.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The last place of a slot, raced for by 50 residents at once through the real command bus and the JDBC event
 * store on embedded PostgreSQL (the context the other integration tests share): exactly one holds it.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = ConversationServiceApplication.CONFIG_NAME)
class ReservationRaceIntegrationTest {

    private static final TenantId TOWN = TenantId.of("014834");
    private static final int RACERS = 50;

    @Autowired
    ReservationDesk desk;
    @Autowired
    JdbcTemplate jdbc;

    /** Open every day 10:00–14:00 in hour slots for one each, bookable from tomorrow to 30 days ahead. */
    static ResourceSchedule hourly(int capacity) {
        List<OpeningHours> hours = Arrays.stream(DayOfWeek.values()).map(d -> new OpeningHours(d, LocalTime.of(10, 0), LocalTime.of(14, 0)))
                .toList();
        return new ResourceSchedule(hours, 60, capacity, List.of(), false, 1, 30, 10, 24, List.of(), "", null);
    }

    static Booker resident(String user) {
        return new Booker(TOWN.code() + ":LINE:" + user, "LINE", user, "", "");
    }

    @Test
    void fiftyResidentsRaceForTheLastPlaceAndExactlyOneHoldsItTheOthersAreOfferedTheNextFreeSlots() throws Exception {
        String resource = "court-" + System.nanoTime() % 1_000_000;
        desk.define(TOWN, resource, "テニスコート", hourly(1), "staff-1");
        LocalDate date = desk.freeDates(TOWN, resource, 1).get(0);
        LocalTime ten = LocalTime.of(10, 0);

        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Outcome>> attempts = new ArrayList<>();
        try {
            for (int i = 0; i < RACERS; i++) {
                Booker booker = resident("Uracer" + i);
                Callable<Outcome> attempt = () -> {
                    start.await();
                    return desk.hold(TOWN, resource, date, ten, booker);
                };
                attempts.add(pool.submit(attempt));
            }
            start.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> attempt : attempts) {
                outcomes.add(attempt.get());
            }
            List<Held> held = outcomes.stream().filter(Held.class::isInstance).map(Held.class::cast).toList();
            assertThat(held).hasSize(1);
            assertThat(outcomes).filteredOn(Refused.class::isInstance).hasSize(RACERS - 1)
                    .allSatisfy(o -> assertThat((Refused) o).isEqualTo(new Refused(Refusal.FULL,
                            List.of(LocalTime.of(11, 0), LocalTime.of(12, 0), LocalTime.of(13, 0)), false)));

            String dayId = DayMessages.dayId(TOWN.code(), resource, date);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? AND payloadtype LIKE ?",
                    Integer.class, dayId, "%SlotHeld")).isEqualTo(1);
            assertThat(desk.book(TOWN, resource, date, held.get(0).holdId())).isEqualTo(new Booked(held.get(0).holdId(), ten));
            assertThat(desk.freeStarts(TOWN, resource, date)).containsExactly(LocalTime.of(11, 0), LocalTime.of(12, 0), LocalTime.of(13, 0));
        } finally {
            pool.shutdownNow();
        }
    }
}
