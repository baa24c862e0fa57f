//! Turning stored records into the API's JSON shapes. Public views never
//! carry private fields (e-mail, order number, token hashes, addresses).

use std::collections::HashMap;

use crate::core::model::{minutes_between, Status};
use crate::server::api::dto::{CheckOut, QueueItem, ReplyOut, ReviewItem};
use crate::server::hours::from_ms;
use crate::server::storage::{PanelRow, ReplyRecord, ReviewRecord, Storage, StoreError};
use crate::server::submission::CAMPAIGN_REASON;
use crate::server::triage;

/// RFC 3339 (UTC, seconds) of Unix milliseconds.
pub fn rfc3339(ms: i64) -> String {
    from_ms(ms).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The public view of a reply.
pub fn reply_out(reply: &ReplyRecord, review_created_at: i64) -> ReplyOut {
    ReplyOut {
        kind: reply.kind.clone(),
        author: reply.author_display.clone(),
        text: reply.text.clone(),
        created_at: rfc3339(reply.created_at),
        minutes_after: minutes_between(review_created_at, reply.created_at),
    }
}

/// The public view of a review with its replies. The text of hidden and
/// withdrawn reviews is never shown; a review hidden for abuse is a
/// placeholder: no text, no author name, no badges, with its reason.
pub fn review_item(review: &ReviewRecord, replies: &[ReplyRecord]) -> ReviewItem {
    let shows_text = matches!(review.state.status, Status::Published | Status::Held);
    let hidden = review.state.status == Status::Hidden;
    ReviewItem {
        id: review.id.clone(),
        kind: review.state.kind.as_str().to_owned(),
        rating: review.rating,
        text: if shows_text {
            review.text.clone()
        } else {
            String::new()
        },
        product: review.product.clone(),
        author_name: if hidden {
            None
        } else {
            review.author_name.clone()
        },
        lang: review.lang.clone(),
        created_at: rfc3339(review.created_at),
        status: review.state.status.as_str().to_owned(),
        badges: if hidden { Vec::new() } else { badges(review) },
        replies: replies
            .iter()
            .filter(|r| r.review_id == review.id)
            .map(|r| reply_out(r, review.created_at))
            .collect(),
        hidden_reason: if hidden {
            review.hidden_reason.clone()
        } else {
            None
        },
        incident_id: None,
    }
}

fn badges(review: &ReviewRecord) -> Vec<String> {
    review
        .state
        .badges()
        .iter()
        .map(|b| b.as_str().to_owned())
        .collect()
}

/// The detector result as stored.
pub fn check_out(review: &ReviewRecord) -> CheckOut {
    CheckOut {
        score: review.check_score,
        verdict: review.check_verdict.clone(),
        reasons: review.check_reasons.clone(),
    }
}

/// The merchant's view of a review, its panel fields classified on the fly
/// (for webhooks; the panel uses [`panel_item`] with the stored ones).
pub fn queue_item(review: &ReviewRecord, replies: &[ReplyRecord], now: i64) -> QueueItem {
    panel_item(review, replies, &triage::complete(review, None), now)
}

/// Why a review is suspected: `campaign` when held as part of a template
/// campaign, `template` when the detector said so.
fn suspected(review: &ReviewRecord) -> Option<String> {
    if review.state.status == Status::Held
        && review.hidden_reason.as_deref() == Some(CAMPAIGN_REASON)
    {
        Some("campaign".to_owned())
    } else if review.check_verdict == "template" {
        Some("template".to_owned())
    } else {
        None
    }
}

/// The merchant's view of a review with its stored panel fields.
pub fn panel_item(
    review: &ReviewRecord,
    replies: &[ReplyRecord],
    panel: &PanelRow,
    now: i64,
) -> QueueItem {
    let mut item = review_item(review, replies);
    // Merchants see hidden text: they must be able to judge a release.
    item.text = review.text.clone();
    item.author_name = review.author_name.clone();
    item.badges = badges(review);
    QueueItem {
        review: item,
        email: review.email.clone(),
        order_ref: review.order_ref.clone(),
        order_date: review.order_date.clone(),
        check: check_out(review),
        answer_due_at: review.answer_due_at.map(rfc3339),
        overdue: review
            .answer_due_at
            .is_some_and(|due| review.state.first_answer_at.is_none() && due < now),
        first_answer_at: review.state.first_answer_at.map(rfc3339),
        hidden_reason: review.hidden_reason.clone(),
        topic: panel
            .fields
            .topic
            .clone()
            .unwrap_or_else(|| "other".to_owned()),
        topics: panel.fields.topics.clone(),
        priority: panel
            .fields
            .priority
            .clone()
            .unwrap_or_else(|| "normal".to_owned()),
        suspected: suspected(review),
        stop_engaging: panel.fields.stop_engaging,
        history_count: panel.history_count,
    }
}

/// The merchant's view of many reviews, with their stored panel fields
/// (one query for the replies, one for the panel fields).
pub async fn panel_items(
    store: &dyn Storage,
    site: &str,
    reviews: &[ReviewRecord],
    now: i64,
) -> Result<Vec<QueueItem>, StoreError> {
    let replies = replies_by_review(store, reviews).await?;
    let ids: Vec<String> = reviews.iter().map(|r| r.id.clone()).collect();
    let mut rows = store.panel_rows(site, &ids).await?;
    Ok(reviews
        .iter()
        .map(|r| {
            let panel = triage::complete(r, rows.remove(&r.id));
            let replies = replies.get(&r.id).map(Vec::as_slice).unwrap_or(&[]);
            panel_item(r, replies, &panel, now)
        })
        .collect())
}

/// Loads the replies of many reviews in one query, grouped by review.
pub async fn replies_by_review(
    store: &dyn Storage,
    reviews: &[ReviewRecord],
) -> Result<HashMap<String, Vec<ReplyRecord>>, StoreError> {
    let ids: Vec<String> = reviews.iter().map(|r| r.id.clone()).collect();
    let mut grouped: HashMap<String, Vec<ReplyRecord>> = HashMap::new();
    for reply in store.replies(&ids).await? {
        grouped
            .entry(reply.review_id.clone())
            .or_default()
            .push(reply);
    }
    Ok(grouped)
}
