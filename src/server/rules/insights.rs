//! The merchant's insights: statistics over days in the site's time zone,
//! crisis alerts (the core's [`crisis`](crate::core::crisis) rule applied to
//! each topic's complaints) and public incident notices that answer many
//! complaints at once.
//!
//! Topics are computed from the text with the core's classifier where they
//! are needed (cheap), so this module does not depend on a stored topic.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Duration, NaiveDate, TimeZone};
use chrono_tz::Tz;

use crate::core::crisis;
use crate::core::lang::Lang;
use crate::core::model::{ReplyKind, Resolution, ReviewKind, Status};
use crate::core::topic::{classify, Topic};
use crate::server::events::{REPLY_CREATED, REVIEW_UPDATED};
use crate::server::rules::accounts::Merchant;
use crate::server::rules::error::{ErrorCode, RuleError};
use crate::server::rules::hours::rfc3339;
use crate::server::rules::hours::site_clock;
use crate::server::rules::hours::{from_ms, percentile};
use crate::server::rules::moderation::REPLY_MAX;
use crate::server::rules::validate;
use crate::server::rules::views::reply_out;
use crate::server::rules::views::review_event;
use crate::server::storage::insights::{CrisisSettingsRecord, IncidentRecord, InsightRow};
use crate::server::storage::{
    LogRecord, NewReply, ReplyRecord, SiteRecord, Storage, StoreError, WriteBatch,
};
use crate::server::wire::insights::{
    AgeBand, AnswerBucket, AnswerDay, CrisisAlertOut, CrisisOut, FirstAnswerOut, IncidentClosed,
    IncidentCreated, ResolutionOut, StarsDay, StatsOut, TopicDay,
};
use crate::server::wire::ReviewItem;
use crate::server::{now_ms, AppState};

/// Moderation-log action of a posted incident notice.
pub const LOG_INCIDENT_OPEN: &str = "incident_open";
/// Moderation-log action of a closed incident notice.
pub const LOG_INCIDENT_CLOSE: &str = "incident_close";
/// Most reviews one notice may link.
pub const MAX_LINKED: usize = 500;
/// Upper bounds (minutes) of the first-answer buckets; a last bucket holds
/// the longer ones.
pub const ANSWER_BUCKETS: [i64; 6] = [5, 10, 30, 60, 240, 1440];
/// Default and maximum `days` of the statistics.
pub const DEFAULT_DAYS: i64 = 30;
/// Largest `days` accepted.
pub const MAX_DAYS: i64 = 365;

const MINUTE_MS: i64 = 60_000;

/// The primary topic code of a text.
pub fn topic_of(text: &str, lang: Option<&str>) -> &'static str {
    classify(text, lang.and_then(Lang::parse)).primary().code()
}

/// Remembers the primary topic of reviews already classified: a review's
/// text never changes, and classifying thousands of texts on every
/// statistics or crisis request would dominate its cost. Keyed by a hash of
/// id and text; cleared when full.
#[derive(Debug, Default)]
pub struct TopicCache {
    topics: std::sync::Mutex<HashMap<u64, &'static str>>,
}

impl TopicCache {
    /// Entries kept before the cache starts over (about 10 MB).
    pub const CAPACITY: usize = 200_000;

    /// The primary topic code of a review.
    pub fn topic(&self, id: &str, text: &str, lang: Option<&str>) -> &'static str {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (id, text, lang).hash(&mut hasher);
        let key = hasher.finish();
        if let Some(topic) = self.lock().get(&key) {
            return topic;
        }
        let topic = topic_of(text, lang);
        let mut topics = self.lock();
        if topics.len() >= Self::CAPACITY {
            topics.clear();
        }
        topics.insert(key, topic);
        topic
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, &'static str>> {
        self.topics.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The stored topic when there is one (so the merchant's triage counts),
    /// else the classifier's.
    fn of(&self, row: &InsightRow) -> &'static str {
        if let Some(topic) = row.topic.as_deref().and_then(Topic::from_code) {
            return topic.code();
        }
        self.topic(&row.id, &row.text, row.lang.as_deref())
    }
}

