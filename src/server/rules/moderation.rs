//! Merchant and author actions on a review. Each action is a transition of
//! the core model ([`ReviewState`](crate::core::model::ReviewState)); this
//! module adds what the server records with it — the public reply, the
//! moderation-log entry with who did it, bans and live events — and writes it
//! all in one transaction.

use crate::core::lang::Lang;
use crate::server::rules::views::linked_review_event;
use serde::{Deserialize, Serialize};

use crate::core::model::{
    AbuseReason, ModerationAction, ReplyKind, ReviewKind, ReviewState, Status,
};
use crate::server::events::{REPLY_CREATED, REVIEW_RESOLVED, REVIEW_UPDATED};
use crate::server::rules::accounts::{constant_time_eq, Merchant};
use crate::server::rules::error::{ErrorCode, RuleError};
use crate::server::rules::hours::from_ms;
use crate::server::rules::hours::site_clock;
use crate::server::rules::mail_links;
use crate::server::rules::outbox as webhooks;
use crate::server::rules::triage;
use crate::server::rules::validate::{self, sha256_hex};
use crate::server::rules::views::reply_out;
use crate::server::storage::{
    ActionEntry, LogRecord, NewBan, NewPrivateMessage, NewReply, PanelFields, PanelRow,
    ReplyRecord, ReviewRecord, SiteRecord, StoreError, UndoWrite, WriteBatch,
};
use crate::server::{now_ms, AppState};

/// Longest reply or note, in characters.
pub const REPLY_MAX: usize = 5000;

crate::catalogue! {
    /// Standard public texts of the moderation flow, in the review's language.
    pub enum StandardReply {
        /// Asking a suspected fake's author for order details.
        DetailsRequest => [
            "We could not match this review to an order. Please send us the order number and date through your private link so we can look into it.",
            "Мы не смогли сопоставить этот отзыв с заказом. Пожалуйста, пришлите номер и дату заказа по вашей личной ссылке, чтобы мы разобрались.",
            "Бұл пікірді тапсырыспен сәйкестендіре алмадық. Тексеруіміз үшін жеке сілтемеңіз арқылы тапсырыс нөмірі мен күнін жіберіңіз.",
            "نتوانستیم این نظر را با سفارشی تطبیق دهیم. لطفاً شماره و تاریخ سفارش را از طریق پیوند خصوصی خود بفرستید تا بررسی کنیم.",
            "Δεν μπορέσαμε να αντιστοιχίσουμε αυτή την κριτική με κάποια παραγγελία. Στείλτε μας τον αριθμό και την ημερομηνία της παραγγελίας μέσω του προσωπικού σας συνδέσμου για να το εξετάσουμε.",
        ],
        /// The author sent the details (kept private).
        DetailsProvided => [
            "The author sent the order details privately.",
            "Автор прислал данные заказа в личном порядке.",
            "Автор тапсырыс деректерін жеке жіберді.",
            "نویسنده جزئیات سفارش را به‌صورت خصوصی فرستاد.",
            "Ο συντάκτης έστειλε ιδιωτικά τα στοιχεία της παραγγελίας.",
        ],
        /// No order found after the wait.
        OrderNotFound => [
            "We asked for the order number and date but received no answer, and we could not find an order matching this review.",
            "Мы попросили номер и дату заказа, но не получили ответа и не нашли заказ, соответствующий этому отзыву.",
            "Тапсырыс нөмірі мен күнін сұрадық, бірақ жауап алмадық және осы пікірге сәйкес тапсырысты таба алмадық.",
            "شماره و تاریخ سفارش را درخواست کردیم اما پاسخی نگرفتیم و سفارشی مطابق این نظر پیدا نکردیم.",
            "Ζητήσαμε τον αριθμό και την ημερομηνία της παραγγελίας αλλά δεν λάβαμε απάντηση, και δεν βρήκαμε παραγγελία που να αντιστοιχεί σε αυτή την κριτική.",
        ],
        /// The conversation moved to a private channel.
        MovedPrivate => [
            "We have contacted you privately and are handling this now; we will post here how it was resolved.",
            "Мы связались с вами лично и уже занимаемся вопросом; здесь сообщим, как он решён.",
            "Сізбен жеке байланыстық және мәселемен айналысып жатырмыз; қалай шешілгенін осында жазамыз.",
            "به‌صورت خصوصی با شما تماس گرفتیم و در حال رسیدگی هستیم؛ نتیجه را همین‌جا اعلام می‌کنیم.",
            "Επικοινωνήσαμε μαζί σας ιδιωτικά και το χειριζόμαστε τώρα· θα γράψουμε εδώ πώς επιλύθηκε.",
        ],
        /// The author confirmed the resolution.
        AuthorConfirmed => [
            "The author confirmed that the problem was solved.",
            "Автор подтвердил, что проблема решена.",
            "Автор мәселенің шешілгенін растады.",
            "نویسنده تأیید کرد که مشکل حل شده است.",
            "Ο συντάκτης επιβεβαίωσε ότι το πρόβλημα λύθηκε.",
        ],
        /// The complaint was reopened.
        Reopened => [
            "The complaint was reopened: the problem is not solved yet.",
            "Жалоба снова открыта: проблема ещё не решена.",
            "Шағым қайта ашылды: мәселе әлі шешілмеген.",
            "شکایت دوباره باز شد: مشکل هنوز حل نشده است.",
            "Το παράπονο άνοιξε ξανά: το πρόβλημα δεν έχει λυθεί ακόμη.",
        ],
    }
}

