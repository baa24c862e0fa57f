//! The widget's function components. [`App`] owns the state (the review
//! list, the live status, the followed complaints) and hands it down; the
//! others only render and report what the shopper did.

mod app;
mod form;
mod incident;
mod review_item;
mod review_list;
mod stars;
mod status_pill;
mod summary;
mod tracking_card;

pub use app::{App, AppProps};
pub use form::{Draft, ReviewForm, ReviewFormProps};
pub use incident::{IncidentNotice, IncidentNoticeProps};
pub use review_item::{Replies, RepliesProps, ReviewItem, ReviewItemProps};
pub use review_list::{ReviewList, ReviewListProps};
pub use stars::{StarsInput, StarsInputProps, StarsView, StarsViewProps};
pub use status_pill::{hours_lines, status_text, StatusPill, StatusPillProps};
pub use summary::{SummaryProps, SummaryView};
pub use tracking_card::{TrackingCard, TrackingCardProps};

use yew::prelude::*;

use crate::core::lang::Lang;
use crate::widget::api::Api;
use crate::widget::i18n::Msg;
use crate::widget::js::Loader;

/// What every component of one widget shares: its API client, UI language
/// and product.
#[derive(Debug, Clone, PartialEq)]
pub struct Ctx {
    /// The API of this widget's site.
    pub api: Api,
    /// The UI language.
    pub lang: Lang,
    /// The site id.
    pub site: AttrValue,
    /// The product id (may be empty: reviews of the whole shop).
    pub product: AttrValue,
    /// Loads the live checker's detector, on the form's first focus.
    pub detector: Option<Loader>,
}

impl Default for Ctx {
    fn default() -> Self {
        Ctx {
            api: Api::new("", "", Lang::En),
            lang: Lang::En,
            site: AttrValue::default(),
            product: AttrValue::default(),
            detector: None,
        }
    }
}

impl Ctx {
    /// A message in the widget's language.
    pub fn t(&self, msg: Msg) -> &'static str {
        msg.text(self.lang)
    }

    /// A message with its placeholders filled.
    pub fn fill(&self, msg: Msg, args: &[(&str, &str)]) -> String {
        crate::widget::i18n::fill(msg, self.lang, args)
    }
}

/// The widget's shared context (a default one outside a provider).
#[hook]
pub fn use_ctx() -> Ctx {
    use_context::<Ctx>().unwrap_or_default()
}
