//! Who a client is, for limits and bans: its address, normalised so that an
//! attacker cannot multiply their allowance. An IPv4-mapped IPv6 address
//! (`::ffff:10.6.6.6`) is the IPv4 address it maps; an IPv6 address counts
//! as its network prefix (a /64 by default: one household or one server
//! usually holds a whole /64, so each of its addresses is the same client).
//!
//! A client is stored (for bans and for telling senders apart) only as a
//! keyed hash of that key: HMAC-SHA256 under a secret of this installation,
//! made on first start and kept in the database, never sent anywhere. The
//! hash before issue 11 was salted only with the public site id, so anyone
//! could hash all 2^32 IPv4 addresses and read a stored hash back; bans
//! stored under it keep working ([`legacy_ip_hash`]) and are moved to the
//! keyed hash when their client comes back.

use std::net::{IpAddr, Ipv6Addr};
use std::sync::Arc;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::server::rules::validate::sha256_hex;

/// The name of the installation secret that keys client hashes.
pub const CLIENT_HASH_SECRET: &str = "client_hash";

/// The default IPv6 prefix length limits and bans are keyed on.
pub const DEFAULT_IPV6_PREFIX: u8 = 64;

/// The key of a client address: the IPv4 address, or the IPv6 network of
/// `ipv6_prefix` bits (at most 128) in CIDR form.
pub fn client_key(ip: IpAddr, ipv6_prefix: u8) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return v4.to_string();
            }
            let prefix = ipv6_prefix.min(128);
            let mask = if prefix == 0 {
                0
            } else {
                u128::MAX << (128 - u32::from(prefix))
            };
            let network = Ipv6Addr::from(u128::from(v6) & mask);
            format!("{network}/{prefix}")
        }
    }
}

/// Hashes client keys with the installation's secret.
#[derive(Clone)]
pub struct ClientHasher {
    secret: Arc<[u8]>,
}

impl ClientHasher {
    /// A hasher under `secret` (the stored [`CLIENT_HASH_SECRET`]).
    pub fn new(secret: &str) -> Self {
        ClientHasher {
            secret: Arc::from(secret.as_bytes()),
        }
    }

    /// The keyed hash under which a client of `site` is kept: of its
    /// normalised address (see [`client_key`]), per site, so one shopper's
    /// hashes on two sites cannot be linked.
    pub fn ip_hash(&self, site: &str, ip: IpAddr, ipv6_prefix: u8) -> String {
        // HMAC takes a key of any length; `new_from_slice` cannot fail.
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.secret)
            .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
        mac.update(format!("candor-ip|{site}|{}", client_key(ip, ipv6_prefix)).as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

impl std::fmt::Debug for ClientHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClientHasher(<secret>)")
    }
}

/// The hash stored before issue 11 (salted with the public site id only),
/// to find bans made under it.
pub fn legacy_ip_hash(site: &str, ip: IpAddr, ipv6_prefix: u8) -> String {
    sha256_hex(&format!("candor-ip|{site}|{}", client_key(ip, ipv6_prefix)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyed_hashes_depend_on_the_secret_the_site_and_the_client() {
        let ip: IpAddr = "10.6.6.6".parse().unwrap();
        let a = ClientHasher::new("secret-a");
        let b = ClientHasher::new("secret-b");
        let hash = a.ip_hash("shop", ip, DEFAULT_IPV6_PREFIX);
        assert_eq!(hash.len(), 64);
        assert_eq!(
            hash,
            a.ip_hash(
                "shop",
                "::ffff:10.6.6.6".parse().unwrap(),
                DEFAULT_IPV6_PREFIX
            )
        );
        assert_ne!(hash, b.ip_hash("shop", ip, DEFAULT_IPV6_PREFIX));
        assert_ne!(hash, a.ip_hash("other", ip, DEFAULT_IPV6_PREFIX));
        assert_ne!(
            hash,
            a.ip_hash("shop", "10.6.6.7".parse().unwrap(), DEFAULT_IPV6_PREFIX)
        );
        // Not the public, guessable hash of before.
        assert_ne!(hash, legacy_ip_hash("shop", ip, DEFAULT_IPV6_PREFIX));
        assert!(!format!("{a:?}").contains("secret-a"));
    }

    fn key(text: &str) -> String {
        client_key(text.parse().unwrap(), DEFAULT_IPV6_PREFIX)
    }

    #[test]
    fn mapped_addresses_are_their_ipv4_address() {
        assert_eq!(key("::ffff:10.6.6.6"), key("10.6.6.6"));
        assert_eq!(key("10.6.6.6"), "10.6.6.6");
    }

    #[test]
    fn ipv6_addresses_count_as_their_network() {
        assert_eq!(key("2001:db8:1:2::1"), key("2001:db8:1:2:ffff:1:2:3"));
        assert_eq!(key("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(
            client_key("2001:db8::1".parse().unwrap(), 128),
            "2001:db8::1/128"
        );
        assert_eq!(client_key("2001:db8::1".parse().unwrap(), 0), "::/0");
    }
}
