//! The widget's state in one place: the API's JSON shapes (as the widget
//! reads them) and the review list with its reducer.
//!
//! Field names follow the server's public API (`docs/server.md`); unknown
//! fields are ignored so the server can grow without breaking old widgets.

use std::rc::Rc;

use wasm_bindgen::JsValue;

use crate::widget::js::{FromJs, Obj, ObjBuilder, ToJs};

/// A public reply under a review.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// `answer`, `resolution`, `details_request`, `details_provided`, ...
    pub kind: String,
    /// The replier's display name, or `author` for the shopper's own entries.
    pub author: String,
    /// Plain text, never HTML.
    pub text: String,
    /// RFC 3339.
    pub created_at: String,
    /// Minutes after the review was written.
    pub minutes_after: f64,
}

impl Reply {
    /// Whether the shopper (not the shop) wrote this entry.
    pub fn by_author(&self) -> bool {
        self.author == "author"
            || self.kind == "author_confirmed"
            || self.kind == "details_provided"
    }
}

/// A review or complaint as the storefront shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// Id.
    pub id: String,
    /// `review` or `complaint`.
    pub kind: String,
    /// 1..=5.
    pub rating: u8,
    /// Plain text; empty when hidden or withdrawn.
    pub text: String,
    /// Product id.
    pub product: Option<String>,
    /// Display name.
    pub author_name: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    /// `published`, `held`, `hidden` or `withdrawn`.
    pub status: String,
    /// `verified_order`, `resolved_confirmed`, `resolved_by_merchant`,
    /// `answered`, `moved_private`, `details_requested`.
    pub badges: Vec<String>,
    /// Public replies, oldest first.
    pub replies: Vec<Reply>,
    /// Why a `hidden` review was hidden (`insult`, `slur`, `threat`,
    /// `personal_data`, `harassment`, `spam`); `None` for visible ones.
    pub hidden_reason: Option<String>,
    /// Readers' "Me too"s (a complaint) or "Helpful"s (a review); `None`
    /// when the answer did not say (a live event about something else).
    pub votes: Option<u32>,
    /// This browser's vote is counted (kept in local storage).
    pub voted: bool,
}

impl Review {
    /// Whether the review carries a badge.
    pub fn has(&self, badge: &str) -> bool {
        self.badges.iter().any(|b| b == badge)
    }

    /// Whether the review is a complaint.
    pub fn is_complaint(&self) -> bool {
        self.kind == "complaint"
    }

    /// A complaint the shop has neither answered nor resolved.
    pub fn awaiting_answer(&self) -> bool {
        self.is_complaint()
            && !self.has("answered")
            && !self.has("resolved_confirmed")
            && !self.has("resolved_by_merchant")
            && !self.has("moved_private")
    }
}

/// Review counts per star, `"1"`..`"5"` in the API.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Histogram {
    /// One star.
    pub one: u32,
    /// Two stars.
    pub two: u32,
    /// Three stars.
    pub three: u32,
    /// Four stars.
    pub four: u32,
    /// Five stars.
    pub five: u32,
}

impl Histogram {
    /// Counts from five stars down to one.
    pub fn rows(&self) -> [(u8, u32); 5] {
        [
            (5, self.five),
            (4, self.four),
            (3, self.three),
            (2, self.two),
            (1, self.one),
        ]
    }
}

/// Aggregates shown above the list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Published reviews.
    pub count: u32,
    /// Mean rating.
    pub average: Option<f64>,
    /// Count per star.
    pub histogram: Histogram,
    /// Share of complaints resolved (0..=1).
    pub resolved_share: Option<f64>,
    /// Typical first-answer time in minutes.
    pub typical_answer_minutes: Option<f64>,
}

/// One page of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewPage {
    /// The reviews.
    pub items: Vec<Review>,
    /// Aggregates.
    pub summary: Summary,
    /// Page number from 1.
    pub page: u32,
    /// Whether another page follows.
    pub has_more: bool,
}

/// Opening spans per weekday, `["HH:MM", "HH:MM"]` in the shop's zone.
#[derive(Debug, Clone, Default, PartialEq)]
#[allow(missing_docs)]
pub struct Weekly {
    pub mon: Vec<(String, String)>,
    pub tue: Vec<(String, String)>,
    pub wed: Vec<(String, String)>,
    pub thu: Vec<(String, String)>,
    pub fri: Vec<(String, String)>,
    pub sat: Vec<(String, String)>,
    pub sun: Vec<(String, String)>,
}

impl Weekly {
    /// The spans of a weekday, 0 = Sunday as in JavaScript.
    pub fn day(&self, weekday: u8) -> &[(String, String)] {
        match weekday % 7 {
            0 => &self.sun,
            1 => &self.mon,
            2 => &self.tue,
            3 => &self.wed,
            4 => &self.thu,
            5 => &self.fri,
            _ => &self.sat,
        }
    }
}

