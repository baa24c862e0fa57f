//! The mail worker: claims due mails from the outbox, sends them over SMTP
//! with `lettre` (or keeps them in the demo's local preview), retries with
//! backoff, stops mail to an address the server refused permanently, and
//! prunes finished mails. What a mail says is composed in
//! [`crate::server::rules::mail`].
//!
//! Never twice: a mail is claimed with a lease (PostgreSQL skips rows
//! another instance locked), its `Message-ID` is derived from its outbox id
//! so a resend after a crash between the server's acceptance and our record
//! of it is recognisable as the same message, and every event has one
//! outbox row (its idempotency key is unique).

use std::time::Duration;

use futures::StreamExt as _;
use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::server::delivery::retry_delay;
use crate::server::storage::mail::{MailOutcome, MailRecord};
use crate::server::storage::StoreError;
use crate::server::{now_ms, AppState};

/// How long a claimed mail stays leased to its worker.
pub const LEASE_MS: i64 = 120_000;
/// Mails claimed per round.
pub const CLAIM_BATCH: i64 = 32;
/// Mails sent at the same time by one worker.
pub const CONCURRENCY: usize = 4;

/// Where mail goes.
#[derive(Clone)]
pub enum Transport {
    /// An SMTP server.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// Kept in the outbox as sent, for the demo's `/demo/mail` preview.
    Preview,
}

/// A mail transport error that makes the configuration unusable.
#[derive(Debug, thiserror::Error)]
#[error("invalid SMTP URL: {0}")]
pub struct TransportError(String);

impl Transport {
    /// The transport the configuration names: SMTP when `smtp` is set, the
    /// preview when `mail_preview` is; `None` when mail is off.
    pub fn from_config(
        config: &crate::server::config::ServerConfig,
    ) -> Result<Option<Transport>, TransportError> {
        if let Some(url) = &config.smtp {
            let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map_err(|e| TransportError(e.to_string()))?
                .timeout(Some(Duration::from_secs(config.mail_timeout_secs.max(1))))
                .build();
            return Ok(Some(Transport::Smtp(transport)));
        }
        Ok(config.mail_preview.then_some(Transport::Preview))
    }
}

/// `List-Unsubscribe: <url>` (RFC 2369).
#[derive(Debug, Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_owned()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
#[derive(Debug, Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

/// `Content-Language` of the mail.
#[derive(Debug, Clone)]
struct ContentLanguage(String);

