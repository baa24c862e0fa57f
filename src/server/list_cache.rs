//! Review-list responses kept for a moment, so a busy product page is not
//! read from the database for every visitor.
//!
//! An entry is served only while nothing public has changed since it was
//! built — the [`EventHub`](crate::server::events::EventHub) counts every
//! change this instance commits and every change another instance announces
//! — and for at most [`FRESH`], which bounds what a change without a live
//! event could leave behind (the typical answer time moves with the clock;
//! an import from the command line runs in another process). Hiding a
//! review is a public change: the next request after it is built anew.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Bytes;

/// Longest an entry is served.
pub const FRESH: Duration = Duration::from_secs(2);
/// Most entries kept (a few MB at most; junk query strings cannot grow it).
pub const MAX_ENTRIES: usize = 256;

#[derive(Debug)]
struct Entry {
    changes: u64,
    built: Instant,
    body: Bytes,
}

/// Built list responses by request.
#[derive(Debug, Default)]
pub struct ListCache {
    entries: Mutex<HashMap<String, Entry>>,
}

impl ListCache {
    /// The response built for `key` if nothing changed since (`changes` is
    /// the hub's count now) and it is fresh.
    pub fn get(&self, key: &str, changes: u64) -> Option<Bytes> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries
            .get(key)
            .filter(|e| e.changes == changes && e.built.elapsed() < FRESH)
            .map(|e| e.body.clone())
    }

    /// Keeps a response built from what the database held when the hub's
    /// count was `changes` (read before the database was).
    pub fn put(&self, key: String, changes: u64, body: Bytes) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&key) {
            entries.retain(|_, e| e.changes == changes && e.built.elapsed() < FRESH);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(
            key,
            Entry {
                changes,
                built: Instant::now(),
                body,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn served_until_a_change_and_bounded() {
        let cache = ListCache::default();
        cache.put("a".into(), 7, Bytes::from_static(b"[1]"));
        assert_eq!(cache.get("a", 7).as_deref(), Some(&b"[1]"[..]));
        assert_eq!(cache.get("a", 8), None, "a change was heard since");
        assert_eq!(cache.get("b", 7), None);
        for i in 0..(MAX_ENTRIES * 3) {
            cache.put(format!("junk{i}"), 9, Bytes::new());
        }
        assert!(cache.entries.lock().unwrap().len() <= MAX_ENTRIES);
    }
}
