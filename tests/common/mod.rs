//! Shared helpers of the server's integration tests: a fresh database per
//! test on SQLite (temp file) or PostgreSQL (a uniquely named database,
//! dropped afterwards), an in-process app, and request helpers.
//!
//! PostgreSQL is `CANDOR_TEST_PG_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`); when it cannot be reached
//! the PostgreSQL tests fail, unless `CANDOR_SKIP_PG=1`.

#![allow(dead_code)]

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use candor::core::model::Role;
use candor::server::config::ServerConfig;
use candor::server::rules::accounts::{hash_password, random_token};
use candor::server::rules::validate::sha256_hex;
use candor::server::storage::{SiteRecord, Storage};
use candor::server::AppState;
use http_body_util::BodyExt;
use serde_json::Value;
use sqlx::Connection;
use tower::ServiceExt;

/// Which backend a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A temporary SQLite file.
    Sqlite,
    /// A temporary PostgreSQL database.
    Postgres,
}

/// The admin URL of the test PostgreSQL server.
pub fn pg_admin_url() -> String {
    std::env::var("CANDOR_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

fn skip_pg() -> bool {
    std::env::var("CANDOR_SKIP_PG").is_ok_and(|v| v == "1")
}

/// A database that exists for one test.
pub struct TestDb {
    /// Its URL.
    pub url: String,
    dir: Option<tempfile::TempDir>,
    pg_name: Option<String>,
}

impl TestDb {
    /// A fresh database, or `None` when PostgreSQL is skipped by
    /// `CANDOR_SKIP_PG=1`. Panics with a clear message when PostgreSQL is
    /// wanted but unreachable.
    pub async fn new(backend: Backend) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}", dir.path().join("candor.db").display());
                Some(TestDb {
                    url,
                    dir: Some(dir),
                    pg_name: None,
                })
            }
            Backend::Postgres => {
                if skip_pg() {
                    eprintln!("CANDOR_SKIP_PG=1: skipping a PostgreSQL test");
                    return None;
                }
                let admin = pg_admin_url();
                let mut conn = match sqlx::PgConnection::connect(&admin).await {
                    Ok(conn) => conn,
                    Err(err) => panic!(
                        "PostgreSQL is not reachable at {admin}: {err}. Start it (see \
                         docs/server.md), point CANDOR_TEST_PG_URL at one, or set \
                         CANDOR_SKIP_PG=1 to skip the PostgreSQL tests."
                    ),
                };
                let name = format!("candor_test_{}", &random_token()[..16]);
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .await
                    .expect("create test database");
                let _ = conn.close().await;
                let base = admin
                    .rsplit_once('/')
                    .map(|(base, _)| base.to_owned())
                    .unwrap_or(admin.clone());
                Some(TestDb {
                    url: format!("{base}/{name}"),
                    dir: None,
                    pg_name: Some(name),
                })
            }
        }
    }

    /// Another handle on the same database that does not drop it (for a
    /// second server instance).
    pub fn shared(&self) -> TestDb {
        TestDb {
            url: self.url.clone(),
            dir: None,
            pg_name: None,
        }
    }

    /// The temp directory of a SQLite database.
    pub fn dir(&self) -> Option<&std::path::Path> {
        self.dir.as_ref().map(|d| d.path())
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(name) = self.pg_name.take() else {
            return;
        };
        let admin = pg_admin_url();
        // Drop needs its own runtime: the test's may be shutting down.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut conn)
                        .await;
                }
            });
        })
        .join();
    }
}

/// Test configuration: generous limits so only the tests about limits hit
/// them.
pub fn test_config(db: &str) -> ServerConfig {
    ServerConfig {
        db: db.to_owned(),
        submissions_per_ip_per_hour: 10_000,
        submissions_per_site_per_minute: 10_000,
        logins_per_15_minutes: 1_000,
        login_failures_per_account_address: 1_000,
        metrics_public: true,
        ..ServerConfig::default()
    }
}

/// An app over a fresh database with one site `shop` (origin
/// https://shop.example) and one `other`.
pub struct TestApp {
    /// The router.
    pub router: Router,
    /// The shared state.
    pub state: AppState,
    /// The database (kept alive for the test).
    pub db: TestDb,
}

impl TestApp {
    /// A new app, or `None` when the backend is skipped.
    pub async fn new(backend: Backend) -> Option<TestApp> {
        Self::with_config(backend, |_| {}).await
    }

    /// A new app with a changed configuration.
    pub async fn with_config(
        backend: Backend,
        change: impl FnOnce(&mut ServerConfig),
    ) -> Option<TestApp> {
        let db = TestDb::new(backend).await?;
        let mut config = test_config(&db.url);
        change(&mut config);
        let state = AppState::open(config).await.expect("open database");
        create_site(state.store.as_ref(), "shop", &["https://shop.example"]).await;
        create_site(state.store.as_ref(), "other", &["https://other.example"]).await;
        let router = candor::server::app(state.clone());
        Some(TestApp { router, state, db })
    }

