-- 受付番号: one row per town and fiscal year, holding the last number handed out. The submitting
-- command bumps it with INSERT … ON CONFLICT DO UPDATE … RETURNING inside its own transaction, so the
-- row lock orders concurrent submissions and a failed submission gives its number back.
CREATE TABLE IF NOT EXISTS application_receipt_counter (
    tenant_id   VARCHAR(6) NOT NULL,
    fiscal_year INTEGER    NOT NULL,
    last_number BIGINT     NOT NULL,
    PRIMARY KEY (tenant_id, fiscal_year)
);
