//! The one client of the merchant API: every URL the panel calls is built
//! here. Requests carry the session cookie (`credentials: include`) with the
//! CSRF header the server requires for cookie-authenticated writes, and the
//! bearer token when this page signed in itself. Answers are parsed by the
//! browser and read with [`crate::widget::js`].

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

use crate::core::lang::Lang;
pub use crate::widget::api::ApiError;
use crate::widget::api::{encode, fetch_json, Auth};
use crate::widget::js::FromJs;

use super::state::{
    ActionDone, Crisis, Incidents, Login, Me, QueueItem, QueuePage, SavedReplies, SavedReply, Stats,
};

thread_local! {
    /// The bearer token from this page's sign-in (memory only: a reload
    /// falls back to the HttpOnly session cookie).
    static TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A moderation action on one review.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Public answer.
    Reply { text: String },
    /// Continue privately; `message` goes to the customer by e-mail.
    MovedPrivate { note: String, message: String },
    /// Mark resolved with a note.
    Resolve { note: String },
    /// Ask for the order number and date.
    RequestDetails { note: String },
    /// Publish the standard "no such order" note.
    OrderNotFound,
    /// Trolling: no reply expected, no deadline.
    StopEngaging { note: String },
    /// Hide for abuse with a reason code.
    Hide { reason: String },
    /// Ban the author.
    Ban { reason: String, days: Option<u32> },
    /// Publish hidden or held content again.
    Release,
    /// Reopen.
    Reopen,
    /// Change topic and/or priority (codes; empty = unchanged).
    Triage { topic: String, priority: String },
}

impl Action {
    fn path(&self) -> &'static str {
        match self {
            Action::Reply { .. } => "/replies",
            Action::MovedPrivate { .. } => "/moved-private",
            Action::Resolve { .. } => "/resolve",
            Action::RequestDetails { .. } => "/request-details",
            Action::OrderNotFound => "/order-not-found",
            Action::StopEngaging { .. } => "/stop-engaging",
            Action::Hide { .. } => "/hide",
            Action::Ban { .. } => "/ban",
            Action::Release => "/release",
            Action::Reopen => "/reopen",
            Action::Triage { .. } => "/triage",
        }
    }

    fn body(&self) -> Object {
        let body = Object::new();
        let set = |key: &str, value: &str| {
            if !value.trim().is_empty() {
                let _ = Reflect::set(&body, &key.into(), &value.trim().into());
            }
        };
        match self {
            Action::Reply { text } => set("text", text),
            Action::MovedPrivate { note, message } => {
                set("note", note);
                set("message", message);
            }
            Action::Resolve { note }
            | Action::RequestDetails { note }
            | Action::StopEngaging { note } => set("note", note),
            Action::Hide { reason } => set("reason", reason),
            Action::Ban { reason, days } => {
                set("reason", reason);
                if let Some(days) = days {
                    let _ = Reflect::set(&body, &"days".into(), &f64::from(*days).into());
                }
            }
            Action::Triage { topic, priority } => {
                set("topic", topic);
                set("priority", priority);
            }
            Action::OrderNotFound | Action::Release | Action::Reopen => {}
        }
        body
    }
}

/// Filters of the queue (all optional).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueueFilter {
    /// Only items that still need the shop.
    pub open: bool,
    /// Priority code.
    pub priority: String,
    /// Free-text search.
    pub q: String,
    /// Topic code.
    pub topic: String,
    /// Stars, `1`..`5`, or empty.
    pub rating: String,
    /// `template`, `campaign`, `any` or empty.
    pub suspected: String,
    /// Language code of the text, or empty.
    pub lang: String,
}

/// The merchant API of one site.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    base: Rc<str>,
    site: Rc<str>,
    lang: Lang,
}

impl Api {
    /// The API at `base` for `site`, asking for messages in `lang`.
    pub fn new(base: &str, site: &str, lang: Lang) -> Self {
        Api {
            base: base.trim_end_matches('/').into(),
            site: site.into(),
            lang,
        }
    }

    /// The site id.
    pub fn site(&self) -> &str {
        &self.site
    }

    fn url(&self, tail: &str) -> String {
        format!("{}{}", self.base, tail)
    }

    fn site_url(&self, tail: &str) -> String {
        format!("{}/api/v1/sites/{}{}", self.base, encode(&self.site), tail)
    }

    /// The site's public live event stream.
    pub fn events_url(&self) -> String {
        self.site_url("/events")
    }

    /// A download link of the export (`csv`/`json`, `reviews`/`replies`/`moderation-log`).
    pub fn export_url(&self, format: &str, what: &str) -> String {
        self.site_url(&format!("/export?format={format}&what={what}"))
    }

    /// The signed-in account, if the browser has a session.
    pub async fn me(&self) -> Result<Me, ApiError> {
        self.send("GET", &self.url("/api/v1/auth/me"), None).await
    }

    /// Signs in; keeps the bearer token for this page.
    pub async fn login(&self, email: &str, password: &str) -> Result<Me, ApiError> {
        let body = Object::new();
        let _ = Reflect::set(&body, &"email".into(), &email.trim().into());
        let _ = Reflect::set(&body, &"password".into(), &password.into());
        let login: Login = self
            .send("POST", &self.url("/api/v1/auth/login"), Some(body))
            .await?;
        TOKEN.with(|t| *t.borrow_mut() = Some(login.token));
        Ok(login.me)
    }

    /// Signs out and forgets the token.
    pub async fn logout(&self) -> Result<(), ApiError> {
        let result = self
            .send::<()>("POST", &self.url("/api/v1/auth/logout"), None)
            .await;
        TOKEN.with(|t| *t.borrow_mut() = None);
        result
    }

