package jp.madoguchi.procedure.application;

import jp.madoguchi.platform.fiscal.FiscalYear;
import jp.madoguchi.platform.tenancy.TenantId;

/**
 * Hands out receipt numbers: each (town, fiscal year) counts 1, 2, 3… with no number given twice.
 * Called from the submitting command handler, so it takes part in that command's transaction.
 */
interface ReceiptNumbers {

    ReceiptNumber next(TenantId tenant, FiscalYear year);
}
