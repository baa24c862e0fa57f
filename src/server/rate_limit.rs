//! Rate limits keyed by client address or site, so that every instance of a
//! deployment enforces one limit, not one per instance.
//!
//! Both kinds use GCRA (the generic cell rate algorithm): a key allows a burst
//! of `limit` requests, then one request per `window / limit`, and its whole
//! state is one timestamp (the "theoretical arrival time").
//!
//! - **In memory** ([`governor`]), for a single instance on SQLite: lock-free
//!   per key, and memory stays bounded because keys whose state has run out
//!   are dropped (`retain_recent`) and the map shrunk now and then.
//! - **In the database**, whenever the store is shared by several instances
//!   (PostgreSQL): each check is one atomic upsert of the key's arrival time
//!   ([`Storage::take_rate_limit`]), so N instances allow the limit once, not
//!   N times. Expired keys are pruned by a background delete at most once a
//!   minute.

use std::collections::HashMap;
use std::hash::Hash;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;

use crate::server::rules::error::{ErrorCode, RuleError};
use crate::server::rules::validate::sha256_hex;
use crate::server::storage::{RateKey, RateTake, Storage, StoreError};

/// How many events a key may have per window, with bursts up to `limit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Quota {
    /// Events allowed per window.
    pub limit: u32,
    /// The window.
    pub window: Duration,
}

impl Quota {
    /// The GCRA emission interval: one event per `window / limit` (at least
    /// a millisecond, so the database's millisecond clock can count it).
    fn interval(self) -> Duration {
        (self.window / self.limit.max(1)).max(Duration::from_millis(1))
    }
}

/// Why a check refused.
#[derive(Debug, thiserror::Error)]
pub enum LimitError {
    /// The key is over its limit; the next request fits after this many
    /// whole seconds (at least 1).
    #[error("rate limited for {0} s")]
    Wait(u64),
    /// The shared limit could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<LimitError> for RuleError {
    fn from(err: LimitError) -> Self {
        match err {
            LimitError::Wait(retry_after_secs) => RuleError::RateLimited {
                code: ErrorCode::RateLimited,
                retry_after_secs,
            },
            LimitError::Store(err) => err.into(),
        }
    }
}

/// The rate limiter of an instance: in memory, or shared through the
/// database by every instance on it.
pub enum RateLimiter {
    /// In this process (one instance on SQLite).
    Local(LocalLimiter),
    /// In the database (several instances on PostgreSQL).
    Shared(SharedLimiter),
}

impl RateLimiter {
    /// The limiter that fits `store`: shared when other instances may use
    /// the same database, in memory otherwise.
    pub fn for_store(store: Arc<dyn Storage>) -> Self {
        if store.shares_events() {
            RateLimiter::Shared(SharedLimiter::new(store))
        } else {
            RateLimiter::Local(LocalLimiter::default())
        }
    }

    /// Counts one request for `key` under `quota`; refuses with the wait
    /// when the key is over it.
    pub async fn check(&self, key: &str, quota: Quota) -> Result<(), LimitError> {
        if quota.limit == 0 {
            return Err(LimitError::Wait(quota.window.as_secs().max(1)));
        }
        match self {
            RateLimiter::Local(local) => local.check(key, quota),
            RateLimiter::Shared(shared) => shared.check(key, quota).await,
        }
    }

    /// Counts one request against each of `limits` in turn, a limit only
    /// when every one before it allowed the request (so a client over its
    /// own limit does not use up a shared one); refuses with the first
    /// refusal's wait. On PostgreSQL the whole chain is one statement.
    pub async fn check_all(&self, limits: &[(&str, Quota)]) -> Result<(), LimitError> {
        match self {
            RateLimiter::Shared(shared) if limits.iter().all(|(_, q)| q.limit > 0) => {
                shared.check_all(limits).await
            }
            _ => {
                for (key, quota) in limits {
                    self.check(key, *quota).await?;
                }
                Ok(())
            }
        }
    }

