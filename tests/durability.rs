//! Durability: every submission the server acknowledged with 201 survives a
//! `kill -9` in the middle of a burst. Runs the real binary on a temp SQLite
//! database and on a fresh PostgreSQL database.
#![cfg(all(feature = "server", unix))]

mod common;

use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const BIN: &str = env!("CARGO_BIN_EXE_candor");

/// Sends one HTTP/1.1 request and returns (status, body).
async fn http(
    addr: &str,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> std::io::Result<(u16, String)> {
    http_with(addr, method, path, body, "").await
}

/// [`http`] with extra header lines (each ending in `\r\n`).
async fn http_with(
    addr: &str,
    method: &str,
    path: &str,
    body: Option<&str>,
    headers: &str,
) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(addr).await?;
    let body = body.unwrap_or("");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         {headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status in {text:?}")))?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(config: &std::path::Path) -> Child {
    Command::new(BIN)
        .args(["serve", "--config"])
        .arg(config)
        .env("CANDOR_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start candor serve")
}

async fn wait_healthy(addr: &str) {
    for _ in 0..200 {
        if let Ok((200, _)) = http(addr, "GET", "/healthz", None).await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("server at {addr} did not become healthy");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_submissions_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("durable.db").display());
    survive_kill_9(&dir, &db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_submissions_survive_kill_9_on_postgres() {
    let Some(db) = common::TestDb::new(common::Backend::Postgres).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    survive_kill_9(&dir, &db.url).await;
}

async fn survive_kill_9(dir: &tempfile::TempDir, db: &str) {
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let config = dir.path().join("candor.toml");
    std::fs::write(
        &config,
        format!(
            "addr = \"{addr}\"\ndb = \"{db}\"\nsubmissions_per_ip_per_hour = 1000000\n\
             submissions_per_site_per_minute = 1000000\n"
        ),
    )
    .unwrap();
    let status = Command::new(BIN)
        .args(["site", "add", "shop", "--db", db])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());

    let mut server = start(&config);
    wait_healthy(&addr).await;

    let acknowledged: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let sent = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for worker in 0..16 {
        let acknowledged = acknowledged.clone();
        let sent = sent.clone();
        let addr = addr.clone();
        workers.push(tokio::spawn(async move {
            for i in 0..10_000 {
                let body = serde_json::json!({
                    "kind": "complaint", "rating": 2,
                    "text": format!("Worker {worker} order {i}: the parcel arrived {i} days late"),
                })
                .to_string();
                sent.fetch_add(1, Ordering::Relaxed);
                match http(&addr, "POST", "/api/v1/sites/shop/reviews", Some(&body)).await {
                    Ok((201, body)) => {
                        let json: serde_json::Value =
                            serde_json::from_str(&body).expect("201 body is JSON");
                        acknowledged.lock().unwrap().push((
                            json["id"].as_str().unwrap().to_owned(),
                            json["author_token"].as_str().unwrap().to_owned(),
                        ));
                    }
                    // The server is gone: the burst is over for this worker.
                    Err(_) => return,
                    Ok((status, body)) => panic!("unexpected {status}: {body}"),
                }
            }
        }));
    }
    // Kill -9 in the middle of the burst.
    while acknowledged.lock().unwrap().len() < 150 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill().expect("SIGKILL");
    server.wait().unwrap();
    for worker in workers {
        worker.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    let attempted = sent.load(Ordering::Relaxed);
    assert!(
        attempted > acknowledged.len(),
        "the kill must interrupt the burst"
    );

    let mut server = start(&config);
    wait_healthy(&addr).await;
    for (id, token) in &acknowledged {
        let (status, body) = http_with(
            &addr,
            "GET",
            &format!("/api/v1/reviews/{id}"),
            None,
            &format!("X-Candor-Token: {token}\r\n"),
        )
        .await
        .unwrap();
        assert_eq!(status, 200, "acknowledged review {id} was lost: {body}");
    }
    eprintln!(
        "{} acknowledged of {attempted} attempted; all present after kill -9",
        acknowledged.len()
    );
    server.kill().unwrap();
    server.wait().unwrap();
}
