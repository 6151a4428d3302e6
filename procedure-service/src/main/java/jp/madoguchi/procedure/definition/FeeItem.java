package jp.madoguchi.procedure.definition;

/**
 * One line of a procedure's fee table (e.g. 粗大ごみ: ソファ 1,000円): {@code quantityField} names the
 * number question of the flow whose answer is how many of this item the resident has.
 */
public record FeeItem(String code, String name, long unitFeeYen, String quantityField) {
}
