//! The recent submissions of each site, in memory, for the campaign check.
//!
//! Every submission is compared with the site's submissions of the last 24
//! hours (up to 2,000). Reading those rows from the database for every
//! submission made a flood of junk posts slow down every genuine shopper's
//! post, so the store keeps them here instead: a site's window is loaded
//! once from the database (on its first submission) and then kept current by
//! the store's own write path — a committed insert adds its entry, a
//! committed withdrawal marks it. With PostgreSQL and several instances, each
//! insert and withdrawal is also announced with `pg_notify` on
//! [`RECENT_CHANNEL`] in the transaction that makes it, and every instance
//! applies what it hears (a lost listener connection empties the cache, so
//! windows are read again from the database). A visit gives the same entries,
//! in the same order, as the database query it replaces
//! (`Storage::recent_signatures` followed by dropping withdrawn rows); the
//! API suite checks this over random sequences of submissions.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

use super::ban_cache::BanCache;
use crate::core::detect::{Signature, Sketch};

/// The PostgreSQL `NOTIFY` channel on which instances announce inserts and
/// withdrawals of reviews (see [`RecentNotice`]).
pub const RECENT_CHANNEL: &str = "candor_recent";

/// One recent submission as the campaign check sees it. The fields every
/// visit reads (time, withdrawn, sketch) come first, in one cache line:
/// the check scans thousands of entries per submission and reads the full
/// signature of only the few whose sketch may match.
#[derive(Debug, Clone, PartialEq)]
#[repr(C)]
pub struct RecentEntry {
    /// When it was submitted (Unix ms).
    pub created_at: i64,
    /// Withdrawn by its author (kept, so the window keeps the database's
    /// order and limit, but never visited).
    pub withdrawn: bool,
    /// The signature's sketch, which rules out almost every comparison.
    pub sketch: Option<Sketch>,
    /// Review id.
    pub id: String,
    /// The template signature of its text.
    pub signature: Option<Signature>,
    /// Who sent it: the salted address hash.
    pub ip_hash: Option<String>,
    /// Who sent it: the e-mail hash.
    pub email_sha256: Option<String>,
}

/// What one instance tells the others over [`RECENT_CHANNEL`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RecentNotice {
    /// The site.
    pub site: String,
    /// The review.
    pub id: String,
    /// Set for an insert: when it was submitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<i64>,
    /// Set for an insert: the signature, hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// Set for an insert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_hash: Option<String>,
    /// Set for an insert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_sha256: Option<String>,
    /// The review was withdrawn.
    #[serde(default)]
    pub withdrawn: bool,
}

impl RecentNotice {
    /// Tells every instance to read the site's window again (after an
    /// import, which may add recent rows in bulk).
    pub fn forget(site: &str) -> RecentNotice {
        RecentNotice {
            site: site.to_owned(),
            id: String::new(),
            created_at: None,
            signature: None,
            ip_hash: None,
            email_sha256: None,
            withdrawn: false,
        }
    }

    /// The entry an insert notice describes (`None` for a withdrawal).
    fn entry(&self) -> Option<RecentEntry> {
        let signature = self.signature.as_deref().and_then(Signature::from_hex);
        Some(RecentEntry {
            id: self.id.clone(),
            created_at: self.created_at?,
            sketch: signature.as_ref().map(Signature::sketch),
            signature,
            ip_hash: self.ip_hash.clone(),
            email_sha256: self.email_sha256.clone(),
            withdrawn: self.withdrawn,
        })
    }
}

/// One site's window: entries in the database's order, oldest first
/// (`created_at`, then `id`).
#[derive(Debug, Default)]
struct Window {
    /// A deque: the oldest leave from the front on every visit of a full
    /// window (a `Vec` moved the whole window each time).
    entries: VecDeque<RecentEntry>,
    /// Read from the database (until then, writes gather here and are merged
    /// with what the database returns).
    loaded: bool,
    /// Withdrawals heard before the window was read.
    withdrawn_early: Vec<String>,
}

impl Window {
    fn position(&self, created_at: i64, id: &str) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|e| (e.created_at, e.id.as_str()).cmp(&(created_at, id)))
    }

    fn add(&mut self, entry: RecentEntry) {
        if let Err(at) = self.position(entry.created_at, &entry.id) {
            self.entries.insert(at, entry);
        }
    }

    fn withdraw(&mut self, id: &str) {
        match self.entries.iter_mut().rev().find(|e| e.id == id) {
            Some(entry) => entry.withdrawn = true,
            None if !self.loaded => self.withdrawn_early.push(id.to_owned()),
            None => {}
        }
    }

    /// Drops what no visit from `since` on with `limit` can reach again
    /// (visits only move forward in time).
    fn trim(&mut self, since: i64, limit: usize) {
        let old = self.entries.partition_point(|e| e.created_at < since);
        let over = self.entries.len().saturating_sub(limit);
        let drop = old.max(over);
        if drop > 0 {
            self.entries.drain(..drop);
        }
    }
}

/// A site's window and whether it has been read from the database.
#[derive(Debug, Default)]
struct Slot {
    window: Mutex<Window>,
    load: tokio::sync::Mutex<()>,
}

