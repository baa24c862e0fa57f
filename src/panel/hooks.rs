//! The panel's hooks: a ticking clock for the countdowns, presence
//! (heartbeat while open, away when closed or idle) and the site's live
//! events.

use std::cell::Cell;
use std::rc::Rc;

use gloo_timers::callback::Interval;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Event, MessageEvent};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::widget::intl::now_ms;
use crate::widget::live::{self, LiveEvent, Stream, REVIEW_EVENTS};
use crate::widget::state::Review;

use super::api::Api;

/// Presence heartbeat period.
pub const HEARTBEAT_MS: u32 = 60_000;
/// No pointer or key activity for this long and the merchant counts as away.
pub const IDLE_MS: f64 = 5.0 * 60_000.0;

/// The current time in Unix milliseconds, re-rendering every second.
#[hook]
pub fn use_now() -> f64 {
    let now = use_state(now_ms);
    {
        let now = now.clone();
        use_effect_with((), move |_| {
            let tick = Interval::new(1000, move || now.set(now_ms()));
            move || drop(tick)
        });
    }
    *now
}

/// Presence while the panel is open: a heartbeat at once and every minute;
/// after [`IDLE_MS`] without activity on the page, `DELETE` heartbeat (away)
/// until the merchant moves again; away on unmount (panel closed).
#[hook]
pub fn use_presence(api: Api) {
    use_effect_with(api, |api| {
        let last_active = Rc::new(Cell::new(now_ms()));
        let away = Rc::new(Cell::new(false));
        let beat = {
            let api = api.clone();
            move || {
                let api = api.clone();
                spawn_local(async move {
                    let _ = api.heartbeat().await;
                });
            }
        };
        beat();
        let activity = {
            let (last_active, away, beat) = (last_active.clone(), away.clone(), beat.clone());
            Closure::<dyn Fn(Event)>::new(move |_: Event| {
                last_active.set(now_ms());
                if away.replace(false) {
                    beat();
                }
            })
        };
        let document = web_sys::window().and_then(|w| w.document());
        const ACTIVITY: [&str; 3] = ["pointerdown", "keydown", "scroll"];
        if let Some(document) = &document {
            for name in ACTIVITY {
                let _ = document
                    .add_event_listener_with_callback(name, activity.as_ref().unchecked_ref());
            }
        }
        let tick = {
            let (api, away) = (api.clone(), away.clone());
            Interval::new(HEARTBEAT_MS, move || {
                if away.get() {
                    return;
                }
                if now_ms() - last_active.get() >= IDLE_MS {
                    away.set(true);
                    let api = api.clone();
                    spawn_local(async move {
                        let _ = api.away().await;
                    });
                } else {
                    beat();
                }
            })
        };
        let api = api.clone();
        move || {
            drop(tick);
            if let Some(document) = &document {
                for name in ACTIVITY {
                    let _ = document.remove_event_listener_with_callback(
                        name,
                        activity.as_ref().unchecked_ref(),
                    );
                }
            }
            spawn_local(async move {
                let _ = api.away().await;
            });
        }
    });
}

/// A review event from the live stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Live {
    /// `review_created`, `reply_created`, `review_resolved`, `review_updated`.
    pub name: &'static str,
    /// The review, if the event carried one.
    pub review: Option<Review>,
}

/// Subscribes to the site's public event stream while mounted; calls
/// `on_event` for each review event.
#[hook]
pub fn use_live(url: String, on_event: Callback<Live>) {
    let on_message = Callback::from(move |(name, event): (&'static str, MessageEvent)| {
        let review = match live::parse(name, &event) {
            Some(LiveEvent::Review(review, _)) => Some((*review).clone()),
            _ => None,
        };
        on_event.emit(Live { name, review });
    });
    use_event_source(url, &REVIEW_EVENTS, on_message);
}

/// Listens to the events `names` of the stream at `url` while the component
/// lives (one `EventSource`, closed on unmount or when `url` changes) and
/// passes each message with its event name to `on_message`. The latest
/// callback is used, so a re-render does not reconnect. An empty `url` means
/// no stream. The stream itself is [`Stream`], shared with the reader.
#[hook]
pub fn use_event_source(
    url: String,
    names: &'static [&'static str],
    on_message: Callback<(&'static str, MessageEvent)>,
) {
    let latest = use_mut_ref(|| on_message.clone());
    *latest.borrow_mut() = on_message;
    use_effect_with(url, move |url| {
        let stream = if url.is_empty() {
            None
        } else {
            Stream::open(url, names, move |name, event| {
                let callback = latest.borrow().clone();
                callback.emit((name, event));
            })
        };
        move || drop(stream)
    });
}
