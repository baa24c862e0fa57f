//! The live support status of a site, computed from real data: working hours
//! (the site's schedule), merchant presence (heartbeats) and real first-answer
//! times — never a static claim. A background task announces changes to SSE
//! clients as `status` events.

use std::time::Duration;

use crate::server::events::{LiveEvent, STATUS};
use crate::server::rules::error::RuleError;
use crate::server::rules::hours::rfc3339;
use crate::server::rules::hours::site_clock;
use crate::server::rules::hours::{from_ms, percentile};
use crate::server::storage::{SiteRecord, Storage};
use crate::server::wire::StatusOut;
use crate::server::AppState;

/// A merchant counts as online this long after their last heartbeat.
pub const PRESENCE_MS: i64 = 5 * 60 * 1000;
/// The window of first answers behind `typical_answer_minutes`.
pub const TYPICAL_WINDOW_MS: i64 = 7 * 24 * 60 * 60 * 1000;
/// Fewer first answers than this give `typical_answer_minutes: null`.
pub const TYPICAL_MIN_SAMPLES: usize = 5;
/// The percentile reported as typical.
pub const TYPICAL_PERCENTILE: u8 = 80;

/// The 80th percentile of first answers over the last 7 days.
pub async fn typical_answer_minutes(
    store: &dyn Storage,
    site: &str,
    now: i64,
) -> Result<Option<i64>, RuleError> {
    let samples = store
        .first_answer_minutes(site, now - TYPICAL_WINDOW_MS)
        .await?;
    Ok(percentile(
        &samples,
        TYPICAL_PERCENTILE,
        TYPICAL_MIN_SAMPLES,
    ))
}

/// The status of a site at `now`.
pub async fn compute(
    store: &dyn Storage,
    site: &SiteRecord,
    now: i64,
) -> Result<StatusOut, RuleError> {
    let clock = site_clock(site)?;
    let at = from_ms(now);
    let open_now = clock.is_open(at);
    let present = store
        .last_heartbeat(&site.id)
        .await?
        .is_some_and(|seen| now - seen <= PRESENCE_MS);
    Ok(StatusOut {
        online: present && open_now,
        open_now,
        promise_minutes: site.promise_minutes,
        typical_answer_minutes: typical_answer_minutes(store, &site.id, now).await?,
        next_open_at: if open_now {
            None
        } else {
            clock
                .next_open_at(at)
                .map(|t| rfc3339(t.timestamp_millis()))
        },
        timezone: clock.timezone(),
        hours: clock.hours(),
        incident: store
            .open_incidents(&site.id)
            .await?
            .first()
            .map(crate::server::rules::views::incident_out),
    })
}

/// Recomputes a site's status and announces it when it changed.
pub async fn refresh(state: &AppState, site: &SiteRecord) -> Result<(), RuleError> {
    let status = compute(state.store.as_ref(), site, crate::server::now_ms()).await?;
    let changed = {
        let mut last = state.last_status.lock().unwrap_or_else(|p| p.into_inner());
        if last.get(&site.id) == Some(&status) {
            false
        } else {
            last.insert(site.id.clone(), status.clone());
            true
        }
    };
    if changed {
        let data =
            serde_json::to_string(&status).map_err(|e| RuleError::Internal(e.to_string()))?;
        state.hub.publish(LiveEvent {
            id: None,
            site: site.id.clone(),
            name: STATUS.to_owned(),
            data,
        });
    }
    Ok(())
}

/// Every `period`, recomputes the status of every site (opening hours pass,
/// heartbeats expire, other instances' merchants come online) and announces
/// changes; also prunes live events older than 7 days.
pub fn spawn_ticker(state: AppState, period: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(period);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut ticks: u64 = 0;
        loop {
            interval.tick().await;
            ticks += 1;
            if state.hub.subscribers() > 0 {
                match state.store.sites().await {
                    Ok(sites) => {
                        for site in &sites {
                            if let Err(err) = refresh(&state, site).await {
                                tracing::warn!(site = %site.id, error = %err, "status refresh failed");
                            }
                        }
                    }
                    Err(err) => tracing::warn!(error = %err, "cannot list sites"),
                }
            }
            if ticks % 240 == 1 {
                let cutoff = crate::server::now_ms() - TYPICAL_WINDOW_MS;
                if let Err(err) = state.store.prune_events(cutoff).await {
                    tracing::warn!(error = %err, "pruning events failed");
                }
            }
        }
    })
}
