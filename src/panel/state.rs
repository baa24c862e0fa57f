//! The merchant API's JSON shapes as the panel reads them, and the pure rules
//! the panel applies to them (the countdown's colour).
//!
//! Fields follow `docs/server.md`; fields a server does not send yet (topic,
//! priority, `action_id`, ...) read as empty, so the panel works against an
//! older server and simply shows less.

use crate::core::model::{Resolution, ReviewKind, ReviewState, Status, TransitionError};
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
    /// The server's `machine_like` hint: the text reads like machine-generated
    /// text (merchant-only).
    pub machine_like: bool,
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
            machine_like: o.bool("machine_like"),
        })
    }
}

/// A moderation action the detail view can offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    /// Take the conversation private.
    TakePrivate,
    /// Mark resolved with a public note.
    Resolve,
    /// Ask for the order number and date.
    RequestDetails,
    /// Publish "we could not find this order".
    OrderNotFound,
    /// Stop engaging (trolling).
    StopEngaging,
    /// Hide for abuse.
    Hide,
    /// Ban the author.
    Ban,
    /// Reopen a resolution.
    Reopen,
    /// Publish hidden or held content again.
    Release,
}

impl QueueItem {
    /// Whether the item asks for an answer at all: a complaint, or a review
    /// of three stars or fewer. A four- or five-star review is never
    /// "awaiting answer".
    pub fn wants_answer(&self) -> bool {
        self.review.is_complaint() || self.review.rating <= 3
    }

    /// The core's state of this item, rebuilt from its status, badges and
    /// thread (the public view carries no timestamps, so times are 0).
    pub fn core_state(&self) -> ReviewState {
        let r = &self.review;
        let replied = |kind: &str| r.replies.iter().any(|reply| reply.kind == kind);
        let resolution = if r.has("resolved_confirmed") {
            Some(Resolution::ResolvedConfirmed)
        } else if r.has("resolved_by_merchant") {
            Some(Resolution::ResolvedByMerchant)
        } else {
            None
        };
        let answered = r.has("answered") || resolution.is_some() || !r.replies.is_empty();
        ReviewState {
            kind: ReviewKind::parse(&r.kind).unwrap_or(ReviewKind::Review),
            status: Status::parse(&r.status).unwrap_or(Status::Published),
            resolution,
            first_answer_at: answered.then_some(0),
            details_requested_at: (r.has("details_requested") || replied("details_request"))
                .then_some(0),
            details_answered_at: replied("details_provided").then_some(0),
            moved_private: r.has("moved_private") || replied("moved_private"),
            verified_order: r.has("verified_order"),
        }
    }

    /// The actions that make sense for this item, in toolbar order: each is
    /// one the core's state machine ([`ReviewState`]) accepts in the
    /// item's state, and "Mark resolved" only where something can be
    /// resolved (a complaint or a review of three stars or fewer). A
    /// withdrawn item offers nothing.
    pub fn offers(&self) -> Vec<Offer> {
        let state = self.core_state();
        let accepts = |apply: fn(&mut ReviewState) -> Result<(), TransitionError>| {
            apply(&mut state.clone()).is_ok()
        };
        if state.status == Status::Withdrawn {
            return Vec::new();
        }
        let mut out = Vec::new();
        if state.status == Status::Published && !state.moved_private {
            out.push(Offer::TakePrivate);
        }
        if self.wants_answer() && accepts(|s| s.resolve(0)) {
            out.push(Offer::Resolve);
        }
        if accepts(|s| s.request_details(0)) {
            out.push(Offer::RequestDetails);
        }
        // The waiting time is the server's to check; the state must allow it.
        if accepts(|s| s.order_not_found(i64::MAX, 0)) {
            out.push(Offer::OrderNotFound);
        }
        if !self.stop_engaging {
            out.push(Offer::StopEngaging);
        }
        if accepts(ReviewState::hide) {
            out.push(Offer::Hide);
        }
        out.push(Offer::Ban);
        if accepts(ReviewState::reopen) {
            out.push(Offer::Reopen);
        }
        if accepts(ReviewState::release) {
            out.push(Offer::Release);
        }
        out
    }

    /// Whether the item still needs the shop: an unanswered complaint (or
    /// unanswered review of three stars or fewer) that is not hidden and not
    /// marked as trolling.
    pub fn is_open(&self) -> bool {
        let r = &self.review;
        r.status == "published"
            && self.wants_answer()
            && !self.stop_engaging
            && !r.has("answered")
            && !r.has("resolved_confirmed")
            && !r.has("resolved_by_merchant")
            && !r.has("moved_private")
    }
}

/// The first `max` characters of `text` cut at a word boundary, with "…"
/// when something was cut (an accessible name never ends mid-word).
pub fn snippet_at_word(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max + 1).collect();
    let head: String = match cut.rfind(char::is_whitespace) {
        Some(space) if space > 0 => cut[..space].to_owned(),
        _ => text.chars().take(max).collect(),
    };
    let mut out = head
        .trim_end_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
        .to_owned();
    out.push('…');
    out
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

