//! Live events over SSE: the first `status` event, new reviews and replies,
//! `Last-Event-ID` resume, and — on PostgreSQL — events crossing from one
//! instance to another through LISTEN/NOTIFY.
#![cfg(feature = "server")]

mod common;

use std::time::Duration;

use axum::body::{Body, BodyDataStream};
use axum::http::{Request, StatusCode};
use candor::core::model::Role;
use candor::server::AppState;
use common::{complaint, Backend, TestApp, TestDb};
use futures::StreamExt;
use serde_json::json;
use tower::ServiceExt;

/// One parsed SSE event.
#[derive(Debug, Clone, Default)]
struct SseEvent {
    id: Option<String>,
    name: String,
    data: String,
}

/// Reads SSE events from a response body.
struct SseReader {
    body: BodyDataStream,
    buffer: String,
}

impl SseReader {
    async fn open(router: &axum::Router, uri: &str, last_id: Option<&str>) -> SseReader {
        let mut request = Request::builder().uri(uri);
        if let Some(id) = last_id {
            request = request.header("last-event-id", id);
        }
        let response = router
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream"));
        SseReader {
            body: response.into_body().into_data_stream(),
            buffer: String::new(),
        }
    }

    /// The next event (skipping keep-alive comments), within 10 s.
    async fn next(&mut self) -> SseEvent {
        tokio::time::timeout(Duration::from_secs(10), async {
            loop {
                if let Some(end) = self.buffer.find("\n\n") {
                    let block: String = self.buffer.drain(..end + 2).collect();
                    let mut event = SseEvent::default();
                    for line in block.lines() {
                        if let Some(v) = line.strip_prefix("id: ").or(line.strip_prefix("id:")) {
                            event.id = Some(v.to_owned());
                        } else if let Some(v) =
                            line.strip_prefix("event: ").or(line.strip_prefix("event:"))
                        {
                            event.name = v.to_owned();
                        } else if let Some(v) =
                            line.strip_prefix("data: ").or(line.strip_prefix("data:"))
                        {
                            event.data.push_str(v);
                        }
                    }
                    if !event.name.is_empty() {
                        return event;
                    }
                    continue;
                }
                let chunk = self
                    .body
                    .next()
                    .await
                    .expect("stream ended")
                    .expect("chunk");
                self.buffer.push_str(&String::from_utf8_lossy(&chunk));
            }
        })
        .await
        .expect("an SSE event within 10 s")
    }
}

async fn live_events(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    // PostgreSQL delivers through LISTEN/NOTIFY even on one instance.
    let listener =
        candor::server::events::spawn_listener(app.state.store.clone(), app.state.hub.clone());
    if listener.is_some() {
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let merchant = app
        .merchant("shop", "agent@shop.example", Role::Owner)
        .await;
    let mut events = SseReader::open(&app.router, "/api/v1/sites/shop/events", None).await;
    let first = events.next().await;
    assert_eq!(first.name, "status");
    assert!(first.id.is_none());
    let status: serde_json::Value = serde_json::from_str(&first.data).unwrap();
    assert_eq!(status["promise_minutes"], 10);

    let created = app
        .submit(complaint("The parcel arrived empty on Monday"))
        .await;
    let event = events.next().await;
    assert_eq!(event.name, "review_created");
    let data: serde_json::Value = serde_json::from_str(&event.data).unwrap();
    assert_eq!(data["review"]["id"], created["id"]);
    let first_id = event.id.clone().expect("stored events carry ids");

    // Another site's events do not leak into this stream.
    let (status, _) = app
        .post(
            "/api/v1/sites/other/reviews",
            complaint("Other shop parcel late"),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let id = created["id"].as_str().unwrap();
    app.post_as(
        &merchant,
        &format!("/api/v1/sites/shop/reviews/{id}/replies"),
        json!({"text": "Sorry, we resend it today."}),
    )
    .await;
    let event = events.next().await;
    assert_eq!(event.name, "reply_created");
    let data: serde_json::Value = serde_json::from_str(&event.data).unwrap();
    assert_eq!(data["reply"]["text"], "Sorry, we resend it today.");
    app.post_as(
        &merchant,
        &format!("/api/v1/sites/shop/reviews/{id}/resolve"),
        json!({"note": "Resent and delivered."}),
    )
    .await;
    assert_eq!(events.next().await.name, "review_resolved");

    // Heartbeat: presence changes the status.
    app.post_as(&merchant, "/api/v1/sites/shop/heartbeat", json!({}))
        .await;
    let event = events.next().await;
    assert_eq!(event.name, "status");
    assert!(event.data.contains("\"online\":true"), "{}", event.data);

    // Resume after the first event: the two later ones are replayed.
    let mut resumed =
        SseReader::open(&app.router, "/api/v1/sites/shop/events", Some(&first_id)).await;
    assert_eq!(resumed.next().await.name, "status");
    assert_eq!(resumed.next().await.name, "reply_created");
    assert_eq!(resumed.next().await.name, "review_resolved");
    if let Some(task) = listener {
        task.abort();
    }
}
both_backends!(sse_streams_and_resumes, live_events);

/// Two instances on one PostgreSQL database: an event published through
/// instance A reaches an SSE client of instance B.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_instances_share_live_events() {
    let Some(db) = TestDb::new(Backend::Postgres).await else {
        return;
    };
    let config = common::test_config(&db.url);
    let a = AppState::open(config.clone()).await.unwrap();
    let b = AppState::open(config).await.unwrap();
    common::create_site(a.store.as_ref(), "shop", &["https://shop.example"]).await;
    let listener_a =
        candor::server::events::spawn_listener(a.store.clone(), a.hub.clone()).unwrap();
    let listener_b =
        candor::server::events::spawn_listener(b.store.clone(), b.hub.clone()).unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let router_a = candor::server::app(a.clone());
    let router_b = candor::server::app(b.clone());

    let mut on_b = SseReader::open(&router_b, "/api/v1/sites/shop/events", None).await;
    assert_eq!(on_b.next().await.name, "status");
    let request = Request::builder()
        .method("POST")
        .uri("/api/v1/sites/shop/reviews")
        .header("content-type", "application/json")
        .body(Body::from(
            complaint("Instance A took this complaint about a late parcel").to_string(),
        ))
        .unwrap();
    let response = router_a.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let event = on_b.next().await;
    assert_eq!(event.name, "review_created");
    assert!(event.data.contains("Instance A took this complaint"));
    listener_a.abort();
    listener_b.abort();
}
