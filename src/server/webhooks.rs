//! Webhooks to the merchant's own server: HMAC-SHA256-signed JSON posts for
//! `review.created`, `review.resolved`, `deadline.near` and
//! `deadline.breached`.
//!
//! Deliveries go through a durable outbox: they are queued in the same
//! transaction as the change they announce (or, for deadline alerts, as the
//! review's once-only alert flag), and a background worker claims due ones,
//! sends them and records the outcome. A failed delivery is retried after
//! each of [`ServerConfig::webhook_retry_delays_secs`] (with jitter), then
//! marked failed. On PostgreSQL several instances may run the worker: claims
//! skip rows another instance has locked, and a claim is a lease, so a
//! delivery whose sender died is sent again after the lease (deliveries are
//! at least once; receivers deduplicate by `X-Candor-Delivery`).
//!
//! Signature: `X-Candor-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(site
//! secret, "<t>.<body>")>`, re-computed for every attempt.

use std::collections::HashMap;
use std::time::Duration;

use futures::StreamExt as _;
use hmac::{Hmac, Mac};
use rand::Rng as _;
use sha2::Sha256;

use crate::server::auth::{constant_time_eq, random_id};
use crate::server::config::ServerConfig;
use crate::server::error::AppError;
use crate::server::storage::{
    DeadlineAlert, DeliveryOutcome, DeliveryRecord, NewDelivery, ReplyRecord, ReviewRecord,
    SiteRecord, StoreError,
};
use crate::server::views::{queue_item, rfc3339};
use crate::server::{now_ms, AppState};

/// Event type: a review or complaint was submitted (also when held).
pub const REVIEW_CREATED: &str = "review.created";
/// Event type: resolved by the merchant or confirmed by the author.
pub const REVIEW_RESOLVED: &str = "review.resolved";
/// Event type: an unanswered complaint's deadline is close.
pub const DEADLINE_NEAR: &str = "deadline.near";
/// Event type: an unanswered complaint's deadline passed.
pub const DEADLINE_BREACHED: &str = "deadline.breached";
/// Event type: a test delivery requested by the merchant.
pub const PING: &str = "ping";
/// A merchant's private message to a review's author, for the merchant's
/// own system to e-mail: `{review, email, text}`.
pub const MESSAGE_PRIVATE: &str = "message.private";

/// Header with the signature.
pub const SIGNATURE_HEADER: &str = "X-Candor-Signature";
/// Header with the event type.
pub const EVENT_HEADER: &str = "X-Candor-Event";
/// Header with the delivery id (the same on every retry).
pub const DELIVERY_HEADER: &str = "X-Candor-Delivery";

/// Breaches older than this when first seen (e.g. the server was down) are
/// marked without a webhook.
pub const BREACH_LOOKBACK_MS: i64 = 24 * 3_600_000;
/// How long a claimed delivery stays leased to its worker.
pub const LEASE_MS: i64 = 120_000;
/// Deliveries claimed per round.
pub const CLAIM_BATCH: i64 = 32;
/// Deliveries sent at the same time by one worker.
pub const CONCURRENCY: usize = 8;
/// Longest stored error text.
const ERROR_MAX: usize = 300;

/// Checks a webhook URL: absolute `http(s)://` with a host, at most 2,000
/// characters. Returns it trimmed.
pub fn validate_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    if url.len() > 2000 {
        return Err("at most 2000 characters".to_owned());
    }
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("not a URL: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err("must start with https:// or http://".to_owned());
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("needs a host".to_owned());
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("must not contain credentials".to_owned());
    }
    Ok(url.to_owned())
}

fn mac(secret: &str, timestamp: i64, body: &str) -> Hmac<Sha256> {
    // HMAC takes keys of any length; `new_from_slice` cannot fail for it.
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts any key length"),
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    mac
}

/// The `X-Candor-Signature` value for `body` sent at `timestamp` (Unix
/// seconds).
pub fn sign(secret: &str, timestamp: i64, body: &str) -> String {
    let digest = hex::encode(mac(secret, timestamp, body).finalize().into_bytes());
    format!("t={timestamp},v1={digest}")
}

