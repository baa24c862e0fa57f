-- Which review a live event or a webhook delivery is about, so that hiding,
-- withdrawing or banning a review can scrub its text from every stored
-- event and delivery in the same transaction.
ALTER TABLE events ADD COLUMN review_id TEXT;
CREATE INDEX events_review ON events (review_id) WHERE review_id IS NOT NULL;
ALTER TABLE webhook_deliveries ADD COLUMN review_id TEXT;
CREATE INDEX webhook_deliveries_review ON webhook_deliveries (review_id)
    WHERE review_id IS NOT NULL;
-- A published review that later submissions copied: flagged to the merchant
-- as part of a suspected campaign, never taken down by the copies.
ALTER TABLE reviews ADD COLUMN campaign_flag INTEGER NOT NULL DEFAULT 0;
-- Failed sign-ins (hashed account, normalised client address), so login
-- limits hold across restarts and instances.
CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL,
    client TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX login_failures_client ON login_failures (client, created_at);
CREATE INDEX login_failures_account ON login_failures (account, created_at);
CREATE INDEX login_failures_at ON login_failures (created_at);
-- Webhooks get their own signing secret, so a webhook receiver can never
-- sign order registrations. Existing receivers keep working with the old
-- secret until the owner rotates it (POST .../webhooks {"rotate_secret": true}).
ALTER TABLE sites ADD COLUMN webhook_secret TEXT;
UPDATE sites SET webhook_secret = secret WHERE webhook_url IS NOT NULL;
-- The products an order holds (newline-joined product ids); an order
-- verifies at most one review per ordered product (one review in all when
-- the shop sends no products).
ALTER TABLE orders ADD COLUMN products TEXT;
CREATE INDEX sessions_expires ON sessions (expires_at);
