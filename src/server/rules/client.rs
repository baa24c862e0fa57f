//! Who a client is, for limits and bans: its address, normalised so that an
//! attacker cannot multiply their allowance. An IPv4-mapped IPv6 address
//! (`::ffff:10.6.6.6`) is the IPv4 address it maps; an IPv6 address counts
//! as its network prefix (a /64 by default: one household or one server
//! usually holds a whole /64, so each of its addresses is the same client).

use std::net::{IpAddr, Ipv6Addr};

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

#[cfg(test)]
mod tests {
    use super::*;

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
