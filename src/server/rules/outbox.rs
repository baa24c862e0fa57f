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
use std::net::IpAddr;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::server::rules::accounts::{constant_time_eq, random_id};
use crate::server::rules::error::RuleError;
use crate::server::rules::hours::rfc3339;
use crate::server::rules::mail;
use crate::server::rules::triage;
use crate::server::rules::views::panel_item;
use crate::server::storage::{
    DeadlineAlert, NewDelivery, PanelRow, ReplyRecord, ReviewRecord, SiteRecord,
};
use crate::server::AppState;

/// Event type: a review or complaint was submitted (also when held).
pub const REVIEW_CREATED: &str = "review.created";
/// Event type: resolved by the merchant or confirmed by the author.
pub const REVIEW_RESOLVED: &str = "review.resolved";
/// Event type: an unanswered complaint's deadline is close.
pub const DEADLINE_NEAR: &str = "deadline.near";
/// Event type: an unanswered complaint's deadline passed.
pub const DEADLINE_BREACHED: &str = "deadline.breached";
/// Event type: a merchant's public reply (an answer, a details request, the
/// order-not-found note or the moved-private note): `{review, reply}`.
pub const REPLY_CREATED: &str = "reply.created";
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

/// Checks a webhook URL: absolute `http(s)://` with a host, at most 2,000
/// characters. Returns it trimmed.
pub fn validate_url(url: &str, allow_private: bool) -> Result<String, String> {
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
    if !allow_private && private_target(&parsed) {
        return Err("must not point at a loopback, private or link-local address".to_owned());
    }
    Ok(url.to_owned())
}

/// Whether a URL's host is a literal address (or a `localhost` name) that
/// webhooks may not reach unless the operator allows private targets.
pub fn private_target(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return true;
    };
    let literal = host.trim_start_matches('[').trim_end_matches(']');
    match literal.parse::<IpAddr>() {
        Ok(ip) => forbidden_ip(ip),
        Err(_) => {
            let name = host.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
    }
}

/// Addresses a webhook may not be sent to (server-side request forgery):
/// loopback, private, shared (CGNAT), link-local (cloud metadata),
/// unique-local, unspecified, multicast and broadcast, also when written as
/// an IPv4-mapped IPv6 address.
pub fn forbidden_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_multicast()
                || v4.is_broadcast()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return forbidden_ip(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
        }
    }
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

/// The delivery for `event` about `data` (and about review `review_id`,
/// whose words are scrubbed from it if the review is taken down), when the
/// site has a webhook URL.
pub fn delivery(
    site: &SiteRecord,
    event: &str,
    review_id: Option<&str>,
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
        review_id: review_id.map(str::to_owned),
        created_at: now,
    })
}

/// The `data` of review events: the merchant's queue item of the review
/// (`review` plus private fields such as `email`, `order_ref`,
/// `answer_due_at`, `overdue`; the receiver is the merchant's own server),
/// and `resolution` once resolved. `panel` is the review's stored triage
/// (topic, priority, stop-engaging, history), the same the panel shows.
pub fn review_data(
    review: &ReviewRecord,
    replies: &[ReplyRecord],
    panel: &PanelRow,
    now: i64,
) -> Result<serde_json::Value, RuleError> {
    let item = panel_item(review, replies, panel, now);
    let mut data = serde_json::to_value(item).map_err(|e| RuleError::Internal(e.to_string()))?;
    if let Some(resolution) = review.state.resolution {
        data["resolution"] = serde_json::Value::from(resolution.as_str());
    }
    Ok(data)
}

/// Sends `deadline.near` and `deadline.breached` once per complaint: finds
/// unanswered complaints whose deadline is within
/// [`ServerConfig::deadline_near_minutes`] or past, flags each alert and
/// queues its delivery in one transaction. Returns how many alerts were
/// flagged.
pub async fn scan_deadlines(state: &AppState, now: i64) -> Result<usize, RuleError> {
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
            let panel = triage::panel_row(state.store.as_ref(), &review).await?;
            let mut data = review_data(&review, &[], &panel, now)?;
            if let Some(due) = review.answer_due_at {
                data["minutes_left"] = serde_json::Value::from((due - now) / 60_000);
            }
            let deliveries: Vec<NewDelivery> = delivery(site, event, Some(&review.id), data, now)
                .into_iter()
                .collect();
            if state.config.mail_enabled() {
                // Queued before the flag: keyed once per complaint and
                // member, so a scan repeated after a crash adds nothing.
                let kind = match alert {
                    DeadlineAlert::Near => mail::MailKind::DeadlineNear,
                    DeadlineAlert::Breached => mail::MailKind::DeadlineBreached,
                };
                let team = state.store.site_team(&site.id).await?;
                let mails = mail::for_team(state, site, &review, kind, &team, now);
                state.store.queue_mails(&mails).await?;
            }
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
    fn urls_are_checked() {
        assert!(validate_url(" https://shop.example/hooks ", false).is_ok());
        assert!(validate_url("http://127.0.0.1:9000/h", true).is_ok());
        assert!(validate_url("ftp://shop.example", false).is_err());
        assert!(validate_url("not a url", false).is_err());
        assert!(validate_url("https://user:pw@shop.example/", false).is_err());
    }

    #[test]
    fn private_targets_are_refused_unless_allowed() {
        for url in [
            "http://127.0.0.1:9000/h",
            "http://[::1]:8080/",
            "http://10.1.2.3/",
            "http://172.16.0.1/",
            "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data",
            "http://100.64.0.1/",
            "http://0.0.0.0/",
            "http://[fd00::1]/",
            "http://[fe80::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://localhost:3000/",
            "http://api.localhost/",
        ] {
            assert!(validate_url(url, false).is_err(), "{url}");
            assert!(validate_url(url, true).is_ok(), "{url}");
        }
        assert!(validate_url("https://93.184.216.34/hook", false).is_ok());
        assert!(validate_url("https://[2606:4700::1111]/hook", false).is_ok());
    }
}
