//! The site's live event stream (Server-Sent Events), without a framework.
//!
//! One `EventSource` per widget; the browser reconnects by itself and sends
//! `Last-Event-ID`, so the server replays what was missed.

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{EventSource, MessageEvent};

use crate::widget::js::{FromJs, Obj};
use crate::widget::state::{Review, SupportStatus};

/// The review events; all carry `{review, reply?}`.
pub const REVIEW_EVENTS: [&str; 4] = [
    "review_created",
    "reply_created",
    "review_resolved",
    "review_updated",
];

/// The events the widget listens to: the status, the review events and
/// `reload` (the server could not replay what was missed).
pub const WIDGET_EVENTS: [&str; 6] = [
    "status",
    REVIEW_EVENTS[0],
    REVIEW_EVENTS[1],
    REVIEW_EVENTS[2],
    REVIEW_EVENTS[3],
    "reload",
];

/// One event from the stream, parsed.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveEvent {
    /// The support status changed (also sent first on every connection).
    Status(Rc<SupportStatus>),
    /// A review was created or changed; with the review as the JS object it
    /// arrived as (handed on to the writer's tracking cards).
    Review(Rc<Review>, JsValue),
    /// Too much was missed for a replay: read the list again.
    Reload,
}

/// Parses the message of the event `name`.
pub fn parse(name: &str, event: &MessageEvent) -> Option<LiveEvent> {
    let text = event.data().as_string()?;
    let json = js_sys::JSON::parse(&text).ok()?;
    if name == "reload" {
        return Some(LiveEvent::Reload);
    }
    if name == "status" {
        let status = SupportStatus::from_js(&json)?;
        Some(LiveEvent::Status(Rc::new(status)))
    } else {
        let raw = Obj::of(&json)?.get("review");
        let review = Review::from_js(&raw)?;
        Some(LiveEvent::Review(Rc::new(review), raw))
    }
}

/// An open stream; closed when dropped.
#[derive(Debug)]
pub struct Stream {
    source: EventSource,
    _listeners: Vec<Closure<dyn Fn(MessageEvent)>>,
}

impl Stream {
    /// Opens the stream at `url` and passes each message of the events
    /// `names`, with its name, to `on_message`. `None` when the browser
    /// refuses the URL.
    pub fn open(
        url: &str,
        names: &'static [&'static str],
        on_message: impl Fn(&'static str, MessageEvent) + 'static,
    ) -> Option<Stream> {
        let source = EventSource::new(url).ok()?;
        let on_message = Rc::new(on_message);
        let mut listeners = Vec::with_capacity(names.len());
        for &name in names {
            let on_message = on_message.clone();
            let listener = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
                on_message(name, event)
            });
            let _ =
                source.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
            listeners.push(listener);
        }
        Some(Stream {
            source,
            _listeners: listeners,
        })
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        self.source.close();
    }
}
