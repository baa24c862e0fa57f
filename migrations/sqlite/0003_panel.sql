-- The moderation panel (issue 5): triage fields and trolling marks on
-- reviews, undoable actions in the moderation log, private messages to
-- authors and saved replies. Times are Unix milliseconds; booleans are 0/1.
ALTER TABLE reviews ADD COLUMN topic TEXT;
-- all topic codes, newline-separated, strongest first
ALTER TABLE reviews ADD COLUMN topics TEXT;
ALTER TABLE reviews ADD COLUMN priority TEXT;
ALTER TABLE reviews ADD COLUMN stop_engaging INTEGER NOT NULL DEFAULT 0;
-- lowercased text, author name and order number, for the queue's search
ALTER TABLE reviews ADD COLUMN search_text TEXT;
CREATE INDEX reviews_site_email ON reviews (site, email_sha256);
CREATE INDEX reviews_site_order ON reviews (site, order_ref);

-- Private entries (replies, resolutions, triage) are left out of the public log.
ALTER TABLE moderation_log ADD COLUMN public INTEGER NOT NULL DEFAULT 1;
-- JSON of the review's moderation state before the action (null: not undoable)
ALTER TABLE moderation_log ADD COLUMN undo_state TEXT;
ALTER TABLE moderation_log ADD COLUMN undo_until INTEGER;
ALTER TABLE moderation_log ADD COLUMN undone_at INTEGER;
-- what the action created, removed again by an undo
ALTER TABLE moderation_log ADD COLUMN reply_id INTEGER;
ALTER TABLE moderation_log ADD COLUMN ban_id INTEGER;
-- the review's version right after the action: a later change blocks the undo
ALTER TABLE moderation_log ADD COLUMN version_after INTEGER;

CREATE TABLE private_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    review_id TEXT NOT NULL REFERENCES reviews(id),
    log_id INTEGER,
    text TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX private_messages_review ON private_messages (review_id, id);

CREATE TABLE saved_replies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site TEXT NOT NULL REFERENCES sites(id),
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX saved_replies_site ON saved_replies (site, id);
