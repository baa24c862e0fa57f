-- Insights: per-site crisis-alert settings and public incident notices.
-- Times are Unix milliseconds.
CREATE TABLE site_crisis_settings (
    site TEXT PRIMARY KEY REFERENCES sites(id),
    sigma REAL NOT NULL,
    floor INTEGER NOT NULL
);

CREATE TABLE incidents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site TEXT NOT NULL REFERENCES sites(id),
    topic TEXT NOT NULL,
    text TEXT NOT NULL,
    created_by INTEGER,
    created_at INTEGER NOT NULL,
    closed_at INTEGER
);
CREATE INDEX incidents_site_open ON incidents (site, closed_at, created_at);

-- A review belongs to at most one incident (the latest that linked it).
CREATE TABLE incident_reviews (
    review_id TEXT PRIMARY KEY REFERENCES reviews(id),
    incident_id INTEGER NOT NULL REFERENCES incidents(id)
);
CREATE INDEX incident_reviews_incident ON incident_reviews (incident_id);
