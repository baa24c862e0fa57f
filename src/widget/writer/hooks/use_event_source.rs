//! The site's live event stream as a hook (the moderation panel's live
//! queue). The stream itself is [`crate::widget::live::Stream`], shared with
//! the reader.

use web_sys::MessageEvent;
use yew::prelude::*;

use crate::widget::live::Stream;

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
