//! Everything without I/O: compiled for native and wasm32, tested natively.

pub mod clock;
pub mod crisis;
pub mod detect;
pub mod i18n;
pub mod lang;
pub mod model;
pub mod reply_check;
pub mod topic;
