//! Live events: an in-process broadcast hub fed either directly after a
//! commit (SQLite, one instance) or by PostgreSQL `LISTEN/NOTIFY` (several
//! instances share one database, so every instance hears every event).
//!
//! Event names sent over SSE (documented in `docs/server.md`):
//! - `status` — the site's live status changed (online, open now, typical
//!   answer time); not stored, carries no id.
//! - `review_created` — a new published review or complaint.
//! - `reply_created` — a new public reply under a review.
//! - `review_resolved` — a review was marked resolved or the author confirmed.
//! - `review_updated` — visibility or state changed (hidden, released, held,
//!   withdrawn, reopened, verified, details requested/answered).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::broadcast;

use crate::server::storage::{Storage, StoredEvent, EVENTS_CHANNEL};

/// SSE event name: the site's live status.
pub const STATUS: &str = "status";
/// SSE event name: a new review or complaint.
pub const REVIEW_CREATED: &str = "review_created";
/// SSE event name: a new public reply.
pub const REPLY_CREATED: &str = "reply_created";
/// SSE event name: resolved or confirmed.
pub const REVIEW_RESOLVED: &str = "review_resolved";
/// SSE event name: any other change of a review.
pub const REVIEW_UPDATED: &str = "review_updated";

/// One event on its way to SSE clients.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveEvent {
    /// The stored id (`None` for ephemeral status events).
    pub id: Option<i64>,
    /// The site.
    pub site: String,
    /// Event name.
    pub name: String,
    /// JSON payload.
    pub data: String,
}

impl From<StoredEvent> for LiveEvent {
    fn from(event: StoredEvent) -> Self {
        LiveEvent {
            id: Some(event.id),
            site: event.site,
            name: event.name,
            data: event.data,
        }
    }
}

/// The broadcast hub all SSE connections of this instance subscribe to.
#[derive(Debug, Clone)]
pub struct EventHub {
    sender: broadcast::Sender<Arc<LiveEvent>>,
    /// Counts the public changes this instance has heard of (its own
    /// writes as they commit, other instances' as they are announced), so
    /// responses built from the database can tell they are out of date.
    changes: Arc<std::sync::atomic::AtomicU64>,
}

impl Default for EventHub {
    fn default() -> Self {
        EventHub::new(4096)
    }
}

impl EventHub {
    /// A hub buffering up to `capacity` events for slow receivers; a receiver
    /// that falls further behind is disconnected and resumes from the
    /// database with `Last-Event-ID`.
    pub fn new(capacity: usize) -> Self {
        let (sender, _) = broadcast::channel(capacity.max(16));
        EventHub {
            sender,
            changes: Arc::default(),
        }
    }

    /// Sends an event to every current subscriber.
    pub fn publish(&self, event: LiveEvent) {
        self.changed();
        // No subscribers is fine: nobody is watching.
        let _ = self.sender.send(Arc::new(event));
    }

    /// A new subscription.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<LiveEvent>> {
        self.sender.subscribe()
    }

    /// Notes a public change (see [`EventHub::changes`]).
    pub fn changed(&self) {
        self.changes
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    /// How many public changes this instance has heard of: read it before
    /// building a response from the database, and the response is current
    /// as long as the count has not moved.
    pub fn changes(&self) -> u64 {
        self.changes.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// How many connections are subscribed.
    pub fn subscribers(&self) -> usize {
        self.sender.receiver_count()
    }

    /// Announces events a write just stored: directly when this instance is
    /// alone on its database, otherwise the database listener delivers them.
    pub fn announce(&self, store: &dyn Storage, events: Vec<StoredEvent>) {
        if store.shares_events() {
            // This instance's own readers see the change at once, before
            // the database listener delivers the events.
            if !events.is_empty() {
                self.changed();
            }
            return;
        }
        for event in events {
            self.publish(event.into());
        }
    }
}

/// Starts the PostgreSQL `LISTEN` task when the store is shared; it
/// reconnects with backoff and forwards every stored event to the hub.
pub fn spawn_listener(
    store: Arc<dyn Storage>,
    hub: EventHub,
) -> Option<tokio::task::JoinHandle<()>> {
    let pool = store.listen_pool()?;
    Some(tokio::spawn(async move {
        let mut backoff = Duration::from_millis(200);
        loop {
            match listen_once(&pool, store.as_ref(), &hub).await {
                Ok(()) => backoff = Duration::from_millis(200),
                Err(err) => {
                    tracing::warn!(error = %err, "event listener lost; reconnecting");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(10));
                }
            }
        }
    }))
}

async fn listen_once(
    pool: &sqlx::PgPool,
    store: &dyn Storage,
    hub: &EventHub,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut listener = sqlx::postgres::PgListener::connect_with(pool).await?;
    listener.listen(EVENTS_CHANNEL).await?;
    // Whatever was announced while not listening is unknown here.
    hub.changed();
    tracing::info!("listening for events from other instances");
    loop {
        let notification = listener.recv().await?;
        let Ok(id) = notification.payload().parse::<i64>() else {
            continue;
        };
        if let Some(event) = store.event(id).await? {
            hub.publish(event.into());
        }
    }
}

/// Open live-event connections per client, so one address cannot hold
/// thousands of streams.
#[derive(Debug, Default)]
pub struct ClientConnections {
    open: std::sync::Mutex<std::collections::HashMap<String, usize>>,
}

/// One counted connection; uncounted when dropped (the stream ended).
#[derive(Debug)]
pub struct ConnectionSlot {
    owner: std::sync::Arc<ClientConnections>,
    client: String,
}

impl ClientConnections {
    /// Counts a new connection of `client`, or `None` when it already holds
    /// `max`.
    pub fn open(self: &std::sync::Arc<Self>, client: &str, max: usize) -> Option<ConnectionSlot> {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let count = open.entry(client.to_owned()).or_default();
        if *count >= max {
            return None;
        }
        *count += 1;
        Some(ConnectionSlot {
            owner: self.clone(),
            client: client.to_owned(),
        })
    }
}

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        let mut open = self.owner.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(count) = open.get_mut(&self.client) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(&self.client);
            }
        }
    }
}
