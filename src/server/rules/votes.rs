//! Readers' votes (issue 15): "Me too" on a complaint, "Helpful" on a
//! review. One press per browser (its random voter id) and per client
//! address (the keyed address hash), so clearing storage does not vote
//! twice; pressing again takes the vote back. Both are idempotent: casting
//! a vote this browser cast, or taking back one it never cast, answers the
//! count as it is.
//!
//! A complaint many readers share is answered first: at
//! [`PROMINENT_ME_TOO`](crate::core::topic::PROMINENT_ME_TOO) "me too"s its
//! priority becomes `prominent` ([`priority_with`]), in the vote's own
//! transaction, with the live event that announces the new count. Only the
//! vote that reaches the threshold raises it, and taking a vote back never
//! lowers it: the merchant's triage decides from there, and a complaint
//! does not jump around the queue as readers change their mind.

use std::net::IpAddr;
use std::time::Duration;

use serde::Serialize;
use utoipa::ToSchema;

use crate::core::model::{ReviewKind, Status};
use crate::core::topic::{priority_with, Classification, Priority};
use crate::server::events::REVIEW_UPDATED;
use crate::server::rate_limit::Quota;
use crate::server::rules::accounts::constant_time_eq;
use crate::server::rules::client::client_key;
use crate::server::rules::error::{ErrorCode, RuleError};
use crate::server::rules::triage;
use crate::server::rules::validate::sha256_hex;
use crate::server::rules::views::review_item;
use crate::server::storage::{NewEvent, ReviewRecord, Storage, StoreError, VoteWrite, WriteBatch};
use crate::server::wire::ReviewItem;
use crate::server::{now_ms, AppState};

/// How often a vote is tried again when another vote on the same review
/// changed the count meanwhile.
const ATTEMPTS: usize = 16;

/// The answer to a vote or its undo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct VoteOut {
    /// The review.
    pub review_id: String,
    /// `me_too` (a complaint) or `helpful` (a review).
    pub kind: String,
    /// The review's count now.
    #[schema(minimum = 0)]
    pub count: i64,
    /// Whether this browser's vote is counted now.
    pub voted: bool,
}

/// Whether a voter id is acceptable: 16 to 64 of `A-Z a-z 0-9 - _` (the
/// widget sends a random one it keeps in local storage).
pub fn valid_voter(voter: &str) -> bool {
    (16..=64).contains(&voter.len())
        && voter
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The kind of vote a review takes.
fn vote_kind(review: &ReviewRecord) -> &'static str {
    match review.state.kind {
        ReviewKind::Complaint => "me_too",
        _ => "helpful",
    }
}

/// Casts (`cast`) or takes back this browser's vote on review `id`, from
/// `ip`; `author_token` (the `X-Candor-Token` the author holds), when sent,
/// marks the author's own review.
pub async fn vote(
    state: &AppState,
    id: &str,
    voter: Option<&str>,
    author_token: Option<&str>,
    ip: IpAddr,
    cast: bool,
) -> Result<VoteOut, RuleError> {
    let voter = voter.filter(|v| valid_voter(v)).ok_or(RuleError::invalid(
        ErrorCode::InvalidVoter,
        "X-Candor-Voter",
    ))?;
    let store = state.store.as_ref();
    let mut review = published(store, id).await?;
    let client = client_key(ip, state.config.ipv6_prefix);
    let quota = Quota {
        limit: state.config.votes_per_ip_per_hour,
        window: Duration::from_secs(3600),
    };
    state
        .limiter
        .check(&format!("vote-ip|{}|{client}", review.site), quota)
        .await?;
    let ip_hash = state
        .clients
        .ip_hash(&review.site, ip, state.config.ipv6_prefix);
    let own_address = review.ip_hash.as_deref() == Some(ip_hash.as_str());
    let own_token =
        author_token.is_some_and(|t| constant_time_eq(&sha256_hex(t), &review.author_token_sha256));
    if own_address || own_token {
        return Err(RuleError::Forbidden(ErrorCode::OwnReview));
    }
    // The voter id is only kept hashed, per site.
    let voter = sha256_hex(&format!("candor-voter|{}|{voter}", review.site));
    for attempt in 0..ATTEMPTS {
        if attempt > 0 {
            // The count or the review changed meanwhile (hidden, say).
            review = published(store, id).await?;
        }
        let now = now_ms();
        let current = store.vote_state(&review.id, &voter, &ip_hash).await?;
        let done = if cast {
            current.by_voter
        } else {
            !current.by_voter
        };
        if done {
            return Ok(out(&review, current.count, current.by_voter));
        }
        if cast && current.by_address {
            return Err(RuleError::Conflict(ErrorCode::AlreadyVoted));
        }
        let count = current.count + if cast { 1 } else { -1 };
        let mut batch = WriteBatch {
            vote: Some(VoteWrite {
                review_id: review.id.clone(),
                voter: voter.clone(),
                ip_hash: ip_hash.clone(),
                cast,
                expected_count: current.count,
                expected_version: review.version,
                priority: None,
                created_at: now,
            }),
            ..WriteBatch::default()
        };
        if cast && review.state.kind == ReviewKind::Complaint {
            raise_priority(store, &review, count, &mut batch).await?;
        }
        batch.events.push(vote_event(store, &review, count).await?);
        match store.write(batch).await {
            Ok(events) => {
                state.hub.announce(store, events);
                return Ok(out(&review, count, cast));
            }
            // Another vote, or another change of the review, came first:
            // read again (the event must show the review as stored).
            Err(StoreError::Conflict(_)) => continue,
            Err(err) => return Err(err.into()),
        }
    }
    Err(RuleError::ConcurrentUpdate)
}

