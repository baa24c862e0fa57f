-- Rate limits every instance shares (issue 11): one row per limited key
-- (a SHA-256 of "submit-ip|site|client" and the like, never an address),
-- holding the GCRA "theoretical arrival time" in Unix ms. A row whose `tat`
-- has passed says nothing more than a missing row, so such rows are pruned.
-- UNLOGGED: the counts are worth no WAL; after a crash they restart empty,
-- which only forgives a few requests.
CREATE UNLOGGED TABLE rate_limits (
    key TEXT PRIMARY KEY,
    tat BIGINT NOT NULL,
    allowed BIGINT NOT NULL
);
-- Secrets of this installation, made on first start and never sent to
-- anyone: `client_hash` keys the hashes under which client addresses are
-- kept (bans, telling senders apart).
CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
