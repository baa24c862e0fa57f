//! Storage for mail (issue 13): the durable mail outbox, suppressed
//! addresses, the key that signs mail links, sender settings per site and
//! notification settings per merchant. Kept apart from the main
//! [`Storage`](super::Storage) trait (it is a supertrait of it) so the
//! feature reads as one unit; mails that announce a review change are
//! queued through [`WriteBatch::mails`](super::WriteBatch::mails), in the
//! change's own transaction.

use async_trait::async_trait;

use super::{StoreError, UserRecord};

/// A mail to queue in the outbox, rendered and addressed.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMail {
    /// Public random id (also the `Message-ID`'s local part).
    pub id: String,
    /// The site it is sent for.
    pub site: String,
    /// What it announces (`MailKind` wire name).
    pub kind: String,
    /// One mail per event: a second mail with the same key is dropped.
    pub idempotency_key: String,
    /// The review it is about, if any (cancelled when the review is hidden
    /// or withdrawn, or the action undone, before it went out).
    pub review_id: Option<String>,
    /// The recipient.
    pub to_addr: String,
    /// SHA-256 hex of the lowercased recipient (suppressions).
    pub to_sha256: String,
    /// Language code of the mail.
    pub lang: String,
    /// Subject line.
    pub subject: String,
    /// The plain-text part.
    pub text_body: String,
    /// The HTML part.
    pub html_body: String,
    /// The one-click unsubscribe URL (`List-Unsubscribe`), if any.
    pub unsubscribe_url: Option<String>,
    /// Unix ms.
    pub created_at: i64,
    /// The first attempt is not made before this (Unix ms): a merchant's
    /// action can still be undone until then.
    pub not_before: i64,
}

/// A queued, sent or abandoned mail.
#[derive(Debug, Clone, PartialEq)]
pub struct MailRecord {
    /// The mail as queued.
    pub mail: NewMail,
    /// `pending`, `sent`, `failed`, `cancelled` or `suppressed`.
    pub status: String,
    /// Attempts made (a claimed mail counts its attempt already).
    pub attempts: i64,
    /// Unix ms.
    pub next_attempt_at: i64,
    /// Why the last attempt failed (a class, never the raw reply).
    pub last_error: Option<String>,
    /// The SMTP reply code of the last failure.
    pub last_code: Option<i64>,
    /// Unix ms.
    pub updated_at: i64,
    /// When the SMTP server accepted it, Unix ms.
    pub sent_at: Option<i64>,
}

/// How one send attempt ended.
#[derive(Debug, Clone, PartialEq)]
pub enum MailOutcome {
    /// The SMTP server accepted it (or the preview kept it).
    Sent,
    /// Failed for now; try again at `next_attempt_at`.
    Retry {
        /// Failure class.
        error: String,
        /// SMTP reply code, when there was one.
        code: Option<i64>,
        /// Unix ms.
        next_attempt_at: i64,
    },
    /// Failed for good. With `bounce`, the address is refused permanently
    /// and no mail goes to it again.
    Failed {
        /// Failure class.
        error: String,
        /// SMTP reply code, when there was one.
        code: Option<i64>,
        /// The server refused the recipient permanently (5xx on RCPT).
        bounce: bool,
    },
    /// Not sent: the address was refused earlier or unsubscribed.
    Suppressed {
        /// `bounce` or `unsubscribe`.
        reason: String,
    },
}

impl MailOutcome {
    /// The outcome's name: `sent`, `retry`, `failed` or `suppressed`.
    pub fn name(&self) -> &'static str {
        match self {
            MailOutcome::Sent => "sent",
            MailOutcome::Retry { .. } => "retry",
            MailOutcome::Failed { .. } => "failed",
            MailOutcome::Suppressed { .. } => "suppressed",
        }
    }
}

/// A site's sender and review-request settings.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteMailSettings {
    /// Sender address (default: the server's `mail_from`).
    pub from_addr: Option<String>,
    /// Sender name (default: the site's name).
    pub from_name: Option<String>,
    /// Days after the order (or delivery) before a review request.
    pub request_delay_days: i64,
    /// Days after the request before its one reminder.
    pub reminder_delay_days: i64,
}

impl Default for SiteMailSettings {
    fn default() -> Self {
        SiteMailSettings {
            from_addr: None,
            from_name: None,
            request_delay_days: 7,
            reminder_delay_days: 7,
        }
    }
}

/// A merchant's mail notifications on one site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserMailSettings {
    /// A mail for each new complaint.
    pub new_complaint: bool,
    /// A mail when a complaint's answer deadline is near or broken.
    pub deadline: bool,
}

impl Default for UserMailSettings {
    fn default() -> Self {
        UserMailSettings {
            new_complaint: true,
            deadline: true,
        }
    }
}

