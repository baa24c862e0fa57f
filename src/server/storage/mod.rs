//! Storage: one trait, two backends (SQLite embedded by default, PostgreSQL
//! for several instances), chosen from the database URL's scheme.
//!
//! The storage layer knows nothing about HTTP; it stores and returns plain
//! records. Every change to reviews goes through [`Storage::write`], one
//! transaction that also appends the moderation log entries and the live
//! events it causes, so a change and its announcement never disagree.

pub mod ban_cache;
pub mod insights;
pub mod mail;
mod postgres;
pub mod recent;
pub mod redact;
pub mod site_cache;
mod sqlite;
pub mod votes;

use async_trait::async_trait;

use crate::core::model::{ReviewKind, ReviewState, Role};

pub use insights::InsightsStorage;
pub use mail::{MailStorage, NewMail};
pub use postgres::PgStore;
pub use recent::{RecentEntry, RecentNotice, RECENT_CHANNEL};
pub use sqlite::SqliteStore;
pub use votes::{VoteStorage, VoteWrite};

/// The PostgreSQL `NOTIFY` channel on which instances announce new event ids.
pub const EVENTS_CHANNEL: &str = "candor_events";

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique key already exists (a site id, a user's e-mail, ...).
    #[error("already exists: {0}")]
    Conflict(String),
    /// The record changed since it was read (optimistic concurrency).
    #[error("the record changed concurrently")]
    StaleVersion,
    /// The record to update does not exist.
    #[error("not found")]
    NotFound,
    /// The URL names no supported backend.
    #[error("unsupported database URL {0:?}: use sqlite://path or postgres://...")]
    UnsupportedUrl(String),
    /// A stored value could not be decoded.
    #[error("corrupt stored value in {0}")]
    Corrupt(&'static str),
    /// Applying migrations failed.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Any other database error.
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    /// The group writer task has stopped (the server is shutting down).
    #[error("the writer has stopped")]
    WriterGone,
}

/// A shop served by this server.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteRecord {
    /// Short id used in URLs (`demo`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Origins allowed to call the API from a browser (CORS).
    pub origins: Vec<String>,
    /// UI languages offered, as codes.
    pub languages: Vec<String>,
    /// Working hours as the clock's `Schedule` JSON.
    pub schedule: String,
    /// The promised answer time in minutes (10 by default).
    pub promise_minutes: i64,
    /// Hours an author has to answer a details request before the merchant
    /// may publish "we could not find this order".
    pub details_wait_hours: i64,
    /// Secret for HMAC-signed order registration (the shop's server only).
    pub secret: String,
    /// Where webhooks are sent, if anywhere.
    pub webhook_url: Option<String>,
    /// The separate secret that signs webhook deliveries, made when a URL
    /// is first set (shown once) and on rotation. A webhook receiver never
    /// holds the order-registration secret.
    pub webhook_secret: Option<String>,
    /// Creation time, Unix ms.
    pub created_at: i64,
}

/// A merchant account.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRecord {
    /// Numeric id.
    pub id: i64,
    /// Login e-mail, lowercased.
    pub email: String,
    /// The name shown under public replies.
    pub display_name: String,
    /// Argon2 PHC string.
    pub password_hash: String,
}

/// A merchant's role on one site.
#[derive(Debug, Clone, PartialEq)]
pub struct Membership {
    /// The site.
    pub site: String,
    /// The role there.
    pub role: Role,
}

/// The columns of a recent review that the campaign check reads.
#[derive(Debug, Clone, PartialEq)]
pub struct RecentSignature {
    pub id: String,
    pub status: crate::core::model::Status,
    pub version: i64,
    /// The template signature (hex), if stored.
    pub signature: Option<String>,
    /// Who sent it: the salted address hash and the e-mail hash.
    pub ip_hash: Option<String>,
    /// See `ip_hash`.
    pub email_sha256: Option<String>,
    /// When it was submitted (Unix ms).
    pub created_at: i64,
}

/// Counts of recent failed sign-ins.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoginFailures {
    /// From the client, at any account.
    pub from_client: i64,
    /// At the account, from the client.
    pub at_account_from_client: i64,
    /// At the account, from anywhere.
    pub at_account: i64,
}

/// What made a ban refuse a sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BanMatch {
    /// The e-mail hash or the address hash under the current key.
    Current,
    /// Only the address hash under the legacy key (salted with the public
    /// site id, before issue 11): the ban should be re-keyed.
    LegacyIpHash,
}

/// One shared rate limit to count a request against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateKey<'a> {
    /// The key (a hash: it may name a client address).
    pub key: &'a str,
    /// One request per this many milliseconds, on average.
    pub interval_ms: i64,
    /// The burst: requests may run this far ahead of the average.
    pub window_ms: i64,
}

