-- Candor schema for SQLite. Times are Unix milliseconds; booleans are 0/1.
CREATE TABLE sites (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    origins TEXT NOT NULL,
    languages TEXT NOT NULL,
    schedule TEXT NOT NULL,
    promise_minutes INTEGER NOT NULL,
    details_wait_hours INTEGER NOT NULL,
    secret TEXT NOT NULL,
    webhook_url TEXT,
    created_at INTEGER NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE memberships (
    user_id INTEGER NOT NULL REFERENCES users(id),
    site TEXT NOT NULL REFERENCES sites(id),
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, site)
);

CREATE TABLE sessions (
    token_sha256 TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);

CREATE TABLE reviews (
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL REFERENCES sites(id),
    kind TEXT NOT NULL,
    rating INTEGER NOT NULL,
    text TEXT NOT NULL,
    product TEXT,
    author_name TEXT,
    email TEXT,
    email_sha256 TEXT,
    order_ref TEXT,
    order_date TEXT,
    lang TEXT,
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    resolution TEXT,
    first_answer_at INTEGER,
    details_requested_at INTEGER,
    details_answered_at INTEGER,
    moved_private INTEGER NOT NULL,
    verified_order INTEGER NOT NULL,
    check_score REAL NOT NULL,
    check_verdict TEXT NOT NULL,
    check_reasons TEXT NOT NULL,
    author_token_sha256 TEXT NOT NULL,
    ip_hash TEXT,
    answer_due_at INTEGER,
    first_answer_open_minutes INTEGER,
    hidden_reason TEXT,
    signature TEXT,
    version INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX reviews_site_created ON reviews (site, created_at);
CREATE INDEX reviews_site_status ON reviews (site, status, created_at);

CREATE TABLE replies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    review_id TEXT NOT NULL REFERENCES reviews(id),
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    author_display TEXT NOT NULL,
    user_id INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX replies_review ON replies (review_id, id);

CREATE TABLE moderation_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site TEXT NOT NULL,
    review_id TEXT,
    action TEXT NOT NULL,
    reason TEXT,
    actor TEXT NOT NULL,
    actor_user_id INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX moderation_log_site ON moderation_log (site, id);

CREATE TABLE bans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site TEXT NOT NULL,
    email_sha256 TEXT,
    ip_hash TEXT,
    reason TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER
);
CREATE INDEX bans_site ON bans (site);

CREATE TABLE orders (
    site TEXT NOT NULL,
    order_ref TEXT NOT NULL,
    order_date TEXT,
    email_sha256 TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (site, order_ref)
);
CREATE INDEX orders_email ON orders (site, email_sha256);

CREATE TABLE presence (
    site TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    PRIMARY KEY (site, user_id)
);

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site TEXT NOT NULL,
    name TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX events_site ON events (site, id);
