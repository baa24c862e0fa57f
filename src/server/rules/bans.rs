//! Whether a ban refuses a sender. Bans are stored by e-mail hash and by the
//! keyed hash of the client's address ([`ClientHasher`]); a ban stored before
//! the hash was keyed still matches the address's legacy hash and is moved to
//! the keyed one the first time its client comes back, so upgrading never
//! lifts a ban.
//!
//! [`ClientHasher`]: crate::server::rules::client::ClientHasher

use std::net::IpAddr;

use crate::server::rules::client::legacy_ip_hash;
use crate::server::storage::{BanMatch, Storage, StoreError};

/// Whether a ban refuses a sender with `email_sha256` from `ip` (kept as
/// `ip_hash`) on `site` at `now`; one query, plus the re-keying of a legacy
/// ban when one matched.
pub async fn refuses(
    store: &dyn Storage,
    site: &str,
    email_sha256: Option<&str>,
    ip: IpAddr,
    ip_hash: &str,
    ipv6_prefix: u8,
    now: i64,
) -> Result<bool, StoreError> {
    let legacy = legacy_ip_hash(site, ip, ipv6_prefix);
    match store
        .ban_match(site, email_sha256, Some(ip_hash), Some(&legacy), now)
        .await?
    {
        None => Ok(false),
        Some(BanMatch::Current) => Ok(true),
        Some(BanMatch::LegacyIpHash) => {
            let moved = store.rekey_ip_bans(site, &legacy, ip_hash).await?;
            tracing::info!(site, bans = moved, "moved bans to the keyed address hash");
            Ok(true)
        }
    }
}
