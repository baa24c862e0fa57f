// The storage implementation shared by both backends. It is `include!`d by
// `sqlite.rs` and `postgres.rs`, each of which defines `Db` (the sqlx
// database), `Store` (its store type with `read` and `write` pools) and
// `NOTIFY` (whether to announce events with `pg_notify`). The SQL is the
// same for both: `$n` parameters, BIGINT times and 0/1 booleans.

use sqlx::Row as _;

use crate::core::model::{ReviewState, Role};
use crate::server::storage::{
    decode_kind, BanMatch, DeadlineAlert, DeliveryOutcome, DeliveryRecord, ExportCursor, ImportBatch,
    ImportCounts, LogCount, LogRecord, LoginFailures, OrderRecord, Membership, NewDelivery, PoolStats,
    QueueFilter, RateKey, RateTake, ActionRecord, PanelFields, PanelRow, PrivateMessageRecord, SavedReplyRecord,
    Suspected, WriteOutcome, RecentSignature, ReplyRecord, ReviewFilter, ReviewRecord, ReviewSort, SiteRecord,
    Storage, StoreError, StoredEvent, SummaryCounts, UserRecord, WriteBatch, EVENTS_CHANNEL,
    RecentEntry, RecentNotice, RECENT_CHANNEL,
};
use crate::server::storage::ban_cache::{self, BanRow};
use crate::server::storage::recent::RecentCache;
use crate::server::storage::site_cache::SiteCache;

type Row = <Db as sqlx::Database>::Row;

const REVIEW_COLUMNS: &str = "id, site, kind, rating, text, product, author_name, email, \
    email_sha256, order_ref, order_date, lang, created_at, status, resolution, first_answer_at, \
    details_requested_at, details_answered_at, moved_private, verified_order, check_score, \
    check_verdict, check_reasons, author_token_sha256, ip_hash, answer_due_at, \
    first_answer_open_minutes, hidden_reason, signature, version";

const SITE_COLUMNS: &str = "id, name, origins, languages, schedule, promise_minutes, \
    details_wait_hours, secret, webhook_url, created_at, webhook_secret";

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

fn join_list(items: &[String]) -> String {
    items.join("\n")
}

fn split_list(value: &str) -> Vec<String> {
    value
        .split('\n')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn site_from_row(row: &Row) -> Result<SiteRecord, StoreError> {
    Ok(SiteRecord {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        origins: split_list(&row.try_get::<String, _>("origins")?),
        languages: split_list(&row.try_get::<String, _>("languages")?),
        schedule: row.try_get("schedule")?,
        promise_minutes: row.try_get("promise_minutes")?,
        details_wait_hours: row.try_get("details_wait_hours")?,
        secret: row.try_get("secret")?,
        webhook_url: row.try_get("webhook_url")?,
        webhook_secret: row.try_get("webhook_secret")?,
        created_at: row.try_get("created_at")?,
    })
}

fn user_from_row(row: &Row) -> Result<UserRecord, StoreError> {
    Ok(UserRecord {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
        password_hash: row.try_get("password_hash")?,
    })
}

/// Adds one `rating, n, resolved, complaints` row of a summary query.
fn add_summary_row(summary: &mut SummaryCounts, row: &Row) -> Result<(), StoreError> {
    let rating: i64 = row.try_get("rating")?;
    let n: i64 = row.try_get("n")?;
    summary.count += n;
    summary.resolved += row.try_get::<Option<i64>, _>("resolved")?.unwrap_or(0);
    summary.complaints += row.try_get::<Option<i64>, _>("complaints")?.unwrap_or(0);
    if let Some(slot) = usize::try_from(rating - 1)
        .ok()
        .and_then(|i| summary.histogram.get_mut(i))
    {
        *slot += n;
    }
    Ok(())
}

fn review_from_row(row: &Row) -> Result<ReviewRecord, StoreError> {
    let status: String = row.try_get("status")?;
    let resolution: Option<String> = row.try_get("resolution")?;
    let state = ReviewState {
        kind: decode_kind(&row.try_get::<String, _>("kind")?)?,
        status: crate::core::model::Status::parse(&status)
            .ok_or(StoreError::Corrupt("reviews.status"))?,
        resolution: match resolution {
            Some(value) => Some(
                crate::core::model::Resolution::parse(&value)
                    .ok_or(StoreError::Corrupt("reviews.resolution"))?,
            ),
            None => None,
        },
        first_answer_at: row.try_get("first_answer_at")?,
        details_requested_at: row.try_get("details_requested_at")?,
        details_answered_at: row.try_get("details_answered_at")?,
        moved_private: row.try_get::<i64, _>("moved_private")? != 0,
        verified_order: row.try_get::<i64, _>("verified_order")? != 0,
    };
    Ok(ReviewRecord {
        id: row.try_get("id")?,
        site: row.try_get("site")?,
        rating: row.try_get("rating")?,
        text: row.try_get("text")?,
        product: row.try_get("product")?,
        author_name: row.try_get("author_name")?,
        email: row.try_get("email")?,
        email_sha256: row.try_get("email_sha256")?,
        order_ref: row.try_get("order_ref")?,
        order_date: row.try_get("order_date")?,
        lang: row.try_get("lang")?,
        created_at: row.try_get("created_at")?,
        state,
        check_score: row.try_get("check_score")?,
        check_verdict: row.try_get("check_verdict")?,
        check_reasons: split_list(&row.try_get::<String, _>("check_reasons")?),
        author_token_sha256: row.try_get("author_token_sha256")?,
        ip_hash: row.try_get("ip_hash")?,
        answer_due_at: row.try_get("answer_due_at")?,
        first_answer_open_minutes: row.try_get("first_answer_open_minutes")?,
        hidden_reason: row.try_get("hidden_reason")?,
        signature: row.try_get("signature")?,
        version: row.try_get("version")?,
    })
}

fn event_from_row(row: &Row) -> Result<StoredEvent, StoreError> {
    Ok(StoredEvent {
        id: row.try_get("id")?,
        site: row.try_get("site")?,
        name: row.try_get("name")?,
        data: row.try_get("data")?,
        created_at: row.try_get("created_at")?,
    })
}

fn log_from_row(row: &Row) -> Result<LogRecord, StoreError> {
    Ok(LogRecord {
        id: row.try_get("id")?,
        site: row.try_get("site")?,
        review_id: row.try_get("review_id")?,
        action: row.try_get("action")?,
        reason: row.try_get("reason")?,
        actor: row.try_get("actor")?,
        actor_user_id: row.try_get("actor_user_id")?,
        created_at: row.try_get("created_at")?,
    })
}

fn bool_int(value: bool) -> i64 {
    i64::from(value)
}

type Query<'q> = sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>>;

/// Binds an event's columns (site, name, data, created_at, review_id) as
/// the next five parameters of `query`.
fn bind_event<'q>(query: Query<'q>, event: &'q crate::server::storage::NewEvent, now: i64) -> Query<'q> {
    query
        .bind(&event.site)
        .bind(&event.name)
        .bind(&event.data)
        .bind(now)
        .bind(&event.review_id)
}

const REVIEW_VALUES: &str = "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
    $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31)";

/// [`REVIEW_VALUES`] and the five triage columns.
const REVIEW_VALUES_WITH_PANEL: &str = "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, \
    $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, \
    $30, $31, $32, $33, $34, $35, $36)";

/// Binds every column of a review (and `updated_at`) to an insert.
fn review_insert<'q>(sql: &'q str, review: &'q ReviewRecord, now: i64) -> Query<'q> {
    let state = &review.state;
    sqlx::query(sql)
        .bind(&review.id)
        .bind(&review.site)
        .bind(state.kind.as_str())
        .bind(review.rating)
        .bind(&review.text)
        .bind(&review.product)
        .bind(&review.author_name)
        .bind(&review.email)
        .bind(&review.email_sha256)
        .bind(&review.order_ref)
        .bind(&review.order_date)
        .bind(&review.lang)
        .bind(review.created_at)
        .bind(state.status.as_str())
        .bind(state.resolution.map(|r| r.as_str()))
        .bind(state.first_answer_at)
        .bind(state.details_requested_at)
        .bind(state.details_answered_at)
        .bind(bool_int(state.moved_private))
        .bind(bool_int(state.verified_order))
        .bind(review.check_score)
        .bind(&review.check_verdict)
        .bind(join_list(&review.check_reasons))
        .bind(&review.author_token_sha256)
        .bind(&review.ip_hash)
        .bind(review.answer_due_at)
        .bind(review.first_answer_open_minutes)
        .bind(&review.hidden_reason)
        .bind(&review.signature)
        .bind(review.version)
        .bind(now)
}

const DELIVERY_COLUMNS: &str = "id, site, event, payload, status, attempts, next_attempt_at, \
    last_error, last_status_code, url, created_at, updated_at, delivered_at";

fn insert_delivery(delivery: &NewDelivery) -> Query<'_> {
    sqlx::query(
        "INSERT INTO webhook_deliveries (id, site, event, payload, status, attempts, \
         next_attempt_at, created_at, updated_at, review_id) \
         VALUES ($1, $2, $3, $4, 'pending', 0, $5, $5, $5, $6)",
    )
    .bind(&delivery.id)
    .bind(&delivery.site)
    .bind(&delivery.event)
    .bind(&delivery.payload)
    .bind(delivery.created_at)
    .bind(&delivery.review_id)
}

