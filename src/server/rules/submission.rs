//! Accepting a shopper's review or complaint: honeypot, rate limits, strict
//! validation and Unicode hygiene, bans, the server-side detector run, order
//! verification, the answer deadline and campaign holds — then one
//! transaction, acknowledged only after it is committed.

use std::net::IpAddr;
use std::time::Duration;

use crate::core::detect::{self, Signature};
use crate::core::lang::Lang;
use crate::core::model::{ModerationAction, ReviewKind, ReviewState, Status};
use crate::server::events::REVIEW_CREATED;
use crate::server::rate_limit::Quota;
use crate::server::rules::accounts::{random_id, random_token};
use crate::server::rules::bans;
use crate::server::rules::campaign::{
    judge, Sender, Verdict, CAMPAIGN_REASON, CAMPAIGN_SCAN_LIMIT, CAMPAIGN_WINDOW_MS,
};
use crate::server::rules::client::client_key;
use crate::server::rules::error::{ErrorCode, RuleError};
use crate::server::rules::hours::from_ms;
use crate::server::rules::hours::rfc3339;
use crate::server::rules::hours::site_clock;
use crate::server::rules::mail;
use crate::server::rules::outbox as webhooks;
use crate::server::rules::validate::{self, sha256_hex};
use crate::server::rules::views::review_event;
use crate::server::storage::{
    LogRecord, PanelRow, RecentEntry, ReviewRecord, SiteRecord, WriteBatch,
};
use crate::server::wire::{CheckOut, SubmitResponse};
use crate::server::{now_ms, AppState};

/// How many earlier reviews by the same author a `review.created` payload
/// counts at most.
const HISTORY_LIMIT: i64 = 1_000;

/// Longest product id.
pub const PRODUCT_MAX: usize = 200;
/// Longest display name.
pub const AUTHOR_NAME_MAX: usize = 80;

/// A shopper's submission as it arrived, before any check.
#[derive(Debug, Clone, Default)]
pub struct NewSubmission {
    /// `review` or `complaint`.
    pub kind: String,
    /// 1..=5 stars.
    pub rating: i64,
    /// The text.
    pub text: String,
    /// Product id on the storefront.
    pub product: Option<String>,
    /// Name to show.
    pub author_name: Option<String>,
    /// Contact e-mail (never shown publicly).
    pub email: Option<String>,
    /// Order number (never shown publicly).
    pub order_ref: Option<String>,
    /// Order date, `YYYY-MM-DD`.
    pub order_date: Option<String>,
    /// Language tag of the text.
    pub lang: Option<String>,
    /// Honeypot: must be absent or empty.
    pub website: Option<String>,
    /// The single-use token of a review request's link.
    pub request_token: Option<String>,
}

/// A validated, cleaned submission.
#[derive(Debug, Clone)]
struct CleanSubmission {
    kind: ReviewKind,
    rating: i64,
    text: String,
    product: Option<String>,
    author_name: Option<String>,
    email: Option<String>,
    order_ref: Option<String>,
    order_date: Option<String>,
    lang: Option<Lang>,
    request_token: Option<String>,
}

fn clean(input: NewSubmission, state: &AppState, now: i64) -> Result<CleanSubmission, RuleError> {
    if input
        .website
        .as_deref()
        .is_some_and(|w| !w.trim().is_empty())
    {
        return Err(RuleError::invalid(ErrorCode::SpamDetected, "website"));
    }
    let kind = ReviewKind::parse(input.kind.trim())
        .ok_or_else(|| RuleError::invalid(ErrorCode::InvalidKind, "kind"))?;
    if !(1..=5).contains(&input.rating) {
        return Err(RuleError::invalid(ErrorCode::InvalidRating, "rating"));
    }
    let text = validate::clean_text(&input.text);
    validate::check_length(
        "text",
        &text,
        state.config.text_min_chars,
        state.config.text_max_chars,
    )?;
    let lang = match input.lang.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(tag) => Some(
            Lang::parse(tag).ok_or_else(|| RuleError::invalid(ErrorCode::InvalidLang, "lang"))?,
        ),
    };
    let today = from_ms(now).date_naive();
    Ok(CleanSubmission {
        kind,
        rating: input.rating,
        text,
        product: validate::optional_line("product", input.product.as_deref(), PRODUCT_MAX)?,
        author_name: validate::optional_line(
            "author_name",
            input.author_name.as_deref(),
            AUTHOR_NAME_MAX,
        )?,
        email: match input.email.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(email) => Some(validate::email(email)?),
        },
        order_ref: match input.order_ref.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(value) => Some(validate::order_ref(value)?),
        },
        order_date: match input.order_date.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(value) => Some(validate::order_date(value, today)?),
        },
        lang,
        request_token: input
            .request_token
            .filter(|t| !t.trim().is_empty())
            .map(|t| t.trim().to_owned()),
    })
}

