//! The JSON shapes of the HTTP API (requests and responses), documented in
//! the OpenAPI document. Field names are part of the public contract.

use std::collections::BTreeMap;

pub use crate::server::wire::insights::*;
pub use crate::server::wire::*;

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Reads a whole JSON number: `5` or `5.0` (JSON does not tell them apart,
/// and the OpenAPI `integer` type allows both).
fn whole_number<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    let number = serde_json::Number::deserialize(deserializer)?;
    number
        .as_i64()
        .or_else(|| {
            number
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        })
        .ok_or_else(|| serde::de::Error::custom(format!("expected a whole number, got {number}")))
}

/// [`whole_number`] for an optional field.
fn optional_whole_number<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    struct Whole(#[serde(deserialize_with = "whole_number")] i64);
    Ok(Option::<Whole>::deserialize(deserializer)?.map(|w| w.0))
}

/// For fields that may be left out but not sent as `null` (where `null`
/// would only mean "left out" and the document says a string).
fn present_string<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    String::deserialize(deserializer).map(Some)
}

/// A shopper's submission.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitReview {
    /// `review` or `complaint`.
    #[schema(schema_with = schema::review_kind)]
    pub kind: String,
    /// 1..=5 stars.
    #[schema(minimum = 1, maximum = 5)]
    #[serde(deserialize_with = "whole_number")]
    pub rating: i64,
    /// The text: 3..=5000 characters by default (the server's
    /// `text_min_chars`/`text_max_chars`), counted after control characters
    /// are removed and spaces trimmed.
    #[schema(min_length = 3, max_length = 5000)]
    pub text: String,
    /// Product id on the storefront (at most 200 characters).
    #[schema(max_length = 200)]
    pub product: Option<String>,
    /// Name to show (at most 80 characters).
    #[schema(max_length = 80)]
    pub author_name: Option<String>,
    /// Contact e-mail (never shown publicly): at most 254 characters, 64
    /// before the `@`.
    #[schema(schema_with = schema::optional_email)]
    pub email: Option<String>,
    /// Order number (never shown publicly): at most 64 letters, digits and
    /// `-_#/.`; blank for none.
    #[schema(pattern = r"^\s*((?:[^\W_]|[-_#/.]){1,64})?\s*$")]
    pub order_ref: Option<String>,
    /// Order date, `YYYY-MM-DD`, not in the future; `""` for none.
    #[schema(schema_with = schema::optional_date)]
    pub order_date: Option<String>,
    /// Language of the text: en, ru, kk, fa, el (regional tags such as
    /// `ru-RU` are read as their language).
    #[schema(schema_with = schema::optional_lang)]
    pub lang: Option<String>,
    /// Honeypot: must be absent or empty (hidden from humans in the widget).
    #[schema(pattern = "^[ \\t\\r\\n]*$")]
    pub website: Option<String>,
    /// The single-use token of a review request's link (with `order_ref`):
    /// the review gets `verified_order`; the link then stops working.
    #[schema(max_length = 200)]
    pub request_token: Option<String>,
}

impl From<SubmitReview> for crate::server::rules::submission::NewSubmission {
    fn from(input: SubmitReview) -> Self {
        crate::server::rules::submission::NewSubmission {
            kind: input.kind,
            rating: input.rating,
            text: input.text,
            product: input.product,
            author_name: input.author_name,
            email: input.email,
            order_ref: input.order_ref,
            order_date: input.order_date,
            lang: input.lang,
            website: input.website,
            request_token: input.request_token,
        }
    }
}

/// Aggregates shown above the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct SummaryOut {
    /// Published reviews.
    pub count: i64,
    /// Mean rating, null when there are none.
    pub average: Option<f64>,
    /// Count per star rating, keys "1".."5".
    pub histogram: BTreeMap<String, i64>,
    /// Share of complaints and 1–2 star reviews that were resolved (0..=1),
    /// null when there are none.
    pub resolved_share: Option<f64>,
    /// 80th percentile of first answers (open-hours minutes) over 7 days;
    /// null under 5 samples.
    pub typical_answer_minutes: Option<i64>,
}

/// A page of published reviews.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewList {
    /// The reviews.
    pub items: Vec<ReviewItem>,
    /// Aggregates over all published reviews (of the product, if filtered).
    pub summary: SummaryOut,
    /// This page (from 1).
    pub page: i64,
    /// Whether another page follows.
    pub has_more: bool,
}

