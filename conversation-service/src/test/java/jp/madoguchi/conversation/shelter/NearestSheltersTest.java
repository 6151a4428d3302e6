package jp.madoguchi.conversation.shelter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NearestSheltersTest {

    // 苫前町役場 (44.3066, 141.6536); 0.001° of latitude ≈ 111 m
    static final double LAT = 44.3066;
    static final double LNG = 141.6536;

    static Shelter at(String name, double dLat, Hazard... hazards) {
        return new Shelter(name, "", LAT + dLat, LNG, Set.of(hazards), null);
    }

    @Test
    void haversineGivesKnownDistances() {
        // Tokyo Station → Osaka Station, about 403 km
        assertThat(NearestShelters.metres(35.6812, 139.7671, 34.7025, 135.4959) / 1000).isCloseTo(403.5, within(1.5));
        assertThat(NearestShelters.metres(LAT, LNG, LAT + 0.01, LNG)).isCloseTo(1112, within(2.0));
        assertThat(NearestShelters.metres(LAT, LNG, LAT, LNG)).isZero();
    }

    @Test
    void ranksTheNearestThreeDesignatedForTheHazard() {
        List<Shelter> shelters = List.of(
                at("far", 0.05, Hazard.TSUNAMI),
                at("nearest but not for tsunami", 0.001, Hazard.EARTHQUAKE),
                at("second", -0.004, Hazard.TSUNAMI, Hazard.EARTHQUAKE),
                at("first", 0.002, Hazard.TSUNAMI),
                at("third", 0.02, Hazard.TSUNAMI));

        List<NearestShelters.Nearby> tsunami = NearestShelters.rank(shelters, LAT, LNG, Hazard.TSUNAMI, 3);

        assertThat(tsunami).extracting(n -> n.shelter().name()).containsExactly("first", "second", "third");
        assertThat(tsunami.get(0).metres()).isBetween(220L, 225L);
        assertThat(NearestShelters.rank(shelters, LAT, LNG, null, 2)).extracting(n -> n.shelter().name())
                .containsExactly("nearest but not for tsunami", "first");
        assertThat(NearestShelters.rank(shelters, LAT, LNG, Hazard.VOLCANO, 3)).isEmpty();
    }

    @Test
    void equalDistancesComeInNameOrderWhateverTheInputOrder() {
        List<Shelter> shelters = List.of(at("b", 0.003, Hazard.FIRE), at("c", -0.003, Hazard.FIRE), at("a", 0.003, Hazard.FIRE));

        assertThat(NearestShelters.rank(shelters, LAT, LNG, Hazard.FIRE, 3)).extracting(n -> n.shelter().name()).containsExactly("a", "b", "c");
        assertThat(NearestShelters.rank(List.of(shelters.get(2), shelters.get(1), shelters.get(0)), LAT, LNG, Hazard.FIRE, 3))
                .extracting(n -> n.shelter().name()).containsExactly("a", "b", "c");
    }

    @Test
    void distancesReadInMetresBelowAKilometreElseKilometres() {
        assertThat(NearestShelters.distance(350)).isEqualTo("350m");
        assertThat(NearestShelters.distance(999)).isEqualTo("999m");
        assertThat(NearestShelters.distance(1234)).isEqualTo("1.2km");
    }

    @Test
    void theAnswerNamesEachShelterWithDistanceAndDirectionsLink() {
        Shelter gym = new Shelter("町民体育館", "苫前町字旭37", 44.3076, 141.6536, Set.of(Hazard.TSUNAMI), null);
        String text = Shelters.describe(new Shelters.Choice("津波", Hazard.TSUNAMI), NearestShelters.rank(List.of(gym), LAT, LNG, Hazard.TSUNAMI, 3));

        assertThat(text).startsWith("津波の ときの、近い 避難所です。")
                .contains("1. 町民体育館\n苫前町字旭37\nここから 約111m\n道順: https://www.google.com/maps/dir/?api=1&destination=44.307600,141.653600");
        assertThat(Shelters.describe(new Shelters.Choice("津波", Hazard.TSUNAMI), List.of())).contains("使える 避難所は、町の 一覧に ありません");
    }

    @Test
    void theAnswerOffersEveryOtherHazardForTheSamePlaceByATap() {
        Shelters.Choice tsunami = Shelters.CHOICES.get(2);
        List<jp.madoguchi.conversation.engine.Reply.QuickOption> options = Shelters.otherHazards(tsunami, 44.24, 141.66);
        assertThat(options).extracting(o -> o.label()).containsExactly("地震", "洪水", "土砂災害", "火事", "その他", "メニュー");
        assertThat(options.get(0).value()).isEqualTo("shelter:near:EARTHQUAKE:44.240000,141.660000");
        assertThat(options.get(4).value()).isEqualTo("shelter:near:ANY:44.240000,141.660000");
    }
}
