//! Hooks shared by the components: a debounced value and the live event
//! stream.

mod use_debounce;
mod use_event_source;

pub use crate::widget::live::REVIEW_EVENTS;
pub use use_debounce::use_debounce;
pub use use_event_source::use_event_source;
