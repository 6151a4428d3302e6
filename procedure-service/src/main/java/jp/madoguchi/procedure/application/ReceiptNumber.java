package jp.madoguchi.procedure.application;

/** 受付番号: the fiscal year and a number counted per town within it, written {@code 2026-000123}. */
record ReceiptNumber(int fiscalYear, long number) {

    public ReceiptNumber {
        if (number < 1) {
            throw new IllegalArgumentException("a receipt number counts from 1, got " + number);
        }
    }

    @Override
    public String toString() {
        return String.format("%d-%06d", fiscalYear, number);
    }
}
