package jp.madoguchi.platform.events.contracts;

import jp.madoguchi.platform.events.EventContract;

/**
 * A town's targets for one fiscal year (年度, April to March; {@code fiscalYear} 2025 = April 2025
 * to March 2026). Satisfaction is the mean of 5-point answers.
 */
@EventContract(type = "KpiTargetsSet", version = 1)
public record KpiTargetsSet(int fiscalYear, long friends, long broadcasts, long applications, double satisfaction) {
}
