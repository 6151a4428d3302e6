-- Each LINE webhook event is handled once: its id is recorded in the same transaction as the
-- events it causes, so a redelivery (LINE's or Kafka's) finds it and does nothing.
CREATE TABLE line_webhook_event (
    tenant_id        CHAR(6)      NOT NULL,
    webhook_event_id VARCHAR(64)  NOT NULL,
    event_type       VARCHAR(64)  NOT NULL,
    handled_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, webhook_event_id)
);
