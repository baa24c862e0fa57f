//! The PostgreSQL backend, for several instances behind a load balancer.
//! Every stored event is also announced with `pg_notify` on
//! [`EVENTS_CHANNEL`](super::EVENTS_CHANNEL) so all instances can push it to
//! their SSE clients.

use std::time::Duration;

use sqlx::postgres::PgPoolOptions;

type Db = sqlx::Postgres;
type Store = PgStore;
const BACKEND: &str = "postgres";
/// Row locking for claiming webhook deliveries: several instances skip each
/// other's claimed rows.
const SKIP_LOCKED: &str = "FOR UPDATE SKIP LOCKED";
const NOTIFY: bool = true;

/// Storage on a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PgStore {
    write: sqlx::Pool<Db>,
    read: sqlx::Pool<Db>,
    /// The group writer every [`WriteBatch`] goes through.
    group: tokio::sync::mpsc::Sender<Pending>,
    /// The sites' recent submissions, for the campaign check.
    recent: std::sync::Arc<RecentCache>,
    /// Site records read in the last moment.
    sites: std::sync::Arc<SiteCache>,
}

impl PgStore {
    /// Connects to `url` and migrates the database.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            // A connection used within the last second is known to work;
            // only one idle for longer is pinged before it is handed out
            // (a dead one is dropped and another taken). Pinging every
            // acquire cost a round trip on each of a submission's
            // statements.
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for < Duration::from_secs(1) {
                        return Ok(true);
                    }
                    Ok(sqlx::Connection::ping(conn).await.is_ok())
                })
            })
            .connect(url)
            .await?;
        sqlx::migrate!("migrations/postgres").run(&pool).await?;
        let recent = std::sync::Arc::new(RecentCache::default());
        spawn_recent_listener(pool.clone(), std::sync::Arc::downgrade(&recent));
        Ok(PgStore {
            group: spawn_group_writer(pool.clone(), recent.clone()),
            write: pool.clone(),
            read: pool,
            recent,
            sites: Default::default(),
        })
    }
}

/// Keeps this instance's recent-submission windows current with what the
/// other instances write (see [`RECENT_CHANNEL`]). Whenever the listening
/// connection is (re)established, the windows are emptied: notices sent
/// while it was down are lost, so windows are read again from the
/// database. Ends with the store.
fn spawn_recent_listener(pool: sqlx::PgPool, recent: std::sync::Weak<RecentCache>) {
    tokio::spawn(async move {
        let mut backoff = Duration::from_millis(200);
        loop {
            let listening = async {
                let mut listener = sqlx::postgres::PgListener::connect_with(&pool).await?;
                listener.listen(RECENT_CHANNEL).await?;
                let Some(cache) = recent.upgrade() else {
                    return Ok(());
                };
                cache.clear();
                drop(cache);
                loop {
                    let notification = listener.recv().await?;
                    let Some(cache) = recent.upgrade() else {
                        return Ok(());
                    };
                    if let Ok(notice) = serde_json::from_str::<RecentNotice>(notification.payload())
                    {
                        cache.heard(&notice);
                    }
                }
            };
            match listening.await {
                Ok(()) => return,
                Err::<(), sqlx::Error>(err) => {
                    if let Some(cache) = recent.upgrade() {
                        cache.clear();
                    } else {
                        return;
                    }
                    tracing::warn!(error = %err, "recent-submission listener lost; reconnecting");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(10));
                }
            }
        }
    });
}

fn listen_pool(store: &Store) -> Option<sqlx::PgPool> {
    Some(store.write.clone())
}

fn pool_stats(store: &Store) -> Vec<PoolStats> {
    // One pool serves reads and writes.
    let p = &store.write;
    vec![PoolStats {
        pool: "main",
        size: p.size(),
        idle: u32::try_from(p.num_idle()).unwrap_or(u32::MAX),
        max: p.options().get_max_connections(),
    }]
}

include!("sql_common.rs");
include!("insights_sql.rs");
include!("mail_sql.rs");
include!("votes_sql.rs");
