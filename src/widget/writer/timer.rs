//! `setTimeout`/`setInterval` that stop when dropped: the live checker's
//! pause, the retry of a kept submission and the cards' countdowns.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// A scheduled callback; dropping it cancels it.
pub struct Timer {
    id: i32,
    repeat: bool,
    _callback: Closure<dyn FnMut()>,
}

impl std::fmt::Debug for Timer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Timer").field("id", &self.id).finish()
    }
}

impl Timer {
    /// Calls `callback` once after `millis` milliseconds.
    pub fn once(millis: i32, callback: impl FnMut() + 'static) -> Option<Timer> {
        Timer::start(millis, false, callback)
    }

    /// Calls `callback` every `millis` milliseconds.
    pub fn every(millis: i32, callback: impl FnMut() + 'static) -> Option<Timer> {
        Timer::start(millis, true, callback)
    }

    fn start(millis: i32, repeat: bool, callback: impl FnMut() + 'static) -> Option<Timer> {
        let window = web_sys::window()?;
        let callback = Closure::<dyn FnMut()>::new(callback);
        let function = callback.as_ref().unchecked_ref();
        let id = if repeat {
            window.set_interval_with_callback_and_timeout_and_arguments_0(function, millis)
        } else {
            window.set_timeout_with_callback_and_timeout_and_arguments_0(function, millis)
        }
        .ok()?;
        Some(Timer {
            id,
            repeat,
            _callback: callback,
        })
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            if self.repeat {
                window.clear_interval_with_handle(self.id);
            } else {
                window.clear_timeout_with_handle(self.id);
            }
        }
    }
}
