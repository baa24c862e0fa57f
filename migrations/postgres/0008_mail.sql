-- Mail (issue 13): a durable outbox of e-mails written in the transaction of
-- the change they announce, the addresses mail must no longer reach, the
-- key that signs the links in mails, per-site sender settings, per-user
-- notification settings and review requests. Times are Unix milliseconds.
CREATE TABLE mail_outbox (
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL REFERENCES sites(id),
    -- receipt, reply, private_message, details_request, resolved,
    -- new_complaint, deadline_near, deadline_breached, review_request,
    -- review_reminder
    kind TEXT NOT NULL,
    -- one mail per event: a second insert with the same key is ignored
    idempotency_key TEXT NOT NULL UNIQUE,
    review_id TEXT,
    to_addr TEXT NOT NULL,
    -- SHA-256 hex of the lowercased address (suppressions)
    to_sha256 TEXT NOT NULL,
    lang TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    unsubscribe_url TEXT,
    -- pending, sent, failed (gave up), cancelled, suppressed
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    locked_until BIGINT,
    last_error TEXT,
    last_code BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    sent_at BIGINT
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_review ON mail_outbox (review_id) WHERE review_id IS NOT NULL;
CREATE INDEX mail_outbox_site ON mail_outbox (site, created_at);

-- Addresses mail must not reach: site '*' for a permanent SMTP refusal
-- (the address does not exist), a site id for an unsubscribe from it.
CREATE TABLE mail_suppressions (
    site TEXT NOT NULL,
    email_sha256 TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site, email_sha256)
);

-- The server's key for signed mail links (one row).
CREATE TABLE mail_keys (
    id BIGINT PRIMARY KEY,
    secret TEXT NOT NULL
);

-- Sender and review-request settings of a site (absent: defaults).
CREATE TABLE site_mail_settings (
    site TEXT PRIMARY KEY REFERENCES sites(id),
    from_addr TEXT,
    from_name TEXT,
    request_delay_days BIGINT NOT NULL DEFAULT 7,
    reminder_delay_days BIGINT NOT NULL DEFAULT 7
);

-- A merchant's mail notifications on a site (absent: all on).
CREATE TABLE user_mail_settings (
    user_id BIGINT NOT NULL REFERENCES users(id),
    site TEXT NOT NULL REFERENCES sites(id),
    new_complaint BIGINT NOT NULL DEFAULT 1,
    deadline BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (user_id, site)
);

-- Review requests for registered orders with an e-mail. The address is
-- kept only until the request and its reminder are sent (then NULL).
CREATE TABLE review_requests (
    site TEXT NOT NULL REFERENCES sites(id),
    order_ref TEXT NOT NULL,
    email TEXT,
    email_sha256 TEXT NOT NULL,
    products TEXT,
    lang TEXT,
    order_at BIGINT NOT NULL,
    delivered_at BIGINT,
    -- requests sent: 0, 1 (request), 2 (reminder)
    sent BIGINT NOT NULL DEFAULT 0,
    next_due_at BIGINT,
    -- the single-use link token's hash, and when it was used
    token_sha256 TEXT,
    used_at BIGINT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site, order_ref)
);
CREATE INDEX review_requests_due ON review_requests (next_due_at) WHERE next_due_at IS NOT NULL;
