//! Signed links in mails: each token is an HMAC-SHA256 of its purpose, its
//! subject (a review id, a site and address) and its expiry under the
//! server's mail key, so a link does one thing, for one review, until it
//! expires — and a mail scanner or a forwarded mail cannot stretch it.
//!
//! Format: `m.<expiry, Unix seconds; 0 = never>.<32 hex digits>`. Author
//! tokens from mails start with `m.`; the random tokens handed out at
//! submission never contain a dot, so the two never mix.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::server::rules::accounts::constant_time_eq;

/// What a signed link may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Open the author's private link (read and act like the author).
    Author,
    /// Say "yes, solved" to a merchant's resolution.
    ResolveYes,
    /// Say "no, not yet" to a merchant's resolution.
    ResolveNo,
    /// Stop mail from a site to one address.
    Unsubscribe,
    /// Write the one verified review of a review request's order.
    ReviewRequest,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Author => "author",
            Purpose::ResolveYes => "resolve-yes",
            Purpose::ResolveNo => "resolve-no",
            Purpose::Unsubscribe => "unsubscribe",
            Purpose::ReviewRequest => "review-request",
        }
    }
}

/// How long the author's private link from a mail works.
pub const AUTHOR_LINK_DAYS: i64 = 365;
/// How long the yes/no answer to a resolution works.
pub const RESOLVE_LINK_DAYS: i64 = 30;

fn digest(secret: &str, purpose: Purpose, subject: &str, expires: i64) -> String {
    // HMAC takes keys of any length; `new_from_slice` cannot fail for it.
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts any key length"),
    };
    mac.update(format!("candor-mail|{}|{subject}|{expires}", purpose.as_str()).as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

/// A token for `purpose` on `subject`, valid until `expires_secs` (Unix
/// seconds; 0 = never).
pub fn sign(secret: &str, purpose: Purpose, subject: &str, expires_secs: i64) -> String {
    format!(
        "m.{expires_secs}.{}",
        digest(secret, purpose, subject, expires_secs)
    )
}

/// Whether `token` was signed for `purpose` on `subject` and has not
/// expired at `now_secs`.
pub fn verify(secret: &str, purpose: Purpose, subject: &str, token: &str, now_secs: i64) -> bool {
    let mut parts = token.splitn(3, '.');
    let (Some("m"), Some(expires), Some(sig)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let Ok(expires) = expires.parse::<i64>() else {
        return false;
    };
    if expires != 0 && expires < now_secs {
        return false;
    }
    constant_time_eq(sig, &digest(secret, purpose, subject, expires))
}

/// Whether a token is a signed mail token rather than a random author token.
pub fn is_signed(token: &str) -> bool {
    token.starts_with("m.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_single_purpose_and_expire() {
        let token = sign("key", Purpose::ResolveYes, "r_1", 1_000);
        assert!(verify("key", Purpose::ResolveYes, "r_1", &token, 999));
        assert!(!verify("key", Purpose::ResolveYes, "r_1", &token, 1_001));
        assert!(!verify("key", Purpose::ResolveNo, "r_1", &token, 999));
        assert!(!verify("key", Purpose::Author, "r_1", &token, 999));
        assert!(!verify("key", Purpose::ResolveYes, "r_2", &token, 999));
        assert!(!verify("other", Purpose::ResolveYes, "r_1", &token, 999));
        let forever = sign("key", Purpose::Unsubscribe, "s|h", 0);
        assert!(verify(
            "key",
            Purpose::Unsubscribe,
            "s|h",
            &forever,
            i64::MAX
        ));
        assert!(!verify("key", Purpose::Author, "r_1", "m.0.zz", 0));
        assert!(!verify("key", Purpose::Author, "r_1", "abc", 0));
        assert!(is_signed(&token) && !is_signed("Zx9abc"));
    }
}
