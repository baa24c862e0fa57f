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
}

impl PgStore {
    /// Connects to `url` and migrates the database.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        sqlx::migrate!("migrations/postgres").run(&pool).await?;
        Ok(PgStore {
            write: pool.clone(),
            read: pool,
        })
    }
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