    /// A second server instance on the same database, as behind a load
    /// balancer: its own state, rate limiter and event hub, the same
    /// configuration; the sites exist already. The first app keeps the
    /// database alive.
    pub async fn another_instance(&self) -> TestApp {
        let config = (*self.state.config).clone();
        let state = AppState::open(config).await.expect("open database");
        let router = candor::server::app(state.clone());
        TestApp {
            router,
            state,
            db: self.db.shared(),
        }
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn Storage> {
        &self.state.store
    }

    /// Sends a request and returns status, headers and the JSON body (Null
    /// when empty or not JSON).
    pub async fn call(
        &self,
        method: Method,
        uri: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> (StatusCode, HeaderMap, Value) {
        self.send(method, uri, body.map(|b| b.to_string()), headers)
            .await
    }

    /// A request with a raw JSON body (for signed bodies).
    pub async fn call_raw(
        &self,
        method: Method,
        uri: &str,
        body: String,
        headers: &[(&str, &str)],
    ) -> (StatusCode, HeaderMap, Value) {
        self.send(method, uri, Some(body), headers).await
    }

    async fn send(
        &self,
        method: Method,
        uri: &str,
        body: Option<String>,
        headers: &[(&str, &str)],
    ) -> (StatusCode, HeaderMap, Value) {
        let mut builder = Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let request = match body {
            Some(body) => builder
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body)),
            None => builder.body(Body::empty()),
        }
        .expect("request");
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("response");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        (status, headers, json)
    }

    /// GET.
    pub async fn get(&self, uri: &str) -> (StatusCode, Value) {
        let (status, _, body) = self.call(Method::GET, uri, None, &[]).await;
        (status, body)
    }

    /// POST JSON.
    pub async fn post(&self, uri: &str, body: Value) -> (StatusCode, Value) {
        let (status, _, body) = self.call(Method::POST, uri, Some(body), &[]).await;
        (status, body)
    }

    /// POST JSON with a bearer token.
    pub async fn post_as(&self, token: &str, uri: &str, body: Value) -> (StatusCode, Value) {
        let auth = format!("Bearer {token}");
        let (status, _, body) = self
            .call(Method::POST, uri, Some(body), &[("authorization", &auth)])
            .await;
        (status, body)
    }

    /// GET on the author's link with the author token in `X-Candor-Token`.
    pub async fn get_author(&self, token: &str, uri: &str) -> (StatusCode, Value) {
        let (status, _, body) = self
            .call(Method::GET, uri, None, &[("x-candor-token", token)])
            .await;
        (status, body)
    }

    /// POST JSON to an author action with the author token in
    /// `X-Candor-Token`.
    pub async fn post_author(&self, token: &str, uri: &str, body: Value) -> (StatusCode, Value) {
        let (status, _, body) = self
            .call(Method::POST, uri, Some(body), &[("x-candor-token", token)])
            .await;
        (status, body)
    }

    /// GET with a bearer token.
    pub async fn get_as(&self, token: &str, uri: &str) -> (StatusCode, Value) {
        let auth = format!("Bearer {token}");
        let (status, _, body) = self
            .call(Method::GET, uri, None, &[("authorization", &auth)])
            .await;
        (status, body)
    }

    /// Submits a review to `shop` and returns the response body.
    pub async fn submit(&self, body: Value) -> Value {
        let (status, json) = self.post("/api/v1/sites/shop/reviews", body).await;
        assert_eq!(status, StatusCode::CREATED, "{json}");
        json
    }

    /// A merchant with `role` on `site` and a session; returns its bearer
    /// token.
    pub async fn merchant(&self, site: &str, email: &str, role: Role) -> String {
        let store = self.store();
        let hash = hash_password("merchant-password").expect("hash");
        let id = store
            .create_user(email, &format!("Agent {email}"), &hash, 0)
            .await
            .expect("user");
        store.grant(id, site, role).await.expect("grant");
        let token = random_token();
        store
            .create_session(&sha256_hex(&token), id, 0, i64::MAX / 2)
            .await
            .expect("session");
        token
    }
}

/// Creates a site open around the clock.
pub async fn create_site(store: &dyn Storage, id: &str, origins: &[&str]) -> SiteRecord {
    let site = SiteRecord {
        id: id.to_owned(),
        name: format!("Shop {id}"),
        origins: origins.iter().map(|o| (*o).to_owned()).collect(),
        languages: vec!["en".to_owned()],
        schedule: r#"{"timezone":"UTC","always_open":true}"#.to_owned(),
        promise_minutes: 10,
        details_wait_hours: 72,
        secret: format!("secret-of-{id}"),
        webhook_url: None,
        webhook_secret: None,
        created_at: 0,
    };
    store.create_site(&site).await.expect("site");
    site
}

/// A typical genuine complaint body.
pub fn complaint(text: &str) -> Value {
    serde_json::json!({"kind": "complaint", "rating": 1, "text": text, "lang": "en"})
}

/// Runs an async test body on both backends: `both_backends!(name, body_fn)`
/// makes `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$body($crate::common::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$body($crate::common::Backend::Postgres).await
            }
        }
    };
}