/// A review request for a registered order (the shop sent the customer's
/// e-mail). The address is kept only until the request and its reminder
/// are sent.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRequestRecord {
    /// The site.
    pub site: String,
    /// The order.
    pub order_ref: String,
    /// The customer's address; `None` once the mails are sent (or stopped).
    pub email: Option<String>,
    /// SHA-256 hex of the lowercased address.
    pub email_sha256: String,
    /// Product ids of the order.
    pub products: Vec<String>,
    /// Language code for the mails, if the shop said.
    pub lang: Option<String>,
    /// When the order was placed, Unix ms.
    pub order_at: i64,
    /// When it was delivered, Unix ms, if the shop said.
    pub delivered_at: Option<i64>,
    /// Mails sent: 0, 1 (the request) or 2 (the reminder too).
    pub sent: i64,
    /// When the next mail is due, Unix ms; `None`: nothing more to send.
    pub next_due_at: Option<i64>,
    /// When the request's link was used for a review, Unix ms.
    pub used_at: Option<i64>,
    /// Unix ms.
    pub created_at: i64,
}

/// Mail queries and writes; implemented by both backends.
#[async_trait]
pub trait MailStorage {
    /// The key that signs mail links, made on first use and kept.
    async fn mail_secret(&self, candidate: &str) -> Result<String, StoreError>;
    /// Queues mails outside a review change (deadline alerts); a mail whose
    /// idempotency key exists is skipped. Returns how many were queued.
    async fn queue_mails(&self, mails: &[NewMail]) -> Result<u64, StoreError>;
    /// Claims up to `limit` pending mails due at `now`, counting the attempt
    /// and leasing them until `lease_until`.
    async fn claim_mails(
        &self,
        now: i64,
        lease_until: i64,
        limit: i64,
    ) -> Result<Vec<MailRecord>, StoreError>;
    /// Records how a claimed mail's attempt ended; a bounce also suppresses
    /// the address for every site.
    async fn finish_mail(
        &self,
        id: &str,
        outcome: &MailOutcome,
        now: i64,
    ) -> Result<(), StoreError>;
    /// Why mail to an address may not go out for a site (`bounce` on any
    /// site, `unsubscribe` on this one), if it may not.
    async fn suppression(
        &self,
        site: &str,
        email_sha256: &str,
    ) -> Result<Option<String>, StoreError>;
    /// Stops mail to an address: for one site (`unsubscribe`) or for all
    /// (`site` = `*`, `bounce`). Pending mails to it are suppressed too.
    async fn suppress(
        &self,
        site: &str,
        email_sha256: &str,
        reason: &str,
        now: i64,
    ) -> Result<(), StoreError>;
    /// Recent mails, newest first (of one site, or all).
    async fn mails(&self, site: Option<&str>, limit: i64) -> Result<Vec<MailRecord>, StoreError>;
    /// One mail by id.
    async fn mail(&self, id: &str) -> Result<Option<MailRecord>, StoreError>;
    /// Deletes finished mails last updated before `before`.
    async fn prune_mails(&self, before: i64) -> Result<u64, StoreError>;
    /// A site's sender settings (defaults when none are stored).
    async fn site_mail_settings(&self, site: &str) -> Result<SiteMailSettings, StoreError>;
    /// Stores a site's sender settings.
    async fn set_site_mail_settings(
        &self,
        site: &str,
        settings: &SiteMailSettings,
    ) -> Result<(), StoreError>;
    /// The merchants of a site with their notification settings.
    async fn site_team(
        &self,
        site: &str,
    ) -> Result<Vec<(UserRecord, UserMailSettings)>, StoreError>;
    /// A merchant's notification settings on a site.
    async fn user_mail_settings(
        &self,
        user_id: i64,
        site: &str,
    ) -> Result<UserMailSettings, StoreError>;
    /// Stores a review request, or updates the one of the same order
    /// (e-mail, products, language, dates and the due time; what was sent
    /// and whether its link was used stay).
    async fn upsert_review_request(&self, request: &ReviewRequestRecord) -> Result<(), StoreError>;
    /// The review request of an order.
    async fn review_request(
        &self,
        site: &str,
        order_ref: &str,
    ) -> Result<Option<ReviewRequestRecord>, StoreError>;
    /// Review requests whose next mail is due at `now`, oldest due first.
    async fn due_review_requests(
        &self,
        now: i64,
        limit: i64,
    ) -> Result<Vec<ReviewRequestRecord>, StoreError>;
    /// Moves a request on from `sent_before` mails sent (once: false when it
    /// moved meanwhile): sets what was sent and the next due time, deletes
    /// the address when `forget_email`, and queues `mails` in the same
    /// transaction.
    async fn advance_review_request(
        &self,
        request: &ReviewRequestRecord,
        sent_before: i64,
        next_due_at: Option<i64>,
        forget_email: bool,
        mails: &[NewMail],
    ) -> Result<bool, StoreError>;
    /// Whether the site has a review of this order (quoting its number, or
    /// written from its e-mail).
    async fn order_has_review(
        &self,
        site: &str,
        order_ref: &str,
        email_sha256: &str,
    ) -> Result<bool, StoreError>;
    /// Stores a merchant's notification settings on a site.
    async fn set_user_mail_settings(
        &self,
        user_id: i64,
        site: &str,
        settings: UserMailSettings,
    ) -> Result<(), StoreError>;
}
