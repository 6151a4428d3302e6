package jp.madoguchi.platform.flow;

/**
 * One line of a procedure's fee table: {@code unitFeeYen} yen for each of the number the resident
 * answers at {@code quantityField} (e.g. 2 × 大型家具 800 円). A prompt shows the total with
 * {@value FlowDefinition#FEE_TOTAL}.
 */
public record Fee(String code, String name, long unitFeeYen, String quantityField) {
}