/// What a merchant can do to a review.
#[derive(Debug, Clone, PartialEq)]
pub enum MerchantAction {
    /// A public answer.
    Reply(String),
    /// Mark resolved, with a note.
    Resolve(String),
    /// Ask for order number and date.
    RequestDetails(Option<String>),
    /// Publish the standard "no such order" note after the wait.
    OrderNotFound,
    /// Note that the conversation moved to a private channel; with a
    /// message, the author gets it privately (webhook `message.private` and
    /// their private link).
    MovedPrivate {
        /// Public note (a standard text when absent).
        note: Option<String>,
        /// Private message to the author.
        message: Option<String>,
    },
    /// Trolling: mark the thread, no reply expected, no deadline.
    StopEngaging(Option<String>),
    /// Change topic and/or priority.
    Triage {
        /// Topic code.
        topic: Option<String>,
        /// Priority code.
        priority: Option<String>,
    },
    /// Hide for abuse with a reason.
    Hide(AbuseReason),
    /// Publish hidden or held content again.
    Release,
    /// Ban the author (e-mail and address), optionally for some days.
    Ban(AbuseReason, Option<i64>),
    /// Reopen a resolution.
    Reopen,
}

/// What an author can do through their private link.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthorAction {
    /// Answer a details request.
    AnswerDetails {
        /// Order number.
        order_ref: String,
        /// Order date.
        order_date: Option<String>,
    },
    /// Confirm the merchant's resolution.
    Confirm,
    /// Reopen a resolution.
    Reopen,
    /// Withdraw the review.
    Withdraw,
}

/// The language for standard texts under a review.
fn reply_lang(review: &ReviewRecord, site: &SiteRecord) -> Lang {
    review
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .or_else(|| site.languages.first().and_then(|l| Lang::parse(l)))
        .unwrap_or(Lang::En)
}

/// Cleans and checks a merchant's text; the limit holds for the text as
/// sent too (as the OpenAPI document says), not only once cleaned.
fn clean_note(field: &'static str, note: &str) -> Result<String, RuleError> {
    validate::check_length(field, note, 0, REPLY_MAX)?;
    let note = validate::clean_text(note);
    validate::check_length(field, &note, 1, REPLY_MAX)?;
    Ok(note)
}

fn optional_note(note: Option<String>) -> Result<Option<String>, RuleError> {
    match note {
        Some(n) if !n.trim().is_empty() => Ok(Some(clean_note("note", &n)?)),
        _ => Ok(None),
    }
}