/// The working-hours schedule as the status endpoint publishes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hours {
    /// Open around the clock.
    pub always_open: bool,
    /// Weekly spans.
    pub weekly: Weekly,
}

/// The site's live support status.
#[derive(Debug, Clone, PartialEq)]
pub struct SupportStatus {
    /// Someone is signed in and active, within working hours.
    pub online: bool,
    /// Within working hours.
    pub open_now: bool,
    /// The promised answer time.
    pub promise_minutes: f64,
    /// Real first-answer time (80th percentile).
    pub typical_answer_minutes: Option<f64>,
    /// Next opening (RFC 3339) when closed.
    pub next_open_at: Option<String>,
    /// The shop's IANA time zone.
    pub timezone: String,
    /// The working hours.
    pub hours: Hours,
    /// The shop's newest open incident notice, shown above the list.
    pub incident: Option<Incident>,
}

/// A public notice from the shop about a known problem (a delayed delivery
/// batch, an outage), from the status object's `incident`.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    /// Id.
    pub id: i64,
    /// Topic code (`delivery`, ...).
    pub topic: String,
    /// The notice, plain text written by the shop.
    pub text: String,
    /// RFC 3339.
    pub created_at: String,
}

impl FromJs for Incident {
    fn from_js(value: &JsValue) -> Option<Self> {
        let o = Obj::of(value)?;
        Some(Incident {
            id: o.num("id") as i64,
            topic: o.str("topic"),
            text: o.opt_str("text").filter(|t| !t.trim().is_empty())?,
            created_at: o.str("created_at"),
        })
    }
}

/// The body of `POST /sites/{site}/reviews`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Submission {
    /// `review` or `complaint`.
    pub kind: String,
    /// 1..=5.
    pub rating: u8,
    /// The text.
    pub text: String,
    /// Product id.
    pub product: Option<String>,
    /// Display name.
    pub author_name: Option<String>,
    /// Contact e-mail (never published).
    pub email: Option<String>,
    /// Order number (never published).
    pub order_ref: Option<String>,
    /// Order date `YYYY-MM-DD`.
    pub order_date: Option<String>,
    /// The UI language, a hint for the server's detector.
    pub lang: Option<String>,
}

/// The server's answer to a submission.
#[derive(Debug, Clone, PartialEq)]
pub struct Submitted {
    /// Review id.
    pub id: String,
    /// Secret for the author's actions; kept in local storage.
    pub author_token: String,
    /// When the shop must answer a complaint (RFC 3339).
    pub answer_due_at: Option<String>,
    /// `published`, or `held` when it resembles a campaign of recent texts
    /// and the shop checks it before it is shown.
    pub status: String,
}

/// What the author sees of their own review.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthorView {
    /// The review.
    pub review: Review,
    /// When the shop must answer (RFC 3339).
    pub answer_due_at: Option<String>,
    /// The shop asked for order details and waits for them.
    pub details_requested: bool,
    /// The author can confirm a resolution now.
    pub can_confirm: bool,
    /// The author can reopen now.
    pub can_reopen: bool,
    /// The author can withdraw.
    pub can_withdraw: bool,
    /// The shop's private messages to the author (`text`, `author`,
    /// `created_at`; only the author sees them).
    pub private_messages: Vec<Reply>,
}

/// How the list is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Newest first.
    #[default]
    Newest,
    /// Lowest rating first.
    Lowest,
    /// Highest rating first.
    Highest,
    /// Most "me too"s and "helpful"s first.
    Helpful,
}

impl Sort {
    /// The API's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::Lowest => "lowest",
            Sort::Highest => "highest",
            Sort::Helpful => "helpful",
        }
    }

    /// Parses the API's name (newest for anything else).
    pub fn parse(value: &str) -> Sort {
        match value {
            "lowest" => Sort::Lowest,
            "highest" => Sort::Highest,
            "helpful" => Sort::Helpful,
            _ => Sort::Newest,
        }
    }
}

/// The review list: the query, the pages loaded so far and the aggregates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListState {
    /// Sort order.
    pub sort: Sort,
    /// Only this star rating.
    pub rating: Option<u8>,
    /// The last page requested.
    pub page: u32,
    /// Bumped to reload page 1 with the same query.
    pub reload: u32,
    /// Reviews loaded so far.
    pub items: Vec<Review>,
    /// Aggregates from the last answer.
    pub summary: Option<Summary>,
    /// Another page follows.
    pub has_more: bool,
    /// A request is under way.
    pub loading: bool,
    /// The last request failed.
    pub failed: bool,
}

