//! Seed data of `candor demo`: the site `demo` with products, reviews and
//! complaints in five languages (negative ones with public replies and
//! resolved badges) and a merchant account. Seeding is idempotent: an
//! existing demo site keeps its reviews; the merchant's password is reset to
//! the printed one.

use std::net::SocketAddr;

use serde::Deserialize;

use crate::core::detect;
use crate::core::lang::Lang;
use crate::core::model::{ReplyKind, Resolution, ReviewKind, ReviewState, Role};
use crate::server::rules::accounts::{hash_password, random_id, random_token};
use crate::server::rules::campaign::text_signature;
use crate::server::rules::hours::{from_ms, SiteClock};
use crate::server::rules::validate::sha256_hex;
use crate::server::storage::{NewReply, ReviewRecord, SiteRecord, Storage, StoreError, WriteBatch};

/// The demo site's id.
pub const SITE_ID: &str = "demo";
/// The demo merchant's login.
pub const MERCHANT_EMAIL: &str = "merchant@demo.candor.test";
/// The demo merchant's password (printed on start; demo only).
pub const MERCHANT_PASSWORD: &str = "candor-demo-2026";
/// The demo merchant's public name.
pub const MERCHANT_NAME: &str = "Aigerim, support";

const SEED: &str = include_str!("fixtures/demo_seed.json");

#[derive(Debug, Deserialize)]
struct Seed {
    site: SeedSite,
    reviews: Vec<SeedReview>,
}

#[derive(Debug, Deserialize)]
struct SeedSite {
    name: String,
    languages: Vec<String>,
    schedule: serde_json::Value,
    promise_minutes: i64,
}

#[derive(Debug, Deserialize)]
struct SeedReview {
    kind: String,
    rating: i64,
    product: String,
    author_name: String,
    lang: String,
    text: String,
    hours_ago: i64,
    order_ref: Option<String>,
    #[serde(default)]
    replies: Vec<SeedReply>,
    resolution: Option<String>,
    #[serde(default)]
    verified: bool,
    #[serde(default)]
    moved_private: bool,
}

#[derive(Debug, Deserialize)]
struct SeedReply {
    kind: String,
    after_minutes: i64,
    text: String,
    #[serde(default)]
    by_author: bool,
}

/// A seeding failure.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// The embedded seed file is broken.
    #[error("demo seed data: {0}")]
    Data(String),
    /// The database refused.
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn corrupt(what: impl std::fmt::Display) -> SeedError {
    SeedError::Data(what.to_string())
}

/// Creates the demo site, merchant and reviews unless they exist; returns
/// the site.
pub async fn seed(store: &dyn Storage, addr: SocketAddr) -> Result<SiteRecord, SeedError> {
    let seed: Seed = serde_json::from_str(SEED).map_err(corrupt)?;
    let now = chrono::Utc::now().timestamp_millis();
    let site = match store.site(SITE_ID).await? {
        Some(site) => site,
        None => {
            let clock = SiteClock::parse(&seed.site.schedule.to_string()).map_err(corrupt)?;
            let port = addr.port();
            let site = SiteRecord {
                id: SITE_ID.to_owned(),
                name: seed.site.name.clone(),
                origins: vec![
                    format!("http://{addr}"),
                    format!("http://127.0.0.1:{port}"),
                    format!("http://localhost:{port}"),
                ],
                languages: seed.site.languages.clone(),
                schedule: clock.to_json(),
                promise_minutes: seed.site.promise_minutes,
                details_wait_hours: 72,
                secret: random_token(),
                webhook_url: None,
                webhook_secret: None,
                created_at: now,
            };
            store.create_site(&site).await?;
            seed_reviews(store, &site, &seed.reviews, now).await?;
            site
        }
    };
    let hash = hash_password(MERCHANT_PASSWORD).map_err(corrupt)?;
    let user_id = match store.user_by_email(MERCHANT_EMAIL).await? {
        Some(user) => {
            store.update_user(user.id, MERCHANT_NAME, &hash).await?;
            user.id
        }
        None => {
            store
                .create_user(MERCHANT_EMAIL, MERCHANT_NAME, &hash, now)
                .await?
        }
    };
    store.grant(user_id, SITE_ID, Role::Owner).await?;
    Ok(site)
}

async fn seed_reviews(
    store: &dyn Storage,
    site: &SiteRecord,
    reviews: &[SeedReview],
    now: i64,
) -> Result<(), SeedError> {
    let clock = SiteClock::parse(&site.schedule).map_err(corrupt)?;
    for seed in reviews {
        let kind = ReviewKind::parse(&seed.kind).ok_or_else(|| corrupt(&seed.kind))?;
        let lang = Lang::parse(&seed.lang);
        let created_at = now - seed.hours_ago * 3_600_000;
        let report = detect::check(&seed.text, u8::try_from(seed.rating).ok(), lang);
        let mut state = ReviewState::new(kind);
        state.verified_order = seed.verified;
        state.moved_private = seed.moved_private;
        state.resolution = match seed.resolution.as_deref() {
            Some(r) => Some(Resolution::parse(r).ok_or_else(|| corrupt(r))?),
            None => None,
        };
        let first_answer = seed
            .replies
            .iter()
            .find(|r| !r.by_author)
            .map(|r| created_at + r.after_minutes * 60_000);
        state.first_answer_at = first_answer;
        let review = ReviewRecord {
            id: random_id("r_"),
            site: site.id.clone(),
            rating: seed.rating,
            text: seed.text.clone(),
            product: Some(seed.product.clone()),
            author_name: Some(seed.author_name.clone()),
            email: None,
            email_sha256: None,
            order_ref: seed.order_ref.clone(),
            order_date: None,
            lang: lang.map(|l| l.code().to_owned()),
            created_at,
            state,
            check_score: f64::from(report.score),
            check_verdict: report.verdict.as_str().to_owned(),
            check_reasons: report.reasons.iter().map(|r| r.code().to_owned()).collect(),
            author_token_sha256: sha256_hex(&random_token()),
            ip_hash: None,
            answer_due_at: (kind == ReviewKind::Complaint).then(|| {
                clock
                    .answer_deadline(from_ms(created_at), site.promise_minutes)
                    .timestamp_millis()
            }),
            first_answer_open_minutes: first_answer
                .map(|at| clock.open_minutes_between(from_ms(created_at), from_ms(at))),
            hidden_reason: None,
            signature: Some(text_signature(&seed.text, lang).to_hex()),
            version: 0,
        };
        let mut batch = WriteBatch::default();
        for reply in &seed.replies {
            let kind = ReplyKind::parse(&reply.kind).ok_or_else(|| corrupt(&reply.kind))?;
            batch.replies.push(NewReply {
                review_id: review.id.clone(),
                kind: kind.as_str().to_owned(),
                text: reply.text.clone(),
                author_display: if reply.by_author {
                    "author".to_owned()
                } else {
                    MERCHANT_NAME.to_owned()
                },
                user_id: None,
                created_at: created_at + reply.after_minutes * 60_000,
            });
        }
        batch.panel.push((
            review.id.clone(),
            crate::server::rules::triage::classified(&review),
        ));
        batch.insert = Some(review);
        store.write(batch).await?;
    }
    Ok(())
}