/// Verifies a signature header as a receiver would: the `v1` HMAC matches
/// and `t` is within `tolerance_secs` of `now_secs`.
pub fn verify(secret: &str, header: &str, body: &str, now_secs: i64, tolerance_secs: i64) -> bool {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => timestamp = value.parse::<i64>().ok(),
            Some(("v1", value)) => signatures.push(value.to_owned()),
            _ => {}
        }
    }
    let Some(timestamp) = timestamp else {
        return false;
    };
    if (now_secs - timestamp).abs() > tolerance_secs {
        return false;
    }
    let expected = hex::encode(mac(secret, timestamp, body).finalize().into_bytes());
    signatures.iter().any(|s| constant_time_eq(s, &expected))
}

/// The delivery for `event` about `data`, when the site has a webhook URL.
pub fn delivery(
    site: &SiteRecord,
    event: &str,
    data: serde_json::Value,
    now: i64,
) -> Option<NewDelivery> {
    site.webhook_url.as_ref()?;
    let id = random_id("wh_");
    let payload = serde_json::json!({
        "id": id,
        "type": event,
        "site": site.id,
        "created_at": rfc3339(now),
        "data": data,
    });
    Some(NewDelivery {
        id,
        site: site.id.clone(),
        event: event.to_owned(),
        payload: payload.to_string(),
        created_at: now,
    })
}

/// The `data` of review events: the merchant's queue item of the review
/// (`review` plus private fields such as `email`, `order_ref`,
/// `answer_due_at`, `overdue`; the receiver is the merchant's own server),
/// and `resolution` once resolved.
pub fn review_data(
    review: &ReviewRecord,
    replies: &[ReplyRecord],
    now: i64,
) -> Result<serde_json::Value, AppError> {
    let item = queue_item(review, replies, now);
    let mut data = serde_json::to_value(item).map_err(|e| AppError::Internal(e.to_string()))?;
    if let Some(resolution) = review.state.resolution {
        data["resolution"] = serde_json::Value::from(resolution.as_str());
    }
    Ok(data)
}

/// The delay before retry number `attempt` (1 = after the first failed
/// attempt), with ±20% jitter; `None` when the schedule is used up.
pub fn retry_delay(attempt: i64, delays_secs: &[f64]) -> Option<Duration> {
    let index = usize::try_from(attempt.checked_sub(1)?).ok()?;
    let base = delays_secs.get(index).copied()?;
    let base = if base.is_finite() { base.max(0.0) } else { 0.0 };
    let factor = rand::thread_rng().gen_range(0.8..=1.2);
    Some(Duration::from_secs_f64((base * factor).min(7.0 * 86_400.0)))
}

/// The HTTP client of the worker: rustls, the configured timeout, no
/// redirects (a receiver that moved must be updated by the merchant).
pub fn client(config: &ServerConfig) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(config.webhook_timeout_secs.max(1)))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Candor-Webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
}