/// The answer of a shared rate limit: taken, or refused for this long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateTake {
    /// The request fits the limit and was counted.
    Allowed,
    /// Refused; the next request fits after this many milliseconds.
    Refused {
        /// Milliseconds to wait (at least 1).
        wait_ms: i64,
    },
}

/// One stored review or complaint, private fields included.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRecord {
    /// Public random id.
    pub id: String,
    /// The site.
    pub site: String,
    /// 1..=5.
    pub rating: i64,
    /// The shopper's text, cleaned; never edited afterwards.
    pub text: String,
    /// Product id on the storefront.
    pub product: Option<String>,
    /// Display name the author chose.
    pub author_name: Option<String>,
    /// Contact e-mail (private).
    pub email: Option<String>,
    /// SHA-256 hex of the lowercased e-mail, for order matching and bans.
    pub email_sha256: Option<String>,
    /// Order reference (private).
    pub order_ref: Option<String>,
    /// Order date `YYYY-MM-DD` (private).
    pub order_date: Option<String>,
    /// Language code of the text.
    pub lang: Option<String>,
    /// Submission time, Unix ms.
    pub created_at: i64,
    /// Moderation state.
    pub state: ReviewState,
    /// Detector score 0..=1.
    pub check_score: f64,
    /// Detector verdict.
    pub check_verdict: String,
    /// Detector reason codes.
    pub check_reasons: Vec<String>,
    /// SHA-256 hex of the author token (the token itself is never stored).
    pub author_token_sha256: String,
    /// Keyed hash of the submitter's address (see `rules::client`), for
    /// bans and for telling senders apart.
    pub ip_hash: Option<String>,
    /// When a complaint must be answered, Unix ms.
    pub answer_due_at: Option<i64>,
    /// Minutes to the first answer, counted in open hours.
    pub first_answer_open_minutes: Option<i64>,
    /// Why it was hidden or held, when it is.
    pub hidden_reason: Option<String>,
    /// The detector's template signature (hex), for campaign detection.
    pub signature: Option<String>,
    /// Optimistic-concurrency version, bumped by every write.
    pub version: i64,
}

/// A public (or author-visible) entry under a review.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplyRecord {
    /// Numeric id.
    pub id: i64,
    /// The review.
    pub review_id: String,
    /// Kind of entry (`ReplyKind` wire name).
    pub kind: String,
    /// Text shown.
    pub text: String,
    /// Who: merchant display name, or "author".
    pub author_display: String,
    /// The merchant account, when a merchant wrote it.
    pub user_id: Option<i64>,
    /// Unix ms.
    pub created_at: i64,
}

/// A reply to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReply {
    /// The review.
    pub review_id: String,
    /// Kind (`ReplyKind` wire name).
    pub kind: String,
    /// Text.
    pub text: String,
    /// Display name.
    pub author_display: String,
    /// The merchant account, if any.
    pub user_id: Option<i64>,
    /// Unix ms.
    pub created_at: i64,
}

/// An entry of the public moderation log.
#[derive(Debug, Clone, PartialEq)]
pub struct LogRecord {
    /// Numeric id (0 before storing).
    pub id: i64,
    /// The site.
    pub site: String,
    /// The review concerned, if any.
    pub review_id: Option<String>,
    /// `ModerationAction` wire name.
    pub action: String,
    /// Stated reason (`AbuseReason` wire name or free text).
    pub reason: Option<String>,
    /// Who: a merchant's display name, "author" or "system".
    pub actor: String,
    /// The merchant account, when a merchant acted.
    pub actor_user_id: Option<i64>,
    /// Unix ms.
    pub created_at: i64,
}

/// An author ban.
#[derive(Debug, Clone, PartialEq)]
pub struct NewBan {
    /// The site.
    pub site: String,
    /// Banned e-mail hash, if known.
    pub email_sha256: Option<String>,
    /// Banned address hash, if known.
    pub ip_hash: Option<String>,
    /// Stated reason.
    pub reason: String,
    /// Unix ms.
    pub created_at: i64,
    /// Unix ms; `None` for permanent.
    pub expires_at: Option<i64>,
}

/// A live event to store and announce.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    /// The site.
    pub site: String,
    /// SSE event name.
    pub name: String,
    /// JSON payload.
    pub data: String,
    /// The review it is about, if any (scrubbed when the review is hidden).
    pub review_id: Option<String>,
}

/// A stored live event with its id (used as the SSE `id`).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    /// Monotonic id.
    pub id: i64,
    /// The site.
    pub site: String,
    /// SSE event name.
    pub name: String,
    /// JSON payload.
    pub data: String,
    /// Unix ms.
    pub created_at: i64,
}