/// Loads a review of `site` (404 for other sites' reviews).
pub async fn load_review(
    state: &AppState,
    site: &str,
    review_id: &str,
) -> Result<ReviewRecord, RuleError> {
    match state.store.review(review_id).await? {
        Some(review) if review.site == site => Ok(review),
        _ => Err(RuleError::review_not_found()),
    }
}

/// Who acts, for replies and the log.
struct Actor {
    name: String,
    user_id: Option<i64>,
}

/// Everything an action adds besides the new review state.
struct Effects {
    reply: Option<(ReplyKind, String)>,
    log: Option<(ModerationAction, Option<String>)>,
    ban: Option<NewBan>,
    event: &'static str,
    private_message: Option<String>,
}

impl Effects {
    fn event(event: &'static str) -> Self {
        Effects {
            reply: None,
            log: None,
            ban: None,
            event,
            private_message: None,
        }
    }
}

/// The review's moderation state before a merchant's action, kept with the
/// action so an undo can restore it. Never the shopper's words or stars.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Snapshot {
    state: ReviewState,
    answer_due_at: Option<i64>,
    first_answer_open_minutes: Option<i64>,
    hidden_reason: Option<String>,
    panel: PanelFields,
}

impl Snapshot {
    fn of(review: &ReviewRecord, panel: &PanelFields) -> Self {
        Snapshot {
            state: review.state.clone(),
            answer_due_at: review.answer_due_at,
            first_answer_open_minutes: review.first_answer_open_minutes,
            hidden_reason: review.hidden_reason.clone(),
            panel: panel.clone(),
        }
    }
}

/// What a merchant's action (or undo) left behind.
#[derive(Debug, Clone)]
pub struct ActionResult {
    /// The review after it.
    pub review: ReviewRecord,
    /// Its replies.
    pub replies: Vec<ReplyRecord>,
    /// Its panel fields.
    pub panel: PanelRow,
    /// The moderation-log id of the action.
    pub action_id: i64,
    /// Until when it may be undone (Unix ms); `None` for an undo.
    pub undo_until: Option<i64>,
}

/// How [`commit`] records an action besides the review.
#[derive(Default)]
struct Record {
    /// New panel fields to store.
    panel: Option<PanelFields>,
    /// For merchant actions: the state to restore on undo.
    snapshot: Option<Snapshot>,
    /// For undos: what to take back, and whether the undone action was public.
    undo: Option<(UndoWrite, bool)>,
}

