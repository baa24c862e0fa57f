-- Webhooks: a durable outbox of deliveries, and once-only answer-deadline
-- alerts. Times are Unix milliseconds.
ALTER TABLE reviews ADD COLUMN deadline_near_at BIGINT;
ALTER TABLE reviews ADD COLUMN deadline_breached_at BIGINT;
CREATE INDEX reviews_unanswered_due ON reviews (answer_due_at)
    WHERE first_answer_at IS NULL AND answer_due_at IS NOT NULL;

CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL REFERENCES sites(id),
    event TEXT NOT NULL,
    payload TEXT NOT NULL,
    -- pending, delivered, failed (gave up) or cancelled
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    -- a worker's lease on a claimed delivery
    locked_until BIGINT,
    last_error TEXT,
    last_status_code BIGINT,
    url TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    delivered_at BIGINT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_site ON webhook_deliveries (site, created_at);
