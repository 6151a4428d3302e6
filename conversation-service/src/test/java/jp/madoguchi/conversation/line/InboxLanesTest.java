package jp.madoguchi.conversation.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import jp.madoguchi.conversation.line.LineProperties.TownQuota;
import org.junit.jupiter.api.Test;

class InboxLanesTest {

    @Test
    void aTownWithinItsQuotaStaysOnTheMainLane() {
        InboxLanes lanes = new InboxLanes(new TownQuota(10, 20), Map.of());
        for (int i = 0; i < 1_000; i++) {
            // 5 events a second for 200 s
            assertThat(lanes.divert("014834", "014834:U" + (i % 7), i * 200L)).isFalse();
        }
    }

    @Test
    void whatIsOverTheQuotaIsDivertedAndOtherTownsAreNotTouched() {
        InboxLanes lanes = new InboxLanes(new TownQuota(10, 20), Map.of());
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
        InboxLanes lanes = new InboxLanes(new TownQuota(1, 1), Map.of());
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

    @Test
    void aTownWithAQuotaOfItsOwnIsHeldToItAndTheOthersToTheDefault() {
        InboxLanes lanes = new InboxLanes(new TownQuota(10, 5), Map.of("014915", new TownQuota(10, 2)));
        int city = 0;
        int village = 0;
        for (int i = 0; i < 10; i++) {
            city += lanes.divert("014915", "014915:U" + i, 0) ? 0 : 1;
            village += lanes.divert("014869", "014869:U" + i, 0) ? 0 : 1;
        }
        assertThat(city).as("kept of the town with its own burst of 2").isEqualTo(2);
        assertThat(village).as("kept of a town with the default burst of 5").isEqualTo(5);
    }
}
