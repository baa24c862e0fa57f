//! Hooks shared by the components: a debounced value and the live event
//! stream.

mod use_debounce;
mod use_sse;

pub use use_debounce::use_debounce;
pub use use_sse::{use_event_source, use_sse, LiveEvent, REVIEW_EVENTS};
