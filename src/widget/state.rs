//! The widget's state in one place: the API's JSON shapes (as the widget
//! reads them) and the review list with its reducer.
//!
//! Field names follow the server's public API (`docs/server.md`); unknown
//! fields are ignored so the server can grow without breaking old widgets.

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use yew::Reducible;

/// A public reply under a review.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Reply {
    /// `answer`, `resolution`, `details_request`, `details_provided`, ...
    #[serde(default)]
    pub kind: String,
    /// The replier's display name, or `author` for the shopper's own entries.
    #[serde(default)]
    pub author: String,
    /// Plain text, never HTML.
    #[serde(default)]
    pub text: String,
    /// RFC 3339.
    #[serde(default)]
    pub created_at: String,
    /// Minutes after the review was written.
    #[serde(default)]
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
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Review {
    /// Id.
    pub id: String,
    /// `review` or `complaint`.
    #[serde(default)]
    pub kind: String,
    /// 1..=5.
    #[serde(default)]
    pub rating: u8,
    /// Plain text; empty when hidden or withdrawn.
    #[serde(default)]
    pub text: String,
    /// Product id.
    #[serde(default)]
    pub product: Option<String>,
    /// Display name.
    #[serde(default)]
    pub author_name: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    pub created_at: String,
    /// `published`, `held`, `hidden` or `withdrawn`.
    #[serde(default)]
    pub status: String,
    /// `verified_order`, `resolved_confirmed`, `resolved_by_merchant`,
    /// `answered`, `moved_private`, `details_requested`.
    #[serde(default)]
    pub badges: Vec<String>,
    /// Public replies, oldest first.
    #[serde(default)]
    pub replies: Vec<Reply>,
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
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Histogram {
    #[serde(rename = "1", default)]
    one: u32,
    #[serde(rename = "2", default)]
    two: u32,
    #[serde(rename = "3", default)]
    three: u32,
    #[serde(rename = "4", default)]
    four: u32,
    #[serde(rename = "5", default)]
    five: u32,
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
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Summary {
    /// Published reviews.
    #[serde(default)]
    pub count: u32,
    /// Mean rating.
    #[serde(default)]
    pub average: Option<f64>,
    /// Count per star.
    #[serde(default)]
    pub histogram: Histogram,
    /// Share of complaints resolved (0..=1).
    #[serde(default)]
    pub resolved_share: Option<f64>,
    /// Typical first-answer time in minutes.
    #[serde(default)]
    pub typical_answer_minutes: Option<f64>,
}

/// One page of the list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ReviewPage {
    /// The reviews.
    pub items: Vec<Review>,
    /// Aggregates.
    #[serde(default)]
    pub summary: Summary,
    /// Page number from 1.
    #[serde(default)]
    pub page: u32,
    /// Whether another page follows.
    #[serde(default)]
    pub has_more: bool,
}

/// Opening spans per weekday, `["HH:MM", "HH:MM"]` in the shop's zone.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[allow(missing_docs)]
pub struct Weekly {
    #[serde(default)]
    pub mon: Vec<(String, String)>,
    #[serde(default)]
    pub tue: Vec<(String, String)>,
    #[serde(default)]
    pub wed: Vec<(String, String)>,
    #[serde(default)]
    pub thu: Vec<(String, String)>,
    #[serde(default)]
    pub fri: Vec<(String, String)>,
    #[serde(default)]
    pub sat: Vec<(String, String)>,
    #[serde(default)]
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
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Hours {
    /// Open around the clock.
    #[serde(default)]
    pub always_open: bool,
    /// Weekly spans.
    #[serde(default)]
    pub weekly: Weekly,
}

/// The site's live support status.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SupportStatus {
    /// Someone is signed in and active, within working hours.
    #[serde(default)]
    pub online: bool,
    /// Within working hours.
    #[serde(default)]
    pub open_now: bool,
    /// The promised answer time.
    #[serde(default)]
    pub promise_minutes: f64,
    /// Real first-answer time (80th percentile).
    #[serde(default)]
    pub typical_answer_minutes: Option<f64>,
    /// Next opening (RFC 3339) when closed.
    #[serde(default)]
    pub next_open_at: Option<String>,
    /// The shop's IANA time zone.
    #[serde(default)]
    pub timezone: String,
    /// The working hours.
    #[serde(default)]
    pub hours: Hours,
}

/// The body of `POST /sites/{site}/reviews`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    /// `review` or `complaint`.
    pub kind: String,
    /// 1..=5.
    pub rating: u8,
    /// The text.
    pub text: String,
    /// Product id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author_name: Option<String>,
    /// Contact e-mail (never published).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Order number (never published).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_ref: Option<String>,
    /// Order date `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_date: Option<String>,
    /// The UI language, a hint for the server's detector.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// The server's answer to a submission.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Submitted {
    /// Review id.
    pub id: String,
    /// Secret for the author's actions; kept in local storage.
    pub author_token: String,
    /// When the shop must answer a complaint (RFC 3339).
    #[serde(default)]
    pub answer_due_at: Option<String>,
}

