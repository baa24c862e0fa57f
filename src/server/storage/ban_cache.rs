//! The sites' bans, in memory, for the check every submission makes.
//!
//! Reading the bans table on every submission cost a statement (and, on
//! SQLite, a hand-off to the driver's thread) although bans change a few
//! times a day. A site's bans are read once and kept until a ban is added,
//! undone or re-keyed: this instance forgets them after its own commit, and
//! other instances when they hear the commit's notice on the recent channel
//! (see [`super::recent`]); a lost listener forgets everything. A read that
//! raced with a change is answered but not kept (a generation count), so a
//! forgotten list never comes back stale. Expiry is checked on every lookup.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::BanMatch;

/// Sites with more bans than this are not kept (each check reads the
/// database, as before).
pub const MAX_KEPT: usize = 4096;

/// One ban as the check sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BanRow {
    /// The banned e-mail hash.
    pub email_sha256: Option<String>,
    /// The banned address hash (keyed, or a legacy one).
    pub ip_hash: Option<String>,
    /// When it ends (Unix ms); `None`: never.
    pub expires_at: Option<i64>,
}

/// What a submission from this sender meets in `bans` at `now`: a ban
/// under the current keys, one only under the legacy address hash, or none.
pub fn matching(
    bans: &[BanRow],
    email_sha256: Option<&str>,
    ip_hash: Option<&str>,
    legacy_ip_hash: Option<&str>,
    now: i64,
) -> Option<BanMatch> {
    let mut found = None;
    for ban in bans
        .iter()
        .filter(|b| b.expires_at.is_none_or(|at| at > now))
    {
        let email = ban.email_sha256.as_deref();
        let ip = ban.ip_hash.as_deref();
        if (email.is_some() && email == email_sha256) || (ip.is_some() && ip == ip_hash) {
            return Some(BanMatch::Current);
        }
        if ip.is_some() && ip == legacy_ip_hash {
            found = Some(BanMatch::LegacyIpHash);
        }
    }
    found
}

#[derive(Debug, Default)]
struct Kept {
    generation: u64,
    sites: HashMap<String, Arc<[BanRow]>>,
}

/// The bans of the sites this instance has checked.
#[derive(Debug, Default)]
pub struct BanCache {
    kept: Mutex<Kept>,
}

impl BanCache {
    fn kept(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The site's kept bans, or the generation to pass to [`BanCache::keep`]
    /// with what is read from the database.
    pub fn get(&self, site: &str) -> Result<Arc<[BanRow]>, u64> {
        let kept = self.kept();
        kept.sites.get(site).cloned().ok_or(kept.generation)
    }

    /// Keeps `bans` read for `site`, unless bans changed since `generation`.
    pub fn keep(&self, site: &str, bans: Arc<[BanRow]>, generation: u64) {
        let mut kept = self.kept();
        if kept.generation == generation && bans.len() <= MAX_KEPT {
            kept.sites.insert(site.to_owned(), bans);
        }
    }

    /// Forgets every site's bans (a ban changed somewhere, or notices may
    /// have been missed).
    pub fn clear(&self) {
        let mut kept = self.kept();
        kept.generation += 1;
        kept.sites.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ban(email: Option<&str>, ip: Option<&str>, expires_at: Option<i64>) -> BanRow {
        BanRow {
            email_sha256: email.map(str::to_owned),
            ip_hash: ip.map(str::to_owned),
            expires_at,
        }
    }

    #[test]
    fn matches_current_then_legacy_and_skips_expired() {
        let bans = [
            ban(None, Some("legacy"), None),
            ban(Some("e"), None, Some(100)),
            ban(None, Some("ip"), None),
        ];
        let m = |email, ip, now| matching(&bans, email, ip, Some("legacy"), now);
        assert_eq!(m(Some("e"), None, 50), Some(BanMatch::Current));
        assert_eq!(
            m(Some("e"), None, 100),
            Some(BanMatch::LegacyIpHash),
            "the e-mail ban ended"
        );
        assert_eq!(m(None, Some("ip"), 0), Some(BanMatch::Current));
        assert_eq!(matching(&bans, None, Some("x"), None, 0), None);
        assert_eq!(
            matching(&bans, None, None, None, 0),
            None,
            "absent keys match nothing"
        );
    }

    #[test]
    fn a_read_that_raced_with_a_change_is_not_kept() {
        let cache = BanCache::default();
        let generation = cache.get("s").unwrap_err();
        cache.clear();
        cache.keep("s", Arc::from(vec![]), generation);
        assert!(cache.get("s").is_err());
        let generation = cache.get("s").unwrap_err();
        cache.keep("s", Arc::from(vec![ban(Some("e"), None, None)]), generation);
        assert_eq!(cache.get("s").unwrap().len(), 1);
        cache.clear();
        assert!(cache.get("s").is_err());
    }
}
