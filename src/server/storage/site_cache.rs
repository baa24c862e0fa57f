//! Site records, read on every request (submissions, lists, live streams),
//! kept in memory for a moment.

use std::collections::HashMap;
use std::sync::Mutex;

/// Site records, read on every request, kept for a moment: a change made
/// through this store is seen at once, one made elsewhere (another
/// instance, the command line) within [`SITE_FRESH`]. Unknown ids are
/// never kept, so junk ids cannot grow it.
#[derive(Debug, Default)]
pub struct SiteCache {
    sites: Mutex<HashMap<String, (std::time::Instant, crate::server::storage::SiteRecord)>>,
}

/// Longest a site record is served from memory.
pub const SITE_FRESH: std::time::Duration = std::time::Duration::from_secs(1);

impl SiteCache {
    /// The site, if read within [`SITE_FRESH`].
    pub fn get(&self, id: &str) -> Option<crate::server::storage::SiteRecord> {
        let sites = self.sites.lock().unwrap_or_else(|p| p.into_inner());
        sites
            .get(id)
            .filter(|(read, _)| read.elapsed() < SITE_FRESH)
            .map(|(_, site)| site.clone())
    }

    /// Keeps a site just read.
    pub fn keep(&self, site: &crate::server::storage::SiteRecord) {
        let mut sites = self.sites.lock().unwrap_or_else(|p| p.into_inner());
        if sites.len() >= 4096 {
            sites.clear();
        }
        sites.insert(site.id.clone(), (std::time::Instant::now(), site.clone()));
    }

    /// Forgets a site this store changed.
    pub fn forget(&self, id: &str) {
        self.sites
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
    }
}
