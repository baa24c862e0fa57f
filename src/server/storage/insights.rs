//! Storage for the merchant's insights: crisis-alert settings, public
//! incident notices and the light review rows that statistics and crisis
//! detection count. Kept apart from the main [`Storage`](super::Storage)
//! trait (it is a supertrait of it) so the feature reads as one unit.

use async_trait::async_trait;

use super::{StoreError, StoredEvent, WriteBatch};

/// Makes the writes that accompany a new incident once its id is known.
pub type IncidentBatch = Box<dyn FnOnce(i64) -> WriteBatch + Send>;

/// A site's stored crisis rule (absent: the core defaults).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CrisisSettingsRecord {
    /// Standard deviations above the baseline.
    pub sigma: f64,
    /// Minimum complaints in the window.
    pub floor: i64,
}

/// A public incident notice.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentRecord {
    /// Numeric id.
    pub id: i64,
    /// The site.
    pub site: String,
    /// Topic code (`core::topic::Topic`).
    pub topic: String,
    /// The public text.
    pub text: String,
    /// The merchant account that posted it.
    pub created_by: Option<i64>,
    /// Unix ms.
    pub created_at: i64,
    /// Unix ms; `None` while open.
    pub closed_at: Option<i64>,
}

/// The columns of a review that statistics and crisis detection read.
#[derive(Debug, Clone, PartialEq)]
pub struct InsightRow {
    /// Review id.
    pub id: String,
    /// `review` or `complaint`.
    pub kind: String,
    /// 1..=5.
    pub rating: i64,
    /// The text (for the topic).
    pub text: String,
    /// Language code.
    pub lang: Option<String>,
    /// `Status` wire name.
    pub status: String,
    /// `Resolution` wire name.
    pub resolution: Option<String>,
    /// Unix ms.
    pub created_at: i64,
    /// Unix ms.
    pub first_answer_at: Option<i64>,
    /// Minutes to the first answer in open hours.
    pub first_answer_open_minutes: Option<i64>,
    /// The stored primary topic (set at submission, editable by the merchant
    /// through triage); `None` for rows not classified yet.
    pub topic: Option<String>,
}

/// Insight queries and incident writes; implemented by both backends.
#[async_trait]
pub trait InsightsStorage {
    /// A site's crisis settings, if set.
    async fn crisis_settings(&self, site: &str)
        -> Result<Option<CrisisSettingsRecord>, StoreError>;
    /// Stores a site's crisis settings.
    async fn set_crisis_settings(
        &self,
        site: &str,
        settings: CrisisSettingsRecord,
    ) -> Result<(), StoreError>;
    /// In one transaction: stores the incident, links `review_ids` to it
    /// (replacing earlier links) and applies the batch that `build` makes
    /// from the new id (replies, review updates, log entries, events).
    /// Returns the id and the stored events. `StaleVersion` when a review
    /// changed meanwhile.
    async fn open_incident(
        &self,
        incident: &IncidentRecord,
        review_ids: &[String],
        build: IncidentBatch,
    ) -> Result<(i64, Vec<StoredEvent>), StoreError>;
    /// Closes an open incident of `site` and applies `batch` in the same
    /// transaction; `NotFound` when there is no such open incident.
    async fn close_incident(
        &self,
        site: &str,
        id: i64,
        now: i64,
        batch: WriteBatch,
    ) -> Result<Vec<StoredEvent>, StoreError>;
    /// One incident.
    async fn incident(&self, id: i64) -> Result<Option<IncidentRecord>, StoreError>;
    /// A site's open incidents, newest first.
    async fn open_incidents(&self, site: &str) -> Result<Vec<IncidentRecord>, StoreError>;
    /// The incident each of these reviews is linked to, if any.
    async fn incident_links(&self, review_ids: &[String])
        -> Result<Vec<(String, i64)>, StoreError>;
    /// Reviews of a site submitted at or after `since`, plus older published
    /// complaints still without an answer or resolution, oldest first.
    async fn insight_rows(&self, site: &str, since: i64) -> Result<Vec<InsightRow>, StoreError>;
    /// How many moderation-log entries with `action` a site has at or after
    /// `since`.
    async fn log_action_count(
        &self,
        site: &str,
        action: &str,
        since: i64,
    ) -> Result<i64, StoreError>;
}
