package jp.madoguchi.procedure.application;

import jp.madoguchi.platform.fiscal.FiscalYear;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Receipt numbers from one PostgreSQL row per (town, fiscal year), bumped with a single
 * {@code INSERT … ON CONFLICT DO UPDATE … RETURNING}. The statement runs in the transaction of the
 * command that appends ApplicationSubmitted: the row stays locked until that commit, so concurrent
 * submissions of one town queue for it, and a command that fails (e.g. a redelivered conversation
 * whose application already exists) rolls its number back: no gaps, no duplicates.
 */
@Component
class JdbcReceiptNumbers implements ReceiptNumbers {

    private static final String NEXT = """
            INSERT INTO application_receipt_counter (tenant_id, fiscal_year, last_number) VALUES (?, ?, 1)
            ON CONFLICT (tenant_id, fiscal_year) DO UPDATE SET last_number = application_receipt_counter.last_number + 1
            RETURNING last_number""";

    private final JdbcTemplate jdbc;

    JdbcReceiptNumbers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public ReceiptNumber next(TenantId tenant, FiscalYear year) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            // outside the command's transaction a number would survive a failed submission
            throw new IllegalStateException("receipt numbers are allocated only inside the submitting command's transaction");
        }
        Long number = jdbc.queryForObject(NEXT, Long.class, tenant.code(), year.year());
        return new ReceiptNumber(year.year(), number);
    }
}
