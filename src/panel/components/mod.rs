//! The panel's function components. [`App`] owns the state (session, queue,
//! the open item, the undo toast); [`LoginDialog`], [`QueueList`] and
//! [`Detail`] render it and report what the merchant did.

mod app;
mod detail;
mod login;
mod metrics;
mod queue;

pub use app::{App, AppProps, QUEUE_POLL_MS};
pub use detail::{Detail, DetailProps};
pub use login::{LoginDialog, LoginDialogProps};
pub use metrics::{MetricsProps, MetricsView};
pub use queue::{DueBadge, QueueList, QueueListProps};

use crate::core::lang::Lang;

use super::api::ApiError;
use super::i18n::{fill, Msg};

/// An API failure as the merchant reads it.
pub fn error_text(error: &ApiError, lang: Lang) -> String {
    match error {
        ApiError::Network => Msg::Network.text(lang).to_owned(),
        e if e.is_missing() => Msg::NotSupported.text(lang).to_owned(),
        ApiError::Http { code, message, .. } => {
            let reason = if message.is_empty() { code } else { message };
            fill(Msg::Failed, lang, &[("reason", reason)])
        }
    }
}
