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

/// The review events; all carry `{review, reply?}`.
pub const REVIEW_EVENTS: [&str; 4] = [
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
    const NAMES: [&str; 5] = [
        "status",
        REVIEW_EVENTS[0],
        REVIEW_EVENTS[1],
        REVIEW_EVENTS[2],
        REVIEW_EVENTS[3],
    ];
    let on_message = Callback::from(move |(name, event): (&'static str, MessageEvent)| {
        if let Some(event) = parse(name, &event) {
            on_event.emit(event);
        }
    });
    use_event_source(url, &NAMES, on_message);
}

/// Listens to the events `names` of the stream at `url` while the component
/// lives (one `EventSource`, closed on unmount or when `url` changes) and
/// passes each message with its event name to `on_message`. The latest
/// callback is used, so a re-render does not reconnect. An empty `url` means
/// no stream.
#[hook]
pub fn use_event_source(
    url: String,
    names: &'static [&'static str],
    on_message: Callback<(&'static str, MessageEvent)>,
) {
    let latest = use_mut_ref(|| on_message.clone());
    *latest.borrow_mut() = on_message;
    use_effect_with(url, move |url| {
        let source = (!url.is_empty())
            .then(|| EventSource::new(url).ok())
            .flatten();
        let mut listeners = Vec::new();
        if let Some(source) = &source {
            for &name in names {
                let latest = latest.clone();
                let listener = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
                    let callback = latest.borrow().clone();
                    callback.emit((name, event));
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