/// What the author sees of their own review.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AuthorView {
    /// The review.
    pub review: Review,
    /// When the shop must answer (RFC 3339).
    #[serde(default)]
    pub answer_due_at: Option<String>,
    /// The shop asked for order details and waits for them.
    #[serde(default)]
    pub details_requested: bool,
    /// The author can confirm a resolution now.
    #[serde(default)]
    pub can_confirm: bool,
    /// The author can reopen now.
    #[serde(default)]
    pub can_reopen: bool,
    /// The author can withdraw.
    #[serde(default)]
    pub can_withdraw: bool,
}

/// A live event's payload: the review concerned, after the change.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ReviewEvent {
    /// The review.
    pub review: Review,
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
}

impl Sort {
    /// The API's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::Lowest => "lowest",
            Sort::Highest => "highest",
        }
    }

    /// Parses the API's name (newest for anything else).
    pub fn parse(value: &str) -> Sort {
        match value {
            "lowest" => Sort::Lowest,
            "highest" => Sort::Highest,
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

impl Reducible for ListState {
    type Action = ListAction;

    fn reduce(self: Rc<Self>, action: ListAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            ListAction::Sort(sort) => {
                next = ListState {
                    sort,
                    rating: next.rating,
                    reload: next.reload,
                    ..ListState::new()
                }
            }
            ListAction::Filter(rating) => {
                next = ListState {
                    sort: next.sort,
                    rating,
                    reload: next.reload,
                    ..ListState::new()
                }
            }
            ListAction::More => {
                next.page += 1;
                next.loading = true;
                next.failed = false;
            }
            ListAction::Reload => {
                next.page = 1;
                next.reload += 1;
                next.loading = true;
                next.failed = false;
            }
            ListAction::Loaded(page) => {
                if page.page <= 1 {
                    next.items.clear();
                }
                for review in &page.items {
                    if !next.items.iter().any(|r| r.id == review.id) {
                        next.items.push(review.clone());
                    }
                }
                next.summary = Some(page.summary.clone());
                next.has_more = page.has_more;
                next.loading = false;
                next.failed = false;
            }
            ListAction::Failed => {
                next.loading = false;
                next.failed = true;
            }
            ListAction::Live(review) => {
                let shows = next.shows(&review);
                match next.items.iter().position(|r| r.id == review.id) {
                    Some(i) if shows => next.items[i] = (*review).clone(),
                    Some(i) => {
                        next.items.remove(i);
                    }
                    None if shows && next.sort == Sort::Newest => {
                        next.items.insert(0, (*review).clone());
                        if let Some(summary) = next.summary.as_mut() {
                            summary.count += 1;
                        }
                    }
                    None => return self,
                }
            }
        }
        Rc::new(next)
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