/// Query of the public list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Only this product.
    pub product: Option<String>,
    /// Only this rating (1..=5).
    #[param(minimum = 1, maximum = 5)]
    pub rating: Option<i64>,
    /// newest (default), oldest, highest, lowest, helpful (most "me too"s
    /// and "helpful"s first, then newest).
    #[param(schema_with = schema::sort)]
    pub sort: Option<String>,
    /// Page number from 1; 20 per page.
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<i64>,
}

/// The author token in the URL, which the server refuses: a URL ends up in
/// access logs, browser history and `Referer` headers.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TokenQuery {
    /// Refused with 400 `token_in_url`: send the author token in the
    /// `X-Candor-Token` header instead.
    #[deprecated = "the author token travels in the X-Candor-Token header"]
    pub token: Option<String>,
}

/// The author token of the author's actions, in a header (never the URL).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Header)]
pub struct AuthorTokenHeader {
    /// The author token returned by the submission; without it the answer
    /// is 401 `missing_token`, with a wrong one 403 `invalid_token`.
    #[serde(rename = "X-Candor-Token")]
    pub token: String,
}

/// The headers of a vote: the browser's voter id, and the author token
/// when the browser holds one for this review (then the vote is refused as
/// the author's own).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Header)]
pub struct VoteHeaders {
    /// The browser's random voter id (16 to 64 of `A-Z a-z 0-9 - _`), kept
    /// in its local storage; missing or malformed: 422 `invalid_voter`.
    #[serde(rename = "X-Candor-Voter")]
    #[param(min_length = 16, max_length = 64, pattern = "^[A-Za-z0-9_-]{16,64}$")]
    pub voter: String,
    /// An author token this browser holds; when it is this review's, the
    /// vote is refused with 403 `own_review`.
    #[serde(rename = "X-Candor-Token")]
    pub token: Option<String>,
}

/// What the author sees through their private link.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuthorView {
    /// The review as the public sees it (also when hidden or held).
    pub review: ReviewItem,
    /// The site.
    pub site: String,
    /// When a complaint must be answered (RFC 3339).
    pub answer_due_at: Option<String>,
    /// Whether the merchant asked for order details and awaits them.
    pub details_requested: bool,
    /// Whether the author can confirm a resolution now.
    pub can_confirm: bool,
    /// Whether the author can reopen now.
    pub can_reopen: bool,
    /// Whether the author can withdraw.
    pub can_withdraw: bool,
    /// The merchant's private messages to the author, oldest first.
    pub private_messages: Vec<PrivateMessageOut>,
}

/// The author's answer to a details request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DetailsAnswer {
    /// Order number: 1..=64 letters, digits and `-_#/.`.
    #[schema(pattern = r"^\s*(?:[^\W_]|[-_#/.]){1,64}\s*$")]
    pub order_ref: String,
    /// Order date `YYYY-MM-DD`, not in the future; `""` for none.
    #[schema(schema_with = schema::optional_date)]
    pub order_date: Option<String>,
}

/// An optional free-text note on an action.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    /// Text to publish with the action (a standard text is used if absent
    /// or blank, where the action has one); at most 5000 characters.
    #[schema(max_length = 5000)]
    pub note: Option<String>,
}

/// The public note of a resolution (required).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveBody {
    /// How it was resolved (1..=5000 characters), published under the review.
    #[schema(value_type = String, required = true, min_length = 1, max_length = 5000)]
    pub note: Option<String>,
}

/// The body of an action that takes no text: `{}` (a `note` is accepted
/// for symmetry with the other actions and ignored).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoNoteBody {
    /// Ignored.
    pub note: Option<String>,
}

/// A merchant's public reply.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyBody {
    /// The reply text (1..=5000 characters).
    #[schema(min_length = 1, max_length = 5000)]
    pub text: String,
}

/// Hiding content or banning an author.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AbuseBody {
    /// insult, slur, threat, personal_data, harassment or spam.
    #[schema(schema_with = schema::abuse_reason)]
    pub reason: String,
    /// For bans: days until it expires, 1..=3650 (permanent when absent).
    #[schema(minimum = 1, maximum = 3650)]
    #[serde(default, deserialize_with = "optional_whole_number")]
    pub days: Option<i64>,
}

/// Hiding content for abuse.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HideBody {
    /// insult, slur, threat, personal_data, harassment or spam.
    #[schema(schema_with = schema::abuse_reason)]
    pub reason: String,
}

