-- Rate limits kept in the database (issue 11): one row per limited key (a
-- SHA-256 of "submit-ip|site|client" and the like, never an address), holding
-- the GCRA "theoretical arrival time" in Unix ms. A single SQLite instance
-- limits in memory; the table keeps both backends' schemas and SQL alike.
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    tat INTEGER NOT NULL,
    allowed INTEGER NOT NULL
);
-- Secrets of this installation, made on first start and never sent to
-- anyone: `client_hash` keys the hashes under which client addresses are
-- kept (bans, telling senders apart).
CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
