//! A value that follows another one only after it stopped changing.

use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// Returns `value` once it has stayed the same for `millis` milliseconds;
/// until then, the previous settled value. Used by the live checker so the
/// detector runs when the shopper pauses, not on every keystroke.
#[hook]
pub fn use_debounce<T>(value: T, millis: u32) -> T
where
    T: Clone + PartialEq + 'static,
{
    let settled = use_state(|| value.clone());
    {
        let settled = settled.clone();
        use_effect_with(value, move |value| {
            let value = value.clone();
            let timeout = Timeout::new(millis, move || settled.set(value));
            move || drop(timeout)
        });
    }
    (*settled).clone()
}
