//! The site's live event stream (Server-Sent Events).
//!
//! One `EventSource` per widget; the browser reconnects by itself and sends
//! `Last-Event-ID`, so the server replays what was missed.

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{EventSource, MessageEvent};
use yew::prelude::*;

use crate::widget::js::FromJs;
use crate::widget::state::{Review, ReviewEvent, SupportStatus};

/// The review events the widget reacts to; all carry `{review, reply?}`.
const REVIEW_EVENTS: [&str; 4] = [
    "review_created",
    "reply_created",
    "review_resolved",
    "review_updated",
];

/// One event from the stream, parsed.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveEvent {
    /// The support status changed (also sent first on every connection).
    Status(Rc<SupportStatus>),
    /// A review was created or changed.
    Review(Rc<Review>),
}

fn parse(name: &str, event: &MessageEvent) -> Option<LiveEvent> {
    let text = event.data().as_string()?;
    let json = js_sys::JSON::parse(&text).ok()?;
    if name == "status" {
        let status = SupportStatus::from_js(&json)?;
        Some(LiveEvent::Status(Rc::new(status)))
    } else {
        let event = ReviewEvent::from_js(&json)?;
        Some(LiveEvent::Review(Rc::new(event.review)))
    }
}

/// Subscribes to the event stream at `url` while the component lives and
/// calls `on_event` for each status or review event. An empty `url` means no
/// stream (used by tests).
#[hook]
pub fn use_sse(url: String, on_event: Callback<LiveEvent>) {
    // The latest callback, so a re-render does not reconnect.
    let latest = use_mut_ref(|| on_event.clone());
    *latest.borrow_mut() = on_event;
    use_effect_with(url, move |url| {
        let source = (!url.is_empty())
            .then(|| EventSource::new(url).ok())
            .flatten();
        let mut listeners = Vec::new();
        if let Some(source) = &source {
            for name in std::iter::once("status").chain(REVIEW_EVENTS) {
                let latest = latest.clone();
                let listener = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
                    if let Some(event) = parse(name, &event) {
                        let callback = latest.borrow().clone();
                        callback.emit(event);
                    }
                });
                let _ = source
                    .add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
                listeners.push(listener);
            }
        }
        move || {
            if let Some(source) = source {
                source.close();
            }
            drop(listeners);
        }
    });
}