    /// Where the limits are kept (`memory` or `database`), for logs.
    pub fn kind(&self) -> &'static str {
        match self {
            RateLimiter::Local(_) => "memory",
            RateLimiter::Shared(_) => "database",
        }
    }
}

impl std::fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("RateLimiter").field(&self.kind()).finish()
    }
}

/// One governor limiter per quota (the quotas come from the configuration,
/// so there are a handful), each keyed by string.
type KeyedLimiter<C> = governor::RateLimiter<
    String,
    DefaultKeyedStateStore<String>,
    C,
    NoOpMiddleware<<C as Clock>::Instant>,
>;

/// After this many checks of a quota, keys whose state has run out are
/// dropped and the map is shrunk, so a flood of addresses cannot grow memory
/// for ever.
const RETAIN_EVERY: u64 = 1024;

/// In-memory limits ([`governor`]'s keyed GCRA).
pub struct LocalLimiter<C: Clock + Clone = DefaultClock> {
    clock: C,
    limiters: Mutex<HashMap<Quota, Arc<KeyedLimiter<C>>>>,
    checks: AtomicU64,
}

impl Default for LocalLimiter<DefaultClock> {
    fn default() -> Self {
        LocalLimiter::with_clock(DefaultClock::default())
    }
}

impl<C: Clock + Clone> LocalLimiter<C> {
    /// Limits on `clock` (a fake clock in tests).
    pub fn with_clock(clock: C) -> Self {
        LocalLimiter {
            clock,
            limiters: Mutex::default(),
            checks: AtomicU64::new(0),
        }
    }

    fn limiter(&self, quota: Quota) -> Arc<KeyedLimiter<C>> {
        let mut limiters = self.limiters.lock().unwrap_or_else(|p| p.into_inner());
        limiters
            .entry(quota)
            .or_insert_with(|| {
                let burst = NonZeroU32::new(quota.limit).unwrap_or(NonZeroU32::MIN);
                let gcra = governor::Quota::with_period(quota.interval())
                    .unwrap_or_else(|| governor::Quota::per_second(NonZeroU32::MAX))
                    .allow_burst(burst);
                Arc::new(governor::RateLimiter::new(
                    gcra,
                    DefaultKeyedStateStore::default(),
                    self.clock.clone(),
                ))
            })
            .clone()
    }

    /// Counts one request for `key`.
    pub fn check(&self, key: &str, quota: Quota) -> Result<(), LimitError> {
        let limiter = self.limiter(quota);
        if self.checks.fetch_add(1, Ordering::Relaxed) % RETAIN_EVERY == RETAIN_EVERY - 1 {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        limiter.check_key(&key.to_owned()).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            LimitError::Wait(whole_seconds(wait))
        })
    }

    /// How many keys the limiter of `quota` holds (for tests).
    pub fn keys(&self, quota: Quota) -> usize {
        self.limiter(quota).len()
    }
}

/// How often expired keys are deleted from the shared table.
const PRUNE_EVERY_MS: i64 = 60_000;

/// Limits in the database, shared by every instance on it.
pub struct SharedLimiter {
    store: Arc<dyn Storage>,
    last_prune_ms: AtomicI64,
}

impl SharedLimiter {
    /// Limits kept in `store`.
    pub fn new(store: Arc<dyn Storage>) -> Self {
        SharedLimiter {
            store,
            last_prune_ms: AtomicI64::new(0),
        }
    }

    async fn check(&self, key: &str, quota: Quota) -> Result<(), LimitError> {
        self.check_all(&[(key, quota)]).await
    }

