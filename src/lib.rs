//! Candor: a review and complaint widget that publishes negative reviews with a
//! resolved badge instead of hiding them.
//!
//! [`core`] holds everything without I/O — the detector, the domain model, the
//! answer-deadline clock and the message catalogue — and compiles for both
//! native and `wasm32-unknown-unknown`. The shells around it are feature-gated:
//! `cli`/`server` for the native binary, `wasm` for the browser.

pub mod core;

#[cfg(feature = "cli")]
pub mod cli;

#[cfg(feature = "server")]
pub mod server;

#[cfg(feature = "wasm")]
pub mod wasm;

#[cfg(feature = "widget")]
pub mod widget;

#[cfg(feature = "panel")]
pub mod panel;
