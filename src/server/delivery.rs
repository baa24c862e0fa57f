//! The outbox worker: claims due webhook deliveries, signs and sends them
//! with retries, runs the deadline scan and prunes finished deliveries.
//! What a delivery says is composed in [`crate::server::rules::outbox`].

use std::collections::HashMap;
use std::time::Duration;

use futures::StreamExt as _;
use rand::Rng as _;

use crate::server::config::ServerConfig;
use crate::server::rules::outbox::*;
use crate::server::storage::{DeliveryOutcome, DeliveryRecord, SiteRecord, StoreError};

use crate::server::{now_ms, AppState};

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
/// redirects (a receiver that moved must be updated by the merchant), and
/// — unless the operator allows private targets — a resolver that never
/// connects to a loopback, private or link-local address, so a name that
/// resolved publicly when the URL was set cannot be rebound to one later.
pub fn client(config: &ServerConfig) -> reqwest::Result<reqwest::Client> {
    let mut builder = reqwest::Client::builder()
        .timeout(Duration::from_secs(config.webhook_timeout_secs.max(1)))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Candor-Webhooks/", env!("CARGO_PKG_VERSION")));
    if !config.webhook_allow_private {
        builder = builder.dns_resolver(std::sync::Arc::new(PublicOnly));
    }
    builder.build()
}

/// A resolver that keeps only the addresses webhooks may reach.
struct PublicOnly;

/// Every address a name resolved to is one webhooks may not reach.
#[derive(Debug)]
struct BlockedAddress;

impl std::fmt::Display for BlockedAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the host resolves only to private addresses")
    }
}

impl std::error::Error for BlockedAddress {}

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        Box::pin(async move {
            let found = tokio::net::lookup_host((name.as_str(), 0)).await?;
            let public: Vec<std::net::SocketAddr> =
                found.filter(|a| !forbidden_ip(a.ip())).collect();
            if public.is_empty() {
                return Err(Box::new(BlockedAddress) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(public.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The failure class a delivery reports (never the raw error text, which
/// would make the deliveries list a port scanner's read-out).
fn failure_class(err: &reqwest::Error) -> &'static str {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(current) = source {
        if current.is::<BlockedAddress>() {
            return "blocked_address";
        }
        source = current.source();
    }
    if err.is_timeout() {
        "timeout"
    } else if err.is_connect() {
        "connection_failed"
    } else {
        "request_failed"
    }
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
    if !config.webhook_allow_private
        && reqwest::Url::parse(url).map_or(true, |parsed| private_target(&parsed))
    {
        return DeliveryOutcome::Failed {
            url: Some(url.clone()),
            status_code: None,
            error: "blocked_address".to_owned(),
        };
    }
    let Some(secret) = site.webhook_secret.as_deref() else {
        return DeliveryOutcome::Cancelled {
            reason: "the site has no webhook secret".to_owned(),
        };
    };
    let timestamp = now_ms() / 1000;
    let signature = sign(secret, timestamp, &delivery.payload);
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
            "http_status".to_owned(),
        ),
        Err(err) => {
            let class = failure_class(&err);
            tracing::debug!(error = %err.without_url(), class, "webhook request failed");
            (None, class.to_owned())
        }
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
    fn retry_schedule_has_jitter_and_an_end() {
        let delays = [10.0, 60.0];
        let first = retry_delay(1, &delays).unwrap().as_secs_f64();
        assert!((8.0..=12.0).contains(&first), "{first}");
        let second = retry_delay(2, &delays).unwrap().as_secs_f64();
        assert!((48.0..=72.0).contains(&second), "{second}");
        assert_eq!(retry_delay(3, &delays), None);
        assert_eq!(retry_delay(0, &delays), None);
    }
}
