// The mail part of the storage implementation, shared by both backends
// like `sql_common.rs` (and `include!`d after it, so it sees `Db`, `Store`,
// `Row`, `SKIP_LOCKED` and `bool_int`).

use crate::server::storage::mail::{
    MailOutcome, MailRecord, MailStorage, NewMail, ReviewRequestRecord, SiteMailSettings,
    UserMailSettings,
};

const REQUEST_COLUMNS: &str = "site, order_ref, email, email_sha256, products, lang, order_at, \
    delivered_at, sent, next_due_at, used_at, created_at";

fn request_from_row(row: &Row) -> Result<ReviewRequestRecord, StoreError> {
    Ok(ReviewRequestRecord {
        site: row.try_get("site")?,
        order_ref: row.try_get("order_ref")?,
        email: row.try_get("email")?,
        email_sha256: row.try_get("email_sha256")?,
        products: split_list(&row.try_get::<Option<String>, _>("products")?.unwrap_or_default()),
        lang: row.try_get("lang")?,
        order_at: row.try_get("order_at")?,
        delivered_at: row.try_get("delivered_at")?,
        sent: row.try_get("sent")?,
        next_due_at: row.try_get("next_due_at")?,
        used_at: row.try_get("used_at")?,
        created_at: row.try_get("created_at")?,
    })
}

/// Marks a review request's link used (once: `Conflict("request_used")`
/// when it was used already).
async fn use_review_request(
    tx: &mut sqlx::Transaction<'static, Db>,
    site: &str,
    order_ref: &str,
    now: i64,
) -> Result<(), StoreError> {
    let done = sqlx::query(
        "UPDATE review_requests SET used_at = $3, next_due_at = NULL, email = NULL \
         WHERE site = $1 AND order_ref = $2 AND used_at IS NULL",
    )
    .bind(site)
    .bind(order_ref)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::Conflict("request_used".into()));
    }
    Ok(())
}

const MAIL_COLUMNS: &str = "id, site, kind, idempotency_key, review_id, to_addr, to_sha256, \
    lang, subject, text_body, html_body, unsubscribe_url, status, attempts, next_attempt_at, \
    last_error, last_code, created_at, updated_at, sent_at";

/// Queues a mail unless one with its idempotency key exists.
fn insert_mail(mail: &NewMail) -> Query<'_> {
    sqlx::query(
        "INSERT INTO mail_outbox (id, site, kind, idempotency_key, review_id, to_addr, \
         to_sha256, lang, subject, text_body, html_body, unsubscribe_url, status, attempts, \
         next_attempt_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'pending', 0, $13, $14, $14) \
         ON CONFLICT (idempotency_key) DO NOTHING",
    )
    .bind(&mail.id)
    .bind(&mail.site)
    .bind(&mail.kind)
    .bind(&mail.idempotency_key)
    .bind(&mail.review_id)
    .bind(&mail.to_addr)
    .bind(&mail.to_sha256)
    .bind(&mail.lang)
    .bind(&mail.subject)
    .bind(&mail.text_body)
    .bind(&mail.html_body)
    .bind(&mail.unsubscribe_url)
    .bind(mail.not_before.max(mail.created_at))
    .bind(mail.created_at)
}

fn mail_from_row(row: &Row) -> Result<MailRecord, StoreError> {
    Ok(MailRecord {
        mail: NewMail {
            id: row.try_get("id")?,
            site: row.try_get("site")?,
            kind: row.try_get("kind")?,
            idempotency_key: row.try_get("idempotency_key")?,
            review_id: row.try_get("review_id")?,
            to_addr: row.try_get("to_addr")?,
            to_sha256: row.try_get("to_sha256")?,
            lang: row.try_get("lang")?,
            subject: row.try_get("subject")?,
            text_body: row.try_get("text_body")?,
            html_body: row.try_get("html_body")?,
            unsubscribe_url: row.try_get("unsubscribe_url")?,
            created_at: row.try_get("created_at")?,
            not_before: row.try_get("next_attempt_at")?,
        },
        status: row.try_get("status")?,
        attempts: row.try_get("attempts")?,
        next_attempt_at: row.try_get("next_attempt_at")?,
        last_error: row.try_get("last_error")?,
        last_code: row.try_get("last_code")?,
        updated_at: row.try_get("updated_at")?,
        sent_at: row.try_get("sent_at")?,
    })
}