/// Everything one transaction writes about reviews.
#[derive(Debug, Clone, Default)]
pub struct WriteBatch {
    /// A new submission to insert.
    pub insert: Option<ReviewRecord>,
    /// Reviews whose text and author must leave every stored live event and
    /// webhook payload (hidden, withdrawn or banned), before anything else
    /// in the batch is written.
    pub redact: Vec<String>,
    /// Reviews to flag as copied by a suspected campaign (their state is
    /// not touched).
    pub campaign_flags: Vec<String>,
    /// Orders to register (or update), before `updates` are applied.
    pub orders: Vec<OrderRecord>,
    /// Existing reviews to update; each must still have its `version`.
    pub updates: Vec<ReviewRecord>,
    /// Replies to add.
    pub replies: Vec<NewReply>,
    /// Moderation log entries to add.
    pub log: Vec<LogRecord>,
    /// Bans to add.
    pub bans: Vec<NewBan>,
    /// Live events to append.
    pub events: Vec<NewEvent>,
    /// Webhook deliveries to queue in the outbox (same transaction).
    pub webhooks: Vec<NewDelivery>,
    /// Moderation-panel fields to set on existing (or the inserted) reviews.
    pub panel: Vec<(String, PanelFields)>,
    /// Like `panel`, but only on reviews that have no topic yet (the
    /// start-up backfill: it never overwrites a merchant's triage made
    /// meanwhile).
    pub panel_if_untriaged: Vec<(String, PanelFields)>,
    /// A merchant's action: its log entry, whose id becomes the `action_id`.
    pub action: Option<ActionEntry>,
    /// An earlier action to take back (same transaction).
    pub undo: Option<UndoWrite>,
    /// A private message to the author, linked to `action`.
    pub private_message: Option<NewPrivateMessage>,
    /// Mails announcing the change, queued in the mail outbox (same
    /// transaction); one whose idempotency key exists is skipped.
    pub mails: Vec<NewMail>,
    /// A review request (site, order) whose single-use link the inserted
    /// review used: marked used, once (`Conflict("request_used")` when it
    /// was used already).
    pub use_request: Option<(String, String)>,
    /// A reader's vote, with the count and priority it changes.
    pub vote: Option<VoteWrite>,
}

// ---- The moderation panel (issue 5) ----

/// The panel's fields of a review: triage (topic, priority), the trolling
/// mark and the lowercased search text.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PanelFields {
    /// Primary topic code (`core::topic::Topic::code`).
    pub topic: Option<String>,
    /// All topic codes, strongest first.
    pub topics: Vec<String>,
    /// Priority code (`core::topic::Priority::code`).
    pub priority: Option<String>,
    /// Marked as trolling: no reply expected.
    pub stop_engaging: bool,
    /// Lowercased text, author name and order number (not kept in undo
    /// snapshots' meaning: it only follows the review).
    pub search_text: Option<String>,
}

/// The panel's view of one review: its fields and how many other reviews of
/// the site share its e-mail hash or order number.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PanelRow {
    /// The fields.
    pub fields: PanelFields,
    /// Other reviews by the same author.
    pub history_count: i64,
    /// Later submissions copied this review as part of a suspected
    /// campaign (it stays as it was; the merchant is told).
    pub campaign_flag: bool,
}

/// A merchant action's log entry with what an undo needs.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionEntry {
    /// The entry (its `id` is ignored).
    pub log: LogRecord,
    /// Shown in the public moderation log.
    pub public: bool,
    /// JSON of the state before the action; `None`: cannot be undone.
    pub undo_state: Option<String>,
    /// Unix ms until which it may be undone.
    pub undo_until: Option<i64>,
    /// The review's version right after the action.
    pub version_after: Option<i64>,
}

/// A stored action (a moderation-log row with its undo columns).
#[derive(Debug, Clone, PartialEq)]
pub struct ActionRecord {
    /// The log entry (`id` is the action id).
    pub log: LogRecord,
    /// Shown in the public moderation log.
    pub public: bool,
    /// JSON of the state before the action.
    pub undo_state: Option<String>,
    /// Unix ms.
    pub undo_until: Option<i64>,
    /// When it was undone, Unix ms.
    pub undone_at: Option<i64>,
    /// The reply it created.
    pub reply_id: Option<i64>,
    /// The ban it created.
    pub ban_id: Option<i64>,
    /// The review's version right after the action.
    pub version_after: Option<i64>,
}

/// Taking back an action: marks it undone (once: `Conflict("already_undone")`
/// otherwise) and removes the reply, ban and private messages it created.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoWrite {
    /// The action's id.
    pub action_id: i64,
    /// Unix ms.
    pub now: i64,
    /// The reply to retract.
    pub reply_id: Option<i64>,
    /// The ban to lift.
    pub ban_id: Option<i64>,
}

/// A private message to a review's author.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPrivateMessage {
    /// The review.
    pub review_id: String,
    /// Text.
    pub text: String,
    /// The merchant's display name.
    pub author: String,
    /// Unix ms.
    pub created_at: i64,
}

/// A stored private message.
#[derive(Debug, Clone, PartialEq)]
pub struct PrivateMessageRecord {
    /// Numeric id.
    pub id: i64,
    /// The review.
    pub review_id: String,
    /// Text.
    pub text: String,
    /// The merchant's display name.
    pub author: String,
    /// Unix ms.
    pub created_at: i64,
}