impl Header for ContentLanguage {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Language")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ContentLanguage(s.to_owned()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// The sender domain for `Message-ID`s.
fn message_id_domain(from: &str) -> &str {
    from.rsplit_once('@').map_or("candor.invalid", |(_, d)| d)
}

/// Builds the MIME message of an outbox row.
pub fn message(mail: &MailRecord, from: Mailbox) -> Result<Message, String> {
    let to: Mailbox = mail
        .mail
        .to_addr
        .parse()
        .map_err(|_| "invalid_address".to_owned())?;
    let domain = message_id_domain(from.email.as_ref()).to_owned();
    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(mail.mail.subject.clone())
        .message_id(Some(format!("<{}@{domain}>", mail.mail.id)))
        .header(ContentLanguage(mail.mail.lang.clone()));
    if let Some(url) = &mail.mail.unsubscribe_url {
        builder = builder
            .header(ListUnsubscribe(url.clone()))
            .header(ListUnsubscribePost);
    }
    builder
        .multipart(MultiPart::alternative_plain_html(
            mail.mail.text_body.clone(),
            mail.mail.html_body.clone(),
        ))
        .map_err(|_| "invalid_message".to_owned())
}

/// The sender of a site's mails: its own address and name, or the server's
/// address with the site's name.
async fn sender(state: &AppState, site: &str) -> Result<Mailbox, StoreError> {
    let settings = state.store.site_mail_settings(site).await?;
    let name = match settings.from_name {
        Some(name) => Some(name),
        None => state.store.site(site).await?.map(|s| s.name),
    };
    let addr = settings
        .from_addr
        .unwrap_or_else(|| state.config.mail_from.clone());
    let addr = addr
        .parse()
        .or_else(|_| state.config.mail_from.parse())
        .or_else(|_| "candor@localhost".parse())
        .map_err(|_| StoreError::Corrupt("mail_from"))?;
    Ok(Mailbox::new(name, addr))
}

/// Whether an SMTP refusal says the recipient does not exist (550, 551,
/// 553): the address is then never mailed again.
fn is_bounce(code: Option<u16>) -> bool {
    matches!(code, Some(550 | 551 | 553))
}

/// Sends one claimed mail and decides what happens next.
async fn attempt(state: &AppState, transport: &Transport, mail: &MailRecord) -> MailOutcome {
    match state
        .store
        .suppression(&mail.mail.site, &mail.mail.to_sha256)
        .await
    {
        Ok(Some(reason)) => return MailOutcome::Suppressed { reason },
        Ok(None) => {}
        Err(err) => return retry(state, mail, "storage", None, &err.to_string()),
    }
    let from = match sender(state, &mail.mail.site).await {
        Ok(from) => from,
        Err(err) => return retry(state, mail, "storage", None, &err.to_string()),
    };
    let message = match message(mail, from) {
        Ok(message) => message,
        Err(error) => {
            return MailOutcome::Failed {
                error,
                code: None,
                bounce: false,
            }
        }
    };
    let Transport::Smtp(smtp) = transport else {
        return MailOutcome::Sent;
    };
    match smtp.send(message).await {
        Ok(_) => MailOutcome::Sent,
        Err(err) => {
            let code = err.status().map(u16::from);
            if err.is_permanent() {
                MailOutcome::Failed {
                    error: "smtp_permanent".to_owned(),
                    code: code.map(i64::from),
                    bounce: is_bounce(code),
                }
            } else {
                let class = if err.is_transient() {
                    "smtp_transient"
                } else if err.is_timeout() {
                    "timeout"
                } else {
                    "connection_failed"
                };
                retry(state, mail, class, code.map(i64::from), &err.to_string())
            }
        }
    }
}

fn retry(
    state: &AppState,
    mail: &MailRecord,
    class: &str,
    code: Option<i64>,
    detail: &str,
) -> MailOutcome {
    tracing::debug!(id = %mail.mail.id, class, detail, "mail not sent");
    match retry_delay(mail.attempts, &state.config.mail_retry_delays_secs) {
        Some(delay) => MailOutcome::Retry {
            error: class.to_owned(),
            code,
            next_attempt_at: now_ms() + i64::try_from(delay.as_millis()).unwrap_or(i64::MAX / 2),
        },
        None => MailOutcome::Failed {
            error: class.to_owned(),
            code,
            bounce: false,
        },
    }
}

/// Claims the due mails and sends them; returns how many were attempted.
pub async fn send_due(state: &AppState, transport: &Transport) -> Result<usize, StoreError> {
    send_due_at(state, transport, now_ms()).await
}

/// [`send_due`] with the clock given (tests move it forward).
pub async fn send_due_at(
    state: &AppState,
    transport: &Transport,
    now: i64,
) -> Result<usize, StoreError> {
    let claimed = state
        .store
        .claim_mails(now, now + LEASE_MS, CLAIM_BATCH)
        .await?;
    let count = claimed.len();
    futures::stream::iter(claimed)
        .for_each_concurrent(CONCURRENCY, |mail| async move {
            let outcome = attempt(state, transport, &mail).await;
            state.metrics.mail(outcome.name());
            if !matches!(outcome, MailOutcome::Sent) {
                tracing::info!(id = %mail.mail.id, kind = %mail.mail.kind,
                    outcome = outcome.name(), attempts = mail.attempts, "mail not sent");
            }
            if let Err(err) = state
                .store
                .finish_mail(&mail.mail.id, &outcome, now_ms())
                .await
            {
                // The lease runs out and the mail is tried again.
                tracing::warn!(error = %err, id = %mail.mail.id, "recording a mail outcome failed");
            }
        })
        .await;
    Ok(count)
}

/// How often finished mails past their retention are deleted.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// Deletes finished mails older than the retention (none when it is 0).
pub async fn prune(state: &AppState, now: i64) -> u64 {
    let days = state.config.mail_retention_days;
    if days <= 0 {
        return 0;
    }
    match state.store.prune_mails(now - days * 86_400_000).await {
        Ok(n) => n,
        Err(err) => {
            tracing::warn!(error = %err, "pruning mails failed");
            0
        }
    }
}

/// Starts the mail worker when mail is on; it stops when the server shuts
/// down.
pub fn spawn_worker(state: AppState) -> Option<tokio::task::JoinHandle<()>> {
    let transport = match Transport::from_config(&state.config) {
        Ok(Some(transport)) => transport,
        Ok(None) => return None,
        Err(err) => {
            tracing::error!(error = %err, "mail is off");
            return None;
        }
    };
    Some(tokio::spawn(async move {
        let poll = Duration::from_millis(state.config.mail_poll_ms.max(10));
        let mut last_prune: Option<tokio::time::Instant> = None;
        let mut shutdown = state.shutdown.clone();
        loop {
            if *shutdown.borrow() {
                break;
            }
            if last_prune.is_none_or(|at| at.elapsed() >= PRUNE_EVERY) {
                last_prune = Some(tokio::time::Instant::now());
                prune(&state, now_ms()).await;
            }
            if let Err(err) = crate::server::rules::review_requests::scan(&state, now_ms()).await {
                tracing::warn!(error = %err, "review request scan failed");
            }
            loop {
                match send_due(&state, &transport).await {
                    Ok(n) if n as i64 >= CLAIM_BATCH => continue,
                    Ok(_) => break,
                    Err(err) => {
                        tracing::warn!(error = %err, "claiming mails failed");
                        break;
                    }
                }
            }
            tokio::select! {
                () = tokio::time::sleep(poll) => {}
                () = state.mail_wake.notified() => {}
                _ = shutdown.changed() => break,
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unknown_recipients_bounce() {
        assert!(is_bounce(Some(550)) && is_bounce(Some(553)));
        assert!(!is_bounce(Some(552)) && !is_bounce(Some(421)) && !is_bounce(None));
        assert_eq!(message_id_domain("shop@mail.example"), "mail.example");
    }

    #[test]
    fn messages_carry_one_click_unsubscribe_and_both_parts() {
        use crate::server::storage::NewMail;
        let record = MailRecord {
            mail: NewMail {
                id: "m_1".into(),
                site: "shop".into(),
                kind: "reply".into(),
                idempotency_key: "k".into(),
                review_id: None,
                to_addr: "a@b.example".into(),
                to_sha256: "h".into(),
                lang: "el".into(),
                subject: "Γεια".into(),
                text_body: "plain".into(),
                html_body: "<p>html</p>".into(),
                unsubscribe_url: Some("https://c.example/mail/unsubscribe?x=1".into()),
                created_at: 0,
                not_before: 0,
            },
            status: "pending".into(),
            attempts: 1,
            next_attempt_at: 0,
            last_error: None,
            last_code: None,
            updated_at: 0,
            sent_at: None,
        };
        let from = Mailbox::new(Some("Shop".into()), "shop@mail.example".parse().unwrap());
        let raw = String::from_utf8(message(&record, from).unwrap().formatted()).unwrap();
        assert!(raw.contains("List-Unsubscribe: <https://c.example/mail/unsubscribe?x=1>\r\n"));
        assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
        assert!(raw.contains("Message-ID: <m_1@mail.example>\r\n"));
        assert!(raw.contains("Content-Language: el\r\n"));
        assert!(raw.contains("multipart/alternative") && raw.contains("text/html"));
    }
}
