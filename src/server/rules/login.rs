//! Signing in, following OWASP's authentication guidance: a merchant can
//! always sign in. Only **failures** count, and they are counted where they
//! come from:
//!
//! - per client address (any account): `logins_per_15_minutes` failures in
//!   15 minutes refuse further tries from that address (429);
//! - per account and address: `login_failures_per_account_address`
//!   failures refuse further tries at that account from that address;
//! - per account from anywhere: repeated failures are slowed down (each
//!   failed answer waits longer, up to two seconds), but failures from
//!   elsewhere never refuse the right password from a new address.
//!
//! A success clears the failures of that account from that address.
//! Failures are stored (hashed e-mail, normalised address), so the limits
//! hold across instances on PostgreSQL and across restarts.

use std::net::IpAddr;
use std::time::Duration;

use crate::server::rules::accounts::verify_password;
use crate::server::rules::client::client_key;
use crate::server::rules::error::{ErrorCode, RuleError};
use crate::server::rules::validate::sha256_hex;
use crate::server::storage::UserRecord;
use crate::server::AppState;

/// The window in which failures count.
pub const WINDOW_MS: i64 = 15 * 60 * 1000;
/// Failures at one account (from anywhere) before answers slow down.
const SLOW_AFTER: i64 = 5;
/// The longest wait added to a failed answer.
const MAX_DELAY: Duration = Duration::from_secs(2);

/// A PHC string that verifies nothing, so an unknown e-mail costs the same
/// time as a known one.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        crate::server::rules::accounts::hash_password("not a real password").unwrap_or_default()
    })
}

/// How long a failed answer waits after `failures` recent failures at the
/// account from anywhere.
pub fn failure_delay(failures: i64) -> Duration {
    if failures < SLOW_AFTER {
        return Duration::ZERO;
    }
    let steps = u32::try_from(failures - SLOW_AFTER + 1).unwrap_or(u32::MAX);
    (Duration::from_millis(200) * steps.min(10)).min(MAX_DELAY)
}

/// Checks `password` for `email` from `ip`; the user on success.
pub async fn sign_in(
    state: &AppState,
    email: &str,
    password: String,
    ip: IpAddr,
    now: i64,
) -> Result<UserRecord, RuleError> {
    let email = email.trim().to_lowercase();
    let account = sha256_hex(&format!("login|{email}"));
    let client = client_key(ip, state.config.ipv6_prefix);
    let counts = state
        .store
        .login_failures(&account, &client, now - WINDOW_MS)
        .await?;
    let retry = || RuleError::RateLimited {
        code: ErrorCode::TooManyLoginAttempts,
        retry_after_secs: (WINDOW_MS / 1000) as u64,
    };
    if counts.from_client >= i64::from(state.config.logins_per_15_minutes) {
        return Err(retry());
    }
    if counts.at_account_from_client >= i64::from(state.config.login_failures_per_account_address) {
        return Err(retry());
    }
    let user = state.store.user_by_email(&email).await?;
    let phc = user
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| dummy_hash().to_owned());
    let verified = tokio::task::spawn_blocking(move || verify_password(&password, &phc))
        .await
        .map_err(|e| RuleError::Internal(e.to_string()))?;
    match user {
        Some(user) if verified => {
            state.store.clear_login_failures(&account, &client).await?;
            Ok(user)
        }
        _ => {
            state
                .store
                .record_login_failure(&account, &client, now)
                .await?;
            tokio::time::sleep(failure_delay(counts.at_account + 1)).await;
            Err(RuleError::Unauthorized(ErrorCode::InvalidCredentials))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_slow_down_gradually_and_boundedly() {
        assert_eq!(failure_delay(0), Duration::ZERO);
        assert_eq!(failure_delay(4), Duration::ZERO);
        assert_eq!(failure_delay(5), Duration::from_millis(200));
        assert_eq!(failure_delay(7), Duration::from_millis(600));
        assert_eq!(failure_delay(1_000_000), MAX_DELAY);
    }
}
