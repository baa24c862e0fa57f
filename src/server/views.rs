//! Turning stored records into the API's JSON shapes. Public views never
//! carry private fields (e-mail, order number, token hashes, addresses).

use std::collections::HashMap;

use crate::core::model::minutes_between;
use crate::server::api::dto::{CheckOut, QueueItem, ReplyOut, ReviewItem};
use crate::server::hours::from_ms;
use crate::server::storage::{ReplyRecord, ReviewRecord, Storage, StoreError};

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
/// withdrawn reviews is never shown.
pub fn review_item(review: &ReviewRecord, replies: &[ReplyRecord]) -> ReviewItem {
    let shows_text = matches!(
        review.state.status,
        crate::core::model::Status::Published | crate::core::model::Status::Held
    );
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
        author_name: review.author_name.clone(),
        lang: review.lang.clone(),
        created_at: rfc3339(review.created_at),
        status: review.state.status.as_str().to_owned(),
        badges: review
            .state
            .badges()
            .iter()
            .map(|b| b.as_str().to_owned())
            .collect(),
        replies: replies
            .iter()
            .filter(|r| r.review_id == review.id)
            .map(|r| reply_out(r, review.created_at))
            .collect(),
        incident_id: None,
    }
}

/// The detector result as stored.
pub fn check_out(review: &ReviewRecord) -> CheckOut {
    CheckOut {
        score: review.check_score,
        verdict: review.check_verdict.clone(),
        reasons: review.check_reasons.clone(),
    }
}

/// The merchant's view of a review.
pub fn queue_item(review: &ReviewRecord, replies: &[ReplyRecord], now: i64) -> QueueItem {
    let mut item = review_item(review, replies);
    // Merchants see hidden text: they must be able to judge a release.
    item.text = review.text.clone();
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
    }
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