/// Applies a merchant's action to a review of `site` and returns the stored
/// review with its replies and panel fields, and the action's id (every
/// merchant action is logged and can be undone within the undo window).
pub async fn merchant_action(
    state: &AppState,
    site: &SiteRecord,
    merchant: &Merchant,
    review_id: &str,
    action: MerchantAction,
) -> Result<ActionResult, RuleError> {
    let now = now_ms();
    let original = load_review(state, &site.id, review_id).await?;
    let mut review = original.clone();
    let lang = reply_lang(&review, site);
    let mut panel = triage::panel_row(state.store.as_ref(), &review).await?;
    let snapshot = Snapshot::of(&original, &panel.fields);
    let mut panel_changed = false;
    let s = &mut review.state;
    let effects = match action {
        MerchantAction::Reply(text) => {
            let text = clean_note("text", &text)?;
            s.answer(now)?;
            Effects {
                reply: Some((ReplyKind::Answer, text)),
                log: Some((ModerationAction::Reply, None)),
                ..Effects::event(REPLY_CREATED)
            }
        }
        MerchantAction::Resolve(note) => {
            let note = clean_note("note", &note)?;
            s.resolve(now)?;
            Effects {
                reply: Some((ReplyKind::Resolution, note)),
                log: Some((ModerationAction::Resolve, None)),
                ..Effects::event(REVIEW_RESOLVED)
            }
        }
        MerchantAction::RequestDetails(note) => {
            let note = optional_note(note)?;
            s.request_details(now)?;
            Effects {
                reply: Some((
                    ReplyKind::DetailsRequest,
                    note.unwrap_or_else(|| StandardReply::DetailsRequest.text(lang).to_owned()),
                )),
                log: Some((ModerationAction::RequestDetails, None)),
                ..Effects::event(REPLY_CREATED)
            }
        }
        MerchantAction::OrderNotFound => {
            s.order_not_found(now, site.details_wait_hours.saturating_mul(3_600_000))?;
            Effects {
                reply: Some((
                    ReplyKind::OrderNotFound,
                    StandardReply::OrderNotFound.text(lang).to_owned(),
                )),
                log: Some((ModerationAction::OrderNotFound, None)),
                ..Effects::event(REPLY_CREATED)
            }
        }
        MerchantAction::MovedPrivate { note, message } => {
            let note = optional_note(note)?;
            let message = match message {
                Some(m) if !m.trim().is_empty() => Some(clean_note("message", &m)?),
                _ => None,
            };
            if message.is_some() && original.email.is_none() {
                return Err(RuleError::invalid(ErrorCode::NoEmail, "message"));
            }
            s.move_private(now)?;
            Effects {
                reply: Some((
                    ReplyKind::MovedPrivate,
                    note.unwrap_or_else(|| StandardReply::MovedPrivate.text(lang).to_owned()),
                )),
                log: Some((ModerationAction::MovedPrivate, None)),
                private_message: message,
                ..Effects::event(REPLY_CREATED)
            }
        }
        MerchantAction::StopEngaging(note) => {
            let note = optional_note(note)?;
            if s.status == Status::Withdrawn {
                return Err(crate::core::model::TransitionError::Withdrawn.into());
            }
            if panel.fields.stop_engaging {
                return Err(RuleError::Conflict(ErrorCode::AlreadyStopped));
            }
            panel.fields.stop_engaging = true;
            panel_changed = true;
            // No reply is expected, so there is no deadline to keep.
            review.answer_due_at = None;
            Effects {
                log: Some((ModerationAction::StopEngaging, note)),
                ..Effects::event(REVIEW_UPDATED)
            }
        }
        MerchantAction::Triage { topic, priority } => {
            if topic.is_none() && priority.is_none() {
                return Err(RuleError::invalid(ErrorCode::InvalidTopic, "topic"));
            }
            let mut changes = Vec::new();
            if let Some(topic) = topic {
                let code = triage::parse_topic(&topic)?.code().to_owned();
                panel.fields.topics.retain(|t| *t != code);
                panel.fields.topics.insert(0, code.clone());
                changes.push(format!("topic={code}"));
                panel.fields.topic = Some(code);
            }
            if let Some(priority) = priority {
                let code = triage::parse_priority(&priority)?.code().to_owned();
                changes.push(format!("priority={code}"));
                panel.fields.priority = Some(code);
            }
            panel_changed = true;
            Effects {
                log: Some((ModerationAction::Triage, Some(changes.join(" ")))),
                ..Effects::event(REVIEW_UPDATED)
            }
        }
        MerchantAction::Hide(reason) => {
            s.hide()?;
            review.hidden_reason = Some(reason.as_str().to_owned());
            Effects {
                log: Some((ModerationAction::Hide, Some(reason.as_str().to_owned()))),
                ..Effects::event(REVIEW_UPDATED)
            }
        }
        MerchantAction::Release => {
            s.release()?;
            review.hidden_reason = None;
            Effects {
                log: Some((ModerationAction::Release, None)),
                ..Effects::event(REVIEW_UPDATED)
            }
        }
        MerchantAction::Ban(reason, days) => {
            if s.status == Status::Withdrawn {
                return Err(crate::core::model::TransitionError::Withdrawn.into());
            }
            let expires_at = match days {
                Some(d) if !(1..=3650).contains(&d) => {
                    return Err(RuleError::out_of_range(
                        ErrorCode::InvalidDays,
                        "days",
                        1,
                        3650,
                    ))
                }
                Some(d) => Some(now + d * 86_400_000),
                None => None,
            };
            Effects {
                log: Some((ModerationAction::Ban, Some(reason.as_str().to_owned()))),
                ban: Some(NewBan {
                    site: site.id.clone(),
                    email_sha256: original.email_sha256.clone(),
                    ip_hash: original.ip_hash.clone(),
                    reason: reason.as_str().to_owned(),
                    created_at: now,
                    expires_at,
                }),
                ..Effects::event(REVIEW_UPDATED)
            }
        }
        MerchantAction::Reopen if panel.fields.stop_engaging => {
            // Reopening a thread marked as trolling clears the mark (and
            // reopens a resolution too, if there is one).
            if s.status == Status::Withdrawn {
                return Err(crate::core::model::TransitionError::Withdrawn.into());
            }
            let resolved = s.resolution.is_some();
            if resolved {
                s.reopen()?;
            }
            panel.fields.stop_engaging = false;
            panel_changed = true;
            if s.kind == ReviewKind::Complaint && s.first_answer_at.is_none() {
                let clock = site_clock(site)?;
                review.answer_due_at = Some(
                    clock
                        .answer_deadline(from_ms(now), site.promise_minutes)
                        .timestamp_millis(),
                );
            }
            Effects {
                reply: resolved.then(|| {
                    (
                        ReplyKind::Reopened,
                        StandardReply::Reopened.text(lang).to_owned(),
                    )
                }),
                log: Some((ModerationAction::Reopen, None)),
                ..Effects::event(REVIEW_UPDATED)
            }
        }
        MerchantAction::Reopen => {
            s.reopen()?;
            Effects {
                reply: Some((
                    ReplyKind::Reopened,
                    StandardReply::Reopened.text(lang).to_owned(),
                )),
                log: Some((ModerationAction::Reopen, None)),
                ..Effects::event(REVIEW_UPDATED)
            }
        }
    };
    if original.state.first_answer_at.is_none() {
        if let Some(answered) = review.state.first_answer_at {
            let clock = site_clock(site)?;
            review.first_answer_open_minutes =
                Some(clock.open_minutes_between(from_ms(review.created_at), from_ms(answered)));
        }
    }
    let actor = Actor {
        name: merchant.user.display_name.clone(),
        user_id: Some(merchant.user.id),
    };
    let record = Record {
        panel: panel_changed.then(|| panel.fields.clone()),
        snapshot: Some(snapshot),
        undo: None,
    };
    let (review, replies, action_id) =
        commit(state, site, review, effects, actor, now, record).await?;
    Ok(ActionResult {
        review,
        replies,
        panel,
        action_id: action_id.ok_or_else(|| RuleError::Internal("action without id".into()))?,
        undo_until: Some(now + state.config.undo_window_ms),
    })
}