/// The merchant's queue.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueueOut {
    /// Unanswered complaints by deadline first, then the rest newest first.
    pub items: Vec<QueueItem>,
    /// This page.
    pub page: i64,
    /// Whether another page follows.
    pub has_more: bool,
}

/// Query of the merchant's queue.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct QueueQuery {
    /// Only this status: published, held, hidden, withdrawn.
    #[param(schema_with = schema::status)]
    pub status: Option<String>,
    /// Only unresolved items.
    pub open: Option<bool>,
    /// Only this primary topic code.
    #[param(schema_with = schema::topic)]
    pub topic: Option<String>,
    /// Only this priority code.
    #[param(schema_with = schema::priority)]
    pub priority: Option<String>,
    /// Only this rating (1..=5).
    #[param(minimum = 1, maximum = 5)]
    pub rating: Option<i64>,
    /// `template`, `campaign` or `any`.
    #[param(schema_with = schema::suspected)]
    pub suspected: Option<String>,
    /// Only this language code.
    #[param(schema_with = schema::lang)]
    pub lang: Option<String>,
    /// Case-insensitive text to find in the text, author name or order
    /// number (at most 200 characters).
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// Page from 1; 50 per page.
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<i64>,
}

/// The result of a moderation action.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionOut {
    /// The review after the action, as the merchant sees it.
    pub item: QueueItem,
    /// The action's moderation-log id (for `POST .../actions/{id}/undo`).
    pub action_id: i64,
    /// Until when the action may be undone (RFC 3339); null on an undo.
    pub undo_until: Option<String>,
}

/// Moving a conversation to a private channel.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MovedPrivateBody {
    /// Public note (a standard text is used if absent); at most 5000
    /// characters.
    #[schema(max_length = 5000)]
    pub note: Option<String>,
    /// A private message to the author (needs their e-mail, else 422
    /// `no_email`): queued as the webhook `message.private` and shown on
    /// their private link; at most 5000 characters.
    #[schema(max_length = 5000)]
    pub message: Option<String>,
}

/// Changing a review's topic and/or priority: at least one must be given
/// (else 422 `invalid_topic`).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TriageBody {
    /// Topic code.
    #[schema(schema_with = schema::topic)]
    #[serde(default, deserialize_with = "present_string")]
    pub topic: Option<String>,
    /// Priority code.
    #[schema(schema_with = schema::priority)]
    #[serde(default, deserialize_with = "present_string")]
    pub priority: Option<String>,
}

/// The author's other reviews on the site.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryOut {
    /// Newest first, at most 20.
    pub items: Vec<QueueItem>,
}

/// A saved reply to create or change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SavedReplyBody {
    /// Short title (1..=100 characters).
    #[schema(min_length = 1, max_length = 100)]
    pub title: String,
    /// Reply text (1..=5000 characters).
    #[schema(min_length = 1, max_length = 5000)]
    pub text: String,
}

/// A saved reply.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedReplyOut {
    /// Id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Text.
    pub text: String,
    /// Who wrote it (display name).
    pub created_by: String,
    /// RFC 3339.
    pub created_at: String,
}

/// A site's saved replies.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedRepliesOut {
    /// Oldest first.
    pub items: Vec<SavedReplyOut>,
}

/// Login request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    /// E-mail.
    pub email: String,
    /// Password.
    pub password: String,
}

/// A site role.
#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipOut {
    /// The site.
    pub site: String,
    /// owner or moderator.
    pub role: String,
}

/// The signed-in merchant.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeOut {
    /// E-mail.
    pub email: String,
    /// Name shown under replies.
    pub display_name: String,
    /// Sites and roles.
    pub sites: Vec<MembershipOut>,
}

/// Login answer; the token also arrives as an HttpOnly cookie.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoginOut {
    /// Bearer token for API clients.
    pub token: String,
    /// RFC 3339 expiry.
    pub expires_at: String,
    /// Who signed in.
    pub me: MeOut,
}

/// A moderation log entry (no hidden text).
#[derive(Debug, Serialize, ToSchema)]
pub struct LogEntryOut {
    /// hide, release, campaign_hold, ban, withdraw, reopen, order_not_found.
    pub action: String,
    /// Stated reason.
    pub reason: Option<String>,
    /// Who: a merchant's name, "author" or "system".
    pub actor: String,
    /// The review concerned.
    pub review_id: Option<String>,
    /// RFC 3339.
    pub created_at: String,
}

/// Counts by action and reason.
#[derive(Debug, Serialize, ToSchema)]
pub struct LogCountOut {
    /// Action.
    pub action: String,
    /// Reason.
    pub reason: Option<String>,
    /// How many.
    pub count: i64,
}