/// Takes a review's words out of the mails still waiting (it was hidden,
/// withdrawn or banned): they are cancelled and emptied.
async fn cancel_review_mails(
    tx: &mut sqlx::Transaction<'static, Db>,
    review_id: &str,
    created_at: Option<i64>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE mail_outbox SET status = 'cancelled', subject = '', text_body = '', \
         html_body = '', updated_at = $3 WHERE review_id = $1 AND status = 'pending' \
         AND ($2 IS NULL OR created_at = $2)",
    )
    .bind(review_id)
    .bind(created_at)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[async_trait::async_trait]
impl MailStorage for Store {
    async fn mail_secret(&self, candidate: &str) -> Result<String, StoreError> {
        sqlx::query("INSERT INTO mail_keys (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING")
            .bind(candidate)
            .execute(&self.write)
            .await?;
        let row = sqlx::query("SELECT secret FROM mail_keys WHERE id = 1")
            .fetch_one(&self.write)
            .await?;
        Ok(row.try_get("secret")?)
    }

    async fn queue_mails(&self, mails: &[NewMail]) -> Result<u64, StoreError> {
        let mut tx = self.write.begin().await?;
        let mut queued = 0;
        for mail in mails {
            queued += insert_mail(mail).execute(&mut *tx).await?.rows_affected();
        }
        tx.commit().await?;
        Ok(queued)
    }

