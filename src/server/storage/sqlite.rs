//! The embedded SQLite backend: one file, created on first run, in WAL mode
//! with `synchronous = FULL`, so a transaction that returned is on disk before
//! the API acknowledges it. One writer connection (SQLite serialises writers
//! anyway; a single writer never sees `SQLITE_BUSY`) and a small pool of
//! readers.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

type Db = sqlx::Sqlite;
type Store = SqliteStore;
const BACKEND: &str = "sqlite";
/// Row locking for claiming webhook deliveries: none needed with one writer.
const SKIP_LOCKED: &str = "";
const NOTIFY: bool = false;

/// Storage on a SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    write: sqlx::Pool<Db>,
    read: sqlx::Pool<Db>,
    /// The group writer every [`WriteBatch`] goes through.
    group: tokio::sync::mpsc::Sender<Pending>,
    /// The sites' recent submissions, for the campaign check.
    recent: std::sync::Arc<RecentCache>,
    /// Site records read in the last moment.
    sites: std::sync::Arc<SiteCache>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `url` and migrates it.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        // A SQLite connection is a file handle in this process: it cannot
        // drop like a network connection, so it is not pinged (through the
        // driver's worker thread) every time it is taken from the pool.
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await?;
        sqlx::migrate!("migrations/sqlite").run(&write).await?;
        // An in-memory database exists once per connection: share the writer.
        let read = if in_memory {
            write.clone()
        } else {
            SqlitePoolOptions::new()
                .max_connections(4)
                .test_before_acquire(false)
                .connect_with(options.read_only(true))
                .await?
        };
        let recent = std::sync::Arc::new(RecentCache::default());
        Ok(SqliteStore {
            group: spawn_group_writer(write.clone(), recent.clone()),
            recent,
            sites: Default::default(),
            write,
            read,
        })
    }
}

fn listen_pool(_store: &Store) -> Option<sqlx::PgPool> {
    None
}

fn pool_stats(store: &Store) -> Vec<PoolStats> {
    [("write", &store.write), ("read", &store.read)]
        .into_iter()
        .map(|(pool, p)| PoolStats {
            pool,
            size: p.size(),
            idle: u32::try_from(p.num_idle()).unwrap_or(u32::MAX),
            max: p.options().get_max_connections(),
        })
        .collect()
}

include!("sql_common.rs");
include!("insights_sql.rs");
include!("mail_sql.rs");
include!("votes_sql.rs");