/// The public moderation log.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModerationLogOut {
    /// Totals by action and reason.
    pub counts: Vec<LogCountOut>,
    /// Entries, newest first.
    pub entries: Vec<LogEntryOut>,
    /// This page.
    pub page: i64,
}

/// A page number.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// Page from 1.
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<i64>,
}

/// An order the shop registers (HMAC-signed).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderBody {
    /// Order number as the shopper would type it: 1..=64 letters, digits
    /// and `-_#/.`.
    #[schema(pattern = r"^\s*(?:[^\W_]|[-_#/.]){1,64}\s*$")]
    pub order_ref: String,
    /// `YYYY-MM-DD`, not in the future; `""` for none.
    #[schema(schema_with = schema::optional_date)]
    pub order_date: Option<String>,
    /// SHA-256 hex of the lowercased, trimmed e-mail. When given, only a
    /// review written from this e-mail is verified by the order.
    #[schema(pattern = "^([0-9a-fA-F]{64})?$")]
    pub email_sha256: Option<String>,
    /// Product ids in the order (at most 100, each at most 200
    /// characters). The order verifies at most one review per listed
    /// product; without a list, one review in all.
    #[schema(max_items = 100)]
    pub products: Option<Vec<String>>,
    /// The customer's e-mail, for one review request (and at most one
    /// reminder) after the site's delay; deleted once they are sent. Also
    /// sets `email_sha256`.
    #[schema(schema_with = schema::optional_email)]
    pub email: Option<String>,
    /// When the order was delivered (`YYYY-MM-DD` or RFC 3339; may be posted
    /// later for the same `order_ref`): the request waits the delay after
    /// it.
    #[schema(max_length = 40)]
    pub delivered: Option<String>,
    /// Language of the request mails: en, ru, kk, fa, el.
    #[schema(schema_with = schema::optional_lang)]
    pub lang: Option<String>,
}

/// Result of an order registration.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderOut {
    /// Reviews that became verified.
    pub verified_reviews: Vec<String>,
}

/// Health check answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct HealthOut {
    /// Always "ok" when the database answers.
    pub status: String,
    /// sqlite or postgres.
    pub backend: String,
}

/// What to export, and how.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    /// `csv` (default) or `json`.
    #[param(schema_with = schema::export_format)]
    pub format: Option<String>,
    /// `reviews` (default), `replies` or `moderation-log`.
    #[param(schema_with = schema::export_what)]
    pub what: Option<String>,
}

/// Sets or removes the site's webhook URL.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookUrlBody {
    /// `https://...` (or `http://`); `null` or `""` removes it.
    pub url: Option<String>,
    /// Issue a new signing secret (the old one stops working at once).
    #[serde(default)]
    pub rotate_secret: bool,
}

/// The site's webhook settings (owners only).
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookOut {
    /// Where deliveries go, if anywhere.
    pub webhook_url: Option<String>,
    /// The secret that signs deliveries (`X-Candor-Signature`), shown
    /// **once**: when a URL is first set or the secret is rotated; `null`
    /// otherwise. It is not the order-registration secret.
    pub secret: Option<String>,
}

/// How many deliveries to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DeliveriesQuery {
    /// 1..=200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
}

/// One webhook delivery.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryOut {
    /// Delivery id (`X-Candor-Delivery`).
    pub id: String,
    /// Event type: `review.created`, `review.resolved`, `deadline.near`,
    /// `deadline.breached`, `ping`.
    pub event: String,
    /// `pending`, `delivered`, `failed` (gave up) or `cancelled`.
    pub status: String,
    /// Attempts made.
    pub attempts: i64,
    /// When the next attempt is due (pending only).
    pub next_attempt_at: Option<String>,
    /// The receiver's last HTTP status.
    pub last_status_code: Option<i64>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// Where it was last sent.
    pub url: Option<String>,
    /// When it was queued.
    pub created_at: String,
    /// When the receiver accepted it.
    pub delivered_at: Option<String>,
}

/// Recent webhook deliveries of a site, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveriesOut {
    /// The current webhook URL.
    pub webhook_url: Option<String>,
    /// Deliveries.
    pub items: Vec<DeliveryOut>,
}

/// A queued test delivery.
#[derive(Debug, Serialize, ToSchema)]
pub struct PingOut {
    /// The delivery id to look for.
    pub id: String,
}