fn truncate(mut text: String) -> String {
    if text.len() > ERROR_MAX {
        let mut cut = ERROR_MAX;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    text
}

/// Sends one claimed delivery and decides what happens next.
async fn attempt(
    config: &ServerConfig,
    client: &reqwest::Client,
    site: Option<&SiteRecord>,
    delivery: &DeliveryRecord,
) -> DeliveryOutcome {
    let Some((site, url)) = site.and_then(|s| s.webhook_url.as_ref().map(|u| (s, u))) else {
        return DeliveryOutcome::Cancelled {
            reason: "the site has no webhook URL any more".to_owned(),
        };
    };
    let timestamp = now_ms() / 1000;
    let signature = sign(&site.secret, timestamp, &delivery.payload);
    let result = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(EVENT_HEADER, &delivery.event)
        .header(DELIVERY_HEADER, &delivery.id)
        .header(SIGNATURE_HEADER, signature)
        .body(delivery.payload.clone())
        .send()
        .await;
    let (status_code, error) = match result {
        Ok(response) if response.status().is_success() => {
            return DeliveryOutcome::Delivered {
                url: url.clone(),
                status_code: i64::from(response.status().as_u16()),
            }
        }
        Ok(response) => (
            Some(i64::from(response.status().as_u16())),
            format!("HTTP {}", response.status()),
        ),
        Err(err) => (None, truncate(err.without_url().to_string())),
    };
    match retry_delay(delivery.attempts, &config.webhook_retry_delays_secs) {
        Some(delay) => DeliveryOutcome::Retry {
            url: url.clone(),
            status_code,
            error,
            next_attempt_at: now_ms() + i64::try_from(delay.as_millis()).unwrap_or(i64::MAX / 2),
        },
        None => DeliveryOutcome::Failed {
            url: Some(url.clone()),
            status_code,
            error,
        },
    }
}

/// Claims the due deliveries and sends them; returns how many were
/// attempted.
pub async fn deliver_due(state: &AppState, client: &reqwest::Client) -> Result<usize, StoreError> {
    let now = now_ms();
    let claimed = state
        .store
        .claim_deliveries(now, now + LEASE_MS, CLAIM_BATCH)
        .await?;
    if claimed.is_empty() {
        return Ok(0);
    }
    let mut sites: HashMap<String, Option<SiteRecord>> = HashMap::new();
    for delivery in &claimed {
        if !sites.contains_key(&delivery.site) {
            let site = state.store.site(&delivery.site).await?;
            sites.insert(delivery.site.clone(), site);
        }
    }
    let count = claimed.len();
    futures::stream::iter(claimed)
        .for_each_concurrent(CONCURRENCY, |delivery| {
            let site = sites.get(&delivery.site).and_then(Option::as_ref);
            async move {
                let outcome = attempt(&state.config, client, site, &delivery).await;
                state.metrics.webhook_delivery(outcome.name());
                match &outcome {
                    DeliveryOutcome::Delivered { .. } => {
                        tracing::debug!(id = %delivery.id, event = %delivery.event, "webhook delivered")
                    }
                    other => {
                        tracing::info!(id = %delivery.id, event = %delivery.event,
                            outcome = other.name(), attempts = delivery.attempts, "webhook not delivered")
                    }
                }
                if let Err(err) = state
                    .store
                    .finish_delivery(&delivery.id, &outcome, now_ms())
                    .await
                {
                    // The lease runs out and the delivery is tried again.
                    tracing::warn!(error = %err, id = %delivery.id, "recording a webhook outcome failed");
                }
            }
        })
        .await;
    Ok(count)
}

/// Sends `deadline.near` and `deadline.breached` once per complaint: finds
/// unanswered complaints whose deadline is within
/// [`ServerConfig::deadline_near_minutes`] or past, flags each alert and
/// queues its delivery in one transaction. Returns how many alerts were
/// flagged.
pub async fn scan_deadlines(state: &AppState, now: i64) -> Result<usize, AppError> {
    let near_ms = state.config.deadline_near_minutes.max(0) * 60_000;
    let windows = [
        (DeadlineAlert::Breached, now - BREACH_LOOKBACK_MS, now),
        (DeadlineAlert::Near, now, now + near_ms),
    ];
    let mut sites: HashMap<String, Option<SiteRecord>> = HashMap::new();
    let mut flagged = 0;
    for (alert, after, until) in windows {
        if after >= until {
            continue;
        }
        let event = match alert {
            DeadlineAlert::Near => DEADLINE_NEAR,
            DeadlineAlert::Breached => DEADLINE_BREACHED,
        };
        let candidates = state
            .store
            .deadline_candidates(alert, after, until, 500)
            .await?;
        for review in candidates {
            if !sites.contains_key(&review.site) {
                let site = state.store.site(&review.site).await?;
                sites.insert(review.site.clone(), site);
            }
            let Some(Some(site)) = sites.get(&review.site) else {
                continue;
            };
            let mut data = review_data(&review, &[], now)?;
            if let Some(due) = review.answer_due_at {
                data["minutes_left"] = serde_json::Value::from((due - now) / 60_000);
            }
            let deliveries: Vec<NewDelivery> =
                delivery(site, event, data, now).into_iter().collect();
            if state
                .store
                .mark_deadline_alert(&review.id, alert, now, &deliveries)
                .await?
            {
                flagged += 1;
                state.metrics.webhook_queued(event, deliveries.len());
            }
        }
    }
    Ok(flagged)
}

/// How often finished deliveries past their retention are deleted.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// Deletes finished deliveries older than the configured retention (none
/// when it is 0); returns how many went.
pub async fn prune(state: &AppState, now: i64) -> u64 {
    let days = state.config.webhook_retention_days;
    if days <= 0 {
        return 0;
    }
    match state.store.prune_deliveries(now - days * 86_400_000).await {
        Ok(n) => {
            if n > 0 {
                tracing::info!(deleted = n, days, "pruned finished webhook deliveries");
            }
            n
        }
        Err(err) => {
            tracing::warn!(error = %err, "pruning webhook deliveries failed");
            0
        }
    }
}

/// Starts the webhook worker, the deadline scanner and the hourly pruning of
/// finished deliveries; they stop when the server shuts down.
pub fn spawn_worker(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let client = match client(&state.config) {
            Ok(client) => client,
            Err(err) => {
                tracing::error!(error = %err, "cannot build the webhook HTTP client; webhooks are off");
                return;
            }
        };
        let poll = Duration::from_millis(state.config.webhook_poll_ms.max(10));
        let scan_every = Duration::from_millis(state.config.deadline_scan_ms.max(10));
        let mut last_scan: Option<tokio::time::Instant> = None;
        let mut last_prune: Option<tokio::time::Instant> = None;
        let mut shutdown = state.shutdown.clone();
        loop {
            if *shutdown.borrow() {
                break;
            }
            if last_scan.is_none_or(|at| at.elapsed() >= scan_every) {
                last_scan = Some(tokio::time::Instant::now());
                if let Err(err) = scan_deadlines(&state, now_ms()).await {
                    tracing::warn!(error = %err, "deadline scan failed");
                }
            }
            if last_prune.is_none_or(|at| at.elapsed() >= PRUNE_EVERY) {
                last_prune = Some(tokio::time::Instant::now());
                prune(&state, now_ms()).await;
            }
            // Keep sending while full batches come back.
            loop {
                match deliver_due(&state, &client).await {
                    Ok(n) if n as i64 >= CLAIM_BATCH => continue,
                    Ok(_) => break,
                    Err(err) => {
                        tracing::warn!(error = %err, "claiming webhook deliveries failed");
                        break;
                    }
                }
            }
            tokio::select! {
                () = tokio::time::sleep(poll) => {}
                _ = shutdown.changed() => break,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_and_expire() {
        let header = sign("s3cret", 1_700_000_000, "{\"a\":1}");
        assert!(header.starts_with("t=1700000000,v1="));
        assert!(verify("s3cret", &header, "{\"a\":1}", 1_700_000_100, 300));
        assert!(!verify("s3cret", &header, "{\"a\":2}", 1_700_000_100, 300));
        assert!(!verify("other", &header, "{\"a\":1}", 1_700_000_100, 300));
        assert!(!verify("s3cret", &header, "{\"a\":1}", 1_700_001_000, 300));
        assert!(!verify("s3cret", "v1=abc", "{}", 0, 300));
    }

    #[test]
    fn retry_schedule_has_jitter_and_an_end() {
        let delays = [10.0, 60.0];
        let first = retry_delay(1, &delays).unwrap().as_secs_f64();
        assert!((8.0..=12.0).contains(&first), "{first}");
        let second = retry_delay(2, &delays).unwrap().as_secs_f64();
        assert!((48.0..=72.0).contains(&second), "{second}");
        assert_eq!(retry_delay(3, &delays), None);
        assert_eq!(retry_delay(0, &delays), None);
    }

    #[test]
    fn urls_are_checked() {
        assert!(validate_url(" https://shop.example/hooks ").is_ok());
        assert!(validate_url("http://127.0.0.1:9000/h").is_ok());
        assert!(validate_url("ftp://shop.example").is_err());
        assert!(validate_url("not a url").is_err());
        assert!(validate_url("https://user:pw@shop.example/").is_err());
    }
}
