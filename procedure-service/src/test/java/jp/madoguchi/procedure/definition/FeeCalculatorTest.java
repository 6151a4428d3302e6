package jp.madoguchi.procedure.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeeCalculatorTest {

    private static final List<FeeItem> TABLE = List.of(
            new FeeItem("sofa", "ソファ", 1000, "qtySofa"),
            new FeeItem("bicycle", "自転車", 500, "qtyBicycle"),
            new FeeItem("futon", "布団", 300, "qtyFuton"));

    @Test
    void sumsUnitFeeTimesQuantityOverTheItems() {
        assertThat(FeeCalculator.total(TABLE, Map.of("sofa", 2L, "bicycle", 1L, "futon", 3L))).isEqualTo(2 * 1000 + 500 + 3 * 300);
    }

    @Test
    void nothingChosenCostsNothing() {
        assertThat(FeeCalculator.total(TABLE, Map.of())).isZero();
        assertThat(FeeCalculator.total(TABLE, Map.of("sofa", 0L))).isZero();
    }

    @Test
    void refusesAnItemNotInTheTable() {
        assertThatThrownBy(() -> FeeCalculator.total(TABLE, Map.of("piano", 1L))).hasMessageContaining("no fee item piano");
    }

    @Test
    void refusesANegativeQuantity() {
        assertThatThrownBy(() -> FeeCalculator.total(TABLE, Map.of("sofa", -1L))).hasMessageContaining("negative");
    }

    @Test
    void takesQuantitiesFromAFlowsAnswersByField() {
        Map<String, Long> quantities = FeeCalculator.quantitiesFrom(TABLE,
                Map.of("qtySofa", BigDecimal.ONE, "qtyFuton", new BigDecimal("2"), "address", BigDecimal.TEN));
        assertThat(quantities).containsEntry("sofa", 1L).containsEntry("futon", 2L).containsEntry("bicycle", 0L);
        assertThat(FeeCalculator.total(TABLE, quantities)).isEqualTo(1600);
    }
}