/// Takes back a merchant's own action within its undo window: restores the
/// review's moderation state from before it (never the shopper's words or
/// stars), retracts the reply and lifts the ban it created, and logs `undo`.
pub async fn undo(
    state: &AppState,
    site: &SiteRecord,
    merchant: &Merchant,
    action_id: i64,
) -> Result<ActionResult, RuleError> {
    let now = now_ms();
    let conflict = |code| Err(RuleError::Conflict(code));
    let action = match state.store.action(action_id).await? {
        Some(action) if action.log.site == site.id => action,
        _ => return Err(RuleError::NotFound(ErrorCode::ActionNotFound)),
    };
    let (Some(state_json), Some(review_id), Some(until)) = (
        action.undo_state.as_deref(),
        action.log.review_id.as_deref(),
        action.undo_until,
    ) else {
        return conflict(ErrorCode::NotUndoable);
    };
    if action.log.actor_user_id != Some(merchant.user.id) {
        return Err(RuleError::Forbidden(ErrorCode::NotYourAction));
    }
    if action.undone_at.is_some() {
        return conflict(ErrorCode::AlreadyUndone);
    }
    if now > until {
        return conflict(ErrorCode::UndoExpired);
    }
    let snapshot: Snapshot = serde_json::from_str(state_json)
        .map_err(|e| RuleError::Internal(format!("undo state of action {action_id}: {e}")))?;
    let mut review = load_review(state, &site.id, review_id).await?;
    if action.version_after != Some(review.version) {
        return conflict(ErrorCode::UndoSuperseded);
    }
    // The order details the author may have sent meanwhile are theirs: keep
    // the verification; everything else returns to how it was.
    let verified_order = review.state.verified_order;
    review.state = snapshot.state;
    review.state.verified_order = verified_order;
    review.answer_due_at = snapshot.answer_due_at;
    review.first_answer_open_minutes = snapshot.first_answer_open_minutes;
    review.hidden_reason = snapshot.hidden_reason;
    let mut panel = triage::panel_row(state.store.as_ref(), &review).await?;
    panel.fields = PanelFields {
        search_text: panel.fields.search_text.take(),
        ..snapshot.panel
    };
    let actor = Actor {
        name: merchant.user.display_name.clone(),
        user_id: Some(merchant.user.id),
    };
    let record = Record {
        panel: Some(panel.fields.clone()),
        snapshot: None,
        undo: Some((
            UndoWrite {
                action_id,
                now,
                reply_id: action.reply_id,
                ban_id: action.ban_id,
            },
            action.public,
        )),
    };
    let effects = Effects {
        log: Some((ModerationAction::Undo, Some(action.log.action.clone()))),
        ..Effects::event(REVIEW_UPDATED)
    };
    let (review, replies, undo_id) =
        commit(state, site, review, effects, actor, now, record).await?;
    Ok(ActionResult {
        review,
        replies,
        panel,
        action_id: undo_id.ok_or_else(|| RuleError::Internal("undo without id".into()))?,
        undo_until: None,
    })
}

