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
ALTER TABLE reviews ADD COLUMN campaign_flag BIGINT NOT NULL DEFAULT 0;