/// A reply template a merchant saved for common cases.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedReplyRecord {
    /// Numeric id.
    pub id: i64,
    /// The site.
    pub site: String,
    /// Short title.
    pub title: String,
    /// Reply text.
    pub text: String,
    /// Display name of who wrote it.
    pub created_by: String,
    /// Unix ms.
    pub created_at: i64,
}

/// What a write stored: the events, and the id of the batch's action.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WriteOutcome {
    /// Stored events.
    pub events: Vec<StoredEvent>,
    /// The moderation-log id of `WriteBatch::action`.
    pub action_id: Option<i64>,
}

/// Suspicion filter of the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suspected {
    /// The detector's verdict is `template`.
    Template,
    /// Held as part of a template campaign.
    Campaign,
    /// Either.
    Any,
}

/// A webhook delivery to queue in the durable outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDelivery {
    /// Public random id (`X-Candor-Delivery`).
    pub id: String,
    /// The site whose webhook receives it.
    pub site: String,
    /// Event type, e.g. `review.created`.
    pub event: String,
    /// The JSON body to send.
    pub payload: String,
    /// The review it is about, if any (scrubbed when the review is hidden).
    pub review_id: Option<String>,
    /// Unix ms; also the first attempt's due time.
    pub created_at: i64,
}

/// A queued, sent or abandoned webhook delivery.
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryRecord {
    /// Public random id.
    pub id: String,
    /// The site.
    pub site: String,
    /// Event type.
    pub event: String,
    /// The JSON body.
    pub payload: String,
    /// `pending`, `delivered`, `failed` (gave up) or `cancelled`.
    pub status: String,
    /// Attempts made (a claimed delivery counts its attempt already).
    pub attempts: i64,
    /// When the next attempt is due, Unix ms.
    pub next_attempt_at: i64,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// The receiver's last HTTP status.
    pub last_status_code: Option<i64>,
    /// Where the last attempt went.
    pub url: Option<String>,
    /// Unix ms.
    pub created_at: i64,
    /// Unix ms.
    pub updated_at: i64,
    /// When the receiver accepted it, Unix ms.
    pub delivered_at: Option<i64>,
}

/// How one delivery attempt ended.
#[derive(Debug, Clone, PartialEq)]
pub enum DeliveryOutcome {
    /// The receiver answered 2xx.
    Delivered {
        /// The URL used.
        url: String,
        /// The HTTP status.
        status_code: i64,
    },
    /// Failed; try again at `next_attempt_at`.
    Retry {
        /// The URL used.
        url: String,
        /// The HTTP status, when there was an answer.
        status_code: Option<i64>,
        /// What went wrong.
        error: String,
        /// Unix ms.
        next_attempt_at: i64,
    },
    /// Failed for the last time; no more attempts.
    Failed {
        /// The URL used.
        url: Option<String>,
        /// The HTTP status, when there was an answer.
        status_code: Option<i64>,
        /// What went wrong.
        error: String,
    },
    /// Not sent: the site no longer has a webhook URL.
    Cancelled {
        /// Why.
        reason: String,
    },
}

impl DeliveryOutcome {
    /// The outcome's name, as used in metrics: `delivered`, `retry`,
    /// `failed` or `cancelled`.
    pub fn name(&self) -> &'static str {
        match self {
            DeliveryOutcome::Delivered { .. } => "delivered",
            DeliveryOutcome::Retry { .. } => "retry",
            DeliveryOutcome::Failed { .. } => "failed",
            DeliveryOutcome::Cancelled { .. } => "cancelled",
        }
    }
}

/// The two once-per-review answer-deadline alerts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineAlert {
    /// The deadline is close.
    Near,
    /// The deadline passed without an answer.
    Breached,
}

/// Where the next page of an export starts.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum ExportCursor {
    /// From the beginning.
    #[default]
    Start,
    /// After a review (`created_at`, `id`).
    Review(i64, String),
    /// After a numeric id (replies, log entries).
    Id(i64),
}

/// Records to import into one site, keeping ids and timestamps.
#[derive(Debug, Clone, Default)]
pub struct ImportBatch {
    /// Reviews; one whose id exists is left untouched.
    pub reviews: Vec<ReviewRecord>,
    /// Replies; skipped when an equal one (review, kind, time, text) exists
    /// or the review is not on the site.
    pub replies: Vec<NewReply>,
    /// Moderation log entries; skipped when an equal one exists.
    pub log: Vec<LogRecord>,
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    /// Reviews inserted.
    pub reviews_added: u64,
    /// Reviews already present (never overwritten).
    pub reviews_kept: u64,
    /// Replies inserted.
    pub replies_added: u64,
    /// Replies already present or without their review.
    pub replies_skipped: u64,
    /// Log entries inserted.
    pub log_added: u64,
    /// Log entries already present.
    pub log_skipped: u64,
}

