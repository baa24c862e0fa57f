//! Turning stored records into the API's JSON shapes. Public views never
//! carry private fields (e-mail, order number, token hashes, addresses).

use std::collections::HashMap;

use crate::core::model::{minutes_between, Status};
use crate::server::rules::campaign::CAMPAIGN_REASON;
use crate::server::rules::error::RuleError;
use crate::server::rules::hours::rfc3339;
use crate::server::rules::triage;
use crate::server::storage::insights::IncidentRecord;
use crate::server::storage::NewEvent;
use crate::server::storage::{PanelRow, ReplyRecord, ReviewRecord, Storage, StoreError};
use crate::server::wire::insights::IncidentOut;
use crate::server::wire::{CheckOut, QueueItem, ReplyOut, ReviewItem};

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
        me_too: None,
        helpful: None,
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

/// Why a review is suspected: `campaign` when held as part of a template
/// campaign or copied by one (flagged, still as it was), `template` when
/// the detector said so.
fn suspected(review: &ReviewRecord, panel: &PanelRow) -> Option<String> {
    let held = review.state.status == Status::Held
        && review.hidden_reason.as_deref() == Some(CAMPAIGN_REASON);
    if held || panel.campaign_flag {
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
    let machine = super::machine_like::judge(
        &review.text,
        review
            .lang
            .as_deref()
            .and_then(crate::core::lang::Lang::parse),
    );
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
        suspected: suspected(review, panel),
        stop_engaging: panel.fields.stop_engaging,
        history_count: panel.history_count,
        machine_like: machine.flagged,
        machine_like_score: f64::from((machine.score * 1000.0).round() / 1000.0),
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
    let mut items: Vec<QueueItem> = reviews
        .iter()
        .map(|r| {
            let panel = triage::complete(r, rows.remove(&r.id));
            let replies = replies.get(&r.id).map(Vec::as_slice).unwrap_or(&[]);
            panel_item(r, replies, &panel, now)
        })
        .collect();
    super::votes::attach_votes(store, items.iter_mut().map(|i| &mut i.review)).await?;
    Ok(items)
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

/// The public view of an incident.
pub fn incident_out(incident: &IncidentRecord) -> IncidentOut {
    IncidentOut {
        id: incident.id,
        topic: incident.topic.clone(),
        text: incident.text.clone(),
        created_at: rfc3339(incident.created_at),
    }
}

/// A live event about a review; the text is left out unless published.
pub fn review_event(
    name: &str,
    review: &ReviewRecord,
    replies: &[ReplyRecord],
    reply: Option<ReplyOut>,
) -> Result<NewEvent, RuleError> {
    review_event_linked(name, review, replies, reply, None)
}

/// [`review_event`] of a review that may be linked to an incident notice:
/// the stored link is looked up, so every later event of a linked review
/// keeps its `incident_id`.
pub async fn linked_review_event(
    store: &dyn Storage,
    name: &str,
    review: &ReviewRecord,
    replies: &[ReplyRecord],
    reply: Option<ReplyOut>,
) -> Result<NewEvent, RuleError> {
    let links = store
        .incident_links(std::slice::from_ref(&review.id))
        .await?;
    let incident = links.first().map(|(_, id)| *id);
    review_event_linked(name, review, replies, reply, incident)
}

fn review_event_linked(
    name: &str,
    review: &ReviewRecord,
    replies: &[ReplyRecord],
    reply: Option<ReplyOut>,
    incident_id: Option<i64>,
) -> Result<NewEvent, RuleError> {
    let mut item = review_item(review, replies);
    item.incident_id = incident_id;
    if review.state.status != Status::Published {
        item.text = String::new();
    }
    let mut data = serde_json::json!({ "review": item });
    if let Some(reply) = reply {
        data["reply"] =
            serde_json::to_value(reply).map_err(|e| RuleError::Internal(e.to_string()))?;
    }
    Ok(NewEvent {
        site: review.site.clone(),
        name: name.to_owned(),
        data: data.to_string(),
        review_id: Some(review.id.clone()),
    })
}