/// `GET .../stats`: the metrics view's numbers (days in the site's zone).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    /// The answer promise in minutes.
    pub promise_minutes: f64,
    /// Days covered.
    pub days: u32,
    /// First-answer histogram: `(upper bound in minutes or None for longer, count)`.
    pub first_answer: Vec<(Option<f64>, f64)>,
    /// Share of first answers within the promise.
    pub within_promise_share: Option<f64>,
    /// Per day: `(day, median minutes, p80 minutes)`.
    pub answer_trend: Vec<(String, Option<f64>, Option<f64>)>,
    /// Open complaints by age: `(label code, count)`.
    pub open_by_age: Vec<(String, f64)>,
    /// Per day: `(day, [(topic code, count)])`.
    pub topics_per_day: Vec<(String, Vec<(String, f64)>)>,
    /// `[complaints, resolved, confirmed, reopened]` and the rate.
    pub resolution: [f64; 4],
    /// Resolved share of complaints.
    pub resolution_rate: Option<f64>,
    /// Per day: `(day, [one..five stars])`.
    pub stars_per_day: Vec<(String, [f64; 5])>,
}

impl FromJs for Stats {
    fn from_js(value: &wasm_bindgen::JsValue) -> Option<Self> {
        let o = Obj::of(value)?;
        let fa = o.get("first_answer");
        let fa = Obj::of(&fa)?;
        let objects = |list: Vec<wasm_bindgen::JsValue>| -> Vec<wasm_bindgen::JsValue> {
            list.into_iter().filter(|v| v.is_object()).collect()
        };
        let first_answer = objects(fa.array("buckets"))
            .iter()
            .map(|b| {
                let b = Obj(b);
                (b.opt_num("le_minutes"), b.num("count"))
            })
            .collect();
        let answer_trend = objects(o.array("answer_trend"))
            .iter()
            .map(|d| {
                let d = Obj(d);
                (
                    d.str("day"),
                    d.opt_num("median_minutes"),
                    d.opt_num("p80_minutes"),
                )
            })
            .collect();
        let open_by_age = objects(o.array("open_by_age"))
            .iter()
            .map(|d| {
                let d = Obj(d);
                (d.str("label"), d.num("count"))
            })
            .collect();
        let topics_per_day = objects(o.array("topics_per_day"))
            .iter()
            .map(|d| {
                let d = Obj(d);
                let counts = d.get("counts");
                let pairs = js_sys::Object::entries(&js_sys::Object::from(counts))
                    .iter()
                    .filter_map(|pair| {
                        let pair = js_sys::Array::from(&pair);
                        Some((
                            pair.get(0).as_string()?,
                            pair.get(1).as_f64().unwrap_or(0.0),
                        ))
                    })
                    .collect();
                (d.str("day"), pairs)
            })
            .collect();
        let stars_per_day = objects(o.array("stars_per_day"))
            .iter()
            .map(|d| {
                let d = Obj(d);
                let mut counts = [0.0; 5];
                for (slot, n) in counts.iter_mut().zip(d.array("counts")) {
                    *slot = n.as_f64().unwrap_or(0.0);
                }
                (d.str("day"), counts)
            })
            .collect();
        let res = o.get("resolution");
        let res = Obj::of(&res);
        let num = |k: &str| res.map(|r| r.num(k)).unwrap_or(0.0);
        Some(Stats {
            promise_minutes: o.num("promise_minutes"),
            days: o.num("days").max(0.0) as u32,
            first_answer,
            within_promise_share: fa.opt_num("within_promise_share"),
            answer_trend,
            open_by_age,
            topics_per_day,
            resolution: [
                num("complaints"),
                num("resolved"),
                num("confirmed"),
                num("reopened"),
            ],
            resolution_rate: res.and_then(|r| r.opt_num("rate")),
            stars_per_day,
        })
    }
}

/// One crisis alert: complaints on a topic far above their usual rate.
#[derive(Debug, Clone, PartialEq)]
pub struct CrisisAlert {
    /// Topic code.
    pub topic: String,
    /// Complaints in the current window.
    pub count: f64,
    /// The usual count (EWMA mean).
    pub baseline: f64,
    /// The complaints behind it, to link to an incident notice.
    pub review_ids: Vec<String>,
}

/// `GET .../crisis`: the alerts now.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Crisis(pub Vec<CrisisAlert>);

impl FromJs for Crisis {
    fn from_js(value: &wasm_bindgen::JsValue) -> Option<Self> {
        let o = Obj::of(value)?;
        Some(Crisis(
            o.array("alerts")
                .iter()
                .filter_map(Obj::of)
                .map(|a| CrisisAlert {
                    topic: a.str("topic"),
                    count: a.num("count"),
                    baseline: a.num("baseline"),
                    review_ids: a.strings("review_ids"),
                })
                .collect(),
        ))
    }
}