/// Whether a row counts in statistics: withdrawn reviews and held campaign
/// texts do not.
fn counts(row: &InsightRow) -> bool {
    row.status != Status::Withdrawn.as_str() && row.status != Status::Held.as_str()
}

fn is_complaint(row: &InsightRow) -> bool {
    row.kind == ReviewKind::Complaint.as_str()
}

/// A site's crisis rule: stored settings or the core defaults.
pub async fn crisis_settings(
    store: &dyn Storage,
    site: &str,
) -> Result<crisis::Settings, RuleError> {
    Ok(match store.crisis_settings(site).await? {
        Some(s) => crisis::Settings::new(s.sigma, s.floor).unwrap_or_default(),
        None => crisis::Settings::default(),
    })
}

/// Why crisis settings could not be changed.
#[derive(Debug, thiserror::Error)]
pub enum SettingsUpdateError {
    /// The values are out of range.
    #[error(transparent)]
    Invalid(#[from] crisis::SettingsError),
    /// Storing them failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<SettingsUpdateError> for RuleError {
    fn from(err: SettingsUpdateError) -> RuleError {
        match err {
            SettingsUpdateError::Invalid(e) => match e {
                crisis::SettingsError::Sigma(_) => RuleError::out_of_range(
                    ErrorCode::InvalidCrisisSigma,
                    "crisis_sigma",
                    crisis::SIGMA_RANGE.start(),
                    crisis::SIGMA_RANGE.end(),
                ),
                crisis::SettingsError::Floor(_) => RuleError::out_of_range(
                    ErrorCode::InvalidCrisisFloor,
                    "crisis_floor",
                    crisis::FLOOR_RANGE.start(),
                    crisis::FLOOR_RANGE.end(),
                ),
            },
            SettingsUpdateError::Store(e) => e.into(),
        }
    }
}

/// Validates and stores a site's crisis settings; either may be left as is.
pub async fn set_crisis_settings(
    store: &dyn Storage,
    site: &str,
    sigma: Option<f64>,
    floor: Option<i64>,
) -> Result<crisis::Settings, SettingsUpdateError> {
    let current = match store.crisis_settings(site).await? {
        Some(s) => crisis::Settings::new(s.sigma, s.floor).unwrap_or_default(),
        None => crisis::Settings::default(),
    };
    let settings = crisis::Settings::new(
        sigma.unwrap_or(current.sigma),
        floor.unwrap_or(i64::from(current.floor)),
    )?;
    let record = CrisisSettingsRecord {
        sigma: settings.sigma,
        floor: i64::from(settings.floor),
    };
    store.set_crisis_settings(site, record).await?;
    Ok(settings)
}

/// Crisis alerts of a site at `now`.
pub async fn crisis(
    store: &dyn Storage,
    topics: &TopicCache,
    site: &str,
    now: i64,
) -> Result<CrisisOut, RuleError> {
    let settings = crisis_settings(store, site).await?;
    let since =
        crisis::bucket_start(now) - (crisis::HISTORY_BUCKETS as i64 - 1) * crisis::BUCKET_MS;
    let rows = store.insight_rows(site, since).await?;
    let mut by_topic: BTreeMap<&'static str, Vec<&InsightRow>> = BTreeMap::new();
    for row in rows
        .iter()
        .filter(|r| r.created_at >= since && r.created_at <= now && is_complaint(r) && counts(r))
    {
        by_topic.entry(topics.of(row)).or_default().push(row);
    }
    let window = crisis::window_start(now);
    let mut alerts = Vec::new();
    for (topic, rows) in by_topic {
        let times: Vec<i64> = rows.iter().map(|r| r.created_at).collect();
        let verdict = crisis::evaluate_times(&times, now, &settings);
        if verdict.alert {
            alerts.push(CrisisAlertOut {
                topic: topic.to_owned(),
                count: verdict.count,
                baseline: round3(verdict.baseline),
                sd: round3(verdict.sd),
                threshold: round3(verdict.threshold),
                since: rfc3339(window),
                review_ids: rows
                    .iter()
                    .filter(|r| r.created_at >= window)
                    .map(|r| r.id.clone())
                    .collect(),
            });
        }
    }
    alerts.sort_by(|a, b| b.count.cmp(&a.count).then(a.topic.cmp(&b.topic)));
    Ok(CrisisOut {
        bucket_minutes: crisis::BUCKET_MINUTES,
        sigma: settings.sigma,
        floor: settings.floor,
        alerts,
    })
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The calendar day of `ms` in `tz`.
fn local_day(tz: Tz, ms: i64) -> NaiveDate {
    from_ms(ms).with_timezone(&tz).date_naive()
}

/// Unix ms of the start of `day` in `tz` (the earliest instant of it, so a
/// day starting in a DST gap still has a start).
fn day_start(tz: Tz, day: NaiveDate) -> i64 {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    match tz.from_local_datetime(&midnight).earliest() {
        Some(t) => t.timestamp_millis(),
        // Midnight skipped by a DST change: the first valid hour.
        None => (1..=3)
            .filter_map(|h| {
                tz.from_local_datetime(&(midnight + Duration::hours(h)))
                    .earliest()
            })
            .map(|t| t.timestamp_millis())
            .next()
            .unwrap_or_else(|| midnight.and_utc().timestamp_millis()),
    }
}

/// Statistics over `days` days (today included) in `tz`, from the rows of
/// [`Storage::insight_rows`] since the first day's start.
pub fn compute_stats(
    topics: &TopicCache,
    rows: &[InsightRow],
    reopened: i64,
    promise_minutes: i64,
    tz: Tz,
    now: i64,
    days: i64,
) -> StatsOut {
    let today = local_day(tz, now);
    let first = today - Duration::days(days - 1);
    let since = day_start(tz, first);
    let day_list: Vec<NaiveDate> = (0..days).map(|i| first + Duration::days(i)).collect();
    let index: HashMap<NaiveDate, usize> =
        day_list.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let day_of = |ms: i64| index.get(&local_day(tz, ms)).copied();
    let rows: Vec<&InsightRow> = rows.iter().filter(|r| counts(r)).collect();

    // First answers given in the period, by the day they were given.
    let mut samples = Vec::new();
    let mut per_day: Vec<Vec<i64>> = vec![Vec::new(); day_list.len()];
    for row in rows.iter().filter(|r| is_complaint(r)) {
        if let (Some(at), Some(minutes)) = (row.first_answer_at, row.first_answer_open_minutes) {
            if at >= since && at <= now {
                samples.push(minutes);
                if let Some(i) = day_of(at) {
                    per_day[i].push(minutes);
                }
            }
        }
    }
    let mut buckets: Vec<AnswerBucket> = ANSWER_BUCKETS
        .iter()
        .map(|&le| AnswerBucket {
            le_minutes: Some(le),
            count: 0,
        })
        .chain(std::iter::once(AnswerBucket {
            le_minutes: None,
            count: 0,
        }))
        .collect();
    for &m in &samples {
        let i = ANSWER_BUCKETS
            .iter()
            .position(|&le| m <= le)
            .unwrap_or(ANSWER_BUCKETS.len());
        buckets[i].count += 1;
    }
    let within = samples.iter().filter(|&&m| m <= promise_minutes).count();
    let first_answer = FirstAnswerOut {
        buckets,
        within_promise_share: (!samples.is_empty())
            .then(|| round3(within as f64 / samples.len() as f64)),
        samples: samples.len(),
    };
    let answer_trend = day_list
        .iter()
        .zip(&per_day)
        .map(|(day, minutes)| AnswerDay {
            day: day.to_string(),
            median_minutes: percentile(minutes, 50, 1),
            p80_minutes: percentile(minutes, 80, 1),
            answered: minutes.len(),
        })
        .collect();

    // Unanswered, unresolved published complaints by age now.
    let mut ages = [0usize; 4];
    for row in rows.iter().filter(|r| {
        is_complaint(r)
            && r.status == Status::Published.as_str()
            && r.first_answer_at.is_none()
            && r.resolution.is_none()
            && r.created_at <= now
    }) {
        let age = now - row.created_at;
        let band = if age < 10 * MINUTE_MS {
            0
        } else if age < 60 * MINUTE_MS {
            1
        } else if age < 24 * 60 * MINUTE_MS {
            2
        } else {
            3
        };
        ages[band] += 1;
    }
    let open_by_age = ["lt_10m", "lt_1h", "lt_1d", "ge_1d"]
        .iter()
        .zip(ages)
        .map(|(label, count)| AgeBand {
            label: (*label).to_owned(),
            count,
        })
        .collect();

    // Submitted in the period: topics, resolution, stars.
    let in_period: Vec<&&InsightRow> = rows
        .iter()
        .filter(|r| r.created_at >= since && r.created_at <= now)
        .collect();
    let mut topic_counts: Vec<BTreeMap<String, usize>> = vec![BTreeMap::new(); day_list.len()];
    let mut seen_topics = BTreeSet::new();
    let mut stars = vec![[0usize; 5]; day_list.len()];
    let mut resolution = ResolutionOut {
        complaints: 0,
        resolved: 0,
        confirmed: 0,
        reopened,
        rate: None,
    };
    for row in &in_period {
        let Some(i) = day_of(row.created_at) else {
            continue;
        };
        if let Ok(star) = usize::try_from(row.rating - 1) {
            if star < 5 {
                stars[i][star] += 1;
            }
        }
        if is_complaint(row) {
            let topic = topics.of(row);
            seen_topics.insert(topic);
            *topic_counts[i].entry(topic.to_owned()).or_default() += 1;
            resolution.complaints += 1;
            if row.resolution.is_some() {
                resolution.resolved += 1;
            }
            if row.resolution.as_deref() == Some(Resolution::ResolvedConfirmed.as_str()) {
                resolution.confirmed += 1;
            }
        }
    }
    resolution.rate = (resolution.complaints > 0)
        .then(|| round3(resolution.resolved as f64 / resolution.complaints as f64));
    let topics_per_day = day_list
        .iter()
        .zip(topic_counts)
        .map(|(day, mut counts)| {
            for topic in &seen_topics {
                counts.entry((*topic).to_owned()).or_default();
            }
            TopicDay {
                day: day.to_string(),
                counts,
            }
        })
        .collect();
    let stars_per_day = day_list
        .iter()
        .zip(stars)
        .map(|(day, counts)| StarsDay {
            day: day.to_string(),
            counts,
        })
        .collect();
    StatsOut {
        promise_minutes,
        days,
        first_answer,
        answer_trend,
        open_by_age,
        topics_per_day,
        resolution,
        stars_per_day,
    }
}

/// Statistics of a site over the last `days` days.
pub async fn stats(
    store: &dyn Storage,
    topics: &TopicCache,
    site: &SiteRecord,
    days: i64,
    now: i64,
) -> Result<StatsOut, RuleError> {
    let tz = site_clock(site)?.tz();
    let first = local_day(tz, now) - Duration::days(days - 1);
    let since = day_start(tz, first);
    let rows = store.insight_rows(&site.id, since).await?;
    let reopened = store
        .log_action_count(
            &site.id,
            crate::core::model::ModerationAction::Reopen.as_str(),
            since,
        )
        .await?;
    Ok(compute_stats(
        topics,
        &rows,
        reopened,
        site.promise_minutes,
        tz,
        now,
        days,
    ))
}

/// Fills `incident_id` of review items from the stored links.
pub async fn attach_incidents<'a>(
    store: &dyn Storage,
    items: impl IntoIterator<Item = &'a mut ReviewItem>,
) -> Result<(), StoreError> {
    let mut items: Vec<&mut ReviewItem> = items.into_iter().collect();
    if items.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
    let links: HashMap<String, i64> = store.incident_links(&ids).await?.into_iter().collect();
    for item in &mut items {
        item.incident_id = links.get(&item.id).copied();
    }
    Ok(())
}

/// Posts a public incident notice: links the listed reviews of the site to
/// it and answers each linked complaint that has no public answer yet with
/// the notice text (their first answer). Logged; a `status` event follows.
pub async fn open_incident(
    state: &AppState,
    site: &SiteRecord,
    merchant: &Merchant,
    topic: &str,
    text: &str,
    review_ids: &[String],
) -> Result<IncidentCreated, RuleError> {
    let topic = Topic::from_code(topic.trim())
        .ok_or_else(|| RuleError::invalid(ErrorCode::InvalidTopic, "topic"))?
        .code();
    let text = validate::clean_text(text);
    let text = text.trim().to_owned();
    validate::check_length("text", &text, 1, REPLY_MAX)?;
    if review_ids.len() > MAX_LINKED {
        return Err(RuleError::too_long(
            ErrorCode::TooManyReviews,
            "review_ids",
            MAX_LINKED,
        ));
    }
    let mut unique: Vec<String> = Vec::new();
    for id in review_ids {
        if !unique.contains(id) {
            unique.push(id.clone());
        }
    }
    let store = state.store.as_ref();
    let now = now_ms();
    let clock = site_clock(site)?;
    let mut reviews = Vec::with_capacity(unique.len());
    for id in &unique {
        match store.review(id).await? {
            Some(review) if review.site == site.id => reviews.push(review),
            _ => {
                return Err(RuleError::invalid(
                    ErrorCode::InvalidReviewIds,
                    "review_ids",
                ))
            }
        }
    }
    let all_replies = store.replies(&unique).await?;
    let actor = merchant.user.display_name.clone();
    let mut batch = WriteBatch::default();
    // Events need the incident id, known only inside the transaction: keep
    // them as JSON and set it there.
    let mut events = Vec::new();
    let mut answered = 0;
    for mut review in reviews {
        let mut replies: Vec<ReplyRecord> = all_replies
            .iter()
            .filter(|r| r.review_id == review.id)
            .cloned()
            .collect();
        let unanswered = review.state.kind == ReviewKind::Complaint
            && review.state.status == Status::Published
            && review.state.first_answer_at.is_none()
            && review.state.resolution.is_none();
        let mut reply_view = None;
        if unanswered {
            review.state.answer(now)?;
            review.first_answer_open_minutes =
                Some(clock.open_minutes_between(from_ms(review.created_at), from_ms(now)));
            let record = ReplyRecord {
                id: 0,
                review_id: review.id.clone(),
                kind: ReplyKind::Answer.as_str().to_owned(),
                text: text.clone(),
                author_display: actor.clone(),
                user_id: Some(merchant.user.id),
                created_at: now,
            };
            reply_view = Some(reply_out(&record, review.created_at));
            batch.replies.push(NewReply {
                review_id: record.review_id.clone(),
                kind: record.kind.clone(),
                text: record.text.clone(),
                author_display: record.author_display.clone(),
                user_id: record.user_id,
                created_at: now,
            });
            replies.push(record);
            batch.updates.push(review.clone());
            answered += 1;
        }
        let name = if unanswered {
            REPLY_CREATED
        } else {
            REVIEW_UPDATED
        };
        events.push(review_event(name, &review, &replies, reply_view)?);
    }
    let record = IncidentRecord {
        id: 0,
        site: site.id.clone(),
        topic: topic.to_owned(),
        text: text.clone(),
        created_by: Some(merchant.user.id),
        created_at: now,
        closed_at: None,
    };
    let site_id = site.id.clone();
    let user_id = merchant.user.id;
    let (id, stored) = {
        let build = move |id: i64| {
            let mut batch = batch;
            for mut event in events {
                if let Ok(mut data) = serde_json::from_str::<serde_json::Value>(&event.data) {
                    data["review"]["incident_id"] = id.into();
                    event.data = data.to_string();
                }
                batch.events.push(event);
            }
            batch.log.push(LogRecord {
                id: 0,
                site: site_id,
                review_id: None,
                action: LOG_INCIDENT_OPEN.to_owned(),
                reason: Some(format!("#{id} {topic}")),
                actor,
                actor_user_id: Some(user_id),
                created_at: now,
            });
            batch
        };
        match store.open_incident(&record, &unique, Box::new(build)).await {
            Ok(done) => done,
            Err(StoreError::StaleVersion) => return Err(RuleError::ConcurrentUpdate),
            Err(err) => return Err(err.into()),
        }
    };
    state.hub.announce(store, stored);
    crate::server::rules::live_status::refresh(state, site).await?;
    Ok(IncidentCreated {
        id,
        topic: topic.to_owned(),
        text,
        created_at: rfc3339(now),
        linked: unique.len(),
        answered,
    })
}

/// Closes an open incident notice of the site (logged; `status` event).
pub async fn close_incident(
    state: &AppState,
    site: &SiteRecord,
    merchant: &Merchant,
    id: i64,
) -> Result<IncidentClosed, RuleError> {
    let now = now_ms();
    let store = state.store.as_ref();
    let mut batch = WriteBatch::default();
    batch.log.push(LogRecord {
        id: 0,
        site: site.id.clone(),
        review_id: None,
        action: LOG_INCIDENT_CLOSE.to_owned(),
        reason: Some(format!("#{id}")),
        actor: merchant.user.display_name.clone(),
        actor_user_id: Some(merchant.user.id),
        created_at: now,
    });
    let stored = match store.close_incident(&site.id, id, now, batch).await {
        Ok(stored) => stored,
        Err(StoreError::NotFound) => return Err(RuleError::incident_not_found()),
        Err(err) => return Err(err.into()),
    };
    state.hub.announce(store, stored);
    crate::server::rules::live_status::refresh(state, site).await?;
    Ok(IncidentClosed {
        id,
        closed_at: rfc3339(now),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_starting_in_a_dst_gap_starts_at_its_first_valid_hour() {
        // Chile skipped 00:00–01:00 on 2024-09-08 (UTC-4 → UTC-3).
        let tz = chrono_tz::America::Santiago;
        let day = NaiveDate::from_ymd_opt(2024, 9, 8).unwrap();
        assert_eq!(rfc3339(day_start(tz, day)), "2024-09-08T04:00:00Z");
        let plain = NaiveDate::from_ymd_opt(2024, 9, 9).unwrap();
        assert_eq!(rfc3339(day_start(tz, plain)), "2024-09-09T03:00:00Z");
    }

    #[test]
    fn an_empty_period_has_every_day_with_zeros() {
        let tz = chrono_tz::Asia::Tehran;
        // 2026-03-01T21:00Z is already 2 March in Tehran (UTC+3:30).
        let now = chrono::DateTime::parse_from_rfc3339("2026-03-01T21:00:00Z")
            .unwrap()
            .timestamp_millis();
        let stats = compute_stats(&TopicCache::default(), &[], 0, 10, tz, now, 3);
        let days: Vec<&str> = stats.answer_trend.iter().map(|d| d.day.as_str()).collect();
        assert_eq!(days, ["2026-02-28", "2026-03-01", "2026-03-02"]);
        assert!(stats.stars_per_day.iter().all(|d| d.counts == [0; 5]));
        assert_eq!(stats.first_answer.samples, 0);
        assert_eq!(stats.first_answer.within_promise_share, None);
        assert_eq!(stats.first_answer.buckets.len(), 7);
        assert_eq!(stats.resolution.rate, None);
        assert!(stats.open_by_age.iter().all(|b| b.count == 0));
    }
}
