// The insights part of the storage implementation, shared by both backends
// like `sql_common.rs` (and `include!`d after it, so it sees `Db`, `Store`,
// `Row` and `apply_batch`).

use crate::server::storage::insights::{
    CrisisSettingsRecord, IncidentBatch, IncidentRecord, InsightRow, InsightsStorage,
};

const INCIDENT_COLUMNS: &str = "id, site, topic, text, created_by, created_at, closed_at";

fn incident_from_row(row: &Row) -> Result<IncidentRecord, StoreError> {
    Ok(IncidentRecord {
        id: row.try_get("id")?,
        site: row.try_get("site")?,
        topic: row.try_get("topic")?,
        text: row.try_get("text")?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        closed_at: row.try_get("closed_at")?,
    })
}

#[async_trait::async_trait]
impl InsightsStorage for Store {
    async fn crisis_settings(
        &self,
        site: &str,
    ) -> Result<Option<CrisisSettingsRecord>, StoreError> {
        let row = sqlx::query("SELECT sigma, floor FROM site_crisis_settings WHERE site = $1")
            .bind(site)
            .fetch_optional(&self.read)
            .await?;
        row.map(|row| {
            Ok(CrisisSettingsRecord {
                sigma: row.try_get("sigma")?,
                floor: row.try_get("floor")?,
            })
        })
        .transpose()
    }

    async fn set_crisis_settings(
        &self,
        site: &str,
        settings: CrisisSettingsRecord,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO site_crisis_settings (site, sigma, floor) VALUES ($1, $2, $3) \
             ON CONFLICT (site) DO UPDATE SET sigma = excluded.sigma, floor = excluded.floor",
        )
        .bind(site)
        .bind(settings.sigma)
        .bind(settings.floor)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    async fn open_incident(
        &self,
        incident: &IncidentRecord,
        review_ids: &[String],
        build: IncidentBatch,
    ) -> Result<(i64, Vec<StoredEvent>), StoreError> {
        let mut tx = self.write.begin().await?;
        let row = sqlx::query(
            "INSERT INTO incidents (site, topic, text, created_by, created_at, closed_at) \
             VALUES ($1, $2, $3, $4, $5, NULL) RETURNING id",
        )
        .bind(&incident.site)
        .bind(&incident.topic)
        .bind(&incident.text)
        .bind(incident.created_by)
        .bind(incident.created_at)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get("id")?;
        for review_id in review_ids {
            sqlx::query(
                "INSERT INTO incident_reviews (review_id, incident_id) VALUES ($1, $2) \
                 ON CONFLICT (review_id) DO UPDATE SET incident_id = excluded.incident_id",
            )
            .bind(review_id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        let batch = build(id);
        let stored = apply_batch(&mut tx, &batch, now_ms()).await?.events;
        tx.commit().await?;
        Ok((id, stored))
    }

    async fn close_incident(
        &self,
        site: &str,
        id: i64,
        now: i64,
        batch: WriteBatch,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE incidents SET closed_at = $1 WHERE id = $2 AND site = $3 \
             AND closed_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .bind(site)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let stored = apply_batch(&mut tx, &batch, now).await?.events;
        tx.commit().await?;
        Ok(stored)
    }

    async fn incident(&self, id: i64) -> Result<Option<IncidentRecord>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {INCIDENT_COLUMNS} FROM incidents WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(incident_from_row).transpose()
    }

    async fn open_incidents(&self, site: &str) -> Result<Vec<IncidentRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {INCIDENT_COLUMNS} FROM incidents WHERE site = $1 AND closed_at IS NULL \
             ORDER BY created_at DESC, id DESC LIMIT 100"
        ))
        .bind(site)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(incident_from_row).collect()
    }

    async fn incident_links(
        &self,
        review_ids: &[String],
    ) -> Result<Vec<(String, i64)>, StoreError> {
        if review_ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=review_ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT review_id, incident_id FROM incident_reviews WHERE review_id IN ({})",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for id in review_ids {
            query = query.bind(id);
        }
        let rows = query.fetch_all(&self.read).await?;
        rows.iter()
            .map(|row| Ok((row.try_get("review_id")?, row.try_get("incident_id")?)))
            .collect()
    }

    async fn insight_rows(&self, site: &str, since: i64) -> Result<Vec<InsightRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, kind, rating, text, lang, status, resolution, created_at, \
             first_answer_at, first_answer_open_minutes, topic FROM reviews WHERE site = $1 \
             AND (created_at >= $2 OR (kind = 'complaint' AND status = 'published' \
             AND first_answer_at IS NULL AND resolution IS NULL)) \
             ORDER BY created_at ASC, id ASC",
        )
        .bind(site)
        .bind(since)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(InsightRow {
                    id: row.try_get("id")?,
                    kind: row.try_get("kind")?,
                    rating: row.try_get("rating")?,
                    text: row.try_get("text")?,
                    lang: row.try_get("lang")?,
                    status: row.try_get("status")?,
                    resolution: row.try_get("resolution")?,
                    created_at: row.try_get("created_at")?,
                    first_answer_at: row.try_get("first_answer_at")?,
                    first_answer_open_minutes: row.try_get("first_answer_open_minutes")?,
                    topic: row.try_get("topic")?,
                })
            })
            .collect()
    }

    async fn log_action_count(
        &self,
        site: &str,
        action: &str,
        since: i64,
    ) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM moderation_log WHERE site = $1 AND action = $2 \
             AND created_at >= $3",
        )
        .bind(site)
        .bind(action)
        .bind(since)
        .fetch_one(&self.read)
        .await?;
        Ok(row.try_get("n")?)
    }
}