fn delivery_from_row(row: &Row) -> Result<DeliveryRecord, StoreError> {
    Ok(DeliveryRecord {
        id: row.try_get("id")?,
        site: row.try_get("site")?,
        event: row.try_get("event")?,
        payload: row.try_get("payload")?,
        status: row.try_get("status")?,
        attempts: row.try_get("attempts")?,
        next_attempt_at: row.try_get("next_attempt_at")?,
        last_error: row.try_get("last_error")?,
        last_status_code: row.try_get("last_status_code")?,
        url: row.try_get("url")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        delivered_at: row.try_get("delivered_at")?,
    })
}

fn reply_from_row(row: &Row) -> Result<ReplyRecord, StoreError> {
    Ok(ReplyRecord {
        id: row.try_get("id")?,
        review_id: row.try_get("review_id")?,
        kind: row.try_get("kind")?,
        text: row.try_get("text")?,
        author_display: row.try_get("author_display")?,
        user_id: row.try_get("user_id")?,
        created_at: row.try_get("created_at")?,
    })
}

/// The flag column of a deadline alert (a fixed name, never input).
fn alert_column(alert: DeadlineAlert) -> &'static str {
    match alert {
        DeadlineAlert::Near => "deadline_near_at",
        DeadlineAlert::Breached => "deadline_breached_at",
    }
}

fn cursor_id(cursor: &ExportCursor) -> i64 {
    match cursor {
        ExportCursor::Id(id) => *id,
        _ => 0,
    }
}

