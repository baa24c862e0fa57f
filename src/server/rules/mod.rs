//! The product's rules, with no HTTP in them: what a submission must pass,
//! what a moderation action does to a review, how the live status, the
//! statistics and the crisis alert are computed, how a campaign is spotted,
//! what an outbox delivery says. Rules take and return domain records and
//! the core's wire shapes, and refuse with [`error::RuleError`]; the
//! [`crate::server::http`] layer turns both into responses. Nothing here
//! imports `http`, axum or a request/response DTO (`scripts/check-layers.sh`
//! fails the build's tests if something does).

pub mod accounts;
pub mod bans;
pub mod campaign;
pub mod client;
pub mod error;
pub mod hours;
pub mod insights;
pub mod listing;
pub mod live_status;
pub mod login;
pub mod machine_like;
pub mod mail;
pub mod mail_links;
pub mod moderation;
pub mod orders;
pub mod outbox;
pub mod review_requests;
pub mod submission;
pub mod triage;
pub mod validate;
pub mod views;
pub mod votes;