/// Applies an author's action after checking their token.
pub async fn author_action(
    state: &AppState,
    review_id: &str,
    token: &str,
    action: AuthorAction,
) -> Result<(ReviewRecord, Vec<ReplyRecord>), RuleError> {
    let now = now_ms();
    let mut review = authorised_review(state, review_id, token).await?;
    let original_order_ref = review.order_ref.clone();
    let site = state
        .store
        .site(&review.site)
        .await?
        .ok_or_else(RuleError::site_not_found)?;
    let lang = reply_lang(&review, &site);
    let effects = match action {
        AuthorAction::AnswerDetails {
            order_ref,
            order_date,
        } => {
            let order_ref = validate::order_ref(&order_ref)?;
            let order_date = match order_date.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(d) => Some(validate::order_date(d, from_ms(now).date_naive())?),
            };
            review.state.answer_details(now)?;
            review.order_ref = Some(order_ref);
            review.order_date = order_date;
            if !review.state.verified_order {
                review.state.verified_order =
                    crate::server::rules::orders::verifies(state.store.as_ref(), &review).await?;
            }
            Effects {
                reply: Some((
                    ReplyKind::DetailsProvided,
                    StandardReply::DetailsProvided.text(lang).to_owned(),
                )),
                ..Effects::event(REVIEW_UPDATED)
            }
        }
        AuthorAction::Confirm => {
            review.state.confirm()?;
            Effects {
                reply: Some((
                    ReplyKind::AuthorConfirmed,
                    StandardReply::AuthorConfirmed.text(lang).to_owned(),
                )),
                ..Effects::event(REVIEW_RESOLVED)
            }
        }
        AuthorAction::Reopen => {
            review.state.reopen()?;
            Effects {
                reply: Some((
                    ReplyKind::Reopened,
                    StandardReply::Reopened.text(lang).to_owned(),
                )),
                log: Some((ModerationAction::Reopen, None)),
                ..Effects::event(REVIEW_UPDATED)
            }
        }
        AuthorAction::Withdraw => {
            review.state.withdraw()?;
            Effects {
                log: Some((ModerationAction::Withdraw, None)),
                ..Effects::event(REVIEW_UPDATED)
            }
        }
    };
    let actor = Actor {
        name: "author".to_owned(),
        user_id: None,
    };
    let mut record = Record::default();
    if review.order_ref != original_order_ref {
        // Keep the queue's search in step with the order number just sent.
        let mut panel = triage::panel_row(state.store.as_ref(), &review).await?;
        panel.fields.search_text = Some(triage::search_text(&review));
        record.panel = Some(panel.fields);
    }
    let (review, replies, _) = commit(state, &site, review, effects, actor, now, record).await?;
    Ok((review, replies))
}

