-- Every send to a LINE user is recorded here in the same transaction as the commands that caused
-- it, then sent right after the commit (and by a sweep every second for anything left pending).
-- One row is one LINE call (at most 5 messages). send_key names what is sent (e.g.
-- turn:<conversationId>:<turn>); retry_key is derived from it and goes out as X-Line-Retry-Key.
CREATE TABLE line_outbox (
    id                     BIGSERIAL    PRIMARY KEY,
    tenant_id              CHAR(6)      NOT NULL,
    line_user_id           VARCHAR(64)  NOT NULL,
    send_key               VARCHAR(400) NOT NULL,
    retry_key              UUID         NOT NULL,
    -- the LINE messages as JSON; emptied once sent (residents' answers are not kept longer than needed)
    messages               TEXT         NOT NULL,
    reply_token            VARCHAR(200),
    reply_token_expires_at TIMESTAMPTZ,
    -- NONE: no reply tried; TRIED: a reply was started (outcome unknown until recorded); FAILED: refused, push instead
    reply_state            VARCHAR(8)   NOT NULL DEFAULT 'NONE',
    -- PENDING, SENT or FAILED (refused by LINE for good, e.g. 400 on the message itself)
    status                 VARCHAR(8)   NOT NULL DEFAULT 'PENDING',
    attempts               INT          NOT NULL DEFAULT 0,
    next_attempt_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    lease_until            TIMESTAMPTZ,
    created_at             TIMESTAMPTZ  NOT NULL DEFAULT now(),
    sent_at                TIMESTAMPTZ,
    sent_via               VARCHAR(16),
    last_error             VARCHAR(200),
    UNIQUE (tenant_id, send_key)
);
CREATE INDEX line_outbox_due ON line_outbox (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX line_outbox_user_pending ON line_outbox (tenant_id, line_user_id, id) WHERE status = 'PENDING';