/// What can happen to the list.
#[derive(Debug, Clone, PartialEq)]
pub enum ListAction {
    /// Change the order (reloads page 1).
    Sort(Sort),
    /// Change the star filter (reloads page 1).
    Filter(Option<u8>),
    /// Load the next page.
    More,
    /// Reload page 1 (retry, or after a submission).
    Reload,
    /// A page arrived.
    Loaded(Rc<ReviewPage>),
    /// The request failed.
    Failed,
    /// A live event brought a new or changed review.
    Live(Rc<Review>),
    /// This browser's vote on a review was counted (`true`) or taken back,
    /// and the review's count now.
    Voted(String, bool, u32),
}

impl ListState {
    /// The initial state: page 1 of the newest reviews, loading.
    pub fn new() -> Self {
        ListState {
            page: 1,
            loading: true,
            ..ListState::default()
        }
    }

    /// Whether a live review belongs in the current view.
    fn shows(&self, review: &Review) -> bool {
        matches!(review.status.as_str(), "published" | "hidden")
            && self.rating.is_none_or(|r| r == review.rating)
    }
}

impl ListState {
    /// Applies `action`; `false` when nothing changed (a live review that
    /// does not belong in this view).
    pub fn apply(&mut self, action: ListAction) -> bool {
        match action {
            ListAction::Sort(sort) => {
                *self = ListState {
                    sort,
                    rating: self.rating,
                    reload: self.reload,
                    ..ListState::new()
                }
            }
            ListAction::Filter(rating) => {
                *self = ListState {
                    sort: self.sort,
                    rating,
                    reload: self.reload,
                    ..ListState::new()
                }
            }
            ListAction::More => {
                self.page += 1;
                self.loading = true;
                self.failed = false;
            }
            ListAction::Reload => {
                self.page = 1;
                self.reload += 1;
                self.loading = true;
                self.failed = false;
            }
            ListAction::Loaded(page) => {
                if page.page <= 1 {
                    self.items.clear();
                }
                for review in &page.items {
                    if !self.items.iter().any(|r| r.id == review.id) {
                        self.items.push(review.clone());
                    }
                }
                self.summary = Some(page.summary.clone());
                self.has_more = page.has_more;
                self.loading = false;
                self.failed = false;
            }
            ListAction::Failed => {
                self.loading = false;
                self.failed = true;
            }
            ListAction::Live(review) => {
                let shows = self.shows(&review);
                let mut review = (*review).clone();
                match self.items.iter().position(|r| r.id == review.id) {
                    Some(i) if shows => {
                        // An event about something else keeps the count;
                        // this browser's press is its own to know.
                        review.votes = review.votes.or(self.items[i].votes);
                        review.voted = self.items[i].voted;
                        self.items[i] = review;
                    }
                    Some(i) => {
                        self.items.remove(i);
                    }
                    None if shows && self.sort == Sort::Newest => {
                        self.items.insert(0, review);
                        if let Some(summary) = self.summary.as_mut() {
                            summary.count += 1;
                        }
                    }
                    None => return false,
                }
            }
            ListAction::Voted(id, voted, count) => {
                for review in self.items.iter_mut().filter(|r| r.id == id) {
                    review.votes = Some(count);
                    review.voted = voted;
                }
            }
        }
        true
    }
}

/// Which language the widget speaks: the element's `lang` attribute, then
/// the page's `<html lang>`, then the browser's language, then English.
pub fn resolve_lang(
    attribute: Option<&str>,
    page: Option<&str>,
    browser: Option<&str>,
) -> crate::core::lang::Lang {
    use crate::core::lang::Lang;
    [attribute, page, browser]
        .into_iter()
        .flatten()
        .find_map(Lang::parse)
        .unwrap_or(Lang::En)
}

impl FromJs for Reply {
    fn from_js(value: &JsValue) -> Option<Self> {
        let o = Obj::of(value)?;
        Some(Reply {
            kind: o.str("kind"),
            author: o.str("author"),
            text: o.str("text"),
            created_at: o.str("created_at"),
            minutes_after: o.num("minutes_after"),
        })
    }
}

impl FromJs for Review {
    fn from_js(value: &JsValue) -> Option<Self> {
        let o = Obj::of(value)?;
        let id = o.opt_str("id")?;
        Some(Review {
            voted: crate::widget::local::get("voted", &id, "").is_some(),
            id,
            kind: o.str("kind"),
            rating: o.num("rating").clamp(0.0, 5.0) as u8,
            text: o.str("text"),
            product: o.opt_str("product"),
            author_name: o.opt_str("author_name"),
            created_at: o.str("created_at"),
            status: o.str("status"),
            badges: o.strings("badges"),
            replies: o.list("replies"),
            hidden_reason: o.opt_str("hidden_reason"),
            votes: o
                .opt_num("me_too")
                .or_else(|| o.opt_num("helpful"))
                .map(|n| n.max(0.0) as u32),
        })
    }
}

