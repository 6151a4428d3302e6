package jp.madoguchi.notification.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.madoguchi.notification.audience.Segment.And;
import jp.madoguchi.notification.audience.Segment.AppliedFor;
import jp.madoguchi.notification.audience.Segment.AttributeIn;
import jp.madoguchi.notification.audience.Segment.Everyone;
import jp.madoguchi.notification.audience.Segment.Not;
import jp.madoguchi.notification.audience.Segment.Or;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TownIndexTest {

    private static final Instant T = Instant.parse("2026-05-01T00:00:00Z");
    private final TownIndex index = new TownIndex();

    @BeforeEach
    void residents() {
        put("a", true, Map.of("district", "d1", "ageBand", "70plus"), Set.of());
        put("b", true, Map.of("district", "d1", "schoolChildren", "yes", "tags", "farmer, fire-brigade"), Set.of("water-start"));
        put("c", true, Map.of("district", "d2", "schoolChildren", "yes"), Set.of("water-start"));
        put("d", false, Map.of("district", "d1", "schoolChildren", "yes"), Set.of()); // blocked the account
        put("e", true, Map.of(), Set.of());
    }

    private void put(String id, boolean following, Map<String, String> attributes, Set<String> procedures) {
        index.put(new ResidentState(id, "LINE", "U" + id, following, T, attributes, procedures));
    }

    private List<String> members(Segment segment) {
        return index.residents(index.evaluate(segment)).stream().map(ResidentState::residentId).toList();
    }

    @Test
    void everyoneIsEveryFriendAndNeverSomeoneWhoBlockedTheAccount() {
        assertThat(members(new Everyone())).containsExactly("a", "b", "c", "e");
        assertThat(members(new AttributeIn("schoolChildren", Set.of("yes")))).containsExactly("b", "c");
    }

    @Test
    void andOrNotCombineConditions() {
        Segment d1 = new AttributeIn("district", Set.of("d1"));
        Segment kids = new AttributeIn("schoolChildren", Set.of("yes"));
        assertThat(members(new And(List.of(d1, kids)))).containsExactly("b");
        assertThat(members(new Or(List.of(d1, kids)))).containsExactly("a", "b", "c");
        assertThat(members(new Not(d1))).containsExactly("c", "e");
        assertThat(members(new And(List.of(new AppliedFor("water-start"), new Not(d1))))).containsExactly("c");
        assertThat(members(new AttributeIn("district", Set.of("d1", "d2")))).containsExactly("a", "b", "c");
        assertThat(members(new AttributeIn("district", Set.of("d9")))).isEmpty();
        assertThat(members(new AppliedFor("never-published"))).isEmpty();
    }

    @Test
    void tagsAreMultiValued() {
        assertThat(members(new AttributeIn("tags", Set.of("fire-brigade")))).containsExactly("b");
        assertThat(members(new AttributeIn("tags", Set.of("farmer")))).containsExactly("b");
    }

    @Test
    void aNewStateReplacesTheOldOneWholly() {
        put("b", true, Map.of("district", "d2"), Set.of("water-start"));
        assertThat(members(new AttributeIn("district", Set.of("d1")))).containsExactly("a");
        assertThat(members(new AttributeIn("tags", Set.of("farmer")))).isEmpty();
        put("a", false, Map.of("district", "d1"), Set.of());
        assertThat(members(new Everyone())).containsExactly("b", "c", "e");
        put("a", false, Map.of("district", "d1"), Set.of()); // the same state again changes nothing
        assertThat(index.size()).isEqualTo(5);
    }

    @Test
    void anEvaluatedSegmentIsASnapshotLaterChangesDoNotTouch() {
        var snapshot = index.evaluate(new AttributeIn("district", Set.of("d1")));
        put("e", true, Map.of("district", "d1"), Set.of());
        assertThat(snapshot.getCardinality()).isEqualTo(2);
        assertThat(index.count(new AttributeIn("district", Set.of("d1")))).isEqualTo(3);
    }

    @Test
    void theWireFormRoundTripsAndABadTreeSaysWhereItIsWrong() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String wire = "{\"and\":[{\"attribute\":\"district\",\"in\":[\"d1\"]},{\"not\":{\"appliedFor\":\"water-start\"}},"
                + "{\"or\":[{\"everyone\":true},{\"attribute\":\"tags\",\"in\":[\"farmer\"]}]}]}";
        Segment segment = SegmentJson.read(json.readTree(wire));
        assertThat(segment).isEqualTo(new And(List.of(new AttributeIn("district", Set.of("d1")), new Not(new AppliedFor("water-start")),
                new Or(List.of(new Everyone(), new AttributeIn("tags", Set.of("farmer")))))));
        assertThat(SegmentJson.read(SegmentJson.write(segment))).isEqualTo(segment);

        assertThatThrownBy(() -> SegmentJson.read(json.readTree("{\"and\":[{\"attribute\":\"district\",\"in\":[]}]}")))
                .hasMessageContaining("$.and[0].in").hasMessageContaining("non-empty array");
        assertThatThrownBy(() -> SegmentJson.read(json.readTree("{\"or\":[{\"colour\":\"red\"}]}")))
                .hasMessageContaining("$.or[0]").hasMessageContaining("unknown condition colour");
        assertThatThrownBy(() -> SegmentJson.read(json.readTree("{\"and\":[]}"))).hasMessageContaining("$.and");
        String deep = "{\"not\":".repeat(10) + "{\"everyone\":true}" + "}".repeat(10);
        assertThatThrownBy(() -> SegmentJson.read(json.readTree(deep))).hasMessageContaining("deeper than");
    }
}