impl Slot {
    fn window(&self) -> MutexGuard<'_, Window> {
        self.window.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The windows of all sites this instance has seen submissions for.
#[derive(Debug, Default)]
pub struct RecentCache {
    sites: Mutex<HashMap<String, Arc<Slot>>>,
    /// The sites' bans, the other thing every submission checks (kept on
    /// SQLite only: see [`super::ban_cache`]).
    pub bans: BanCache,
}

impl RecentCache {
    fn slot(&self, site: &str) -> Arc<Slot> {
        let mut sites = self.sites.lock().unwrap_or_else(|p| p.into_inner());
        sites.entry(site.to_owned()).or_default().clone()
    }

    fn loaded_slot(&self, site: &str) -> Option<Arc<Slot>> {
        let sites = self.sites.lock().unwrap_or_else(|p| p.into_inner());
        sites.get(site).cloned()
    }

    /// A committed insert (only sites whose window exists: the others read
    /// it from the database when first needed).
    pub fn inserted(&self, site: &str, entry: RecentEntry) {
        if let Some(slot) = self.loaded_slot(site) {
            slot.window().add(entry);
        }
    }

    /// A committed withdrawal.
    pub fn withdrawn(&self, site: &str, id: &str) {
        if let Some(slot) = self.loaded_slot(site) {
            slot.window().withdraw(id);
        }
    }

    /// Applies a notice from another instance (or this one's own, which is
    /// already applied and changes nothing).
    pub fn heard(&self, notice: &RecentNotice) {
        if notice.id.is_empty() {
            return self.forget(&notice.site);
        }
        match notice.entry() {
            Some(entry) => self.inserted(&notice.site, entry),
            None if notice.withdrawn => self.withdrawn(&notice.site, &notice.id),
            None => {}
        }
    }

    /// Forgets every window (they are read again when next needed): after
    /// an import, or when notices from other instances may have been missed.
    pub fn clear(&self) {
        self.sites.lock().unwrap_or_else(|p| p.into_inner()).clear();
        self.bans.clear();
    }

    /// Forgets one site's window.
    pub fn forget(&self, site: &str) {
        self.sites
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(site);
    }

    /// Calls `visit` with the site's submissions created at or after
    /// `since`, newest first, at most `limit` of them, withdrawn ones
    /// skipped — reading the window from the database with `load` the first
    /// time.
    pub async fn visit<F, Fut, E>(
        &self,
        site: &str,
        since: i64,
        limit: usize,
        load: F,
        visit: &mut (dyn FnMut(&RecentEntry) + Send + '_),
    ) -> Result<(), E>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<Vec<RecentEntry>, E>>,
    {
        let slot = self.slot(site);
        if !slot.window().loaded {
            let _loading = slot.load.lock().await;
            if !slot.window().loaded {
                let rows = load().await?;
                let mut window = slot.window();
                for row in rows {
                    window.add(row);
                }
                for id in std::mem::take(&mut window.withdrawn_early) {
                    window.withdraw(&id);
                }
                window.loaded = true;
            }
        }
        let mut window = slot.window();
        window.trim(since, limit);
        for entry in window.entries.iter().rev().take(limit) {
            if entry.created_at < since {
                break;
            }
            if !entry.withdrawn {
                visit(entry);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, at: i64) -> RecentEntry {
        RecentEntry {
            id: id.to_owned(),
            created_at: at,
            signature: None,
            sketch: None,
            ip_hash: None,
            email_sha256: None,
            withdrawn: false,
        }
    }

    async fn ids(cache: &RecentCache, since: i64, limit: usize) -> Vec<String> {
        let mut seen = Vec::new();
        cache
            .visit(
                "s",
                since,
                limit,
                || async { Ok::<_, ()>(Vec::new()) },
                &mut |e| seen.push(e.id.clone()),
            )
            .await
            .unwrap();
        seen
    }

    #[tokio::test]
    async fn newest_first_within_the_window_and_the_limit_withdrawn_skipped() {
        let cache = RecentCache::default();
        cache
            .visit(
                "s",
                0,
                3,
                || async { Ok::<_, ()>(vec![entry("a", 10), entry("c", 30)]) },
                &mut |_| {},
            )
            .await
            .unwrap();
        cache.inserted("s", entry("b", 20));
        cache.inserted("s", entry("d", 30));
        cache.inserted("s", entry("d", 30)); // heard twice: once
                                             // Newest first; ties by id, descending, as the database orders them.
        assert_eq!(ids(&cache, 0, 10).await, ["d", "c", "b", "a"]);
        cache.withdrawn("s", "c");
        // The limit counts withdrawn rows (the database's LIMIT does).
        assert_eq!(ids(&cache, 0, 3).await, ["d", "b"]);
        assert_eq!(ids(&cache, 25, 10).await, ["d"]);
        // Another site's window is read on its own.
        cache.inserted("other", entry("x", 40));
        assert_eq!(ids(&cache, 0, 10).await, ["d"]);
    }

    #[tokio::test]
    async fn writes_while_the_window_is_read_are_kept() {
        let cache = Arc::new(RecentCache::default());
        let during = cache.clone();
        cache
            .visit(
                "s",
                0,
                10,
                || async move {
                    // Committed after the database answered, before the
                    // window was installed.
                    during.inserted("s", entry("late", 50));
                    during.withdrawn("s", "early");
                    Ok::<_, ()>(vec![entry("early", 10)])
                },
                &mut |_| {},
            )
            .await
            .unwrap();
        assert_eq!(ids(&cache, 0, 10).await, ["late"]);
    }
}