    async fn check_all(&self, limits: &[(&str, Quota)]) -> Result<(), LimitError> {
        let now = crate::server::now_ms();
        self.prune_now_and_then(now);
        // The keys name client addresses: only their hashes are stored.
        let hashes: Vec<String> = limits.iter().map(|(key, _)| sha256_hex(key)).collect();
        let chain: Vec<RateKey<'_>> = limits
            .iter()
            .zip(&hashes)
            .map(|((_, quota), hash)| RateKey {
                key: hash,
                interval_ms: i64::try_from(quota.interval().as_millis()).unwrap_or(i64::MAX / 4),
                window_ms: i64::try_from(quota.window.as_millis()).unwrap_or(i64::MAX / 4),
            })
            .collect();
        let taken = match chain.as_slice() {
            [one] => {
                self.store
                    .take_rate_limit(one.key, one.interval_ms, one.window_ms, now)
                    .await?
            }
            _ => self.store.take_rate_limits(&chain, now).await?,
        };
        match taken {
            RateTake::Allowed => Ok(()),
            RateTake::Refused { wait_ms } => Err(LimitError::Wait(whole_seconds(
                Duration::from_millis(u64::try_from(wait_ms).unwrap_or(1)),
            ))),
        }
    }

    /// Starts a background delete of expired keys when the last one is a
    /// minute old; the check itself stays one statement.
    fn prune_now_and_then(&self, now: i64) {
        let last = self.last_prune_ms.load(Ordering::Relaxed);
        if now - last < PRUNE_EVERY_MS
            || self
                .last_prune_ms
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_err()
        {
            return;
        }
        let store = self.store.clone();
        tokio::spawn(async move {
            if let Err(err) = store.prune_rate_limits(now).await {
                tracing::warn!(error = %err, "pruning expired rate limits failed");
            }
        });
    }
}

/// A wait in whole seconds, rounded up, at least 1.
fn whole_seconds(wait: Duration) -> u64 {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    secs.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use governor::clock::FakeRelativeClock;

    const QUOTA: Quota = Quota {
        limit: 3,
        window: Duration::from_secs(60),
    };

    #[test]
    fn allows_a_burst_then_refuses_with_a_wait() {
        let clock = FakeRelativeClock::default();
        let limiter = LocalLimiter::with_clock(clock.clone());
        for _ in 0..3 {
            assert!(limiter.check("ip", QUOTA).is_ok());
        }
        assert!(matches!(
            limiter.check("ip", QUOTA),
            Err(LimitError::Wait(20))
        ));
        assert!(limiter.check("other", QUOTA).is_ok());
        clock.advance(Duration::from_secs(19));
        assert!(matches!(
            limiter.check("ip", QUOTA),
            Err(LimitError::Wait(1))
        ));
        clock.advance(Duration::from_secs(1));
        assert!(limiter.check("ip", QUOTA).is_ok());
        assert!(limiter.check("ip", QUOTA).is_err());
    }

    #[test]
    fn keys_that_ran_out_are_forgotten() {
        let clock = FakeRelativeClock::default();
        let limiter = LocalLimiter::with_clock(clock.clone());
        for n in 0..RETAIN_EVERY - 1 {
            assert!(limiter.check(&format!("client-{n}"), QUOTA).is_ok());
        }
        assert_eq!(limiter.keys(QUOTA), (RETAIN_EVERY - 1) as usize);
        // A minute later every key is back to a full burst: the next check
        // drops them all and keeps only the one it counts.
        clock.advance(Duration::from_secs(61));
        assert!(limiter.check("late", QUOTA).is_ok());
        assert_eq!(limiter.keys(QUOTA), 1);
    }

    #[tokio::test]
    async fn a_zero_limit_refuses_everything() {
        let limiter = RateLimiter::Local(LocalLimiter::default());
        let quota = Quota {
            limit: 0,
            window: Duration::from_secs(60),
        };
        assert!(matches!(
            limiter.check("ip", quota).await,
            Err(LimitError::Wait(60))
        ));
    }

    #[test]
    fn waits_round_up_to_whole_seconds() {
        assert_eq!(whole_seconds(Duration::ZERO), 1);
        assert_eq!(whole_seconds(Duration::from_millis(1)), 1);
        assert_eq!(whole_seconds(Duration::from_millis(1001)), 2);
        assert_eq!(whole_seconds(Duration::from_secs(20)), 20);
    }
}