impl ImportCounts {
    /// Adds another batch's counts.
    pub fn add(&mut self, other: ImportCounts) {
        self.reviews_added += other.reviews_added;
        self.reviews_kept += other.reviews_kept;
        self.replies_added += other.replies_added;
        self.replies_skipped += other.replies_skipped;
        self.log_added += other.log_added;
        self.log_skipped += other.log_skipped;
    }
}

/// Connections of one database pool, for metrics.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolStats {
    /// `read`, `write` or `main`.
    pub pool: &'static str,
    /// Open connections.
    pub size: u32,
    /// Idle ones among them.
    pub idle: u32,
    /// The pool's maximum.
    pub max: u32,
}

/// Order of the public review list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReviewSort {
    /// Newest first (default).
    #[default]
    Newest,
    /// Oldest first.
    Oldest,
    /// Highest rating first.
    Highest,
    /// Lowest rating first.
    Lowest,
    /// Most "me too"s and "helpful"s first, then newest.
    Helpful,
}

/// Filter of the public review list.
#[derive(Debug, Clone, Default)]
pub struct ReviewFilter {
    /// Only this product.
    pub product: Option<String>,
    /// Only this rating.
    pub rating: Option<i64>,
    /// Order.
    pub sort: ReviewSort,
    /// Page size.
    pub limit: i64,
    /// Rows to skip.
    pub offset: i64,
}

/// Filter of the merchant's queue.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    /// Only this status (`Status` wire name).
    pub status: Option<String>,
    /// Only unresolved items.
    pub open_only: bool,
    /// Only this primary topic code.
    pub topic: Option<String>,
    /// Only this priority code.
    pub priority: Option<String>,
    /// Only this rating.
    pub rating: Option<i64>,
    /// Only suspected ones.
    pub suspected: Option<Suspected>,
    /// Only this language code.
    pub lang: Option<String>,
    /// Lowercased text to find in the text, author name or order number.
    pub q: Option<String>,
    /// Page size.
    pub limit: i64,
    /// Rows to skip.
    pub offset: i64,
}

/// Aggregates of a site's published reviews.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SummaryCounts {
    /// Published reviews.
    pub count: i64,
    /// Count per rating 1..=5.
    pub histogram: [i64; 5],
    /// Published ones with a resolution.
    pub resolved: i64,
    /// Published complaints.
    pub complaints: i64,
}

/// A registered order of the shop.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderRecord {
    /// Product ids in the order (empty: not told).
    pub products: Vec<String>,
    /// The site.
    pub site: String,
    /// Order reference.
    pub order_ref: String,
    /// `YYYY-MM-DD`.
    pub order_date: Option<String>,
    /// SHA-256 hex of the lowercased e-mail.
    pub email_sha256: Option<String>,
    /// Unix ms.
    pub created_at: i64,
}

/// Counts of moderation actions by action and reason.
#[derive(Debug, Clone, PartialEq)]
pub struct LogCount {
    /// Action wire name.
    pub action: String,
    /// Reason, if any.
    pub reason: Option<String>,
    /// How many.
    pub count: i64,
}