/// Writes a batch inside an open transaction (the caller commits), so other
/// writes — an incident notice — can share its transaction.
/// Scrubs a review's text and author from its stored live events and webhook
/// payloads (see [`super::redact::scrub`]).
async fn redact_review(
    tx: &mut sqlx::Transaction<'static, Db>,
    review_id: &str,
) -> Result<(), StoreError> {
    for (table, column, key) in [
        ("events", "data", "id"),
        ("webhook_deliveries", "payload", "id"),
    ] {
        let rows = sqlx::query(&format!(
            "SELECT {key} AS key, {column} AS body FROM {table} WHERE review_id = $1"
        ))
        .bind(review_id)
        .fetch_all(&mut **tx)
        .await?;
        for row in rows {
            let body: String = row.try_get("body")?;
            let Some(scrubbed) = super::redact::scrub(&body, review_id) else {
                continue;
            };
            let update = format!("UPDATE {table} SET {column} = $1 WHERE {key} = $2");
            let query = sqlx::query(&update).bind(scrubbed);
            if table == "events" {
                query.bind(row.try_get::<i64, _>("key")?)
            } else {
                query.bind(row.try_get::<String, _>("key")?)
            }
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// Announcements to the other instances (PostgreSQL): `(channel, payload)`,
/// delivered when the transaction commits.
type Notices = Vec<(&'static str, String)>;

/// Applies `batch` in `tx` and sends its announcements (see [`notify`]).
async fn apply_batch(
    tx: &mut sqlx::Transaction<'static, Db>,
    batch: &WriteBatch,
    now: i64,
) -> Result<WriteOutcome, StoreError> {
    let mut notices = Notices::new();
    let outcome = apply_batch_quiet(tx, batch, now, &mut notices).await?;
    notify(tx, &notices).await?;
    Ok(outcome)
}

/// Sends `notices` in one statement; they are delivered when `tx` commits.
async fn notify(tx: &mut sqlx::Transaction<'static, Db>, notices: &Notices) -> Result<(), StoreError> {
    if notices.is_empty() {
        return Ok(());
    }
    let calls: Vec<String> = (0..notices.len())
        .map(|i| format!("pg_notify(${}, ${})", 2 * i + 1, 2 * i + 2))
        .collect();
    let sql = format!("SELECT {}", calls.join(", "));
    let mut query = sqlx::query(&sql);
    for (channel, payload) in notices {
        query = query.bind(*channel).bind(payload);
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

/// Applies `batch` in `tx` and adds what it must announce to `notices`,
/// for the caller to send with [`notify`] (a group sends all of its
/// batches' notices in one statement).
async fn apply_batch_quiet(
    tx: &mut sqlx::Transaction<'static, Db>,
    batch: &WriteBatch,
    now: i64,
    notices: &mut Notices,
) -> Result<WriteOutcome, StoreError> {
    // The new review's triage goes into its insert (one statement less on
    // every submission).
    let inserted_panel = batch.insert.as_ref().and_then(|review| {
        batch
            .panel
            .iter()
            .position(|(id, _)| *id == review.id)
    });
    // On PostgreSQL the new review's first event goes into the same
    // statement as the review (a data-modifying `WITH`), one round trip less
    // on every submission. Its id is the group writer's next, as before.
    let mut first_event_id: Option<i64> = None;
    if let Some(review) = &batch.insert {
        match inserted_panel {
            Some(i) => {
                let panel = &batch.panel[i].1;
                let insert = format!(
                    "INSERT INTO reviews ({REVIEW_COLUMNS}, updated_at, topic, topics, priority, \
                     stop_engaging, search_text) {REVIEW_VALUES_WITH_PANEL}"
                );
                let event = batch.events.first().filter(|_| NOTIFY);
                let sql = match event {
                    Some(_) => format!(
                        "WITH inserted AS ({insert}) INSERT INTO events \
                         (site, name, data, created_at, review_id) \
                         VALUES ($37, $38, $39, $40, $41) RETURNING id"
                    ),
                    None => insert,
                };
                let query = review_insert(&sql, review, now)
                    .bind(&panel.topic)
                    .bind(join_list(&panel.topics))
                    .bind(&panel.priority)
                    .bind(bool_int(panel.stop_engaging))
                    .bind(&panel.search_text);
                match event {
                    Some(event) => {
                        let row = bind_event(query, event, now).fetch_one(&mut **tx).await?;
                        first_event_id = Some(row.try_get("id")?);
                    }
                    None => {
                        query.execute(&mut **tx).await?;
                    }
                }
            }
            None => {
                let sql = format!("INSERT INTO reviews ({REVIEW_COLUMNS}, updated_at) {REVIEW_VALUES}");
                review_insert(&sql, review, now).execute(&mut **tx).await?;
            }
        }
    }
    if let Some((site, order_ref)) = &batch.use_request {
        use_review_request(tx, site, order_ref, now).await?;
    }
    if let Some(vote) = &batch.vote {
        apply_vote(tx, vote).await?;
    }
    for review_id in &batch.redact {
        redact_review(tx, review_id).await?;
        cancel_review_mails(tx, review_id, None, now).await?;
    }
    for review_id in &batch.campaign_flags {
        sqlx::query("UPDATE reviews SET campaign_flag = 1 WHERE id = $1")
            .bind(review_id)
            .execute(&mut **tx)
            .await?;
    }
    for order in &batch.orders {
        sqlx::query(
            "INSERT INTO orders (site, order_ref, order_date, email_sha256, created_at, products) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (site, order_ref) DO UPDATE SET \
             order_date = excluded.order_date, email_sha256 = excluded.email_sha256, \
             products = excluded.products",
        )
        .bind(&order.site)
        .bind(&order.order_ref)
        .bind(&order.order_date)
        .bind(&order.email_sha256)
        .bind(order.created_at)
        .bind((!order.products.is_empty()).then(|| join_list(&order.products)))
        .execute(&mut **tx)
        .await?;
    }
    for review in &batch.updates {
        let state = &review.state;
        // Text, rating and the author's name are deliberately not updatable; the
        // order fields are, because the author may send them on request.
        let done = sqlx::query(
            "UPDATE reviews SET status = $1, resolution = $2, first_answer_at = $3, \
             details_requested_at = $4, details_answered_at = $5, moved_private = $6, \
             verified_order = $7, answer_due_at = $8, first_answer_open_minutes = $9, \
             hidden_reason = $10, order_ref = $14, order_date = $15, \
             version = version + 1, updated_at = $11 WHERE id = $12 AND version = $13",
        )
        .bind(state.status.as_str())
        .bind(state.resolution.map(|r| r.as_str()))
        .bind(state.first_answer_at)
        .bind(state.details_requested_at)
        .bind(state.details_answered_at)
        .bind(bool_int(state.moved_private))
        .bind(bool_int(state.verified_order))
        .bind(review.answer_due_at)
        .bind(review.first_answer_open_minutes)
        .bind(&review.hidden_reason)
        .bind(now)
        .bind(&review.id)
        .bind(review.version)
        .bind(&review.order_ref)
        .bind(&review.order_date)
        .execute(&mut **tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::StaleVersion);
        }
    }
    let untriaged = batch.panel_if_untriaged.iter().map(|p| (p, true));
    let updated = batch
        .panel
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != inserted_panel)
        .map(|(_, p)| (p, false));
    for ((review_id, panel), only_untriaged) in updated.chain(untriaged) {
        sqlx::query(if only_untriaged {
            "UPDATE reviews SET topic = $2, topics = $3, priority = $4, stop_engaging = $5, \
             search_text = $6 WHERE id = $1 AND topic IS NULL"
        } else {
            "UPDATE reviews SET topic = $2, topics = $3, priority = $4, stop_engaging = $5, \
             search_text = $6 WHERE id = $1"
        })
        .bind(review_id)
        .bind(&panel.topic)
        .bind(join_list(&panel.topics))
        .bind(&panel.priority)
        .bind(bool_int(panel.stop_engaging))
        .bind(&panel.search_text)
        .execute(&mut **tx)
        .await?;
    }
    if let Some(undo) = &batch.undo {
        let done = sqlx::query(
            "UPDATE moderation_log SET undone_at = $2 WHERE id = $1 AND undone_at IS NULL",
        )
        .bind(undo.action_id)
        .bind(undo.now)
        .execute(&mut **tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict("already_undone".into()));
        }
        sqlx::query("DELETE FROM replies WHERE id = $1")
            .bind(undo.reply_id)
            .execute(&mut **tx)
            .await?;
        sqlx::query("DELETE FROM bans WHERE id = $1")
            .bind(undo.ban_id)
            .execute(&mut **tx)
            .await?;
        sqlx::query("DELETE FROM private_messages WHERE log_id = $1")
            .bind(undo.action_id)
            .execute(&mut **tx)
            .await?;
        // The mails the action queued have not gone out yet (they wait for
        // the undo window): they go with it.
        let row = sqlx::query("SELECT review_id, created_at FROM moderation_log WHERE id = $1")
            .bind(undo.action_id)
            .fetch_one(&mut **tx)
            .await?;
        if let Some(review_id) = row.try_get::<Option<String>, _>("review_id")? {
            let at: i64 = row.try_get("created_at")?;
            cancel_review_mails(tx, &review_id, Some(at), now).await?;
        }
    }
    let mut reply_id: Option<i64> = None;
    let mut ban_id: Option<i64> = None;
    for reply in &batch.replies {
        let row = sqlx::query(
            "INSERT INTO replies (review_id, kind, text, author_display, user_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&reply.review_id)
        .bind(&reply.kind)
        .bind(&reply.text)
        .bind(&reply.author_display)
        .bind(reply.user_id)
        .bind(reply.created_at)
        .fetch_one(&mut **tx)
        .await?;
        reply_id = Some(row.try_get("id")?);
    }
    for entry in &batch.log {
        sqlx::query(
            "INSERT INTO moderation_log (site, review_id, action, reason, actor, \
             actor_user_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&entry.site)
        .bind(&entry.review_id)
        .bind(&entry.action)
        .bind(&entry.reason)
        .bind(&entry.actor)
        .bind(entry.actor_user_id)
        .bind(entry.created_at)
        .execute(&mut **tx)
        .await?;
    }
    for ban in &batch.bans {
        let row = sqlx::query(
            "INSERT INTO bans (site, email_sha256, ip_hash, reason, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&ban.site)
        .bind(&ban.email_sha256)
        .bind(&ban.ip_hash)
        .bind(&ban.reason)
        .bind(ban.created_at)
        .bind(ban.expires_at)
        .fetch_one(&mut **tx)
        .await?;
        ban_id = Some(row.try_get("id")?);
    }
    let mut action_id = None;
    if let Some(action) = &batch.action {
        let entry = &action.log;
        let row = sqlx::query(
            "INSERT INTO moderation_log (site, review_id, action, reason, actor, \
             actor_user_id, created_at, public, undo_state, undo_until, reply_id, ban_id, \
             version_after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
             RETURNING id",
        )
        .bind(&entry.site)
        .bind(&entry.review_id)
        .bind(&entry.action)
        .bind(&entry.reason)
        .bind(&entry.actor)
        .bind(entry.actor_user_id)
        .bind(entry.created_at)
        .bind(bool_int(action.public))
        .bind(&action.undo_state)
        .bind(action.undo_until)
        .bind(reply_id)
        .bind(ban_id)
        .bind(action.version_after)
        .fetch_one(&mut **tx)
        .await?;
        action_id = Some(row.try_get::<i64, _>("id")?);
    }
    if let Some(message) = &batch.private_message {
        sqlx::query(
            "INSERT INTO private_messages (review_id, log_id, text, author, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&message.review_id)
        .bind(action_id)
        .bind(&message.text)
        .bind(&message.author)
        .bind(message.created_at)
        .execute(&mut **tx)
        .await?;
    }
    for delivery in &batch.webhooks {
        insert_delivery(delivery).execute(&mut **tx).await?;
    }
    for mail in &batch.mails {
        insert_mail(mail).execute(&mut **tx).await?;
    }
    // Announcements to the other instances (PostgreSQL), delivered when the
    // transaction commits: the recent-window notices, and every stored
    // event's id.
    if NOTIFY {
        for notice in recent_notices(batch) {
            let payload = serde_json::to_string(&notice).map_err(|_| StoreError::Corrupt("notice"))?;
            notices.push((RECENT_CHANNEL, payload));
        }
    }
    let mut stored = Vec::with_capacity(batch.events.len());
    for (i, event) in batch.events.iter().enumerate() {
        let id: i64 = match first_event_id.filter(|_| i == 0) {
            Some(id) => id,
            None => bind_event(
                sqlx::query(
                    "INSERT INTO events (site, name, data, created_at, review_id) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                ),
                event,
                now,
            )
            .fetch_one(&mut **tx)
            .await?
            .try_get("id")?,
        };
        if NOTIFY {
            notices.push((EVENTS_CHANNEL, id.to_string()));
        }
        stored.push(StoredEvent {
            id,
            site: event.site.clone(),
            name: event.name.clone(),
            data: event.data.clone(),
            created_at: now,
        });
    }
    Ok(WriteOutcome {
        events: stored,
        action_id,
    })
}

/// A batch waiting for the group writer, and where its outcome goes.
type Pending = (
    WriteBatch,
    tokio::sync::oneshot::Sender<Result<WriteOutcome, StoreError>>,
);

/// Most batches committed in one transaction.
const GROUP_MAX: usize = 64;

/// Starts the group writer: one task that takes every batch waiting at that
/// moment and commits them in one transaction (one fsync), then answers
/// each. Nobody waits for a group to fill: a lone batch is committed at
/// once, and batches gather only while the previous commit is on disk. One
/// writer also keeps this instance's event ids in commit order, which the
/// live stream's resume position relies on.
fn spawn_group_writer(
    pool: sqlx::Pool<Db>,
    recent: std::sync::Arc<RecentCache>,
) -> tokio::sync::mpsc::Sender<Pending> {
    let (send, mut receive) = tokio::sync::mpsc::channel::<Pending>(1024);
    tokio::spawn(async move {
        let mut waiting = Vec::with_capacity(GROUP_MAX);
        while receive.recv_many(&mut waiting, GROUP_MAX).await > 0 {
            let (batches, replies): (Vec<WriteBatch>, Vec<_>) = waiting.drain(..).unzip();
            // What the committed batches change in this instance's memory,
            // applied here, so that a caller that went away cannot skip it.
            let notices: Vec<Vec<RecentNotice>> = batches.iter().map(recent_notices).collect();
            let bans_changed = batches.iter().any(|b| {
                !b.bans.is_empty() || b.undo.as_ref().is_some_and(|u| u.ban_id.is_some())
            });
            let outcomes = commit_group(&pool, batches).await;
            if bans_changed {
                // Also when a write failed: it may have been committed.
                recent.bans.clear();
            }
            for (notices, outcome) in notices.iter().zip(&outcomes) {
                if outcome.is_ok() {
                    notices.iter().for_each(|notice| recent.heard(notice));
                }
            }
            for (reply, outcome) in replies.into_iter().zip(outcomes) {
                // The caller may have gone (its request was cancelled); the
                // write stands, as it would have without the group.
                let _ = reply.send(outcome);
            }
        }
    });
    send
}

/// Commits `batches` in one transaction. Each batch stands on its own: when
/// one fails (a conflict, a stale version), the group is rolled back and
/// every batch is committed again alone, so only the failing one fails.
/// Failures are rare, so the common case pays one transaction and no
/// savepoints. When a transaction itself fails, its batches get the error:
/// none of them was committed, none is acknowledged.
async fn commit_group(
    pool: &sqlx::Pool<Db>,
    batches: Vec<WriteBatch>,
) -> Vec<Result<WriteOutcome, StoreError>> {
    if batches.len() > 1 {
        if let Ok(outcomes) = commit_all(pool, &batches).await {
            return outcomes.into_iter().map(Ok).collect();
        }
    }
    let mut outcomes = Vec::with_capacity(batches.len());
    for batch in &batches {
        outcomes.push(commit_all(pool, std::slice::from_ref(batch)).await.map(|mut o| o.remove(0)));
    }
    outcomes
}

/// Commits all of `batches` in one transaction, or none.
async fn commit_all(
    pool: &sqlx::Pool<Db>,
    batches: &[WriteBatch],
) -> Result<Vec<WriteOutcome>, StoreError> {
    let mut tx = pool.begin().await?;
    let now = now_ms();
    let mut outcomes = Vec::with_capacity(batches.len());
    let mut notices = Notices::new();
    for batch in batches {
        outcomes.push(
            apply_batch_quiet(&mut tx, batch, now, &mut notices)
                .await
                .map_err(unique_as_conflict)?,
        );
    }
    notify(&mut tx, &notices).await?;
    match tx.commit().await {
        Ok(()) => Ok(outcomes),
        Err(err) if is_unique_violation(&err) => Err(StoreError::Conflict("review".into())),
        Err(err) => Err(err.into()),
    }
}

/// What a batch changes in the sites' recent-submission windows: an insert,
/// withdrawals.
fn recent_notices(batch: &WriteBatch) -> Vec<RecentNotice> {
    let inserted = batch.insert.iter().map(|review| RecentNotice {
        site: review.site.clone(),
        id: review.id.clone(),
        created_at: Some(review.created_at),
        signature: review.signature.clone(),
        ip_hash: review.ip_hash.clone(),
        email_sha256: review.email_sha256.clone(),
        withdrawn: review.state.status == crate::core::model::Status::Withdrawn,
    });
    let withdrawn = batch
        .updates
        .iter()
        .filter(|review| review.state.status == crate::core::model::Status::Withdrawn)
        .map(|review| RecentNotice {
            site: review.site.clone(),
            id: review.id.clone(),
            created_at: None,
            signature: None,
            ip_hash: None,
            email_sha256: None,
            withdrawn: true,
        });
    inserted.chain(withdrawn).collect()
}

/// A row of [`Storage::recent_signatures`] as a window entry.
fn recent_entry(row: RecentSignature) -> RecentEntry {
    let signature = row
        .signature
        .as_deref()
        .and_then(crate::core::detect::Signature::from_hex);
    RecentEntry {
        withdrawn: row.status == crate::core::model::Status::Withdrawn,
        sketch: signature.as_ref().map(crate::core::detect::Signature::sketch),
        signature,
        id: row.id,
        created_at: row.created_at,
        ip_hash: row.ip_hash,
        email_sha256: row.email_sha256,
    }
}

/// A unique-key violation inside a batch, as the conflict it is.
fn unique_as_conflict(err: StoreError) -> StoreError {
    match err {
        StoreError::Db(db) if is_unique_violation(&db) => StoreError::Conflict("review".into()),
        other => other,
    }
}

#[async_trait::async_trait]
impl Storage for Store {
    fn backend(&self) -> &'static str {
        BACKEND
    }

    fn shares_events(&self) -> bool {
        NOTIFY
    }

    fn listen_pool(&self) -> Option<sqlx::PgPool> {
        listen_pool(self)
    }

    async fn create_site(&self, site: &SiteRecord) -> Result<(), StoreError> {
        let result = sqlx::query(&format!(
            "INSERT INTO sites ({SITE_COLUMNS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
        ))
        .bind(&site.id)
        .bind(&site.name)
        .bind(join_list(&site.origins))
        .bind(join_list(&site.languages))
        .bind(&site.schedule)
        .bind(site.promise_minutes)
        .bind(site.details_wait_hours)
        .bind(&site.secret)
        .bind(&site.webhook_url)
        .bind(site.created_at)
        .bind(&site.webhook_secret)
        .execute(&self.write)
        .await;
        match result {
            Ok(_) => Ok(()),
            Err(err) if is_unique_violation(&err) => {
                Err(StoreError::Conflict(format!("site {}", site.id)))
            }
            Err(err) => Err(err.into()),
        }
    }

    async fn update_site(&self, site: &SiteRecord) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE sites SET name = $2, origins = $3, languages = $4, schedule = $5, \
             promise_minutes = $6, details_wait_hours = $7, secret = $8, webhook_url = $9, \
             webhook_secret = $10 WHERE id = $1",
        )
        .bind(&site.id)
        .bind(&site.name)
        .bind(join_list(&site.origins))
        .bind(join_list(&site.languages))
        .bind(&site.schedule)
        .bind(site.promise_minutes)
        .bind(site.details_wait_hours)
        .bind(&site.secret)
        .bind(&site.webhook_url)
        .bind(&site.webhook_secret)
        .execute(&self.write)
        .await?;
        self.sites.forget(&site.id);
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn site(&self, id: &str) -> Result<Option<SiteRecord>, StoreError> {
        if let Some(site) = self.sites.get(id) {
            return Ok(Some(site));
        }
        let row = sqlx::query(&format!("SELECT {SITE_COLUMNS} FROM sites WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.read)
            .await?;
        let site = row.as_ref().map(site_from_row).transpose()?;
        if let Some(site) = &site {
            self.sites.keep(site);
        }
        Ok(site)
    }

    async fn sites(&self) -> Result<Vec<SiteRecord>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {SITE_COLUMNS} FROM sites ORDER BY id"))
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(site_from_row).collect()
    }

    async fn create_user(
        &self,
        email: &str,
        display_name: &str,
        password_hash: &str,
        now: i64,
    ) -> Result<i64, StoreError> {
        let result = sqlx::query(
            "INSERT INTO users (email, display_name, password_hash, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(email)
        .bind(display_name)
        .bind(password_hash)
        .bind(now)
        .fetch_one(&self.write)
        .await;
        match result {
            Ok(row) => Ok(row.try_get("id")?),
            Err(err) if is_unique_violation(&err) => {
                Err(StoreError::Conflict(format!("user {email}")))
            }
            Err(err) => Err(err.into()),
        }
    }

    async fn update_user(
        &self,
        id: i64,
        display_name: &str,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.write.begin().await?;
        let before: Option<String> = sqlx::query("SELECT password_hash FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|row| row.try_get("password_hash"))
            .transpose()?;
        let Some(before) = before else {
            return Err(StoreError::NotFound);
        };
        sqlx::query("UPDATE users SET display_name = $2, password_hash = $3 WHERE id = $1")
            .bind(id)
            .bind(display_name)
            .bind(password_hash)
            .execute(&mut *tx)
            .await?;
        if before != password_hash {
            // A new password signs the account out everywhere.
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn user_by_email(&self, email: &str) -> Result<Option<UserRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT id, email, display_name, password_hash FROM users WHERE email = $1",
        )
        .bind(email)
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    async fn grant(&self, user_id: i64, site: &str, role: Role) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO memberships (user_id, site, role) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, site) DO UPDATE SET role = excluded.role",
        )
        .bind(user_id)
        .bind(site)
        .bind(role.as_str())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    async fn memberships(&self, user_id: i64) -> Result<Vec<Membership>, StoreError> {
        let rows =
            sqlx::query("SELECT site, role FROM memberships WHERE user_id = $1 ORDER BY site")
                .bind(user_id)
                .fetch_all(&self.read)
                .await?;
        rows.iter()
            .map(|row| {
                let role: String = row.try_get("role")?;
                Ok(Membership {
                    site: row.try_get("site")?,
                    role: Role::parse(&role).ok_or(StoreError::Corrupt("memberships.role"))?,
                })
            })
            .collect()
    }

    async fn create_session(
        &self,
        token_sha256: &str,
        user_id: i64,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.write.begin().await?;
        // Expired sessions are pruned as new ones start.
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_sha256, user_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(token_sha256)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn session_user(
        &self,
        token_sha256: &str,
        now: i64,
    ) -> Result<Option<UserRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT u.id, u.email, u.display_name, u.password_hash FROM sessions s \
             JOIN users u ON u.id = s.user_id WHERE s.token_sha256 = $1 AND s.expires_at > $2",
        )
        .bind(token_sha256)
        .bind(now)
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    async fn delete_session(&self, token_sha256: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_sha256 = $1")
            .bind(token_sha256)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    async fn write(&self, batch: WriteBatch) -> Result<Vec<StoredEvent>, StoreError> {
        Ok(self.write_outcome(batch).await?.events)
    }

    async fn write_outcome(&self, batch: WriteBatch) -> Result<WriteOutcome, StoreError> {
        let (reply, outcome) = tokio::sync::oneshot::channel();
        if self.group.send((batch, reply)).await.is_err() {
            return Err(StoreError::WriterGone);
        }
        outcome.await.unwrap_or(Err(StoreError::WriterGone))
    }

    async fn visit_recent(
        &self,
        site: &str,
        since: i64,
        limit: i64,
        visit: &mut (dyn for<'e> FnMut(&'e RecentEntry) + Send),
    ) -> Result<(), StoreError> {
        let load = || async {
            let rows = self.recent_signatures(site, since, limit).await?;
            Ok::<_, StoreError>(rows.into_iter().map(recent_entry).collect())
        };
        let limit = usize::try_from(limit).unwrap_or(0);
        self.recent
            .visit(site, since, limit, load, visit)
            .await
    }

    async fn write_group(&self, batches: Vec<WriteBatch>) -> Vec<Result<WriteOutcome, StoreError>> {
        commit_group(&self.write, batches).await
    }

    async fn review(&self, id: &str) -> Result<Option<ReviewRecord>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {REVIEW_COLUMNS} FROM reviews WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(review_from_row).transpose()
    }

    async fn published(
        &self,
        site: &str,
        filter: &ReviewFilter,
    ) -> Result<Vec<ReviewRecord>, StoreError> {
        let order = match filter.sort {
            ReviewSort::Newest => "created_at DESC, id DESC",
            ReviewSort::Oldest => "created_at ASC, id ASC",
            ReviewSort::Highest => "rating DESC, created_at DESC, id DESC",
            ReviewSort::Lowest => "rating ASC, created_at DESC, id DESC",
            ReviewSort::Helpful => "votes DESC, created_at DESC, id DESC",
        };
        let rows = sqlx::query(&format!(
            "SELECT {REVIEW_COLUMNS} FROM reviews WHERE site = $1 \
             AND status IN ('published', 'hidden') AND ($2 IS NULL OR product = $2) AND ($3 IS NULL OR rating = $3) \
             ORDER BY {order} LIMIT $4 OFFSET $5"
        ))
        .bind(site)
        .bind(&filter.product)
        .bind(filter.rating)
        .bind(filter.limit)
        .bind(filter.offset)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(review_from_row).collect()
    }

    async fn queue(
        &self,
        site: &str,
        filter: &QueueFilter,
    ) -> Result<Vec<ReviewRecord>, StoreError> {
        // Groups: 0 = waiting for an answer with a deadline, 1 = other
        // unanswered ones, 2 = the rest.
        const GROUP: &str = "CASE WHEN first_answer_at IS NULL AND answer_due_at IS NOT NULL \
             THEN 0 WHEN first_answer_at IS NULL AND stop_engaging = 0 AND resolution IS NULL \
             AND status <> 'withdrawn' THEN 1 ELSE 2 END";
        const RANK: &str = "CASE priority WHEN 'product_safety' THEN 0 \
             WHEN 'site_failure' THEN 1 WHEN 'urgent_delivery' THEN 2 WHEN 'prominent' THEN 3 \
             ELSE 4 END";
        let suspected = match filter.suspected {
            None => "",
            Some(Suspected::Template) => "AND check_verdict = 'template'",
            Some(Suspected::Campaign) => {
                "AND (campaign_flag = 1 OR (status = 'held' AND hidden_reason = 'template_campaign'))"
            }
            Some(Suspected::Any) => {
                "AND (check_verdict = 'template' OR campaign_flag = 1 \
                 OR (status = 'held' AND hidden_reason = 'template_campaign'))"
            }
        };
        let q = filter.q.as_ref().map(|q| {
            let escaped = q
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            format!("%{escaped}%")
        });
        let rows = sqlx::query(&format!(
            "SELECT {REVIEW_COLUMNS} FROM reviews WHERE site = $1 \
             AND ($2 IS NULL OR status = $2) AND ($3 = 0 OR resolution IS NULL) \
             AND ($6 IS NULL OR topic = $6) AND ($7 IS NULL OR priority = $7) \
             AND ($8 IS NULL OR rating = $8) AND ($9 IS NULL OR lang = $9) \
             AND ($10 IS NULL OR search_text LIKE $10 ESCAPE '\\') {suspected} \
             ORDER BY {GROUP}, CASE WHEN {GROUP} = 0 THEN answer_due_at ELSE 0 END ASC, \
             CASE WHEN {GROUP} < 2 THEN {RANK} ELSE 0 END ASC, created_at DESC, id DESC \
             LIMIT $4 OFFSET $5"
        ))
        .bind(site)
        .bind(&filter.status)
        .bind(bool_int(filter.open_only))
        .bind(filter.limit)
        .bind(filter.offset)
        .bind(&filter.topic)
        .bind(&filter.priority)
        .bind(filter.rating)
        .bind(&filter.lang)
        .bind(q)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(review_from_row).collect()
    }

    async fn recent(
        &self,
        site: &str,
        since: i64,
        limit: i64,
    ) -> Result<Vec<ReviewRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {REVIEW_COLUMNS} FROM reviews WHERE site = $1 AND created_at >= $2 \
             ORDER BY created_at DESC, id DESC LIMIT $3"
        ))
        .bind(site)
        .bind(since)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(review_from_row).collect()
    }

    async fn recent_signatures(
        &self,
        site: &str,
        since: i64,
        limit: i64,
    ) -> Result<Vec<RecentSignature>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, status, version, signature, ip_hash, email_sha256, created_at FROM reviews \
             WHERE site = $1 \
             AND created_at >= $2 ORDER BY created_at DESC, id DESC LIMIT $3",
        )
        .bind(site)
        .bind(since)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                let status: String = row.try_get("status")?;
                Ok(RecentSignature {
                    id: row.try_get("id")?,
                    status: crate::core::model::Status::parse(&status)
                        .ok_or(StoreError::Corrupt("reviews.status"))?,
                    version: row.try_get("version")?,
                    signature: row.try_get("signature")?,
                    ip_hash: row.try_get("ip_hash")?,
                    email_sha256: row.try_get("email_sha256")?,
                    created_at: row.try_get("created_at")?,
                })
            })
            .collect()
    }

    async fn replies(&self, review_ids: &[String]) -> Result<Vec<ReplyRecord>, StoreError> {
        if review_ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=review_ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT id, review_id, kind, text, author_display, user_id, created_at FROM replies \
             WHERE review_id IN ({}) ORDER BY created_at ASC, id ASC",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for id in review_ids {
            query = query.bind(id);
        }
        let rows = query.fetch_all(&self.read).await?;
        rows.iter().map(reply_from_row).collect()
    }

    async fn summary(
        &self,
        site: &str,
        product: Option<&str>,
    ) -> Result<SummaryCounts, StoreError> {
        let rows = sqlx::query(
            "SELECT rating, COUNT(*) AS n, \
             SUM(CASE WHEN resolution IS NOT NULL THEN 1 ELSE 0 END) AS resolved, \
             SUM(CASE WHEN kind = 'complaint' THEN 1 ELSE 0 END) AS complaints \
             FROM reviews WHERE site = $1 AND status = 'published' \
             AND ($2 IS NULL OR product = $2) GROUP BY rating",
        )
        .bind(site)
        .bind(product)
        .fetch_all(&self.read)
        .await?;
        let mut summary = SummaryCounts::default();
        for row in &rows {
            add_summary_row(&mut summary, row)?;
        }
        Ok(summary)
    }

    async fn product_summaries(
        &self,
        site: &str,
        products: &[String],
    ) -> Result<Vec<(String, SummaryCounts)>, StoreError> {
        if products.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (2..=products.len() + 1).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT product, rating, COUNT(*) AS n, \
             SUM(CASE WHEN resolution IS NOT NULL THEN 1 ELSE 0 END) AS resolved, \
             SUM(CASE WHEN kind = 'complaint' THEN 1 ELSE 0 END) AS complaints \
             FROM reviews WHERE site = $1 AND status = 'published' \
             AND product IN ({}) GROUP BY product, rating ORDER BY product",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(&sql).bind(site);
        for product in products {
            query = query.bind(product);
        }
        let rows = query.fetch_all(&self.read).await?;
        let mut out: Vec<(String, SummaryCounts)> = Vec::new();
        for row in &rows {
            let product: String = row.try_get("product")?;
            if out.last().is_none_or(|(last, _)| *last != product) {
                out.push((product, SummaryCounts::default()));
            }
            if let Some((_, summary)) = out.last_mut() {
                add_summary_row(summary, row)?;
            }
        }
        Ok(out)
    }

    async fn first_answer_minutes(&self, site: &str, since: i64) -> Result<Vec<i64>, StoreError> {
        let rows = sqlx::query(
            "SELECT first_answer_open_minutes FROM reviews WHERE site = $1 \
             AND kind = 'complaint' AND first_answer_at >= $2 \
             AND first_answer_open_minutes IS NOT NULL",
        )
        .bind(site)
        .bind(since)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| Ok(row.try_get("first_answer_open_minutes")?))
            .collect()
    }

    async fn moderation_log(
        &self,
        site: &str,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<LogRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, site, review_id, action, reason, actor, actor_user_id, created_at \
             FROM moderation_log WHERE site = $1 AND public = 1 \
             ORDER BY id DESC LIMIT $2 OFFSET $3",
        )
        .bind(site)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(log_from_row).collect()
    }

    async fn moderation_counts(&self, site: &str) -> Result<Vec<LogCount>, StoreError> {
        let rows = sqlx::query(
            "SELECT action, reason, COUNT(*) AS n FROM moderation_log WHERE site = $1 \
             AND public = 1 GROUP BY action, reason ORDER BY action, reason",
        )
        .bind(site)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(LogCount {
                    action: row.try_get("action")?,
                    reason: row.try_get("reason")?,
                    count: row.try_get("n")?,
                })
            })
            .collect()
    }

    async fn is_banned(
        &self,
        site: &str,
        email_sha256: Option<&str>,
        ip_hash: Option<&str>,
        now: i64,
    ) -> Result<bool, StoreError> {
        Ok(self
            .ban_match(site, email_sha256, ip_hash, None, now)
            .await?
            .is_some())
    }

    async fn ban_match(
        &self,
        site: &str,
        email_sha256: Option<&str>,
        ip_hash: Option<&str>,
        legacy_ip_hash: Option<&str>,
        now: i64,
    ) -> Result<Option<BanMatch>, StoreError> {
        if email_sha256.is_none() && ip_hash.is_none() && legacy_ip_hash.is_none() {
            return Ok(None);
        }
        // One instance per SQLite file: its own writes are the only changes,
        // so the bans are kept in memory. Instances sharing a PostgreSQL
        // database read them every time (a ban through one refuses on the
        // others at once).
        let kept = if NOTIFY {
            Err(None)
        } else {
            self.recent.bans.get(site).map_err(Some)
        };
        let bans = match kept {
            Ok(bans) => bans,
            Err(generation) => {
                // The site's live bans (expired ones never match again).
                let rows = sqlx::query(
                    "SELECT email_sha256, ip_hash, expires_at FROM bans WHERE site = $1 \
                     AND (expires_at IS NULL OR expires_at > $2)",
                )
                .bind(site)
                .bind(now)
                .fetch_all(&self.read)
                .await?;
                let bans = rows
                    .iter()
                    .map(|row| {
                        Ok(BanRow {
                            email_sha256: row.try_get("email_sha256")?,
                            ip_hash: row.try_get("ip_hash")?,
                            expires_at: row.try_get("expires_at")?,
                        })
                    })
                    .collect::<Result<std::sync::Arc<[BanRow]>, StoreError>>()?;
                if let Some(generation) = generation {
                    self.recent.bans.keep(site, bans.clone(), generation);
                }
                bans
            }
        };
        Ok(ban_cache::matching(
            &bans,
            email_sha256,
            ip_hash,
            legacy_ip_hash,
            now,
        ))
    }

    async fn rekey_ip_bans(
        &self,
        site: &str,
        legacy_ip_hash: &str,
        ip_hash: &str,
    ) -> Result<u64, StoreError> {
        let done = sqlx::query("UPDATE bans SET ip_hash = $3 WHERE site = $1 AND ip_hash = $2")
            .bind(site)
            .bind(legacy_ip_hash)
            .bind(ip_hash)
            .execute(&self.write)
            .await?;
        self.recent.bans.clear();
        Ok(done.rows_affected())
    }

    async fn take_rate_limit(
        &self,
        key: &str,
        interval_ms: i64,
        window_ms: i64,
        now: i64,
    ) -> Result<RateTake, StoreError> {
        // GCRA in one upsert: `start` is the later of the stored arrival time
        // and now; the request fits when `start + interval` stays within the
        // window. Every SET expression reads the row as it was, and the row
        // lock of the upsert serialises concurrent instances.
        let row = sqlx::query(
            "INSERT INTO rate_limits (key, tat, allowed) VALUES ($1, $2 + $3, 1) \
             ON CONFLICT (key) DO UPDATE SET \
             allowed = CASE WHEN (CASE WHEN rate_limits.tat > $2 THEN rate_limits.tat ELSE $2 END) \
                 + $3 - $2 <= $4 THEN 1 ELSE 0 END, \
             tat = CASE WHEN (CASE WHEN rate_limits.tat > $2 THEN rate_limits.tat ELSE $2 END) \
                 + $3 - $2 <= $4 \
                 THEN (CASE WHEN rate_limits.tat > $2 THEN rate_limits.tat ELSE $2 END) + $3 \
                 ELSE rate_limits.tat END \
             RETURNING tat, allowed",
        )
        .bind(key)
        .bind(now)
        .bind(interval_ms)
        .bind(window_ms)
        .fetch_one(&self.write)
        .await?;
        let tat: i64 = row.try_get("tat")?;
        let allowed: i64 = row.try_get("allowed")?;
        if allowed != 0 {
            return Ok(RateTake::Allowed);
        }
        Ok(RateTake::Refused {
            wait_ms: (tat + interval_ms - window_ms - now).max(1),
        })
    }

    async fn take_rate_limits(
        &self,
        chain: &[RateKey<'_>],
        now: i64,
    ) -> Result<RateTake, StoreError> {
        if !NOTIFY || chain.len() < 2 {
            // SQLite keeps its limits in memory; this is for tests.
            for limit in chain {
                let taken = self
                    .take_rate_limit(limit.key, limit.interval_ms, limit.window_ms, now)
                    .await?;
                if taken != RateTake::Allowed {
                    return Ok(taken);
                }
            }
            return Ok(RateTake::Allowed);
        }
        // PostgreSQL: the whole chain in one statement. Each upsert is the
        // one of `take_rate_limit`, and takes its row from the one before
        // only when that one allowed the request.
        let mut parts = Vec::with_capacity(chain.len());
        let mut selects = Vec::with_capacity(chain.len());
        for i in 0..chain.len() {
            let (k, int, win) = (3 * i + 2, 3 * i + 3, 3 * i + 4);
            let start = "(CASE WHEN rate_limits.tat > $1 THEN rate_limits.tat ELSE $1 END)";
            let source = if i == 0 {
                format!("VALUES (${k}, $1 + ${int}, 1)")
            } else {
                format!("SELECT ${k}, $1 + ${int}, 1 FROM t{} WHERE t{}.allowed = 1", i - 1, i - 1)
            };
            parts.push(format!(
                "t{i} AS (INSERT INTO rate_limits (key, tat, allowed) {source} \
                 ON CONFLICT (key) DO UPDATE SET \
                 allowed = CASE WHEN {start} + ${int} - $1 <= ${win} THEN 1 ELSE 0 END, \
                 tat = CASE WHEN {start} + ${int} - $1 <= ${win} THEN {start} + ${int} \
                 ELSE rate_limits.tat END RETURNING tat, allowed)"
            ));
            selects.push(format!("SELECT {i} AS i, tat, allowed FROM t{i}"));
        }
        let sql = format!("WITH {} {}", parts.join(", "), selects.join(" UNION ALL "));
        let mut query = sqlx::query(&sql).bind(now);
        for limit in chain {
            query = query
                .bind(limit.key)
                .bind(limit.interval_ms)
                .bind(limit.window_ms);
        }
        let mut rows = query.fetch_all(&self.write).await?;
        rows.sort_by_key(|row| row.try_get::<i32, _>("i").unwrap_or(i32::MAX));
        for row in &rows {
            let i = usize::try_from(row.try_get::<i32, _>("i")?).map_err(|_| StoreError::Corrupt("rate limit"))?;
            let limit = chain.get(i).ok_or(StoreError::Corrupt("rate limit"))?;
            let tat: i64 = row.try_get("tat")?;
            if row.try_get::<i64, _>("allowed")? == 0 {
                return Ok(RateTake::Refused {
                    wait_ms: (tat + limit.interval_ms - limit.window_ms - now).max(1),
                });
            }
        }
        Ok(RateTake::Allowed)
    }

    async fn prune_rate_limits(&self, now: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM rate_limits WHERE tat <= $1")
            .bind(now)
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected())
    }

    async fn server_secret(
        &self,
        name: &str,
        fresh: &str,
        now: i64,
    ) -> Result<String, StoreError> {
        sqlx::query(
            "INSERT INTO server_secrets (name, value, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(fresh)
        .bind(now)
        .execute(&self.write)
        .await?;
        let row = sqlx::query("SELECT value FROM server_secrets WHERE name = $1")
            .bind(name)
            .fetch_one(&self.write)
            .await?;
        Ok(row.try_get("value")?)
    }

    async fn unverified_for_order(
        &self,
        site: &str,
        order_ref: &str,
        email_sha256: Option<&str>,
    ) -> Result<Vec<ReviewRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {REVIEW_COLUMNS} FROM reviews WHERE site = $1 AND verified_order = 0 \
             AND (order_ref = $2 OR ($3 IS NOT NULL AND email_sha256 = $3)) \
             ORDER BY created_at, id"
        ))
        .bind(site)
        .bind(order_ref)
        .bind(email_sha256)
        .fetch_all(&self.write)
        .await?;
        rows.iter().map(review_from_row).collect()
    }

    async fn login_failures(
        &self,
        account: &str,
        client: &str,
        since: i64,
    ) -> Result<LoginFailures, StoreError> {
        let row = sqlx::query(
            "SELECT \
             COALESCE(SUM(CASE WHEN client = $2 THEN 1 ELSE 0 END), 0) AS from_client, \
             COALESCE(SUM(CASE WHEN client = $2 AND account = $1 THEN 1 ELSE 0 END), 0) AS pair, \
             COALESCE(SUM(CASE WHEN account = $1 THEN 1 ELSE 0 END), 0) AS at_account \
             FROM login_failures WHERE (client = $2 OR account = $1) AND created_at >= $3",
        )
        .bind(account)
        .bind(client)
        .bind(since)
        .fetch_one(&self.write)
        .await?;
        Ok(LoginFailures {
            from_client: row.try_get("from_client")?,
            at_account_from_client: row.try_get("pair")?,
            at_account: row.try_get("at_account")?,
        })
    }

    async fn record_login_failure(
        &self,
        account: &str,
        client: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.write.begin().await?;
        sqlx::query("DELETE FROM login_failures WHERE created_at < $1")
            .bind(now - 24 * 3600 * 1000)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO login_failures (account, client, created_at) VALUES ($1, $2, $3)")
            .bind(account)
            .bind(client)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn clear_login_failures(&self, account: &str, client: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM login_failures WHERE account = $1 AND client = $2")
            .bind(account)
            .bind(client)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    async fn orders_matching(
        &self,
        site: &str,
        order_ref: Option<&str>,
        email_sha256: Option<&str>,
    ) -> Result<Vec<OrderRecord>, StoreError> {
        if order_ref.is_none() && email_sha256.is_none() {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(
            "SELECT site, order_ref, order_date, email_sha256, created_at, products FROM orders \
             WHERE site = $1 AND (order_ref = $2 OR ($3 IS NOT NULL AND email_sha256 = $3)) \
             ORDER BY CASE WHEN order_ref = $2 THEN 0 ELSE 1 END, created_at, order_ref",
        )
        .bind(site)
        .bind(order_ref)
        .bind(email_sha256)
        .fetch_all(&self.write)
        .await?;
        rows.iter()
            .map(|row| {
                let products: Option<String> = row.try_get("products")?;
                Ok(OrderRecord {
                    site: row.try_get("site")?,
                    order_ref: row.try_get("order_ref")?,
                    order_date: row.try_get("order_date")?,
                    email_sha256: row.try_get("email_sha256")?,
                    created_at: row.try_get("created_at")?,
                    products: products.as_deref().map(split_list).unwrap_or_default(),
                })
            })
            .collect()
    }

    async fn verified_products(
        &self,
        order: &OrderRecord,
    ) -> Result<Vec<Option<String>>, StoreError> {
        let rows = sqlx::query(
            "SELECT product FROM reviews WHERE site = $1 AND verified_order = 1 \
             AND (order_ref = $2 OR ($3 IS NOT NULL AND email_sha256 = $3))",
        )
        .bind(&order.site)
        .bind(&order.order_ref)
        .bind(&order.email_sha256)
        .fetch_all(&self.write)
        .await?;
        rows.iter()
            .map(|row| Ok(row.try_get("product")?))
            .collect()
    }

    async fn heartbeat(&self, site: &str, user_id: i64, now: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO presence (site, user_id, last_seen) VALUES ($1, $2, $3) \
             ON CONFLICT (site, user_id) DO UPDATE SET last_seen = excluded.last_seen",
        )
        .bind(site)
        .bind(user_id)
        .bind(now)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    async fn last_heartbeat(&self, site: &str) -> Result<Option<i64>, StoreError> {
        let row = sqlx::query("SELECT MAX(last_seen) AS last FROM presence WHERE site = $1")
            .bind(site)
            .fetch_one(&self.read)
            .await?;
        Ok(row.try_get("last")?)
    }

    async fn events_after(
        &self,
        site: &str,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, site, name, data, created_at FROM events WHERE site = $1 AND id > $2 \
             ORDER BY id ASC LIMIT $3",
        )
        .bind(site)
        .bind(after_id)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(event_from_row).collect()
    }

    async fn event(&self, id: i64) -> Result<Option<StoredEvent>, StoreError> {
        let row = sqlx::query("SELECT id, site, name, data, created_at FROM events WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(event_from_row).transpose()
    }

    async fn prune_events(&self, before: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM events WHERE created_at < $1")
            .bind(before)
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected())
    }
    async fn claim_deliveries(
        &self,
        now: i64,
        lease_until: i64,
        limit: i64,
    ) -> Result<Vec<DeliveryRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "UPDATE webhook_deliveries SET attempts = attempts + 1, locked_until = $2, \
             updated_at = $1 WHERE id IN (SELECT id FROM webhook_deliveries \
             WHERE status = 'pending' AND next_attempt_at <= $1 \
             AND (locked_until IS NULL OR locked_until <= $1) \
             ORDER BY next_attempt_at ASC LIMIT $3 {SKIP_LOCKED}) RETURNING {DELIVERY_COLUMNS}"
        ))
        .bind(now)
        .bind(lease_until)
        .bind(limit)
        .fetch_all(&self.write)
        .await?;
        let mut claimed: Vec<DeliveryRecord> = rows
            .iter()
            .map(delivery_from_row)
            .collect::<Result<_, _>>()?;
        claimed.sort_by_key(|d| d.next_attempt_at);
        Ok(claimed)
    }

    async fn finish_delivery(
        &self,
        id: &str,
        outcome: &DeliveryOutcome,
        now: i64,
    ) -> Result<(), StoreError> {
        let (status, url, code, error, next, delivered) = match outcome {
            DeliveryOutcome::Delivered { url, status_code } => (
                "delivered",
                Some(url.clone()),
                Some(*status_code),
                None,
                None,
                Some(now),
            ),
            DeliveryOutcome::Retry {
                url,
                status_code,
                error,
                next_attempt_at,
            } => (
                "pending",
                Some(url.clone()),
                *status_code,
                Some(error.clone()),
                Some(*next_attempt_at),
                None,
            ),
            DeliveryOutcome::Failed {
                url,
                status_code,
                error,
            } => (
                "failed",
                url.clone(),
                *status_code,
                Some(error.clone()),
                None,
                None,
            ),
            DeliveryOutcome::Cancelled { reason } => {
                ("cancelled", None, None, Some(reason.clone()), None, None)
            }
        };
        sqlx::query(
            "UPDATE webhook_deliveries SET status = $2, url = COALESCE($3, url), \
             last_status_code = $4, last_error = $5, \
             next_attempt_at = COALESCE($6, next_attempt_at), delivered_at = $7, \
             locked_until = NULL, updated_at = $8 WHERE id = $1",
        )
        .bind(id)
        .bind(status)
        .bind(url)
        .bind(code)
        .bind(error)
        .bind(next)
        .bind(delivered)
        .bind(now)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    async fn deliveries(&self, site: &str, limit: i64) -> Result<Vec<DeliveryRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE site = $1 \
             ORDER BY created_at DESC, id DESC LIMIT $2"
        ))
        .bind(site)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(delivery_from_row).collect()
    }

    async fn prune_deliveries(&self, before: i64) -> Result<u64, StoreError> {
        let done = sqlx::query(
            "DELETE FROM webhook_deliveries WHERE status <> 'pending' AND updated_at < $1",
        )
        .bind(before)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected())
    }
    async fn delivery_counts(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT status, COUNT(*) AS n FROM webhook_deliveries GROUP BY status ORDER BY status",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("status")?, row.try_get("n")?)))
            .collect()
    }

    async fn deadline_candidates(
        &self,
        alert: DeadlineAlert,
        after: i64,
        until: i64,
        limit: i64,
    ) -> Result<Vec<ReviewRecord>, StoreError> {
        let column = alert_column(alert);
        let rows = sqlx::query(&format!(
            "SELECT {REVIEW_COLUMNS} FROM reviews WHERE first_answer_at IS NULL \
             AND answer_due_at IS NOT NULL AND answer_due_at > $1 AND answer_due_at <= $2 \
             AND kind = 'complaint' AND resolution IS NULL AND status <> 'withdrawn' \
             AND {column} IS NULL ORDER BY answer_due_at ASC LIMIT $3"
        ))
        .bind(after)
        .bind(until)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(review_from_row).collect()
    }

    async fn mark_deadline_alert(
        &self,
        review_id: &str,
        alert: DeadlineAlert,
        now: i64,
        deliveries: &[NewDelivery],
    ) -> Result<bool, StoreError> {
        let column = alert_column(alert);
        let mut tx = self.write.begin().await?;
        // A breach also settles the near alert: it is too late for it.
        let also = match alert {
            DeadlineAlert::Breached => ", deadline_near_at = COALESCE(deadline_near_at, $2)",
            DeadlineAlert::Near => "",
        };
        let done = sqlx::query(&format!(
            "UPDATE reviews SET {column} = $2{also} WHERE id = $1 AND {column} IS NULL"
        ))
        .bind(review_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        for delivery in deliveries {
            insert_delivery(delivery).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn export_reviews(
        &self,
        site: &str,
        after: &ExportCursor,
        limit: i64,
    ) -> Result<Vec<ReviewRecord>, StoreError> {
        let (created_at, id) = match after {
            ExportCursor::Review(created_at, id) => (*created_at, id.as_str()),
            _ => (i64::MIN, ""),
        };
        let rows = sqlx::query(&format!(
            "SELECT {REVIEW_COLUMNS} FROM reviews WHERE site = $1 \
             AND (created_at > $2 OR (created_at = $2 AND id > $3)) \
             ORDER BY created_at ASC, id ASC LIMIT $4"
        ))
        .bind(site)
        .bind(created_at)
        .bind(id)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(review_from_row).collect()
    }

    async fn export_replies(
        &self,
        site: &str,
        after: &ExportCursor,
        limit: i64,
    ) -> Result<Vec<ReplyRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.id, p.review_id, p.kind, p.text, p.author_display, p.user_id, \
             p.created_at FROM replies p JOIN reviews r ON r.id = p.review_id \
             WHERE r.site = $1 AND p.id > $2 ORDER BY p.id ASC LIMIT $3",
        )
        .bind(site)
        .bind(cursor_id(after))
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(reply_from_row).collect()
    }

    async fn export_log(
        &self,
        site: &str,
        after: &ExportCursor,
        limit: i64,
    ) -> Result<Vec<LogRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, site, review_id, action, reason, actor, actor_user_id, created_at \
             FROM moderation_log WHERE site = $1 AND public = 1 AND id > $2 \
             ORDER BY id ASC LIMIT $3",
        )
        .bind(site)
        .bind(cursor_id(after))
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(log_from_row).collect()
    }

    async fn import(&self, site: &str, batch: &ImportBatch) -> Result<ImportCounts, StoreError> {
        let now = now_ms();
        let mut counts = ImportCounts::default();
        let mut tx = self.write.begin().await?;
        let insert = format!(
            "INSERT INTO reviews ({REVIEW_COLUMNS}, updated_at) {REVIEW_VALUES} \
             ON CONFLICT (id) DO NOTHING"
        );
        for review in &batch.reviews {
            let mut review = review.clone();
            review.site = site.to_owned();
            let done = review_insert(&insert, &review, now)
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() == 0 {
                counts.reviews_kept += 1;
                continue;
            }
            counts.reviews_added += 1;
            // Imported history raises no deadline alerts.
            sqlx::query(
                "UPDATE reviews SET deadline_near_at = $2, deadline_breached_at = $2 \
                 WHERE id = $1",
            )
            .bind(&review.id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        for reply in &batch.replies {
            let done = sqlx::query(
                "INSERT INTO replies (review_id, kind, text, author_display, created_at) \
                 SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM reviews \
                 WHERE id = $1 AND site = $6) AND NOT EXISTS (SELECT 1 FROM replies \
                 WHERE review_id = $1 AND kind = $2 AND created_at = $5 AND text = $3)",
            )
            .bind(&reply.review_id)
            .bind(&reply.kind)
            .bind(&reply.text)
            .bind(&reply.author_display)
            .bind(reply.created_at)
            .bind(site)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                counts.replies_skipped += 1;
            } else {
                counts.replies_added += 1;
            }
        }
        for entry in &batch.log {
            let done = sqlx::query(
                "INSERT INTO moderation_log (site, review_id, action, reason, actor, created_at) \
                 SELECT $1, $2, $3, $4, $5, $6 WHERE NOT EXISTS (SELECT 1 FROM moderation_log \
                 WHERE site = $1 AND review_id IS NOT DISTINCT FROM $2 AND action = $3 \
                 AND actor = $5 AND created_at = $6)",
            )
            .bind(site)
            .bind(&entry.review_id)
            .bind(&entry.action)
            .bind(&entry.reason)
            .bind(&entry.actor)
            .bind(entry.created_at)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                counts.log_skipped += 1;
            } else {
                counts.log_added += 1;
            }
        }
        let forget = RecentNotice::forget(site);
        if NOTIFY {
            let payload = serde_json::to_string(&forget).map_err(|_| StoreError::Corrupt("notice"))?;
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(RECENT_CHANNEL)
                .bind(payload)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.recent.heard(&forget);
        Ok(counts)
    }

    fn pool_stats(&self) -> Vec<PoolStats> {
        pool_stats(self)
    }

    // ---- The moderation panel (issue 5) ----

    async fn panel_rows(
        &self,
        site: &str,
        review_ids: &[String],
    ) -> Result<std::collections::HashMap<String, PanelRow>, StoreError> {
        let mut rows_by_id = std::collections::HashMap::new();
        if review_ids.is_empty() {
            return Ok(rows_by_id);
        }
        let placeholders: Vec<String> =
            (2..=review_ids.len() + 1).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT r.id, r.topic, r.topics, r.priority, r.stop_engaging, r.search_text, \
             r.campaign_flag, \
             (SELECT COUNT(*) FROM (SELECT o.id FROM reviews o WHERE o.site = r.site \
             AND o.email_sha256 = r.email_sha256 AND o.id <> r.id UNION \
             SELECT o.id FROM reviews o WHERE o.site = r.site AND o.order_ref = r.order_ref \
             AND o.id <> r.id) AS same_author) AS history_count \
             FROM reviews r WHERE r.site = $1 AND r.id IN ({})",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(&sql).bind(site);
        for id in review_ids {
            query = query.bind(id);
        }
        for row in query.fetch_all(&self.read).await? {
            let topics: Option<String> = row.try_get("topics")?;
            rows_by_id.insert(
                row.try_get::<String, _>("id")?,
                PanelRow {
                    fields: PanelFields {
                        topic: row.try_get("topic")?,
                        topics: topics.as_deref().map(split_list).unwrap_or_default(),
                        priority: row.try_get("priority")?,
                        stop_engaging: row.try_get::<i64, _>("stop_engaging")? != 0,
                        search_text: row.try_get("search_text")?,
                    },
                    history_count: row.try_get("history_count")?,
                    campaign_flag: row.try_get::<i64, _>("campaign_flag")? != 0,
                },
            );
        }
        Ok(rows_by_id)
    }

    async fn untriaged(&self, limit: i64) -> Result<Vec<ReviewRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {REVIEW_COLUMNS} FROM reviews WHERE topic IS NULL LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(review_from_row).collect()
    }

    async fn history(
        &self,
        site: &str,
        review: &ReviewRecord,
        limit: i64,
    ) -> Result<Vec<ReviewRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            // Two indexed lookups instead of one OR that would scan the site.
            "SELECT {REVIEW_COLUMNS} FROM reviews WHERE site = $1 AND id <> $2 \
             AND email_sha256 = $3 UNION SELECT {REVIEW_COLUMNS} FROM reviews \
             WHERE site = $1 AND id <> $2 AND order_ref = $4 \
             ORDER BY created_at DESC, id DESC LIMIT $5"
        ))
        .bind(site)
        .bind(&review.id)
        .bind(&review.email_sha256)
        .bind(&review.order_ref)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(review_from_row).collect()
    }

    async fn action(&self, id: i64) -> Result<Option<ActionRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT id, site, review_id, action, reason, actor, actor_user_id, created_at, \
             public, undo_state, undo_until, undone_at, reply_id, ban_id, version_after \
             FROM moderation_log WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        Ok(Some(ActionRecord {
            log: log_from_row(&row)?,
            public: row.try_get::<i64, _>("public")? != 0,
            undo_state: row.try_get("undo_state")?,
            undo_until: row.try_get("undo_until")?,
            undone_at: row.try_get("undone_at")?,
            reply_id: row.try_get("reply_id")?,
            ban_id: row.try_get("ban_id")?,
            version_after: row.try_get("version_after")?,
        }))
    }

    async fn clear_heartbeat(&self, site: &str, user_id: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM presence WHERE site = $1 AND user_id = $2")
            .bind(site)
            .bind(user_id)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    async fn private_messages(
        &self,
        review_id: &str,
    ) -> Result<Vec<PrivateMessageRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, review_id, text, author, created_at FROM private_messages \
             WHERE review_id = $1 ORDER BY id ASC",
        )
        .bind(review_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(PrivateMessageRecord {
                    id: row.try_get("id")?,
                    review_id: row.try_get("review_id")?,
                    text: row.try_get("text")?,
                    author: row.try_get("author")?,
                    created_at: row.try_get("created_at")?,
                })
            })
            .collect()
    }

    async fn saved_replies(&self, site: &str) -> Result<Vec<SavedReplyRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, site, title, text, created_by, created_at FROM saved_replies \
             WHERE site = $1 ORDER BY id ASC",
        )
        .bind(site)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(saved_reply_from_row).collect()
    }

    async fn create_saved_reply(
        &self,
        site: &str,
        title: &str,
        text: &str,
        created_by: &str,
        now: i64,
    ) -> Result<SavedReplyRecord, StoreError> {
        let row = sqlx::query(
            "INSERT INTO saved_replies (site, title, text, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) \
             RETURNING id, site, title, text, created_by, created_at",
        )
        .bind(site)
        .bind(title)
        .bind(text)
        .bind(created_by)
        .bind(now)
        .fetch_one(&self.write)
        .await?;
        saved_reply_from_row(&row)
    }

    async fn update_saved_reply(
        &self,
        site: &str,
        id: i64,
        title: &str,
        text: &str,
        now: i64,
    ) -> Result<Option<SavedReplyRecord>, StoreError> {
        let row = sqlx::query(
            "UPDATE saved_replies SET title = $3, text = $4, updated_at = $5 \
             WHERE site = $1 AND id = $2 \
             RETURNING id, site, title, text, created_by, created_at",
        )
        .bind(site)
        .bind(id)
        .bind(title)
        .bind(text)
        .bind(now)
        .fetch_optional(&self.write)
        .await?;
        row.as_ref().map(saved_reply_from_row).transpose()
    }

    async fn delete_saved_reply(&self, site: &str, id: i64) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM saved_replies WHERE site = $1 AND id = $2")
            .bind(site)
            .bind(id)
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected() > 0)
    }
}

fn saved_reply_from_row(row: &Row) -> Result<SavedReplyRecord, StoreError> {
    Ok(SavedReplyRecord {
        id: row.try_get("id")?,
        site: row.try_get("site")?,
        title: row.try_get("title")?,
        text: row.try_get("text")?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
    })
}
