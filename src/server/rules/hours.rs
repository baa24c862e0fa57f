//! A site's working hours as the server needs them: answer deadlines,
//! whether support is open now, the next opening and minutes counted in open
//! hours. A thin wrapper over the core's [`Schedule`] so the site's stored
//! JSON is parsed in one place.

use crate::server::rules::error::RuleError;
use crate::server::storage::SiteRecord;
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use crate::core::clock::{self, Schedule, ScheduleSpec};

/// The working-hours schedule of one site, parsed from its stored JSON.
#[derive(Debug, Clone)]
pub struct SiteClock {
    schedule: Schedule,
}

/// The schedule of a new site when none is given: open around the clock, UTC.
pub const ALWAYS_OPEN: &str = r#"{"timezone":"UTC","always_open":true}"#;

impl SiteClock {
    /// Parses and validates a schedule JSON (the clock's `ScheduleSpec`).
    pub fn parse(json: &str) -> Result<Self, String> {
        let spec: ScheduleSpec = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let schedule = Schedule::try_from(spec).map_err(|e| e.to_string())?;
        Ok(SiteClock { schedule })
    }

    /// The schedule normalised back to JSON (for storing).
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.schedule.to_spec()).unwrap_or_else(|_| ALWAYS_OPEN.to_owned())
    }

    /// The site's time zone (for calendar days in statistics).
    pub fn tz(&self) -> chrono_tz::Tz {
        self.schedule.timezone()
    }

    /// The IANA time zone name.
    pub fn timezone(&self) -> String {
        self.schedule.timezone().name().to_owned()
    }

    /// The schedule as published in the status endpoint.
    pub fn hours(&self) -> Value {
        serde_json::to_value(self.schedule.to_spec()).unwrap_or(Value::Null)
    }

    /// When a complaint filed at `filed_at` must be answered: the promise
    /// counted in open minutes (filed at 18:55 with closing at 19:00, a
    /// 10-minute promise is due 5 minutes after the next opening).
    pub fn answer_deadline(&self, filed_at: DateTime<Utc>, promise_minutes: i64) -> DateTime<Utc> {
        let promise = u32::try_from(promise_minutes.max(0)).unwrap_or(u32::MAX);
        self.schedule.answer_deadline(filed_at, promise)
    }

    /// Whether support works at `at`.
    pub fn is_open(&self, at: DateTime<Utc>) -> bool {
        self.schedule.is_open(at)
    }

    /// The next opening at or after `at` (`None` when there is none).
    pub fn next_open_at(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.schedule.next_open_at(at)
    }

    /// Whole minutes of open hours between two instants.
    pub fn open_minutes_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        self.schedule.open_minutes_between(from, to)
    }
}

/// The `p`-th percentile of `values`, or `None` with fewer than
/// `min_samples` values (the clock's definition).
pub fn percentile(values: &[i64], p: u8, min_samples: usize) -> Option<i64> {
    clock::percentile(values, p, min_samples)
}

/// Unix milliseconds to a UTC time (clamped to the epoch on nonsense).
pub fn from_ms(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// Parsed schedules by site id, with the JSON each was parsed from.
type ClockCache = HashMap<String, (String, Arc<SiteClock>)>;

/// A site's schedule, parsed once per change of its stored JSON (every
/// complaint and every status needs it); a corrupt one is a server-side
/// problem.
pub fn site_clock(site: &SiteRecord) -> Result<Arc<SiteClock>, RuleError> {
    static CLOCKS: LazyLock<Mutex<ClockCache>> = LazyLock::new(Mutex::default);
    let cached = |clocks: &ClockCache| {
        clocks
            .get(&site.id)
            .filter(|(json, _)| *json == site.schedule)
            .map(|(_, clock)| clock.clone())
    };
    if let Some(clock) = cached(&CLOCKS.lock().unwrap_or_else(|p| p.into_inner())) {
        return Ok(clock);
    }
    let clock = Arc::new(
        SiteClock::parse(&site.schedule)
            .map_err(|e| RuleError::Internal(format!("schedule of site {}: {e}", site.id)))?,
    );
    CLOCKS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(site.id.clone(), (site.schedule.clone(), clock.clone()));
    Ok(clock)
}

/// RFC 3339 (UTC, seconds) of Unix milliseconds.
pub fn rfc3339(ms: i64) -> String {
    from_ms(ms).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadline_counts_open_minutes() {
        let clock = SiteClock::parse(
            r#"{"timezone":"UTC","weekly":{"mon":[["09:00","19:00"]],"tue":[["09:00","19:00"]]}}"#,
        )
        .unwrap();
        // Monday 2026-11-23 18:55 UTC.
        let filed = DateTime::parse_from_rfc3339("2026-11-23T18:55:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let due = clock.answer_deadline(filed, 10);
        assert_eq!(due.to_rfc3339(), "2026-11-24T09:05:00+00:00");
        assert!(!clock.is_open(due + chrono::Duration::hours(12)));
    }

    #[test]
    fn rejects_unknown_time_zones() {
        assert!(SiteClock::parse(r#"{"timezone":"Mars/Base"}"#).is_err());
        assert!(SiteClock::parse(ALWAYS_OPEN).is_ok());
    }

    #[test]
    fn percentile_needs_enough_samples() {
        assert_eq!(percentile(&[1, 2, 3, 4], 80, 5), None);
        assert!(percentile(&[5, 1, 4, 2, 3], 80, 5).is_some());
    }
}
