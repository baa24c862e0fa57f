-- "Me too" on a complaint, "Helpful" on a review (issue 15): one vote per
-- review and browser (`voter`: SHA-256 of the random id the widget keeps in
-- local storage) and one per review and client address (`ip_hash`: the
-- keyed hash of rules/client.rs), so clearing storage does not vote twice.
-- The kind of a vote is the review's kind, so it is not stored.
CREATE TABLE review_votes (
    review_id TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    voter TEXT NOT NULL,
    ip_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (review_id, voter)
);
CREATE UNIQUE INDEX review_votes_address ON review_votes (review_id, ip_hash);
-- The count, kept beside the review in the vote's own transaction, for the
-- list's "most helpful" order and its counts without a join.
ALTER TABLE reviews ADD COLUMN votes INTEGER NOT NULL DEFAULT 0;
CREATE INDEX reviews_site_votes ON reviews (site, votes, created_at);
