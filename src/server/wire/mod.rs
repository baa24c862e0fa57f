//! The wire vocabulary: the shapes the server sends that the rules also
//! compose (live events, outbox payloads) — a review item, its replies, the
//! live status, a queue item, the detector's judgement. Request bodies and
//! HTTP-only responses stay in [`crate::server::http::dto`].

pub mod insights;
pub mod schema;

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// The detector's judgement, as returned to the author.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckOut {
    /// 0..=1, higher is more template-like.
    pub score: f64,
    /// `specific`, `vague` or `template`.
    pub verdict: String,
    /// Reason codes, most important first.
    pub reasons: Vec<String>,
}

/// The answer to a submission.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubmitResponse {
    /// Review id.
    pub id: String,
    /// `published` (or `held` in a template campaign).
    pub status: String,
    /// The server's detector run.
    pub check: CheckOut,
    /// Secret for the author's private link; shown once.
    pub author_token: String,
    /// For complaints: when the merchant must answer (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_due_at: Option<String>,
}

/// A public reply under a review.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReplyOut {
    /// Kind: answer, resolution, details_request, moved_private,
    /// order_not_found, reopened, author_confirmed.
    pub kind: String,
    /// Who wrote it (a merchant's name, or "author").
    pub author: String,
    /// Text.
    pub text: String,
    /// RFC 3339.
    pub created_at: String,
    /// Minutes after the review was submitted.
    pub minutes_after: i64,
}

/// A published review as the storefront shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewItem {
    /// Id.
    pub id: String,
    /// `review` or `complaint`.
    pub kind: String,
    /// 1..=5.
    pub rating: i64,
    /// Text, plain (never HTML).
    pub text: String,
    /// Product id.
    pub product: Option<String>,
    /// Display name.
    pub author_name: Option<String>,
    /// Language code.
    pub lang: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    /// `published`, `held`, `hidden` or `withdrawn`.
    pub status: String,
    /// Badges: verified_order, resolved_confirmed, resolved_by_merchant,
    /// answered, moved_private, details_requested (none on a hidden
    /// placeholder).
    pub badges: Vec<String>,
    /// Public replies, oldest first.
    pub replies: Vec<ReplyOut>,
    /// Why a hidden review was hidden for abuse (`insult`, `slur`, `threat`,
    /// `personal_data`, `harassment`, `spam`); null for every other status.
    pub hidden_reason: Option<String>,
    /// The incident notice this review is linked to, if any.
    pub incident_id: Option<i64>,
    /// Readers who pressed "Me too" on this complaint (complaints only;
    /// absent from live events that do not change it).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 0)]
    pub me_too: Option<i64>,
    /// Readers who found this review helpful (reviews only; absent from
    /// live events that do not change it).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 0)]
    pub helpful: Option<i64>,
}

impl ReviewItem {
    /// Sets the readers' vote count: `me_too` on a complaint, `helpful` on
    /// a review.
    pub fn set_votes(&mut self, count: i64) {
        if self.kind == "complaint" {
            self.me_too = Some(count);
        } else {
            self.helpful = Some(count);
        }
    }
}

/// The site's live support status.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct StatusOut {
    /// A merchant is signed in and active (heartbeat within 5 minutes) and
    /// support is open.
    pub online: bool,
    /// Support is within working hours now.
    pub open_now: bool,
    /// The promised answer time.
    pub promise_minutes: i64,
    /// 80th percentile of real first answers in open hours over 7 days; null
    /// under 5 samples.
    pub typical_answer_minutes: Option<i64>,
    /// Next opening (RFC 3339) when closed.
    pub next_open_at: Option<String>,
    /// IANA time zone of the working hours.
    pub timezone: String,
    /// The working-hours schedule.
    #[schema(value_type = Object)]
    pub hours: Value,
    /// The newest open incident notice, if any.
    pub incident: Option<insights::IncidentOut>,
}

/// The merchant's view of a review (private fields included).
#[derive(Debug, Serialize, ToSchema)]
pub struct QueueItem {
    /// The public view.
    pub review: ReviewItem,
    /// Contact e-mail.
    pub email: Option<String>,
    /// Order number.
    pub order_ref: Option<String>,
    /// Order date.
    pub order_date: Option<String>,
    /// The server's detector run.
    pub check: CheckOut,
    /// Answer deadline (RFC 3339).
    pub answer_due_at: Option<String>,
    /// The deadline passed without an answer.
    pub overdue: bool,
    /// First answer (RFC 3339).
    pub first_answer_at: Option<String>,
    /// Why hidden or held.
    pub hidden_reason: Option<String>,
    /// Primary topic code (from the core's lexicons, or set by the merchant).
    pub topic: String,
    /// All topic codes, strongest first.
    pub topics: Vec<String>,
    /// `product_safety`, `site_failure`, `urgent_delivery`, `prominent` or
    /// `normal` (the codes of `core::topic::Priority`).
    pub priority: String,
    /// `template` (the detector's verdict), `campaign` (held as part of a
    /// template campaign) or null.
    pub suspected: Option<String>,
    /// Marked as trolling: no reply expected, no deadline.
    pub stop_engaging: bool,
    /// Other reviews of the site with the same e-mail hash or order number.
    pub history_count: i64,
    /// The text reads like machine-generated text (`machine_like_score` at or
    /// above its language's threshold; English and Russian only). A hint for
    /// the merchant: never public, never a hold by itself.
    pub machine_like: bool,
    /// 0..=1, how much the text reads like machine-generated text
    /// (`rules::machine_like`).
    pub machine_like_score: f64,
}

/// A merchant's private message to the author.
#[derive(Debug, Serialize, ToSchema)]
pub struct PrivateMessageOut {
    /// Text (plain).
    pub text: String,
    /// The merchant's display name.
    pub author: String,
    /// RFC 3339.
    pub created_at: String,
}