    /// One page of the queue.
    pub async fn queue(&self, filter: &QueueFilter, page: u32) -> Result<QueuePage, ApiError> {
        let url = self.site_url(&queue_query(filter, page));
        self.send("GET", &url, None).await
    }

    /// The author's other reviews on the site.
    pub async fn history(&self, review_id: &str) -> Result<Vec<QueueItem>, ApiError> {
        let url = self.site_url(&format!("/reviews/{}/history", encode(review_id)));
        let page: QueuePage = self.send("GET", &url, None).await?;
        Ok(page.items)
    }

    /// The merchant's saved replies.
    pub async fn saved_replies(&self) -> Result<Vec<SavedReply>, ApiError> {
        let list: SavedReplies = self
            .send("GET", &self.site_url("/saved-replies"), None)
            .await?;
        Ok(list.0)
    }

    /// Stores a new saved reply.
    pub async fn save_reply(&self, title: &str, text: &str) -> Result<SavedReply, ApiError> {
        self.send(
            "POST",
            &self.site_url("/saved-replies"),
            Some(saved_reply_body(title, text)),
        )
        .await
    }

    /// Changes a saved reply's title and text.
    pub async fn update_saved_reply(
        &self,
        id: i64,
        title: &str,
        text: &str,
    ) -> Result<SavedReply, ApiError> {
        let url = self.site_url(&format!("/saved-replies/{id}"));
        self.send("PUT", &url, Some(saved_reply_body(title, text)))
            .await
    }

    /// Deletes a saved reply (the server answers 204 without a body).
    pub async fn delete_saved_reply(&self, id: i64) -> Result<(), ApiError> {
        let url = self.site_url(&format!("/saved-replies/{id}"));
        self.send("DELETE", &url, None).await
    }

    /// The metrics of the last `days` days.
    pub async fn stats(&self, days: u32) -> Result<Stats, ApiError> {
        self.send("GET", &self.site_url(&format!("/stats?days={days}")), None)
            .await
    }

    /// The crisis alerts now.
    pub async fn crisis(&self) -> Result<Crisis, ApiError> {
        self.send("GET", &self.site_url("/crisis"), None).await
    }

    /// Posts a public incident notice linked to `review_ids` (it answers the
    /// unanswered ones).
    pub async fn post_incident(
        &self,
        topic: &str,
        text: &str,
        review_ids: &[String],
    ) -> Result<(), ApiError> {
        let body = Object::new();
        let _ = Reflect::set(&body, &"topic".into(), &topic.into());
        let _ = Reflect::set(&body, &"text".into(), &text.trim().into());
        let ids: js_sys::Array = review_ids.iter().map(|id| JsValue::from_str(id)).collect();
        let _ = Reflect::set(&body, &"review_ids".into(), &ids);
        self.send("POST", &self.site_url("/incidents"), Some(body))
            .await
    }

    /// The open public incident notices.
    pub async fn incidents(&self) -> Result<Incidents, ApiError> {
        self.send("GET", &self.site_url("/incidents"), None).await
    }

    /// Closes a public incident notice (links to its complaints stay).
    pub async fn close_incident(&self, id: i64) -> Result<(), ApiError> {
        let url = self.site_url(&format!("/incidents/{id}/close"));
        self.send("POST", &url, Some(Object::new())).await
    }

    /// Presence: the merchant is online.
    pub async fn heartbeat(&self) -> Result<(), ApiError> {
        self.send("POST", &self.site_url("/heartbeat"), None).await
    }

    /// Presence: the merchant is away now.
    pub async fn away(&self) -> Result<(), ApiError> {
        self.send("DELETE", &self.site_url("/heartbeat"), None)
            .await
    }

    /// Runs a moderation action on a review.
    pub async fn act(&self, review_id: &str, action: &Action) -> Result<ActionDone, ApiError> {
        let url = self.site_url(&format!("/reviews/{}{}", encode(review_id), action.path()));
        self.send("POST", &url, Some(action.body())).await
    }

    /// Undoes an action within its `undo_until` window.
    pub async fn undo(&self, action_id: i64) -> Result<ActionDone, ApiError> {
        let url = self.site_url(&format!("/actions/{action_id}/undo"));
        self.send("POST", &url, Some(Object::new())).await
    }

    async fn send<T: FromJs>(
        &self,
        method: &str,
        url: &str,
        body: Option<Object>,
    ) -> Result<T, ApiError> {
        let token = TOKEN.with(|t| t.borrow().clone());
        let auth = Auth {
            session: true,
            bearer: token.as_deref(),
            ..Auth::default()
        };
        let json = fetch_json(method, url, body.map(JsValue::from), self.lang, auth).await?;
        T::from_js(&json).ok_or_else(ApiError::unexpected_answer)
    }
}

/// `{title, text}` of a saved reply, trimmed.
fn saved_reply_body(title: &str, text: &str) -> Object {
    let body = Object::new();
    let _ = Reflect::set(&body, &"title".into(), &title.trim().into());
    let _ = Reflect::set(&body, &"text".into(), &text.trim().into());
    body
}

/// The queue's path and query for one page of a filter.
pub fn queue_query(filter: &QueueFilter, page: u32) -> String {
    let mut url = format!("/queue?page={page}");
    if filter.open {
        url.push_str("&open=true");
    }
    for (key, value) in [
        ("priority", &filter.priority),
        ("topic", &filter.topic),
        ("rating", &filter.rating),
        ("suspected", &filter.suspected),
        ("lang", &filter.lang),
    ] {
        if !value.is_empty() {
            url.push('&');
            url.push_str(key);
            url.push('=');
            url.push_str(&encode(value));
        }
    }
    if !filter.q.trim().is_empty() {
        url.push_str("&q=");
        url.push_str(&encode(filter.q.trim()));
    }
    url
}