impl FromJs for Summary {
    fn from_js(value: &JsValue) -> Option<Self> {
        let o = Obj::of(value)?;
        let histogram = o.get("histogram");
        let count = |star: &str| Obj::of(&histogram).map_or(0, |h| h.num(star).max(0.0) as u32);
        Some(Summary {
            count: o.num("count").max(0.0) as u32,
            average: o.opt_num("average"),
            histogram: Histogram {
                one: count("1"),
                two: count("2"),
                three: count("3"),
                four: count("4"),
                five: count("5"),
            },
            resolved_share: o.opt_num("resolved_share"),
            typical_answer_minutes: o.opt_num("typical_answer_minutes"),
        })
    }
}

impl FromJs for ReviewPage {
    fn from_js(value: &JsValue) -> Option<Self> {
        let o = Obj::of(value)?;
        Some(ReviewPage {
            items: o.list("items"),
            summary: Summary::from_js(&o.get("summary")).unwrap_or_default(),
            page: o.num("page").max(1.0) as u32,
            has_more: o.bool("has_more"),
        })
    }
}

/// `[["09:00", "13:00"], ...]` spans of one weekday.
fn spans(o: Obj<'_>, day: &str) -> Vec<(String, String)> {
    o.array(day)
        .iter()
        .filter_map(|span| {
            let span = Obj::of(span)?;
            Some((span.opt_str("0")?, span.opt_str("1")?))
        })
        .collect()
}

impl FromJs for Hours {
    fn from_js(value: &JsValue) -> Option<Self> {
        let o = Obj::of(value)?;
        let weekly = o.get("weekly");
        let weekly = match Obj::of(&weekly) {
            Some(w) => Weekly {
                mon: spans(w, "mon"),
                tue: spans(w, "tue"),
                wed: spans(w, "wed"),
                thu: spans(w, "thu"),
                fri: spans(w, "fri"),
                sat: spans(w, "sat"),
                sun: spans(w, "sun"),
            },
            None => Weekly::default(),
        };
        Some(Hours {
            always_open: o.bool("always_open"),
            weekly,
        })
    }
}

impl FromJs for SupportStatus {
    fn from_js(value: &JsValue) -> Option<Self> {
        let o = Obj::of(value)?;
        Some(SupportStatus {
            online: o.bool("online"),
            open_now: o.bool("open_now"),
            promise_minutes: o.num("promise_minutes"),
            typical_answer_minutes: o.opt_num("typical_answer_minutes"),
            next_open_at: o.opt_str("next_open_at"),
            timezone: o.str("timezone"),
            hours: Hours::from_js(&o.get("hours")).unwrap_or_default(),
            incident: Incident::from_js(&o.get("incident")),
        })
    }
}

impl FromJs for Submission {
    fn from_js(value: &JsValue) -> Option<Self> {
        let o = Obj::of(value)?;
        Some(Submission {
            kind: o.str("kind"),
            rating: o.num("rating").clamp(0.0, 5.0) as u8,
            text: o.opt_str("text")?,
            product: o.opt_str("product"),
            author_name: o.opt_str("author_name"),
            email: o.opt_str("email"),
            order_ref: o.opt_str("order_ref"),
            order_date: o.opt_str("order_date"),
            lang: o.opt_str("lang"),
        })
    }
}

impl ToJs for Submission {
    fn to_js(&self) -> JsValue {
        ObjBuilder::new()
            .set("kind", self.kind.as_str())
            .set("rating", self.rating)
            .set("text", self.text.as_str())
            .opt("product", self.product.as_deref())
            .opt("author_name", self.author_name.as_deref())
            .opt("email", self.email.as_deref())
            .opt("order_ref", self.order_ref.as_deref())
            .opt("order_date", self.order_date.as_deref())
            .opt("lang", self.lang.as_deref())
            .build()
    }
}

impl FromJs for Submitted {
    fn from_js(value: &JsValue) -> Option<Self> {
        let o = Obj::of(value)?;
        Some(Submitted {
            id: o.opt_str("id")?,
            author_token: o.opt_str("author_token")?,
            answer_due_at: o.opt_str("answer_due_at"),
            status: o.str("status"),
        })
    }
}

impl FromJs for AuthorView {
    fn from_js(value: &JsValue) -> Option<Self> {
        let o = Obj::of(value)?;
        Some(AuthorView {
            review: Review::from_js(&o.get("review"))?,
            answer_due_at: o.opt_str("answer_due_at"),
            details_requested: o.bool("details_requested"),
            can_confirm: o.bool("can_confirm"),
            can_reopen: o.bool("can_reopen"),
            can_withdraw: o.bool("can_withdraw"),
            private_messages: o.list("private_messages"),
        })
    }
}

/// An answer whose body does not matter (author actions).
impl FromJs for () {
    fn from_js(_: &JsValue) -> Option<Self> {
        Some(())
    }
}