async fn rate_limit(state: &AppState, site: &str, ip: IpAddr) -> Result<(), RuleError> {
    let per_ip = Quota {
        limit: state.config.submissions_per_ip_per_hour,
        window: Duration::from_secs(3600),
    };
    let per_site = Quota {
        limit: state.config.submissions_per_site_per_minute,
        window: Duration::from_secs(60),
    };
    let client = client_key(ip, state.config.ipv6_prefix);
    // The address first: a client over its own limit does not use up the
    // site's.
    state
        .limiter
        .check_all(&[
            (&format!("submit-ip|{site}|{client}"), per_ip),
            (&format!("submit-site|{site}"), per_site),
        ])
        .await?;
    Ok(())
}

/// Accepts a submission to `site` from `ip`.
pub async fn submit(
    state: &AppState,
    site: &SiteRecord,
    input: NewSubmission,
    ip: IpAddr,
) -> Result<SubmitResponse, RuleError> {
    let now = now_ms();
    let input = clean(input, state, now)?;
    rate_limit(state, &site.id, ip).await?;
    let store = state.store.as_ref();
    let email_sha256 = input.email.as_deref().map(sha256_hex);
    let prefix = state.config.ipv6_prefix;
    let ip_hash = state.clients.ip_hash(&site.id, ip, prefix);
    if bans::refuses(
        store,
        &site.id,
        email_sha256.as_deref(),
        ip,
        &ip_hash,
        prefix,
        now,
    )
    .await?
    {
        return Err(RuleError::Forbidden(ErrorCode::Banned));
    }
    // The detector also compares the text with the site's recent ones, so a
    // copy of a template gets the near-duplicate reason.
    let signature = detect::shape(&input.text, input.lang);
    let duplicates = copies(state, &site.id, &signature, now).await?;
    let near = duplicates
        .iter()
        .filter_map(|copy| copy.signature.as_ref())
        .map(|other| signature.similarity(other))
        .reduce(f32::max);
    let rating_u8 = u8::try_from(input.rating).ok();
    let report = detect::check_compared(&input.text, rating_u8, input.lang, &signature, near);
    let lang = report.lang.or(input.lang);
    let state_model = ReviewState::new(input.kind);

    let answer_due_at = if input.kind == ReviewKind::Complaint {
        let clock = site_clock(site)?;
        Some(
            clock
                .answer_deadline(from_ms(now), site.promise_minutes)
                .timestamp_millis(),
        )
    } else {
        None
    };
    let token = random_token();
    let mut record = ReviewRecord {
        id: random_id("r_"),
        site: site.id.clone(),
        rating: input.rating,
        text: input.text,
        product: input.product,
        author_name: input.author_name,
        email: input.email,
        email_sha256,
        order_ref: input.order_ref,
        order_date: input.order_date,
        lang: lang.map(|l| l.code().to_owned()),
        created_at: now,
        state: state_model,
        check_score: f64::from(report.score),
        check_verdict: report.verdict.as_str().to_owned(),
        check_reasons: report.reasons.iter().map(|r| r.code().to_owned()).collect(),
        author_token_sha256: sha256_hex(&token),
        ip_hash: Some(ip_hash),
        answer_due_at,
        first_answer_open_minutes: None,
        hidden_reason: None,
        signature: Some(signature.to_hex()),
        version: 0,
    };
    record.state.verified_order = crate::server::rules::orders::verifies(store, &record).await?;
    let used_request = match input.request_token.as_deref() {
        Some(token) => {
            crate::server::rules::review_requests::check_link(state, site, &record, token, now)
                .await?
        }
        None => None,
    };
    if used_request.is_some() {
        record.state.verified_order = true;
    }
    let senders: Vec<Sender> = duplicates
        .iter()
        .map(|r| Sender {
            ip_hash: r.ip_hash.as_deref(),
            email_sha256: r.email_sha256.as_deref(),
        })
        .collect();
    let verdict = judge(
        Sender {
            ip_hash: record.ip_hash.as_deref(),
            email_sha256: record.email_sha256.as_deref(),
        },
        &senders,
        record.state.verified_order,
    );
    let mut batch = campaign_batch(&mut record, &verdict, &duplicates, now)?;
    batch.use_request = used_request;
    let fields = crate::server::rules::triage::classified(&record);
    batch.panel.push((record.id.clone(), fields.clone()));
    if site.webhook_url.is_some() {
        // The payload carries the triage just stored and the author's
        // history, as the panel will show them.
        let history = state
            .store
            .history(&site.id, &record, HISTORY_LIMIT)
            .await?;
        let panel = PanelRow {
            fields,
            history_count: history.len() as i64,
            campaign_flag: verdict.suspected,
        };
        batch.webhooks.extend(webhooks::delivery(
            site,
            webhooks::REVIEW_CREATED,
            Some(&record.id),
            webhooks::review_data(&record, &[], &panel, now)?,
            now,
        ));
    }
    if state.config.mail_enabled() {
        batch
            .mails
            .extend(mail::receipt(state, site, &record, &token, now));
        if record.state.kind == ReviewKind::Complaint && record.state.status == Status::Published {
            let team = store.site_team(&site.id).await?;
            batch.mails.extend(mail::for_team(
                state,
                site,
                &record,
                mail::MailKind::NewComplaint,
                &team,
                now,
            ));
        }
    }
    let queued = batch.webhooks.len();
    let mails = !batch.mails.is_empty();
    let events = match store.write(batch).await {
        Ok(events) => events,
        Err(crate::server::storage::StoreError::Conflict(what)) if what == "request_used" => {
            return Err(RuleError::Conflict(ErrorCode::RequestUsed))
        }
        Err(err) => return Err(err.into()),
    };
    if mails {
        state.mail_wake.notify_one();
    }
    state
        .metrics
        .webhook_queued(webhooks::REVIEW_CREATED, queued);
    state.hub.announce(store, events);
    state
        .metrics
        .submission(record.state.kind.as_str(), record.state.status.as_str());
    Ok(SubmitResponse {
        id: record.id.clone(),
        status: record.state.status.as_str().to_owned(),
        check: CheckOut {
            score: record.check_score,
            verdict: record.check_verdict.clone(),
            reasons: record.check_reasons.clone(),
        },
        author_token: token,
        answer_due_at: record.answer_due_at.map(rfc3339),
    })
}

