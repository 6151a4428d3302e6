package jp.madoguchi.conversation.line;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InboxLanesTest {

    @Test
    void aTownWithinItsQuotaStaysOnTheMainLane() {
        InboxLanes lanes = new InboxLanes(10, 20);
        for (int i = 0; i < 1_000; i++) {
            // 5 events a second for 200 s
            assertThat(lanes.divert("014834", "014834:U" + (i % 7), i * 200L)).isFalse();
        }
    }

    @Test
    void whatIsOverTheQuotaIsDivertedAndOtherTownsAreNotTouched() {
        InboxLanes lanes = new InboxLanes(10, 20);
        int diverted = 0;
        for (int i = 0; i < 1_000; i++) {
            // town A: 1,000 events in one second, each from a new resident
            if (lanes.divert("A", "A:U" + i, i)) {
                diverted++;
            }
            if (i % 100 == 0) {
                assertThat(lanes.divert("B", "B:U1", i)).as("town B's resident").isFalse();
            }
        }
        // the burst of 20 and about 10 more as the second goes by stay; the rest waits on the flooded lane
        assertThat(diverted).isBetween(965, 975);
    }

    @Test
    void aResidentWithAnEventWaitingOnTheFloodedLaneHasTheirLaterEventsDivertedUntilItIsDone() {
        InboxLanes lanes = new InboxLanes(1, 1);
        assertThat(lanes.divert("A", "A:U1", 0)).isFalse();
        assertThat(lanes.divert("A", "A:U2", 1)).as("over the quota").isTrue();
        // a minute later the town is well within its quota, but U2's first event is still waiting
        assertThat(lanes.divert("A", "A:U2", 60_000)).isTrue();
        assertThat(lanes.divert("A", "A:U1", 60_001)).isFalse();
        lanes.done("A:U2");
        assertThat(lanes.divert("A", "A:U2", 120_000)).as("one of two still waiting").isTrue();
        lanes.done("A:U2");
        lanes.done("A:U2");
        assertThat(lanes.waiting()).isZero();
        assertThat(lanes.divert("A", "A:U2", 180_000)).isFalse();
    }
}
