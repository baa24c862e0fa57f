//! Storage for readers' votes (issue 15): "Me too" on a complaint,
//! "Helpful" on a review. One vote per review and browser and one per
//! review and client address; the count is kept on the review itself
//! (`reviews.votes`), so the list can sort by it. A vote is written through
//! [`WriteBatch::vote`](super::WriteBatch::vote), in one transaction with
//! the count, the complaint's priority and the live event announcing it.

use std::collections::HashMap;

use async_trait::async_trait;

use super::StoreError;

/// Who already voted on a review, and its count, as read before a vote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VoteState {
    /// The review's vote count.
    pub count: i64,
    /// This browser voted.
    pub by_voter: bool,
    /// Someone at this client address voted (this browser or another).
    pub by_address: bool,
}

/// One vote cast or taken back, applied only if the count and the review
/// are still the ones it was computed from, and the review is published
/// (`Conflict("vote")` otherwise, so the caller reads again: the count and
/// the review the live event announces are the ones stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteWrite {
    /// The review.
    pub review_id: String,
    /// SHA-256 hex of the browser's voter id.
    pub voter: String,
    /// The keyed hash of the client address.
    pub ip_hash: String,
    /// `true` casts the vote, `false` takes it back.
    pub cast: bool,
    /// The count the vote was computed from.
    pub expected_count: i64,
    /// The review's version the vote's event was built from; a review
    /// changed meanwhile (hidden, answered) fails the vote with
    /// `Conflict("vote")` so the event never shows it as it was.
    pub expected_version: i64,
    /// A new priority for the complaint, set only if its priority is still
    /// `.0` (`None`: not triaged yet): a merchant's triage meanwhile wins.
    pub priority: Option<(Option<String>, String)>,
    /// Unix ms.
    pub created_at: i64,
}

/// Reading votes; writing goes through a [`WriteBatch`](super::WriteBatch).
#[async_trait]
pub trait VoteStorage {
    /// The count of a review and whether this browser or this address
    /// voted on it already.
    async fn vote_state(
        &self,
        review_id: &str,
        voter: &str,
        ip_hash: &str,
    ) -> Result<VoteState, StoreError>;
    /// The vote counts of reviews (missing ids are left out).
    async fn vote_counts(&self, ids: &[String]) -> Result<HashMap<String, i64>, StoreError>;
}
