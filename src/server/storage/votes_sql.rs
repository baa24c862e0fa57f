// The votes part of the storage implementation, shared by both backends
// like `sql_common.rs` (and `include!`d after it, so it sees `Db`, `Store`
// and `Row`).

use crate::server::storage::votes::{VoteState, VoteStorage, VoteWrite};

/// Applies one vote inside a batch's transaction: the vote row, the count
/// (only from the count it was computed from) and the complaint's priority.
async fn apply_vote(
    tx: &mut sqlx::Transaction<'static, Db>,
    vote: &VoteWrite,
) -> Result<(), StoreError> {
    let stale = || StoreError::Conflict("vote".into());
    let changed = if vote.cast {
        sqlx::query(
            "INSERT INTO review_votes (review_id, voter, ip_hash, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(&vote.review_id)
        .bind(&vote.voter)
        .bind(&vote.ip_hash)
        .bind(vote.created_at)
        .execute(&mut **tx)
        .await?
    } else {
        sqlx::query("DELETE FROM review_votes WHERE review_id = $1 AND voter = $2")
            .bind(&vote.review_id)
            .bind(&vote.voter)
            .execute(&mut **tx)
            .await?
    };
    if changed.rows_affected() != 1 {
        return Err(stale());
    }
    let delta: i64 = if vote.cast { 1 } else { -1 };
    let counted = sqlx::query(
        "UPDATE reviews SET votes = votes + $2 \
         WHERE id = $1 AND votes = $3 AND version = $4 AND status = 'published'",
    )
    .bind(&vote.review_id)
    .bind(delta)
    .bind(vote.expected_count)
    .bind(vote.expected_version)
    .execute(&mut **tx)
    .await?;
    if counted.rows_affected() != 1 {
        return Err(stale());
    }
    if let Some((from, to)) = &vote.priority {
        sqlx::query(
            "UPDATE reviews SET priority = $2 WHERE id = $1 AND COALESCE(priority, '') = $3",
        )
        .bind(&vote.review_id)
        .bind(to)
        .bind(from.as_deref().unwrap_or(""))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl VoteStorage for Store {
    async fn vote_state(
        &self,
        review_id: &str,
        voter: &str,
        ip_hash: &str,
    ) -> Result<VoteState, StoreError> {
        let row = sqlx::query(
            "SELECT r.votes AS count, \
             (SELECT COUNT(*) FROM review_votes v WHERE v.review_id = r.id AND v.voter = $2) AS by_voter, \
             (SELECT COUNT(*) FROM review_votes v WHERE v.review_id = r.id AND v.ip_hash = $3) AS by_address \
             FROM reviews r WHERE r.id = $1",
        )
        .bind(review_id)
        .bind(voter)
        .bind(ip_hash)
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else {
            return Ok(VoteState::default());
        };
        Ok(VoteState {
            count: row.try_get("count")?,
            by_voter: row.try_get::<i64, _>("by_voter")? > 0,
            by_address: row.try_get::<i64, _>("by_address")? > 0,
        })
    }

    async fn vote_counts(
        &self,
        ids: &[String],
    ) -> Result<std::collections::HashMap<String, i64>, StoreError> {
        let mut counts = std::collections::HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let params: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT id, votes FROM reviews WHERE id IN ({})",
                params.join(", ")
            );
            let mut query = sqlx::query(&sql);
            for id in chunk {
                query = query.bind(id);
            }
            for row in query.fetch_all(&self.read).await? {
                counts.insert(row.try_get("id")?, row.try_get("votes")?);
            }
        }
        Ok(counts)
    }
}