/// An open public incident notice.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    /// Id.
    pub id: i64,
    /// Topic code.
    pub topic: String,
    /// The notice (plain text, rendered as text).
    pub text: String,
}

impl FromJs for Incident {
    fn from_js(value: &wasm_bindgen::JsValue) -> Option<Self> {
        let o = Obj::of(value)?;
        Some(Incident {
            id: o.num("id") as i64,
            topic: o.str("topic"),
            text: o.str("text"),
        })
    }
}

/// `GET .../incidents`: the open notices, newest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Incidents(pub Vec<Incident>);

impl FromJs for Incidents {
    fn from_js(value: &wasm_bindgen::JsValue) -> Option<Self> {
        Some(Incidents(Obj::of(value)?.list("items")))
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

    fn item(kind: &str, rating: u8, status: &str, badges: &[&str]) -> QueueItem {
        QueueItem {
            review: Review {
                id: "r1".into(),
                kind: kind.into(),
                rating,
                text: "text".into(),
                product: None,
                author_name: None,
                created_at: "2026-05-04T10:00:00Z".into(),
                status: status.into(),
                badges: badges.iter().map(|b| (*b).to_owned()).collect(),
                replies: Vec::new(),
                hidden_reason: None,
                votes: None,
                voted: false,
            },
            email: None,
            order_ref: None,
            answer_due_at: None,
            overdue: false,
            hidden_reason: None,
            lang: None,
            topic: None,
            priority: None,
            suspected: None,
            stop_engaging: false,
            history_count: 0,
            machine_like: false,
        }
    }

    /// Issue 15 item 12: names never end mid-word.
    #[test]
    fn snippets_end_at_a_word() {
        assert_eq!(snippet_at_word("short text", 40), "short text");
        assert_eq!(
            snippet_at_word("The kettle leaks from the lid after the second boil", 30),
            "The kettle leaks from the lid…"
        );
        assert_eq!(
            snippet_at_word("Чайник протекает, крышка не держится", 20),
            "Чайник протекает…"
        );
        assert_eq!(
            snippet_at_word("Unbreakablewordwithoutspaces", 10),
            "Unbreakabl…"
        );
    }

    /// Issue 15 item 11: only the actions the state machine accepts.
    #[test]
    fn an_unanswered_open_complaint_offers_resolve_but_not_reopen_or_release() {
        let offers = item("complaint", 1, "published", &[]).offers();
        assert!(offers.contains(&Offer::Resolve));
        assert!(!offers.contains(&Offer::Reopen));
        assert!(!offers.contains(&Offer::Release));
        assert!(
            !offers.contains(&Offer::OrderNotFound),
            "nothing was requested"
        );
        assert!(offers.contains(&Offer::Hide));
    }

    #[test]
    fn a_five_star_review_is_never_resolved_nor_awaiting() {
        let five = item("review", 5, "published", &[]);
        assert!(!five.offers().contains(&Offer::Resolve));
        assert!(!five.is_open(), "not counted in \"N waiting\"");
        let two = item("review", 2, "published", &[]);
        assert!(two.offers().contains(&Offer::Resolve));
        assert!(two.is_open());
    }

    #[test]
    fn a_resolved_complaint_offers_reopen_not_resolve() {
        let offers = item(
            "complaint",
            1,
            "published",
            &["resolved_by_merchant", "answered"],
        )
        .offers();
        assert!(offers.contains(&Offer::Reopen));
        assert!(!offers.contains(&Offer::Resolve));
    }

    #[test]
    fn hidden_and_held_items_offer_release_not_hide_and_withdrawn_offers_nothing() {
        let hidden = item("complaint", 1, "hidden", &[]).offers();
        assert!(hidden.contains(&Offer::Release));
        assert!(!hidden.contains(&Offer::Hide));
        assert!(!hidden.contains(&Offer::TakePrivate));
        assert!(item("review", 1, "held", &[])
            .offers()
            .contains(&Offer::Release));
        assert!(item("complaint", 1, "withdrawn", &[]).offers().is_empty());
    }

    #[test]
    fn order_not_found_needs_an_open_details_request() {
        let asked = item(
            "complaint",
            1,
            "published",
            &["details_requested", "answered"],
        );
        assert!(asked.offers().contains(&Offer::OrderNotFound));
        let mut answered = asked.clone();
        answered.review.badges.retain(|b| b != "details_requested");
        answered.review.replies.push(crate::widget::state::Reply {
            kind: "details_provided".into(),
            author: "author".into(),
            text: "sent".into(),
            created_at: "2026-05-04T10:00:00Z".into(),
            minutes_after: 1.0,
        });
        assert!(!answered.offers().contains(&Offer::OrderNotFound));
        assert!(!answered.offers().contains(&Offer::RequestDetails));
    }

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
