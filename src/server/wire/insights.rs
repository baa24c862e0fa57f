//! JSON shapes of the insights endpoints: statistics, crisis alerts and
//! incident notices.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A public incident notice.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct IncidentOut {
    /// Numeric id.
    pub id: i64,
    /// Topic code.
    pub topic: String,
    /// The notice as the merchant wrote it (plain text).
    pub text: String,
    /// RFC 3339.
    pub created_at: String,
}

/// The open incident notices of a site.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncidentsOut {
    /// Newest first.
    pub items: Vec<IncidentOut>,
}

/// A new incident notice.
#[derive(Debug, Deserialize, ToSchema)]
pub struct IncidentBody {
    /// Topic code (`core::topic::Topic`).
    #[schema(schema_with = crate::server::wire::schema::topic)]
    pub topic: String,
    /// The public text (1..=5000 characters); also posted as the answer to
    /// each linked complaint that has none yet.
    #[schema(min_length = 1, max_length = 5000)]
    pub text: String,
    /// Reviews of the site to link (at most 500); each must be a review of
    /// this site (else 422 `invalid_review_ids`).
    #[serde(default)]
    #[schema(max_items = 500)]
    pub review_ids: Vec<String>,
}

/// A created incident notice.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncidentCreated {
    /// Numeric id.
    pub id: i64,
    /// Topic code.
    pub topic: String,
    /// The public text.
    pub text: String,
    /// RFC 3339.
    pub created_at: String,
    /// How many reviews were linked.
    pub linked: usize,
    /// Of those, how many complaints it answered (their first answer).
    pub answered: usize,
}

/// A closed incident notice.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncidentClosed {
    /// Numeric id.
    pub id: i64,
    /// RFC 3339.
    pub closed_at: String,
}

/// One topic whose complaints rose far above their usual rate.
#[derive(Debug, Serialize, ToSchema)]
pub struct CrisisAlertOut {
    /// Topic code.
    pub topic: String,
    /// Complaints in the current and previous 15-minute bucket.
    pub count: u32,
    /// Their usual count (EWMA mean of earlier windows).
    pub baseline: f64,
    /// EWMA standard deviation.
    pub sd: f64,
    /// `baseline + sigma * sd`.
    pub threshold: f64,
    /// Start of the watched window, RFC 3339.
    pub since: String,
    /// The complaints in the window, oldest first.
    pub review_ids: Vec<String>,
}

/// Crisis alerts of a site now.
#[derive(Debug, Serialize, ToSchema)]
pub struct CrisisOut {
    /// Bucket width (15).
    pub bucket_minutes: i64,
    /// The site's threshold in standard deviations.
    pub sigma: f64,
    /// The site's absolute floor.
    pub floor: u32,
    /// Topics in crisis, the largest count first.
    pub alerts: Vec<CrisisAlertOut>,
}

/// `?days=` of the statistics.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// Days back including today, 1..=365 (default 30).
    #[param(minimum = 1, maximum = 365)]
    pub days: Option<i64>,
}

/// One bucket of the first-answer distribution.
#[derive(Debug, Serialize, ToSchema, PartialEq)]
pub struct AnswerBucket {
    /// Upper bound in minutes (inclusive); null for "longer than a day".
    pub le_minutes: Option<i64>,
    /// First answers in this bucket (not cumulative).
    pub count: usize,
}

/// First-answer times (open-hours minutes) of complaints first answered in
/// the period.
#[derive(Debug, Serialize, ToSchema)]
pub struct FirstAnswerOut {
    /// 5, 10, 30, 60, 240, 1440 minutes and longer.
    pub buckets: Vec<AnswerBucket>,
    /// Share answered within the promise; null without samples.
    pub within_promise_share: Option<f64>,
    /// First answers counted.
    pub samples: usize,
}

/// First answers of one day.
#[derive(Debug, Serialize, ToSchema, PartialEq)]
pub struct AnswerDay {
    /// `YYYY-MM-DD` in the site's time zone.
    pub day: String,
    /// Median open-hours minutes; null without answers.
    pub median_minutes: Option<i64>,
    /// 80th percentile; null without answers.
    pub p80_minutes: Option<i64>,
    /// Complaints first answered that day.
    pub answered: usize,
}

/// Unanswered open complaints of one age band.
#[derive(Debug, Serialize, ToSchema, PartialEq)]
pub struct AgeBand {
    /// `lt_10m`, `lt_1h`, `lt_1d` or `ge_1d`.
    pub label: String,
    /// How many.
    pub count: usize,
}

/// Complaints per topic of one day.
#[derive(Debug, Serialize, ToSchema, PartialEq)]
pub struct TopicDay {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// Topic code → complaints (every topic seen in the period, zeros too).
    pub counts: BTreeMap<String, usize>,
}

/// Resolution of complaints submitted in the period.
#[derive(Debug, Serialize, ToSchema, PartialEq)]
pub struct ResolutionOut {
    /// Complaints submitted.
    pub complaints: usize,
    /// Of those, resolved (by the merchant, confirmed or not).
    pub resolved: usize,
    /// Of those, confirmed by their author.
    pub confirmed: usize,
    /// Reopen entries in the moderation log during the period.
    pub reopened: i64,
    /// `resolved / complaints`; null without complaints.
    pub rate: Option<f64>,
}

/// Reviews per star rating of one day.
#[derive(Debug, Serialize, ToSchema, PartialEq)]
pub struct StarsDay {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// Counts of 1..=5 stars.
    pub counts: [usize; 5],
}

/// The merchant's statistics over the last `days` days.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatsOut {
    /// The promised answer time.
    pub promise_minutes: i64,
    /// Days covered, today included.
    pub days: i64,
    /// First-answer distribution.
    pub first_answer: FirstAnswerOut,
    /// Per day, oldest first.
    pub answer_trend: Vec<AnswerDay>,
    /// Now.
    pub open_by_age: Vec<AgeBand>,
    /// Per day, oldest first.
    pub topics_per_day: Vec<TopicDay>,
    /// Over the period.
    pub resolution: ResolutionOut,
    /// Per day, oldest first.
    pub stars_per_day: Vec<StarsDay>,
}
