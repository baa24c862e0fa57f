//! The merchant API's JSON shapes as the panel reads them, and the pure rules
//! the panel applies to them (the countdown's colour).
//!
//! Fields follow `docs/server.md`; fields a server does not send yet (topic,
//! priority, `action_id`, ...) read as empty, so the panel works against an
//! older server and simply shows less.

use crate::widget::js::{FromJs, Obj};
use crate::widget::state::Review;

/// One site the signed-in account may moderate.
#[derive(Debug, Clone, PartialEq)]
pub struct Membership {
    /// Site id.
    pub site: String,
    /// `owner` or `moderator`.
    pub role: String,
}

/// The signed-in merchant (`GET /api/v1/auth/me`).
#[derive(Debug, Clone, PartialEq)]
pub struct Me {
    /// Login e-mail.
    pub email: String,
    /// Name shown under replies; the reply checker looks for it as a signature.
    pub display_name: String,
    /// Sites with a role.
    pub sites: Vec<Membership>,
}

impl Me {
    /// Whether the account has a role on `site`.
    pub fn moderates(&self, site: &str) -> bool {
        self.sites.iter().any(|m| m.site == site)
    }
}

impl FromJs for Membership {
    fn from_js(value: &wasm_bindgen::JsValue) -> Option<Self> {
        let o = Obj::of(value)?;
        Some(Membership {
            site: o.str("site"),
            role: o.str("role"),
        })
    }
}

impl FromJs for Me {
    fn from_js(value: &wasm_bindgen::JsValue) -> Option<Self> {
        let o = Obj::of(value)?;
        // The login answer wraps it as `{token, me}`.
        let me = o.get("me");
        let o = Obj::of(&me).unwrap_or(o);
        Some(Me {
            email: o.str("email"),
            display_name: o.str("display_name"),
            sites: o.list("sites"),
        })
    }
}

/// The login answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Login {
    /// Bearer token (the session cookie is set too).
    pub token: String,
    /// Who signed in.
    pub me: Me,
}

impl FromJs for Login {
    fn from_js(value: &wasm_bindgen::JsValue) -> Option<Self> {
        let o = Obj::of(value)?;
        Some(Login {
            token: o.str("token"),
            me: Me::from_js(value)?,
        })
    }
}

/// One item of the moderation queue: the public review plus private fields.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueItem {
    /// The public view.
    pub review: Review,
    /// Contact e-mail (private).
    pub email: Option<String>,
    /// Order number (private).
    pub order_ref: Option<String>,
    /// Answer deadline, RFC 3339.
    pub answer_due_at: Option<String>,
    /// The deadline passed without an answer.
    pub overdue: bool,
    /// Why hidden or held.
    pub hidden_reason: Option<String>,
    /// The review's language code.
    pub lang: Option<String>,
    /// Primary topic code.
    pub topic: Option<String>,
    /// Priority code (`core::topic::Priority::code`).
    pub priority: Option<String>,
    /// `template`, `campaign` or none.
    pub suspected: Option<String>,
    /// The shop stopped engaging (trolling).
    pub stop_engaging: bool,
    /// The author's other reviews on the site.
    pub history_count: u32,
}

impl FromJs for QueueItem {
    fn from_js(value: &wasm_bindgen::JsValue) -> Option<Self> {
        let o = Obj::of(value)?;
        let review_json = o.get("review");
        let review = Review::from_js(&review_json)?;
        let r = Obj::of(&review_json)?;
        Some(QueueItem {
            review,
            email: o.opt_str("email"),
            order_ref: o.opt_str("order_ref"),
            answer_due_at: o.opt_str("answer_due_at"),
            overdue: o.bool("overdue"),
            hidden_reason: o
                .opt_str("hidden_reason")
                .or_else(|| r.opt_str("hidden_reason")),
            lang: r.opt_str("lang"),
            topic: o.opt_str("topic"),
            priority: o.opt_str("priority"),
            suspected: o.opt_str("suspected"),
            stop_engaging: o.bool("stop_engaging"),
            history_count: o.num("history_count").max(0.0) as u32,
        })
    }
}