/// A review the public sees: hidden, held and withdrawn ones are not
/// found, so they cannot be voted on.
async fn published(store: &dyn Storage, id: &str) -> Result<ReviewRecord, RuleError> {
    store
        .review(id)
        .await?
        .filter(|r| r.state.status == Status::Published)
        .ok_or(RuleError::NotFound(ErrorCode::ReviewNotFound))
}

fn out(review: &ReviewRecord, count: i64, voted: bool) -> VoteOut {
    VoteOut {
        review_id: review.id.clone(),
        kind: vote_kind(review).to_owned(),
        count,
        voted,
    }
}

/// Adds to `batch` the complaint's new priority when this vote, the
/// `me_too`th, makes it prominent ([`priority_with`]). Only the vote that
/// crosses the threshold raises it, so a merchant who judged a complaint
/// normal above the threshold is not overruled by every further vote.
async fn raise_priority(
    store: &dyn Storage,
    review: &ReviewRecord,
    me_too: i64,
    batch: &mut WriteBatch,
) -> Result<(), StoreError> {
    let stored = store
        .panel_rows(&review.site, std::slice::from_ref(&review.id))
        .await?
        .remove(&review.id);
    let triaged = stored.as_ref().is_some_and(|r| r.fields.topic.is_some());
    let raw_priority = stored.as_ref().and_then(|r| r.fields.priority.clone());
    let mut fields = triage::complete(review, stored).fields;
    let current = fields
        .priority
        .as_deref()
        .and_then(Priority::from_code)
        .unwrap_or(Priority::Normal);
    let classification = Classification {
        lang: None,
        topics: Vec::new(),
        priority: current,
        urgent: false,
    };
    let votes = u32::try_from(me_too).unwrap_or(u32::MAX);
    let before = priority_with(&classification, votes.saturating_sub(1), 0);
    let next = priority_with(&classification, votes, 0);
    if next == before {
        return Ok(());
    }
    if triaged {
        if let Some(vote) = batch.vote.as_mut() {
            vote.priority = Some((raw_priority, next.code().to_owned()));
        }
    } else {
        // Not classified yet: stored with its classification, unless the
        // merchant triages it meanwhile.
        fields.priority = Some(next.code().to_owned());
        batch.panel_if_untriaged.push((review.id.clone(), fields));
    }
    Ok(())
}

/// The `review_updated` event announcing a review's new count.
async fn vote_event(
    store: &dyn Storage,
    review: &ReviewRecord,
    count: i64,
) -> Result<NewEvent, StoreError> {
    let replies = store.replies(std::slice::from_ref(&review.id)).await?;
    let mut item = review_item(review, &replies);
    crate::server::rules::insights::attach_incidents(store, [&mut item]).await?;
    item.set_votes(count);
    Ok(NewEvent {
        site: review.site.clone(),
        name: REVIEW_UPDATED.to_owned(),
        data: serde_json::json!({ "review": item }).to_string(),
        review_id: Some(review.id.clone()),
    })
}

/// Fills in the vote counts of listed items (one query).
pub async fn attach_votes<'a>(
    store: &dyn Storage,
    items: impl IntoIterator<Item = &'a mut ReviewItem>,
) -> Result<(), StoreError> {
    let mut items: Vec<&mut ReviewItem> = items.into_iter().collect();
    if items.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
    let counts = store.vote_counts(&ids).await?;
    for item in &mut items {
        item.set_votes(counts.get(&item.id).copied().unwrap_or(0));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voter_ids_are_short_plain_tokens() {
        assert!(valid_voter("abcdefABCDEF0123-_xy"));
        assert!(!valid_voter("short"));
        assert!(!valid_voter(&"a".repeat(65)));
        assert!(!valid_voter("abcdefghijklmnop qrs"));
        assert!(!valid_voter("abcdefghijklmnopé"));
    }
}
