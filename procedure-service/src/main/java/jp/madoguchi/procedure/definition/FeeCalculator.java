package jp.madoguchi.procedure.definition;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a resident pays: the sum over a fee table's items of unit fee × quantity, in yen. Pure. */
final class FeeCalculator {

    private FeeCalculator() {
    }

    /**
     * @param quantities how many of each item, by item code; items not named count as none
     * @throws IllegalArgumentException for an item code the table does not have, or a negative quantity
     * @throws ArithmeticException      when the total does not fit a long (never for real fees)
     */
    public static long total(List<FeeItem> table, Map<String, Long> quantities) {
        Map<String, FeeItem> byCode = new HashMap<>();
        table.forEach(item -> byCode.put(item.code(), item));
        long total = 0;
        for (Map.Entry<String, Long> line : quantities.entrySet()) {
            FeeItem item = byCode.get(line.getKey());
            if (item == null) {
                throw new IllegalArgumentException("no fee item " + line.getKey() + " in the fee table");
            }
            long quantity = line.getValue() == null ? 0 : line.getValue();
            if (quantity < 0) {
                throw new IllegalArgumentException("quantity of " + line.getKey() + " is negative: " + quantity);
            }
            total = Math.addExact(total, Math.multiplyExact(item.unitFeeYen(), quantity));
        }
        return total;
    }

    /**
     * The quantities a resident gave in a flow's answers (by field, as numbers), keyed by item code: what
     * {@link #total} takes. An item whose question was not answered counts as none.
     */
    public static Map<String, Long> quantitiesFrom(List<FeeItem> table, Map<String, BigDecimal> answersByField) {
        Map<String, Long> quantities = new HashMap<>();
        for (FeeItem item : table) {
            BigDecimal answer = answersByField.get(item.quantityField());
            quantities.put(item.code(), answer == null ? 0L : answer.longValueExact());
        }
        return quantities;
    }
}
