//! The review server: an axum application over the [`storage`] trait.
//!
//! Data flows one way: [`http`] (parse, authorise, render, OpenAPI, SSE) →
//! [`rules`] (submission, moderation, live status, insights, campaign,
//! triage, outbox composition — built on the core's model, detector and
//! clock; no HTTP) → [`storage`] (SQLite or PostgreSQL). The shapes the
//! server sends and the rules compose are in [`wire`]; live events go out
//! through [`events`]; the outbox worker is [`delivery`].

pub mod config;
pub mod delivery;
pub mod demo;
pub mod events;
pub mod export;
pub mod http;
pub mod list_cache;
pub mod mailer;
pub mod metrics;
pub mod rate_limit;
pub mod rules;
pub mod run;
pub mod seo;
pub mod storage;
pub mod wire;

use std::sync::Arc;

use crate::server::config::ServerConfig;
use crate::server::events::EventHub;
use crate::server::rate_limit::RateLimiter;
use crate::server::rules::accounts::random_token;
use crate::server::rules::client::{ClientHasher, CLIENT_HASH_SECRET};
use crate::server::storage::Storage;

pub use http::app;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Arc<dyn Storage>,
    /// The configuration.
    pub config: Arc<ServerConfig>,
    /// Live events of this instance.
    pub hub: EventHub,
    /// Rate limits: in memory for one instance, in the database when
    /// several instances share it.
    pub limiter: Arc<RateLimiter>,
    /// Hashes client addresses under the installation's secret.
    pub clients: rules::client::ClientHasher,
    /// Operator metrics of this instance.
    pub metrics: Arc<metrics::Metrics>,
    /// The last status sent per site, to announce only changes.
    pub last_status: Arc<std::sync::Mutex<std::collections::HashMap<String, wire::StatusOut>>>,
    /// Open live-event connections per client of this instance.
    pub sse_clients: Arc<events::ClientConnections>,
    /// Primary topics of reviews already classified (statistics, crisis).
    pub topics: Arc<rules::insights::TopicCache>,
    /// Review-list responses, served until a public change.
    pub lists: Arc<list_cache::ListCache>,
    /// The key that signs links in mails (stored in the database, so links
    /// keep working across restarts and instances).
    pub mail_key: Arc<String>,
    /// Wakes this instance's mail worker when a change queued a mail that
    /// is due now (instead of waiting for its next poll).
    pub mail_wake: Arc<tokio::sync::Notify>,
    /// Flips to `true` when the server shuts down, ending live streams so
    /// graceful shutdown does not wait for them forever.
    pub shutdown: tokio::sync::watch::Receiver<bool>,
    shutdown_sender: Arc<tokio::sync::watch::Sender<bool>>,
}

impl AppState {
    /// State over an opened store, with the installation's client-hash
    /// secret (see [`AppState::open`]).
    pub fn new(store: Arc<dyn Storage>, config: ServerConfig, clients: ClientHasher) -> Self {
        let (shutdown_sender, shutdown) = tokio::sync::watch::channel(false);
        AppState {
            shutdown,
            shutdown_sender: Arc::new(shutdown_sender),
            limiter: Arc::new(RateLimiter::for_store(store.clone())),
            store,
            config: Arc::new(config),
            hub: EventHub::default(),
            clients,
            metrics: Arc::default(),
            topics: Arc::default(),
            lists: Arc::default(),
            sse_clients: Arc::default(),
            last_status: Arc::default(),
            mail_key: Arc::new(rules::accounts::random_token()),
            mail_wake: Arc::default(),
        }
    }

    /// Ends every live stream (called when shutdown starts).
    pub fn begin_shutdown(&self) {
        self.shutdown_sender.send_replace(true);
    }

    /// Opens the configured database (migrating it) and builds the state.
    /// Reviews stored before the panel's topics existed are classified by a
    /// background task, so serving starts at once.
    pub async fn open(config: ServerConfig) -> Result<Self, storage::StoreError> {
        let store = storage::connect(&config.db).await?;
        let backfill = store.clone();
        tokio::spawn(async move {
            let started = std::time::Instant::now();
            match rules::triage::backfill(backfill.as_ref()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(
                    reviews = n,
                    ms = started.elapsed().as_millis() as u64,
                    "classified stored reviews for the panel"
                ),
                Err(err) => {
                    tracing::warn!(error = %err, "classifying stored reviews failed; the next start tries again")
                }
            }
        });
        let secret = store
            .server_secret(CLIENT_HASH_SECRET, &random_token(), now_ms())
            .await?;
        let mail_key = store.mail_secret(&rules::accounts::random_token()).await?;
        let mut state = AppState::new(store, config, ClientHasher::new(&secret));
        state.mail_key = Arc::new(mail_key);
        Ok(state)
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("backend", &self.store.backend())
            .field("config", &self.config)
            .finish()
    }
}

/// The current time in Unix milliseconds.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
