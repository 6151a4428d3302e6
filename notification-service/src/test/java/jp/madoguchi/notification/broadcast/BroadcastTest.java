package jp.madoguchi.notification.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import jp.madoguchi.notification.broadcast.BroadcastMessages.ApproveBroadcast;
import jp.madoguchi.notification.broadcast.BroadcastMessages.Audience;
import jp.madoguchi.notification.broadcast.BroadcastMessages.BroadcastApproved;
import jp.madoguchi.notification.broadcast.BroadcastMessages.BroadcastCancelled;
import jp.madoguchi.notification.broadcast.BroadcastMessages.BroadcastChunkSent;
import jp.madoguchi.notification.broadcast.BroadcastMessages.BroadcastCompleted;
import jp.madoguchi.notification.broadcast.BroadcastMessages.BroadcastDrafted;
import jp.madoguchi.notification.broadcast.BroadcastMessages.BroadcastScheduled;
import jp.madoguchi.notification.broadcast.BroadcastMessages.BroadcastSendingStarted;
import jp.madoguchi.notification.broadcast.BroadcastMessages.CancelBroadcast;
import jp.madoguchi.notification.broadcast.BroadcastMessages.DraftBroadcast;
import jp.madoguchi.notification.broadcast.BroadcastMessages.RecordChunk;
import jp.madoguchi.notification.broadcast.BroadcastMessages.ScheduleBroadcast;
import jp.madoguchi.notification.broadcast.BroadcastMessages.StartSending;
import jp.madoguchi.notification.broadcast.RecipientChunks.Recipient;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BroadcastTest {

    private static final String ID = "b-1";
    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");
    private static final Instant EVENING = Instant.parse("2026-12-07T09:00:00Z");
    private static final BroadcastContent CONTENT = new BroadcastContent("明日は燃えるごみの日です。", null, null, null);
    private static final Audience ALL = new Audience("{\"everyone\":true}", "すべての友だち");
    private static final BroadcastDrafted DRAFTED = new BroadcastDrafted(ID, "014834", "ごみの日", CONTENT, ALL, false, "aoki", T0);
    private static final BroadcastDrafted NEEDS_APPROVAL = new BroadcastDrafted(ID, "014834", "ごみの日", CONTENT, ALL, true, "aoki", T0);
    private static final BroadcastScheduled SCHEDULED = new BroadcastScheduled(ID, EVENING, "aoki", T0);

    private AggregateTestFixture<Broadcast> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Broadcast.class);
    }

    @Test
    void aDraftIsScheduledForItsTimeAndAPastTimeMeansNow() {
        fixture.givenNoPriorActivity()
                .when(new DraftBroadcast(ID, "014834", "ごみの日", CONTENT, ALL, false, "aoki", T0))
                .expectEvents(DRAFTED);
        fixture.given(DRAFTED)
                .when(new ScheduleBroadcast(ID, EVENING, "aoki", T0))
                .expectEvents(SCHEDULED);
        fixture.given(DRAFTED)
                .when(new ScheduleBroadcast(ID, T0.minusSeconds(60), "aoki", T0))
                .expectEvents(new BroadcastScheduled(ID, T0, "aoki", T0));
    }

    @Test
    void contentLineWouldRefuseIsNotDrafted() {
        fixture.givenNoPriorActivity()
                .when(new DraftBroadcast(ID, "014834", "x", new BroadcastContent(" ", "http://not-https.example/a.png", null, null), ALL, false, "aoki", T0))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();
    }

    @Test
    void whenTheTownAsksForApprovalASecondStaffMemberMustApproveBeforeItCanBeSent() {
        fixture.given(NEEDS_APPROVAL)
                .when(new ScheduleBroadcast(ID, EVENING, "aoki", T0))
                .expectException(BroadcastRefused.class)
                .expectNoEvents();
        fixture.given(NEEDS_APPROVAL)
                .when(new ApproveBroadcast(ID, "aoki", T0))
                .expectException(BroadcastRefused.class)
                .expectExceptionMessage("作成した本人は承認できません。別の職員に承認を依頼してください。");
        fixture.given(NEEDS_APPROVAL)
                .when(new ApproveBroadcast(ID, "baba", T0))
                .expectEvents(new BroadcastApproved(ID, "baba", T0));
        fixture.given(NEEDS_APPROVAL, new BroadcastApproved(ID, "baba", T0))
                .when(new ScheduleBroadcast(ID, EVENING, "aoki", T0))
                .expectEvents(SCHEDULED);
    }

    @Test
    void itCanBeCancelledUntilSendingStartsButNotAfter() {
        fixture.given(DRAFTED, SCHEDULED)
                .when(new CancelBroadcast(ID, "baba", T0))
                .expectEvents(new BroadcastCancelled(ID, "baba", T0));
        fixture.given(DRAFTED, SCHEDULED, new BroadcastSendingStarted(ID, 3, 1, EVENING))
                .when(new CancelBroadcast(ID, "baba", EVENING))
                .expectException(BroadcastRefused.class)
                .expectNoEvents();
        fixture.given(DRAFTED, SCHEDULED, new BroadcastCancelled(ID, "baba", T0))
                .when(new StartSending(ID, 3, 1, EVENING))
                .expectException(BroadcastRefused.class)
                .expectNoEvents();
    }

    @Test
    void sendingStartsOnceAndEveryChunkCountsOnceTowardsTheTotals() {
        BroadcastSendingStarted started = new BroadcastSendingStarted(ID, 900, 2, EVENING);
        fixture.given(DRAFTED, SCHEDULED)
                .when(new StartSending(ID, 900, 2, EVENING))
                .expectEvents(started)
                .expectResultMessagePayload(true);
        // a second taker after a crash: already sending
        fixture.given(DRAFTED, SCHEDULED, started)
                .when(new StartSending(ID, 901, 2, EVENING))
                .expectNoEvents()
                .expectResultMessagePayload(false);
        BroadcastChunkSent first = new BroadcastChunkSent(ID, 0, 498, 0, 2, EVENING);
        fixture.given(DRAFTED, SCHEDULED, started, first)
                .when(new RecordChunk(ID, 0, 500, 0, 0, EVENING))
                .expectNoEvents();
        fixture.given(DRAFTED, SCHEDULED, started, first)
                .when(new RecordChunk(ID, 1, 390, 10, 0, EVENING))
                .expectEvents(new BroadcastChunkSent(ID, 1, 390, 10, 0, EVENING),
                        new BroadcastCompleted(ID, "ごみの日", "すべての友だち", 900, 888, 10, 2, EVENING));
    }

    @Test
    void anEmptyAudienceCompletesAtOnce() {
        fixture.given(DRAFTED, SCHEDULED)
                .when(new StartSending(ID, 0, 0, EVENING))
                .expectEvents(new BroadcastSendingStarted(ID, 0, 0, EVENING),
                        new BroadcastCompleted(ID, "ごみの日", "すべての友だち", 0, 0, 0, 0, EVENING));
    }

    @Test
    void chunksHoldAtMost500AndEachHasItsOwnStableRetryKey() {
        List<Recipient> audience = IntStream.range(0, 1_201).mapToObj(i -> new Recipient("r" + i, "U" + i)).toList();

        List<RecipientChunks.Chunk> chunks = RecipientChunks.split(audience);

        assertThat(chunks).extracting(c -> c.recipients().size()).containsExactly(500, 500, 201);
        assertThat(chunks.get(2).recipients().get(0)).isEqualTo(new Recipient("r1000", "U1000"));
        assertThat(RecipientChunks.retryKey(ID, 1)).isEqualTo(RecipientChunks.retryKey(ID, 1))
                .isNotEqualTo(RecipientChunks.retryKey(ID, 2)).isNotEqualTo(RecipientChunks.retryKey("b-2", 1));
        assertThat(RecipientChunks.split(List.of())).isEmpty();
    }
}
