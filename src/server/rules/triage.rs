//! Topic and priority of reviews for the moderation panel: computed from the
//! core's keyword lexicons ([`crate::core::topic`]) at submission, stored
//! with the review, editable by the merchant, and filled in for reviews
//! stored before the panel existed.

use crate::core::lang::Lang;
use crate::core::topic::{classify, priority_with, Priority, Topic};
use crate::server::rules::error::{ErrorCode, RuleError};
use crate::server::storage::{
    PanelFields, PanelRow, ReviewRecord, Storage, StoreError, WriteBatch,
};

/// The panel fields the core assigns to a review's text.
pub fn classified(review: &ReviewRecord) -> PanelFields {
    let lang = review.lang.as_deref().and_then(Lang::parse);
    let classification = classify(&review.text, lang);
    PanelFields {
        topic: Some(classification.primary().code().to_owned()),
        topics: classification
            .topics
            .iter()
            .map(|t| t.code().to_owned())
            .collect(),
        // No audience data yet: "prominent" only comes from the merchant.
        priority: Some(priority_with(&classification, 0, 0).code().to_owned()),
        stop_engaging: false,
        search_text: Some(search_text(review)),
    }
}

/// What the queue's `q` searches: text, author name and order number,
/// lowercased (Unicode-aware, so it works the same on both backends).
pub fn search_text(review: &ReviewRecord) -> String {
    let mut all = review.text.to_lowercase();
    for part in [&review.author_name, &review.order_ref]
        .into_iter()
        .flatten()
    {
        all.push('\n');
        all.push_str(&part.to_lowercase());
    }
    all
}

/// A stored panel row, with topic and priority classified on the fly when
/// the review has none yet (not backfilled, or imported).
pub fn complete(review: &ReviewRecord, row: Option<PanelRow>) -> PanelRow {
    let mut row = row.unwrap_or_default();
    if row.fields.topic.is_none() {
        let stop_engaging = row.fields.stop_engaging;
        row.fields = classified(review);
        row.fields.stop_engaging = stop_engaging;
    }
    row
}

/// Loads and completes the panel row of one review.
pub async fn panel_row(store: &dyn Storage, review: &ReviewRecord) -> Result<PanelRow, RuleError> {
    let mut rows = store
        .panel_rows(&review.site, std::slice::from_ref(&review.id))
        .await?;
    Ok(complete(review, rows.remove(&review.id)))
}

/// Parses a topic code (422 `invalid_topic`).
pub fn parse_topic(code: &str) -> Result<Topic, RuleError> {
    Topic::from_code(code.trim())
        .ok_or_else(|| RuleError::invalid(ErrorCode::InvalidTopic, "topic"))
}

/// Parses a priority code (422 `invalid_priority`).
pub fn parse_priority(code: &str) -> Result<Priority, RuleError> {
    Priority::from_code(code.trim())
        .ok_or_else(|| RuleError::invalid(ErrorCode::InvalidPriority, "priority"))
}

/// Classifies every stored review that has no topic yet, in batches;
/// returns how many. Run in the background at start-up (a no-op once
/// done): meanwhile such reviews are shown classified on the fly
/// ([`complete`]) and only the queue's topic and priority filters miss
/// them; a merchant's triage made meanwhile is never overwritten.
pub async fn backfill(store: &dyn Storage) -> Result<usize, StoreError> {
    let mut done = 0;
    loop {
        let reviews = store.untriaged(200).await?;
        if reviews.is_empty() {
            return Ok(done);
        }
        done += reviews.len();
        let batch = WriteBatch {
            panel_if_untriaged: reviews
                .iter()
                .map(|r| (r.id.clone(), classified(r)))
                .collect(),
            ..WriteBatch::default()
        };
        store.write(batch).await?;
    }
}
