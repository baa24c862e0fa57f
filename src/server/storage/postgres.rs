//! The PostgreSQL backend, for several instances behind a load balancer.
//! Every stored event is also announced with `pg_notify` on
//! [`EVENTS_CHANNEL`](super::EVENTS_CHANNEL) so all instances can push it to
//! their SSE clients.

use std::time::Duration;

use sqlx::postgres::PgPoolOptions;

type Db = sqlx::Postgres;
type Store = PgStore;
const BACKEND: &str = "postgres";
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

include!("sql_common.rs");