/// The site's submissions of the last 24 hours that still count (not
/// withdrawn; the newest 2,000) from the same template as `signature`,
/// newest first.
async fn copies(
    state: &AppState,
    site: &str,
    signature: &Signature,
    now: i64,
) -> Result<Vec<RecentEntry>, RuleError> {
    let mut copies = Vec::new();
    let sketch = signature.sketch();
    state
        .store
        .visit_recent(
            site,
            now - CAMPAIGN_WINDOW_MS,
            CAMPAIGN_SCAN_LIMIT,
            &mut |entry| {
                // The sketch rules out almost every entry without reading
                // its full signature; the full check decides.
                let may = entry
                    .sketch
                    .as_ref()
                    .is_some_and(|other| sketch.may_match(other));
                if may
                    && entry
                        .signature
                        .as_ref()
                        .is_some_and(|other| signature.same_template(other))
                {
                    copies.push(entry.clone());
                }
            },
        )
        .await?;
    Ok(copies)
}

/// Builds the insert: published, or held when the campaign check says so
/// (only the new submission is ever held; the near-duplicates and the new
/// one are flagged to the merchant when a campaign is suspected).
fn campaign_batch(
    record: &mut ReviewRecord,
    verdict: &Verdict,
    duplicates: &[RecentEntry],
    now: i64,
) -> Result<WriteBatch, RuleError> {
    record.state.status = Status::Published;
    record.hidden_reason = None;
    let mut batch = WriteBatch::default();
    if verdict.suspected {
        batch.campaign_flags.push(record.id.clone());
        batch
            .campaign_flags
            .extend(duplicates.iter().map(|r| r.id.clone()));
    }
    if verdict.hold {
        record.state.hold();
        record.hidden_reason = Some(CAMPAIGN_REASON.to_owned());
        batch.log.push(LogRecord {
            id: 0,
            site: record.site.clone(),
            review_id: Some(record.id.clone()),
            action: ModerationAction::CampaignHold.as_str().to_owned(),
            reason: Some(CAMPAIGN_REASON.to_owned()),
            actor: "system".to_owned(),
            actor_user_id: None,
            created_at: now,
        });
    } else {
        batch
            .events
            .push(review_event(REVIEW_CREATED, record, &[], None)?);
    }
    batch.insert = Some(record.clone());
    Ok(batch)
}