    async fn claim_mails(
        &self,
        now: i64,
        lease_until: i64,
        limit: i64,
    ) -> Result<Vec<MailRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "UPDATE mail_outbox SET attempts = attempts + 1, locked_until = $2, \
             updated_at = $1 WHERE id IN (SELECT id FROM mail_outbox \
             WHERE status = 'pending' AND next_attempt_at <= $1 \
             AND (locked_until IS NULL OR locked_until <= $1) \
             ORDER BY next_attempt_at ASC LIMIT $3 {SKIP_LOCKED}) RETURNING {MAIL_COLUMNS}"
        ))
        .bind(now)
        .bind(lease_until)
        .bind(limit)
        .fetch_all(&self.write)
        .await?;
        let mut claimed: Vec<MailRecord> =
            rows.iter().map(mail_from_row).collect::<Result<_, _>>()?;
        claimed.sort_by_key(|m| m.next_attempt_at);
        Ok(claimed)
    }

    async fn finish_mail(
        &self,
        id: &str,
        outcome: &MailOutcome,
        now: i64,
    ) -> Result<(), StoreError> {
        let (status, error, code, next, sent) = match outcome {
            MailOutcome::Sent => ("sent", None, None, None, Some(now)),
            MailOutcome::Retry {
                error,
                code,
                next_attempt_at,
            } => ("pending", Some(error.clone()), *code, Some(*next_attempt_at), None),
            MailOutcome::Failed { error, code, .. } => {
                ("failed", Some(error.clone()), *code, None, None)
            }
            MailOutcome::Suppressed { reason } => {
                ("suppressed", Some(reason.clone()), None, None, None)
            }
        };
        let mut tx = self.write.begin().await?;
        let row = sqlx::query(
            "UPDATE mail_outbox SET status = $2, last_error = $3, last_code = $4, \
             next_attempt_at = COALESCE($5, next_attempt_at), sent_at = $6, \
             locked_until = NULL, updated_at = $7, \
             to_addr = CASE WHEN $2 <> 'pending' AND kind IN ('review_request', 'review_reminder') \
                 THEN '' ELSE to_addr END \
             WHERE id = $1 RETURNING to_sha256",
        )
        .bind(id)
        .bind(status)
        .bind(error)
        .bind(code)
        .bind(next)
        .bind(sent)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        if let (MailOutcome::Failed { bounce: true, .. }, Some(row)) = (outcome, row) {
            let hash: String = row.try_get("to_sha256")?;
            sqlx::query(
                "INSERT INTO mail_suppressions (site, email_sha256, reason, created_at) \
                 VALUES ('*', $1, 'bounce', $2) ON CONFLICT (site, email_sha256) DO NOTHING",
            )
            .bind(&hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn suppression(
        &self,
        site: &str,
        email_sha256: &str,
    ) -> Result<Option<String>, StoreError> {
        let row = sqlx::query(
            "SELECT reason FROM mail_suppressions WHERE email_sha256 = $1 \
             AND (site = $2 OR site = '*') ORDER BY site ASC LIMIT 1",
        )
        .bind(email_sha256)
        .bind(site)
        .fetch_optional(&self.write)
        .await?;
        row.map(|row| row.try_get("reason").map_err(StoreError::from))
            .transpose()
    }

    async fn suppress(
        &self,
        site: &str,
        email_sha256: &str,
        reason: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "INSERT INTO mail_suppressions (site, email_sha256, reason, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (site, email_sha256) DO NOTHING",
        )
        .bind(site)
        .bind(email_sha256)
        .bind(reason)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE mail_outbox SET status = 'suppressed', last_error = $3, updated_at = $4 \
             WHERE to_sha256 = $2 AND status = 'pending' AND (site = $1 OR $1 = '*')",
        )
        .bind(site)
        .bind(email_sha256)
        .bind(reason)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn mails(&self, site: Option<&str>, limit: i64) -> Result<Vec<MailRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {MAIL_COLUMNS} FROM mail_outbox WHERE ($1 IS NULL OR site = $1) \
             ORDER BY created_at DESC, id DESC LIMIT $2"
        ))
        .bind(site)
        .bind(limit)
        .fetch_all(&self.write)
        .await?;
        rows.iter().map(mail_from_row).collect()
    }

    async fn mail(&self, id: &str) -> Result<Option<MailRecord>, StoreError> {
        let row = sqlx::query(&format!("SELECT {MAIL_COLUMNS} FROM mail_outbox WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.write)
            .await?;
        row.as_ref().map(mail_from_row).transpose()
    }

    async fn prune_mails(&self, before: i64) -> Result<u64, StoreError> {
        let done =
            sqlx::query("DELETE FROM mail_outbox WHERE status <> 'pending' AND updated_at < $1")
                .bind(before)
                .execute(&self.write)
                .await?;
        Ok(done.rows_affected())
    }

    async fn site_mail_settings(&self, site: &str) -> Result<SiteMailSettings, StoreError> {
        let row = sqlx::query(
            "SELECT from_addr, from_name, request_delay_days, reminder_delay_days \
             FROM site_mail_settings WHERE site = $1",
        )
        .bind(site)
        .fetch_optional(&self.read)
        .await?;
        match row {
            None => Ok(SiteMailSettings::default()),
            Some(row) => Ok(SiteMailSettings {
                from_addr: row.try_get("from_addr")?,
                from_name: row.try_get("from_name")?,
                request_delay_days: row.try_get("request_delay_days")?,
                reminder_delay_days: row.try_get("reminder_delay_days")?,
            }),
        }
    }

    async fn set_site_mail_settings(
        &self,
        site: &str,
        settings: &SiteMailSettings,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO site_mail_settings (site, from_addr, from_name, request_delay_days, \
             reminder_delay_days) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (site) DO UPDATE SET \
             from_addr = excluded.from_addr, from_name = excluded.from_name, \
             request_delay_days = excluded.request_delay_days, \
             reminder_delay_days = excluded.reminder_delay_days",
        )
        .bind(site)
        .bind(&settings.from_addr)
        .bind(&settings.from_name)
        .bind(settings.request_delay_days)
        .bind(settings.reminder_delay_days)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    async fn site_team(
        &self,
        site: &str,
    ) -> Result<Vec<(UserRecord, UserMailSettings)>, StoreError> {
        let rows = sqlx::query(
            "SELECT u.id, u.email, u.display_name, u.password_hash, \
             COALESCE(s.new_complaint, 1) AS new_complaint, COALESCE(s.deadline, 1) AS deadline \
             FROM memberships m JOIN users u ON u.id = m.user_id \
             LEFT JOIN user_mail_settings s ON s.user_id = m.user_id AND s.site = m.site \
             WHERE m.site = $1 ORDER BY u.id",
        )
        .bind(site)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    user_from_row(row)?,
                    UserMailSettings {
                        new_complaint: row.try_get::<i64, _>("new_complaint")? != 0,
                        deadline: row.try_get::<i64, _>("deadline")? != 0,
                    },
                ))
            })
            .collect()
    }

    async fn upsert_review_request(
        &self,
        request: &ReviewRequestRecord,
    ) -> Result<(), StoreError> {
        sqlx::query(&format!(
            "INSERT INTO review_requests ({REQUEST_COLUMNS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
             ON CONFLICT (site, order_ref) DO UPDATE SET \
             email = CASE WHEN review_requests.sent < 2 AND review_requests.used_at IS NULL \
                 THEN COALESCE(excluded.email, review_requests.email) ELSE NULL END, \
             email_sha256 = excluded.email_sha256, products = excluded.products, \
             lang = COALESCE(excluded.lang, review_requests.lang), order_at = excluded.order_at, \
             delivered_at = COALESCE(excluded.delivered_at, review_requests.delivered_at), \
             next_due_at = CASE WHEN review_requests.sent = 0 AND review_requests.used_at IS NULL \
                 THEN excluded.next_due_at ELSE review_requests.next_due_at END"
        ))
        .bind(&request.site)
        .bind(&request.order_ref)
        .bind(&request.email)
        .bind(&request.email_sha256)
        .bind((!request.products.is_empty()).then(|| join_list(&request.products)))
        .bind(&request.lang)
        .bind(request.order_at)
        .bind(request.delivered_at)
        .bind(request.sent)
        .bind(request.next_due_at)
        .bind(request.used_at)
        .bind(request.created_at)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    async fn review_request(
        &self,
        site: &str,
        order_ref: &str,
    ) -> Result<Option<ReviewRequestRecord>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {REQUEST_COLUMNS} FROM review_requests WHERE site = $1 AND order_ref = $2"
        ))
        .bind(site)
        .bind(order_ref)
        .fetch_optional(&self.write)
        .await?;
        row.as_ref().map(request_from_row).transpose()
    }

    async fn due_review_requests(
        &self,
        now: i64,
        limit: i64,
    ) -> Result<Vec<ReviewRequestRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {REQUEST_COLUMNS} FROM review_requests WHERE next_due_at IS NOT NULL \
             AND next_due_at <= $1 ORDER BY next_due_at ASC LIMIT $2"
        ))
        .bind(now)
        .bind(limit)
        .fetch_all(&self.write)
        .await?;
        rows.iter().map(request_from_row).collect()
    }

    async fn advance_review_request(
        &self,
        request: &ReviewRequestRecord,
        sent_before: i64,
        next_due_at: Option<i64>,
        forget_email: bool,
        mails: &[NewMail],
    ) -> Result<bool, StoreError> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE review_requests SET sent = $3, next_due_at = $4, \
             email = CASE WHEN $5 = 1 THEN NULL ELSE email END \
             WHERE site = $1 AND order_ref = $2 AND sent = $6 AND next_due_at IS NOT NULL",
        )
        .bind(&request.site)
        .bind(&request.order_ref)
        .bind(sent_before + i64::try_from(mails.len()).unwrap_or(0).min(1))
        .bind(next_due_at)
        .bind(bool_int(forget_email))
        .bind(sent_before)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        for mail in mails {
            insert_mail(mail).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn order_has_review(
        &self,
        site: &str,
        order_ref: &str,
        email_sha256: &str,
    ) -> Result<bool, StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM reviews WHERE site = $1 \
             AND (order_ref = $2 OR email_sha256 = $3)",
        )
        .bind(site)
        .bind(order_ref)
        .bind(email_sha256)
        .fetch_one(&self.write)
        .await?;
        Ok(row.try_get::<i64, _>("n")? > 0)
    }

    async fn user_mail_settings(
        &self,
        user_id: i64,
        site: &str,
    ) -> Result<UserMailSettings, StoreError> {
        let row = sqlx::query(
            "SELECT new_complaint, deadline FROM user_mail_settings WHERE user_id = $1 AND site = $2",
        )
        .bind(user_id)
        .bind(site)
        .fetch_optional(&self.read)
        .await?;
        match row {
            None => Ok(UserMailSettings::default()),
            Some(row) => Ok(UserMailSettings {
                new_complaint: row.try_get::<i64, _>("new_complaint")? != 0,
                deadline: row.try_get::<i64, _>("deadline")? != 0,
            }),
        }
    }

    async fn set_user_mail_settings(
        &self,
        user_id: i64,
        site: &str,
        settings: UserMailSettings,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO user_mail_settings (user_id, site, new_complaint, deadline) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, site) DO UPDATE SET \
             new_complaint = excluded.new_complaint, deadline = excluded.deadline",
        )
        .bind(user_id)
        .bind(site)
        .bind(bool_int(settings.new_complaint))
        .bind(bool_int(settings.deadline))
        .execute(&self.write)
        .await?;
        Ok(())
    }
}