/// The review, when `token` is its author token (403 otherwise).
pub async fn authorised_review(
    state: &AppState,
    review_id: &str,
    token: &str,
) -> Result<ReviewRecord, RuleError> {
    let review = state
        .store
        .review(review_id)
        .await?
        .ok_or_else(RuleError::review_not_found)?;
    let signed = || {
        mail_links::is_signed(token)
            && mail_links::verify(
                &state.mail_key,
                mail_links::Purpose::Author,
                &review.id,
                token,
                now_ms() / 1000,
            )
    };
    // The random token from the submission, or a signed one from a mail.
    if !constant_time_eq(&sha256_hex(token), &review.author_token_sha256) && !signed() {
        return Err(RuleError::Forbidden(ErrorCode::InvalidToken));
    }
    Ok(review)
}

/// Writes a review change with its reply, log entry (a merchant's becomes an
/// undoable action), ban, private message, webhooks and live event in one
/// transaction; returns the stored review, its replies and the action id.
async fn commit(
    state: &AppState,
    site: &SiteRecord,
    review: ReviewRecord,
    effects: Effects,
    actor: Actor,
    now: i64,
    record: Record,
) -> Result<(ReviewRecord, Vec<ReplyRecord>, Option<i64>), RuleError> {
    let store = state.store.as_ref();
    let mut replies = store.replies(std::slice::from_ref(&review.id)).await?;
    let mut batch = WriteBatch::default();
    if let Some((undo, _)) = &record.undo {
        replies.retain(|r| Some(r.id) != undo.reply_id);
    }
    let mut reply_view = None;
    // What the author is told by mail (a merchant's action only).
    let mailed_reply = effects.reply.clone();
    let mailed_private = effects.private_message.clone();
    let by_merchant = record.snapshot.is_some();
    if let Some((kind, text)) = effects.reply {
        let reply = NewReply {
            review_id: review.id.clone(),
            kind: kind.as_str().to_owned(),
            text,
            author_display: actor.name.clone(),
            user_id: actor.user_id,
            created_at: now,
        };
        let record = ReplyRecord {
            id: 0,
            review_id: reply.review_id.clone(),
            kind: reply.kind.clone(),
            text: reply.text.clone(),
            author_display: reply.author_display.clone(),
            user_id: reply.user_id,
            created_at: now,
        };
        reply_view = Some(reply_out(&record, review.created_at));
        replies.push(record);
        batch.replies.push(reply);
    }
    if let Some((action, reason)) = effects.log {
        let log = LogRecord {
            id: 0,
            site: review.site.clone(),
            review_id: Some(review.id.clone()),
            action: action.as_str().to_owned(),
            reason,
            actor: actor.name.clone(),
            actor_user_id: actor.user_id,
            created_at: now,
        };
        if let Some(snapshot) = &record.snapshot {
            let undo_state =
                serde_json::to_string(snapshot).map_err(|e| RuleError::Internal(e.to_string()))?;
            batch.action = Some(ActionEntry {
                log,
                public: action.is_public(),
                undo_state: Some(undo_state),
                undo_until: Some(now + state.config.undo_window_ms),
                version_after: Some(review.version + 1),
            });
        } else if let Some((_, public)) = &record.undo {
            batch.action = Some(ActionEntry {
                log,
                public: *public,
                undo_state: None,
                undo_until: None,
                version_after: None,
            });
        } else {
            batch.log.push(log);
        }
    }
    batch.bans.extend(effects.ban);
    let reply_json = match (&reply_view, by_merchant && effects.event == REPLY_CREATED) {
        (Some(view), true) if site.webhook_url.is_some() => {
            Some(serde_json::to_value(view).map_err(|e| RuleError::Internal(e.to_string()))?)
        }
        _ => None,
    };
    batch
        .events
        .push(linked_review_event(store, effects.event, &review, &replies, reply_view).await?);
    let mut webhook_event = None;
    // Webhooks carry the stored triage, as the panel shows it.
    let panel = if effects.event == REVIEW_RESOLVED
        || effects.private_message.is_some()
        || reply_json.is_some()
    {
        Some(triage::panel_row(store, &review).await?)
    } else {
        None
    };
    let panel = panel.unwrap_or_default();
    if effects.event == REVIEW_RESOLVED {
        webhook_event = Some(webhooks::REVIEW_RESOLVED);
        batch.webhooks.extend(webhooks::delivery(
            site,
            webhooks::REVIEW_RESOLVED,
            Some(&review.id),
            webhooks::review_data(&review, &replies, &panel, now)?,
            now,
        ));
    }
    if let Some(reply) = reply_json {
        webhook_event = Some(webhooks::REPLY_CREATED);
        let data = serde_json::json!({
            "review": webhooks::review_data(&review, &replies, &panel, now)?,
            "reply": reply,
        });
        batch.webhooks.extend(webhooks::delivery(
            site,
            webhooks::REPLY_CREATED,
            Some(&review.id),
            data,
            now,
        ));
    }
    if by_merchant {
        batch
            .mails
            .extend(crate::server::rules::mail::for_merchant_reply(
                state,
                site,
                &review,
                mailed_reply
                    .as_ref()
                    .map(|(kind, text)| (*kind, text.as_str())),
                mailed_private.as_deref(),
                &actor.name,
                now,
            ));
    }
    if let Some(text) = effects.private_message {
        webhook_event = Some(webhooks::MESSAGE_PRIVATE);
        let data = serde_json::json!({
            "review": webhooks::review_data(&review, &replies, &panel, now)?,
            "email": review.email,
            "text": text,
        });
        batch.webhooks.extend(webhooks::delivery(
            site,
            webhooks::MESSAGE_PRIVATE,
            Some(&review.id),
            data,
            now,
        ));
        batch.private_message = Some(NewPrivateMessage {
            review_id: review.id.clone(),
            text,
            author: actor.name.clone(),
            created_at: now,
        });
    }
    batch.undo = record.undo.map(|(undo, _)| undo);
    if let Some(panel) = record.panel {
        batch.panel.push((review.id.clone(), panel));
    }
    if !matches!(review.state.status, Status::Published | Status::Held) {
        // Hidden, withdrawn or banned: its words leave every stored live
        // event and webhook payload in this same transaction, so no replay
        // or retry shows them again.
        batch.redact.push(review.id.clone());
    }
    let queued = batch.webhooks.len();
    // A mail due now wakes the worker; one that waits for the undo window
    // is found by its next poll.
    let mail_due_now = batch.mails.iter().any(|m| m.not_before <= now);
    batch.updates.push(review.clone());
    let outcome = match store.write_outcome(batch).await {
        Ok(outcome) => {
            if let Some(event) = webhook_event {
                state.metrics.webhook_queued(event, queued);
            }
            outcome
        }
        Err(StoreError::StaleVersion) => return Err(RuleError::ConcurrentUpdate),
        Err(StoreError::Conflict(what)) if what == "already_undone" => {
            return Err(RuleError::Conflict(ErrorCode::AlreadyUndone))
        }
        Err(err) => return Err(err.into()),
    };
    if mail_due_now {
        state.mail_wake.notify_one();
    }
    state.hub.announce(store, outcome.events);
    let mut stored = review;
    stored.version += 1;
    Ok((stored, replies, outcome.action_id))
}