/// The storage interface the server uses; implemented for SQLite and
/// PostgreSQL with the same parameterised SQL.
#[async_trait]
pub trait Storage: InsightsStorage + MailStorage + VoteStorage + Send + Sync + 'static {
    /// Which backend this is (`"sqlite"` or `"postgres"`).
    fn backend(&self) -> &'static str;
    /// Whether other instances may share this database, so live events must
    /// come from the database (PostgreSQL `LISTEN`) instead of in-process.
    fn shares_events(&self) -> bool;
    /// The PostgreSQL pool to `LISTEN` on for other instances' events.
    fn listen_pool(&self) -> Option<sqlx::PgPool>;

    /// Creates a site; `Conflict` when the id exists.
    async fn create_site(&self, site: &SiteRecord) -> Result<(), StoreError>;
    /// Replaces a site's settings; `NotFound` when it does not exist.
    async fn update_site(&self, site: &SiteRecord) -> Result<(), StoreError>;
    /// One site.
    async fn site(&self, id: &str) -> Result<Option<SiteRecord>, StoreError>;
    /// All sites, by id.
    async fn sites(&self) -> Result<Vec<SiteRecord>, StoreError>;

    /// Creates a merchant account; `Conflict` when the e-mail exists.
    async fn create_user(
        &self,
        email: &str,
        display_name: &str,
        password_hash: &str,
        now: i64,
    ) -> Result<i64, StoreError>;
    /// Changes an account's password hash and display name.
    async fn update_user(
        &self,
        id: i64,
        display_name: &str,
        password_hash: &str,
    ) -> Result<(), StoreError>;
    /// The account with this (lowercased) e-mail.
    async fn user_by_email(&self, email: &str) -> Result<Option<UserRecord>, StoreError>;
    /// Gives an account a role on a site (replacing an existing role).
    async fn grant(&self, user_id: i64, site: &str, role: Role) -> Result<(), StoreError>;
    /// The sites an account may moderate.
    async fn memberships(&self, user_id: i64) -> Result<Vec<Membership>, StoreError>;

    /// Stores a session by the SHA-256 of its token.
    async fn create_session(
        &self,
        token_sha256: &str,
        user_id: i64,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError>;
    /// The account of an unexpired session.
    async fn session_user(
        &self,
        token_sha256: &str,
        now: i64,
    ) -> Result<Option<UserRecord>, StoreError>;
    /// Ends a session.
    async fn delete_session(&self, token_sha256: &str) -> Result<(), StoreError>;

    /// Applies a batch of review changes in one transaction and returns the
    /// stored events. `StaleVersion` when an update lost a race.
    async fn write(&self, batch: WriteBatch) -> Result<Vec<StoredEvent>, StoreError>;
    /// One review, whatever its status.
    async fn review(&self, id: &str) -> Result<Option<ReviewRecord>, StoreError>;
    /// The public list of a site: published reviews and the placeholders of
    /// reviews hidden for abuse (held and withdrawn ones stay out).
    async fn published(
        &self,
        site: &str,
        filter: &ReviewFilter,
    ) -> Result<Vec<ReviewRecord>, StoreError>;
    /// The merchant's queue: every review, unanswered complaints by deadline
    /// first.
    async fn queue(
        &self,
        site: &str,
        filter: &QueueFilter,
    ) -> Result<Vec<ReviewRecord>, StoreError>;
    /// Reviews of a site submitted at or after `since` (for campaign
    /// detection), newest first, at most `limit`.
    async fn recent(
        &self,
        site: &str,
        since: i64,
        limit: i64,
    ) -> Result<Vec<ReviewRecord>, StoreError>;
    /// The campaign check's view of the same reviews as `recent`: id, status,
    /// version and signature only, newest first, at most `limit`.
    async fn recent_signatures(
        &self,
        site: &str,
        since: i64,
        limit: i64,
    ) -> Result<Vec<RecentSignature>, StoreError>;
    /// Calls `visit` with what [`Storage::recent_signatures`] returns, minus
    /// withdrawn rows, newest first — from memory, kept current by every
    /// write (see [`recent`]), so a site's recent submissions are read from
    /// the database once, not for every submission.
    async fn visit_recent(
        &self,
        site: &str,
        since: i64,
        limit: i64,
        visit: &mut (dyn for<'e> FnMut(&'e RecentEntry) + Send),
    ) -> Result<(), StoreError>;
    /// Replies of the given reviews, oldest first.
    async fn replies(&self, review_ids: &[String]) -> Result<Vec<ReplyRecord>, StoreError>;
    /// Aggregates of published reviews (optionally of one product).
    async fn summary(&self, site: &str, product: Option<&str>)
        -> Result<SummaryCounts, StoreError>;
    /// Aggregates of published reviews of each of many products, in one
    /// query (category pages' star badges); products without a published
    /// review are absent.
    async fn product_summaries(
        &self,
        site: &str,
        products: &[String],
    ) -> Result<Vec<(String, SummaryCounts)>, StoreError>;
    /// Open-hours minutes to the first answer of complaints first answered at
    /// or after `since`.
    async fn first_answer_minutes(&self, site: &str, since: i64) -> Result<Vec<i64>, StoreError>;

    /// The public moderation log, newest first.
    async fn moderation_log(
        &self,
        site: &str,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<LogRecord>, StoreError>;
    /// Counts of moderation actions by action and reason.
    async fn moderation_counts(&self, site: &str) -> Result<Vec<LogCount>, StoreError>;
    /// Recent failed sign-ins (since `since`): from this client, at this
    /// account from this client, and at this account from anywhere.
    async fn login_failures(
        &self,
        account: &str,
        client: &str,
        since: i64,
    ) -> Result<LoginFailures, StoreError>;
    /// Records a failed sign-in (and forgets failures older than a day).
    async fn record_login_failure(
        &self,
        account: &str,
        client: &str,
        now: i64,
    ) -> Result<(), StoreError>;
    /// Forgets the failures at this account from this client (after a
    /// success).
    async fn clear_login_failures(&self, account: &str, client: &str) -> Result<(), StoreError>;
    /// Whether an e-mail hash or address hash is banned on a site now.
    async fn is_banned(
        &self,
        site: &str,
        email_sha256: Option<&str>,
        ip_hash: Option<&str>,
        now: i64,
    ) -> Result<bool, StoreError>;
    /// Whether a ban refuses a sender on a site now, and by which key: the
    /// e-mail hash, the address hash, or the address's legacy hash.
    async fn ban_match(
        &self,
        site: &str,
        email_sha256: Option<&str>,
        ip_hash: Option<&str>,
        legacy_ip_hash: Option<&str>,
        now: i64,
    ) -> Result<Option<BanMatch>, StoreError>;
    /// Moves a site's bans of a legacy address hash to the current hash of
    /// the same client; how many moved.
    async fn rekey_ip_bans(
        &self,
        site: &str,
        legacy_ip_hash: &str,
        ip_hash: &str,
    ) -> Result<u64, StoreError>;
    /// Counts one request against the GCRA limit `key` in one atomic
    /// statement (every instance on the database sees the same count): a
    /// request is allowed when the key's theoretical arrival time, advanced by
    /// `interval_ms`, stays within `window_ms` of `now` (a burst of
    /// `window_ms / interval_ms` requests, then one per interval).
    async fn take_rate_limit(
        &self,
        key: &str,
        interval_ms: i64,
        window_ms: i64,
        now: i64,
    ) -> Result<RateTake, StoreError>;
    /// Counts one request against each limit of `chain` in turn, a limit
    /// only when every one before it allowed the request (a client over its
    /// own limit does not use up the site's); the first refusal, or
    /// `Allowed`. The same as [`Storage::take_rate_limit`] on each key in
    /// turn; a backend may do it in one statement.
    async fn take_rate_limits(
        &self,
        chain: &[RateKey<'_>],
        now: i64,
    ) -> Result<RateTake, StoreError>;
    /// Forgets rate-limit keys whose state has run out by `now` (they are
    /// the same as absent ones); how many.
    async fn prune_rate_limits(&self, now: i64) -> Result<u64, StoreError>;
    /// The installation's secret `name`: the stored one, or `fresh` stored
    /// now when there is none (the first start; concurrent first starts of
    /// several instances agree on one).
    async fn server_secret(&self, name: &str, fresh: &str, now: i64) -> Result<String, StoreError>;

    /// Reviews of the site quoting this order number (or written from this
    /// e-mail hash) that are not verified yet, oldest first. Read from the
    /// primary: the caller writes their update next.
    async fn unverified_for_order(
        &self,
        site: &str,
        order_ref: &str,
        email_sha256: Option<&str>,
    ) -> Result<Vec<ReviewRecord>, StoreError>;
    /// The registered orders a review quoting `order_ref` (or written from
    /// `email_sha256`) may belong to: the one with that number, then those
    /// registered with that e-mail, oldest first.
    async fn orders_matching(
        &self,
        site: &str,
        order_ref: Option<&str>,
        email_sha256: Option<&str>,
    ) -> Result<Vec<OrderRecord>, StoreError>;
    /// The products of the reviews that `order` already verified (quoting
    /// its number, or written from its e-mail), one entry per review.
    async fn verified_products(
        &self,
        order: &OrderRecord,
    ) -> Result<Vec<Option<String>>, StoreError>;

    /// Records that a merchant is online now.
    async fn heartbeat(&self, site: &str, user_id: i64, now: i64) -> Result<(), StoreError>;
    /// The latest heartbeat of any merchant of a site.
    async fn last_heartbeat(&self, site: &str) -> Result<Option<i64>, StoreError>;

    /// Events of a site after an id, oldest first (SSE resume).
    async fn events_after(
        &self,
        site: &str,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<StoredEvent>, StoreError>;
    /// One event by id (for PostgreSQL notifications).
    async fn event(&self, id: i64) -> Result<Option<StoredEvent>, StoreError>;
    /// Deletes events older than `before`; returns how many.
    async fn prune_events(&self, before: i64) -> Result<u64, StoreError>;

    /// Claims up to `limit` pending deliveries due at `now`: counts the
    /// attempt and leases them until `lease_until` so no other worker (or
    /// instance: PostgreSQL skips locked rows) sends them meanwhile.
    async fn claim_deliveries(
        &self,
        now: i64,
        lease_until: i64,
        limit: i64,
    ) -> Result<Vec<DeliveryRecord>, StoreError>;
    /// Records how a claimed delivery's attempt ended and releases it.
    async fn finish_delivery(
        &self,
        id: &str,
        outcome: &DeliveryOutcome,
        now: i64,
    ) -> Result<(), StoreError>;
    /// A site's most recent deliveries, newest first.
    async fn deliveries(&self, site: &str, limit: i64) -> Result<Vec<DeliveryRecord>, StoreError>;
    /// Deliveries per status, over all sites.
    async fn delivery_counts(&self) -> Result<Vec<(String, i64)>, StoreError>;
    /// Deletes finished deliveries (delivered, failed, cancelled) last
    /// updated before `before`; pending ones stay whatever their age.
    /// Returns how many went.
    async fn prune_deliveries(&self, before: i64) -> Result<u64, StoreError>;

    /// Unanswered, unresolved complaints whose deadline lies in
    /// `(after, until]` and whose `alert` was not sent yet, soonest first.
    async fn deadline_candidates(
        &self,
        alert: DeadlineAlert,
        after: i64,
        until: i64,
        limit: i64,
    ) -> Result<Vec<ReviewRecord>, StoreError>;
    /// Marks `alert` sent for a review and queues its deliveries, once: false
    /// (and nothing queued) when it was already marked.
    async fn mark_deadline_alert(
        &self,
        review_id: &str,
        alert: DeadlineAlert,
        now: i64,
        deliveries: &[NewDelivery],
    ) -> Result<bool, StoreError>;

    /// A page of a site's reviews (every status) in `(created_at, id)` order
    /// after the cursor.
    async fn export_reviews(
        &self,
        site: &str,
        after: &ExportCursor,
        limit: i64,
    ) -> Result<Vec<ReviewRecord>, StoreError>;
    /// A page of the replies under a site's reviews, by id after the cursor.
    async fn export_replies(
        &self,
        site: &str,
        after: &ExportCursor,
        limit: i64,
    ) -> Result<Vec<ReplyRecord>, StoreError>;
    /// A page of a site's public moderation log, by id after the cursor
    /// (private entries — replies, resolutions, triage — are left out: the
    /// replies themselves are exported).
    async fn export_log(
        &self,
        site: &str,
        after: &ExportCursor,
        limit: i64,
    ) -> Result<Vec<LogRecord>, StoreError>;
    /// Imports records into `site` in one transaction; existing reviews are
    /// never changed, so importing twice adds nothing.
    async fn import(&self, site: &str, batch: &ImportBatch) -> Result<ImportCounts, StoreError>;

    /// Connection counts of the pools.
    fn pool_stats(&self) -> Vec<PoolStats>;

    // ---- The moderation panel (issue 5) ----

    /// Like [`Storage::write`], also returning the id of the batch's action.
    async fn write_outcome(&self, batch: WriteBatch) -> Result<WriteOutcome, StoreError>;
    /// Commits several batches together, each on its own: a batch that
    /// fails is rolled back alone and the others commit. This is what the
    /// group writer behind [`Storage::write`] does with the batches waiting
    /// at one moment.
    async fn write_group(&self, batches: Vec<WriteBatch>) -> Vec<Result<WriteOutcome, StoreError>>;
    /// Panel fields and history counts of reviews of a site, by review id.
    async fn panel_rows(
        &self,
        site: &str,
        review_ids: &[String],
    ) -> Result<std::collections::HashMap<String, PanelRow>, StoreError>;
    /// Reviews (any site) without a topic yet, at most `limit`.
    async fn untriaged(&self, limit: i64) -> Result<Vec<ReviewRecord>, StoreError>;
    /// Other reviews of the site with the same e-mail hash or order number,
    /// newest first.
    async fn history(
        &self,
        site: &str,
        review: &ReviewRecord,
        limit: i64,
    ) -> Result<Vec<ReviewRecord>, StoreError>;
    /// One action (moderation-log row) by id.
    async fn action(&self, id: i64) -> Result<Option<ActionRecord>, StoreError>;
    /// Marks a merchant away at once.
    async fn clear_heartbeat(&self, site: &str, user_id: i64) -> Result<(), StoreError>;
    /// Private messages to a review's author, oldest first.
    async fn private_messages(
        &self,
        review_id: &str,
    ) -> Result<Vec<PrivateMessageRecord>, StoreError>;
    /// A site's saved replies, oldest first.
    async fn saved_replies(&self, site: &str) -> Result<Vec<SavedReplyRecord>, StoreError>;
    /// Stores a saved reply.
    async fn create_saved_reply(
        &self,
        site: &str,
        title: &str,
        text: &str,
        created_by: &str,
        now: i64,
    ) -> Result<SavedReplyRecord, StoreError>;
    /// Changes a saved reply; `None` when the site has no such one.
    async fn update_saved_reply(
        &self,
        site: &str,
        id: i64,
        title: &str,
        text: &str,
        now: i64,
    ) -> Result<Option<SavedReplyRecord>, StoreError>;
    /// Deletes a saved reply; false when the site has no such one.
    async fn delete_saved_reply(&self, site: &str, id: i64) -> Result<bool, StoreError>;
}

/// Opens the database the URL names (`sqlite://path`, `sqlite::memory:`,
/// `postgres://...`), creating a SQLite file on first run, and applies that
/// backend's migrations.
pub async fn connect(url: &str) -> Result<std::sync::Arc<dyn Storage>, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(std::sync::Arc::new(SqliteStore::connect(url).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(std::sync::Arc::new(PgStore::connect(url).await?))
    } else {
        Err(StoreError::UnsupportedUrl(url.to_owned()))
    }
}

/// Parses a stored kind, state and status into the model.
pub(crate) fn decode_kind(value: &str) -> Result<ReviewKind, StoreError> {
    ReviewKind::parse(value).ok_or(StoreError::Corrupt("reviews.kind"))
}
