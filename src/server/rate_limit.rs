//! In-process rate limits (token buckets keyed by address, site or e-mail).
//!
//! Limits are per instance: behind a load balancer each instance enforces its
//! own share, which is enough to stop floods and brute force.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Token buckets for many keys.
#[derive(Debug, Default)]
pub struct RateLimiter {
    buckets: Mutex<HashMap<String, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// How many events a key may have per window, with bursts up to `limit`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quota {
    /// Events allowed per window.
    pub limit: u32,
    /// The window.
    pub window: Duration,
}

impl RateLimiter {
    /// Takes one token for `key`; on refusal returns the whole seconds until
    /// the next token (at least 1).
    pub fn check(&self, key: &str, quota: Quota, now: Instant) -> Result<(), u64> {
        if quota.limit == 0 {
            return Err(quota.window.as_secs().max(1));
        }
        let capacity = f64::from(quota.limit);
        let per_sec = capacity / quota.window.as_secs_f64().max(0.001);
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() > 100_000 {
            // Forget full buckets first; they carry no information.
            buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.updated).as_secs_f64() * per_sec < capacity
            });
        }
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: capacity,
            updated: now,
        });
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * per_sec).min(capacity);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - bucket.tokens) / per_sec;
            Err((wait.ceil() as u64).max(1))
        }
    }

    /// Gives a token back (e.g. a successful login does not count).
    pub fn forgive(&self, key: &str) {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        buckets.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_a_burst_then_refuses_with_a_wait() {
        let limiter = RateLimiter::default();
        let quota = Quota {
            limit: 3,
            window: Duration::from_secs(60),
        };
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check("ip", quota, t0).is_ok());
        }
        assert_eq!(limiter.check("ip", quota, t0), Err(20));
        assert!(limiter.check("other", quota, t0).is_ok());
        assert!(limiter
            .check("ip", quota, t0 + Duration::from_secs(21))
            .is_ok());
    }
}