impl QueueItem {
    /// Whether the item still needs the shop: an unanswered complaint (or
    /// unanswered review) that is not hidden and not marked as trolling.
    pub fn is_open(&self) -> bool {
        let r = &self.review;
        r.status == "published"
            && !self.stop_engaging
            && !r.has("answered")
            && !r.has("resolved_confirmed")
            && !r.has("resolved_by_merchant")
            && !r.has("moved_private")
    }
}

/// A page of the queue.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueuePage {
    /// Items in the server's order (deadline, priority, newest).
    pub items: Vec<QueueItem>,
    /// Another page follows.
    pub has_more: bool,
}

impl FromJs for QueuePage {
    fn from_js(value: &wasm_bindgen::JsValue) -> Option<Self> {
        let o = Obj::of(value)?;
        Some(QueuePage {
            items: o.list("items"),
            has_more: o.bool("has_more"),
        })
    }
}

/// The answer to a moderation action.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionDone {
    /// The item after the action.
    pub item: Option<QueueItem>,
    /// The moderation-log id, for undo.
    pub action_id: Option<i64>,
    /// Undo is possible until then (RFC 3339).
    pub undo_until: Option<String>,
}

impl FromJs for ActionDone {
    fn from_js(value: &wasm_bindgen::JsValue) -> Option<Self> {
        let o = Obj::of(value)?;
        Some(ActionDone {
            item: QueueItem::from_js(&o.get("item")),
            action_id: o.opt_num("action_id").map(|n| n as i64),
            undo_until: o.opt_str("undo_until"),
        })
    }
}

/// A reply the merchant saved for common cases.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedReply {
    /// Id.
    pub id: i64,
    /// Short title for the picker.
    pub title: String,
    /// The reply text (the checker still applies to it).
    pub text: String,
}

impl FromJs for SavedReply {
    fn from_js(value: &wasm_bindgen::JsValue) -> Option<Self> {
        let o = Obj::of(value)?;
        Some(SavedReply {
            id: o.num("id") as i64,
            title: o.str("title"),
            text: o.str("text"),
        })
    }
}

/// `{"items": [saved replies]}`.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedReplies(pub Vec<SavedReply>);

impl FromJs for SavedReplies {
    fn from_js(value: &wasm_bindgen::JsValue) -> Option<Self> {
        Some(SavedReplies(Obj::of(value)?.list("items")))
    }
}

/// The colour of a countdown badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    /// More than 10 minutes left.
    Green,
    /// 10 minutes or less left.
    Amber,
    /// The promise is broken.
    Red,
    /// More than an hour past the deadline: escalate.
    Escalated,
}

impl Urgency {
    /// The CSS class of the badge.
    pub fn class(self) -> &'static str {
        match self {
            Urgency::Green => "due green",
            Urgency::Amber => "due amber",
            Urgency::Red => "due red",
            Urgency::Escalated => "due red escalated",
        }
    }
}

/// Amber from this many milliseconds before the deadline.
pub const AMBER_MS: f64 = 10.0 * 60_000.0;
/// The escalation mark this many milliseconds after the deadline.
pub const ESCALATE_MS: f64 = 60.0 * 60_000.0;

/// The badge colour `left_ms` milliseconds before the deadline (negative:
/// after it).
pub fn urgency(left_ms: f64) -> Urgency {
    if left_ms > AMBER_MS {
        Urgency::Green
    } else if left_ms > 0.0 {
        Urgency::Amber
    } else if left_ms > -ESCALATE_MS {
        Urgency::Red
    } else {
        Urgency::Escalated
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urgency_follows_the_deadline() {
        assert_eq!(urgency(11.0 * 60_000.0), Urgency::Green);
        assert_eq!(urgency(AMBER_MS), Urgency::Amber);
        assert_eq!(urgency(1.0), Urgency::Amber);
        assert_eq!(urgency(0.0), Urgency::Red);
        assert_eq!(urgency(-ESCALATE_MS + 1.0), Urgency::Red);
        assert_eq!(urgency(-ESCALATE_MS), Urgency::Escalated);
    }
}
