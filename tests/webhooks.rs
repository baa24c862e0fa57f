//! Webhooks end to end on SQLite and PostgreSQL: a real HTTP receiver on
//! 127.0.0.1 verifies every signature; events for created, resolved and
//! deadline near/breached arrive once each; a failing receiver gets retries
//! with backoff; merchant endpoints refuse shoppers and other sites.
#![cfg(feature = "server")]

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use candor::core::model::Role;
use candor::server::delivery;
use candor::server::storage::{DeliveryOutcome, NewDelivery, WriteBatch};
use common::{complaint, Backend, TestApp};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Received {
    event: String,
    delivery: String,
    signature: String,
    body: String,
}

/// A local webhook receiver that answers 500 to its first `failures`
/// requests and 204 afterwards.
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn receiver(failures: usize) -> Receiver {
    let got: Arc<Mutex<Vec<Received>>> = Arc::default();
    let seen = Arc::new(AtomicUsize::new(0));
    let store = got.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let store = store.clone();
            let seen = seen.clone();
            async move {
                let header = |name: &str| {
                    headers
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_owned()
                };
                store.lock().unwrap().push(Received {
                    event: header("x-candor-event"),
                    delivery: header("x-candor-delivery"),
                    signature: header("x-candor-signature"),
                    body,
                });
                if seen.fetch_add(1, Ordering::SeqCst) < failures {
                    StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    StatusCode::NO_CONTENT
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Receiver { url, got, task }
}

/// Verifies `t=<unix>,v1=<hex>` independently of the server's code.
fn signature_ok(secret: &str, header: &str, body: &str) -> bool {
    let mut t = None;
    let mut v1 = None;
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", value)) => t = Some(value.to_owned()),
            Some(("v1", value)) => v1 = Some(value.to_owned()),
            _ => {}
        }
    }
    let (Some(t), Some(v1)) = (t, v1) else {
        return false;
    };
    let age = chrono::Utc::now().timestamp() - t.parse::<i64>().unwrap_or(0);
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    age.abs() < 300 && hex::decode(v1).is_ok_and(|sig| mac.verify_slice(&sig).is_ok())
}

fn fast(config: &mut candor::server::config::ServerConfig) {
    config.webhook_retry_delays_secs = vec![0.05, 0.05, 0.05];
    config.webhook_poll_ms = 20;
    config.deadline_scan_ms = 50;
    config.deadline_near_minutes = 15;
    // The test receiver listens on 127.0.0.1.
    config.webhook_allow_private = true;
}

async fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..500 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("timed out waiting for {what}");
}

/// Sets the webhook URL as the owner; returns the signing secret.
async fn set_url(app: &TestApp, owner: &str, url: &str) -> String {
    let (status, body) = app
        .post_as(owner, "/api/v1/sites/shop/webhooks", json!({"url": url}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["webhook_url"], url);
    body["secret"].as_str().unwrap().to_owned()
}

fn events(got: &Arc<Mutex<Vec<Received>>>, event: &str) -> Vec<Received> {
    got.lock()
        .unwrap()
        .iter()
        .filter(|r| r.event == event)
        .cloned()
        .collect()
}

async fn every_event_signed_once(backend: Backend) {
    let Some(app) = TestApp::with_config(backend, fast).await else {
        return;
    };
    let hook = receiver(0).await;
    let owner = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let secret = set_url(&app, &owner, &hook.url).await;
    let worker = delivery::spawn_worker(app.state.clone());

    // Created: due in 10 minutes, so also within the 15-minute "near" window.
    let created = app
        .submit(complaint(
            "The parcel arrived broken and nobody answers the phone.",
        ))
        .await;
    let id = created["id"].as_str().unwrap().to_owned();
    wait_for("review.created and deadline.near", || {
        !events(&hook.got, "review.created").is_empty()
            && !events(&hook.got, "deadline.near").is_empty()
    })
    .await;
    let first = &events(&hook.got, "review.created")[0];
    assert!(
        signature_ok(&secret, &first.signature, &first.body),
        "{first:?}"
    );
    assert!(!signature_ok("wrong-secret", &first.signature, &first.body));
    let body: Value = serde_json::from_str(&first.body).unwrap();
    assert_eq!(body["type"], "review.created");
    assert_eq!(body["id"], first.delivery.as_str());
    assert_eq!(body["site"], "shop");
    assert_eq!(body["data"]["review"]["id"], id.as_str());
    assert!(body["data"]["answer_due_at"].is_string());
    assert_eq!(body["data"]["overdue"], false);

    // Breached: move the deadline into the past.
    let mut review = app.store().review(&id).await.unwrap().unwrap();
    review.answer_due_at = Some(candor::server::now_ms() - 60_000);
    app.store()
        .write(WriteBatch {
            updates: vec![review],
            ..WriteBatch::default()
        })
        .await
        .unwrap();
    wait_for("deadline.breached", || {
        !events(&hook.got, "deadline.breached").is_empty()
    })
    .await;

    // Resolved.
    let (status, body) = app
        .post_as(
            &owner,
            &format!("/api/v1/sites/shop/reviews/{id}/resolve"),
            json!({"note": "Refunded in full."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    wait_for("review.resolved", || {
        !events(&hook.got, "review.resolved").is_empty()
    })
    .await;
    let resolved: Value =
        serde_json::from_str(&events(&hook.got, "review.resolved")[0].body).unwrap();
    assert_eq!(resolved["data"]["resolution"], "resolved_by_merchant");

    // Let the scanner run a few more times: each alert stays single.
    tokio::time::sleep(Duration::from_millis(300)).await;
    for event in [
        "review.created",
        "deadline.near",
        "deadline.breached",
        "review.resolved",
    ] {
        let got = events(&hook.got, event);
        assert_eq!(got.len(), 1, "{event}: {got:?}");
        assert!(signature_ok(&secret, &got[0].signature, &got[0].body));
    }

    // The merchant sees them delivered.
    let (status, list) = app
        .get_as(&owner, "/api/v1/sites/shop/webhooks/deliveries")
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["webhook_url"], hook.url.as_str());
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 4, "{list}");
    assert!(items
        .iter()
        .all(|d| d["status"] == "delivered" && d["attempts"] == 1 && d["last_status_code"] == 204));

    // A test ping.
    let (status, ping) = app
        .post_as(&owner, "/api/v1/sites/shop/webhooks/test", json!({}))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{ping}");
    wait_for("ping", || !events(&hook.got, "ping").is_empty()).await;
    assert_eq!(
        events(&hook.got, "ping")[0].delivery,
        ping["id"].as_str().unwrap()
    );
    worker.abort();
}
both_backends!(every_event_signed_once, every_event_signed_once);

async fn failing_receiver_gets_retries(backend: Backend) {
    let Some(app) = TestApp::with_config(backend, fast).await else {
        return;
    };
    let hook = receiver(2).await;
    let owner = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let secret = set_url(&app, &owner, &hook.url).await;
    let worker = delivery::spawn_worker(app.state.clone());
    app.submit(
        json!({"kind": "review", "rating": 5, "text": "Lovely tea, fast delivery.", "lang": "en"}),
    )
    .await;
    wait_for("three attempts", || hook.got.lock().unwrap().len() >= 3).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let got = hook.got.lock().unwrap().clone();
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(got.iter().all(|r| r.delivery == got[0].delivery));
    assert!(got
        .iter()
        .all(|r| signature_ok(&secret, &r.signature, &r.body)));
    let mut delivered = None;
    for _ in 0..100 {
        let (_, list) = app
            .get_as(&owner, "/api/v1/sites/shop/webhooks/deliveries")
            .await;
        if list["items"][0]["status"] == "delivered" {
            delivered = Some(list["items"][0].clone());
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let delivered = delivered.expect("delivered after retries");
    assert_eq!(delivered["attempts"], 3, "{delivered}");
    assert_eq!(delivered["last_error"], Value::Null);
    assert!(delivered["delivered_at"].is_string());
    worker.abort();
}
both_backends!(failing_receiver_gets_retries, failing_receiver_gets_retries);

async fn gives_up_after_the_schedule(backend: Backend) {
    let Some(app) = TestApp::with_config(backend, |c| {
        fast(c);
        c.webhook_retry_delays_secs = vec![0.02, 0.02];
    })
    .await
    else {
        return;
    };
    let hook = receiver(usize::MAX).await;
    let owner = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    set_url(&app, &owner, &hook.url).await;
    let worker = delivery::spawn_worker(app.state.clone());
    app.submit(json!({"kind": "review", "rating": 4, "text": "Good, but the box was dented.", "lang": "en"}))
        .await;
    let mut last = Value::Null;
    for _ in 0..200 {
        let (_, list) = app
            .get_as(&owner, "/api/v1/sites/shop/webhooks/deliveries")
            .await;
        last = list["items"][0].clone();
        if last["status"] == "failed" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(last["status"], "failed", "{last}");
    assert_eq!(last["attempts"], 3);
    assert_eq!(last["last_status_code"], 500);
    assert_eq!(last["last_error"], "http_status");
    assert_eq!(last["last_status_code"], 500);
    assert_eq!(last["next_attempt_at"], Value::Null);
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(hook.got.lock().unwrap().len(), 3);
    worker.abort();
}
both_backends!(gives_up_after_the_schedule, gives_up_after_the_schedule);

/// Two instances on one database, both running the worker: every delivery
/// is sent exactly once (PostgreSQL claims skip locked rows).
async fn two_workers_send_each_once(backend: Backend) {
    let Some(app) = TestApp::with_config(backend, fast).await else {
        return;
    };
    let hook = receiver(0).await;
    let owner = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    set_url(&app, &owner, &hook.url).await;
    let mut second_config = (*app.state.config).clone();
    second_config.webhook_poll_ms = 10;
    let second = candor::server::AppState::open(second_config).await.unwrap();
    for i in 0..20 {
        app.submit(json!({"kind": "review", "rating": 5, "text": format!("Order number {i} was perfect, thank you kindly."), "lang": "en"}))
            .await;
    }
    let workers = [
        delivery::spawn_worker(app.state.clone()),
        delivery::spawn_worker(second.clone()),
    ];
    wait_for("20 deliveries", || hook.got.lock().unwrap().len() >= 20).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let got = hook.got.lock().unwrap().clone();
    let mut ids: Vec<&str> = got.iter().map(|r| r.delivery.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!((got.len(), ids.len()), (20, 20));
    for worker in workers {
        worker.abort();
    }
}
both_backends!(two_workers_send_each_once, two_workers_send_each_once);

async fn finished_deliveries_expire_after_the_retention(backend: Backend) {
    let Some(app) = TestApp::with_config(backend, |c| c.webhook_retention_days = 2).await else {
        return;
    };
    let store = app.store().clone();
    let now = candor::server::now_ms();
    let day = 86_400_000;
    let ids = ["old_sent", "new_sent", "old_pending"];
    store
        .write(WriteBatch {
            webhooks: ids
                .iter()
                .map(|id| NewDelivery {
                    id: (*id).to_owned(),
                    site: "shop".to_owned(),
                    event: "review.created".to_owned(),
                    payload: "{}".to_owned(),
                    review_id: None,
                    created_at: now - 5 * day,
                })
                .collect(),
            ..WriteBatch::default()
        })
        .await
        .unwrap();
    assert_eq!(
        store
            .claim_deliveries(now, now + 60_000, 10)
            .await
            .unwrap()
            .len(),
        3
    );
    let sent = DeliveryOutcome::Delivered {
        url: "https://hooks.example/".into(),
        status_code: 200,
    };
    store
        .finish_delivery("old_sent", &sent, now - 3 * day)
        .await
        .unwrap();
    store
        .finish_delivery("new_sent", &sent, now - day)
        .await
        .unwrap();
    let retry = DeliveryOutcome::Retry {
        url: "https://hooks.example/".into(),
        status_code: Some(503),
        error: "503".into(),
        next_attempt_at: now + 60_000,
    };
    store
        .finish_delivery("old_pending", &retry, now - 4 * day)
        .await
        .unwrap();

    assert_eq!(
        delivery::prune(&app.state, now).await,
        1,
        "only the one finished 3 days ago"
    );
    let mut left: Vec<String> = store
        .deliveries("shop", 10)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    left.sort();
    assert_eq!(left, ["new_sent", "old_pending"]);

    let Some(keep) = TestApp::with_config(backend, |c| c.webhook_retention_days = 0).await else {
        return;
    };
    keep.store()
        .write(WriteBatch {
            webhooks: vec![NewDelivery {
                id: "kept".into(),
                site: "shop".into(),
                event: "review.created".into(),
                payload: "{}".into(),
                review_id: None,
                created_at: 0,
            }],
            ..WriteBatch::default()
        })
        .await
        .unwrap();
    keep.store().claim_deliveries(1, 2, 10).await.unwrap();
    keep.store()
        .finish_delivery("kept", &sent, 1)
        .await
        .unwrap();
    assert_eq!(
        delivery::prune(&keep.state, now).await,
        0,
        "0 days keeps everything"
    );
    assert_eq!(keep.store().deliveries("shop", 10).await.unwrap().len(), 1);
}
both_backends!(
    finished_deliveries_expire_after_the_retention,
    finished_deliveries_expire_after_the_retention
);

async fn webhook_endpoints_refuse_outsiders(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let owner = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let moderator = app
        .merchant("shop", "mod@shop.example", Role::Moderator)
        .await;
    let stranger = app
        .merchant("other", "owner@other.example", Role::Owner)
        .await;
    let url = json!({"url": "https://hooks.shop.example/candor"});
    for path in [
        "/api/v1/sites/shop/webhooks",
        "/api/v1/sites/shop/webhooks/test",
    ] {
        let (status, body) = app.post(path, url.clone()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path} {body}");
        let (status, body) = app.post_as(&stranger, path, url.clone()).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::FORBIDDEN, Some("not_your_site")),
            "{path}"
        );
    }
    let (status, body) = app.get("/api/v1/sites/shop/webhooks/deliveries").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (status, body) = app
        .get_as(&stranger, "/api/v1/sites/shop/webhooks/deliveries")
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    // Moderators may look but not change the URL.
    let (status, _) = app
        .get_as(&moderator, "/api/v1/sites/shop/webhooks/deliveries")
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app
        .post_as(&moderator, "/api/v1/sites/shop/webhooks", url.clone())
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("owner_only"))
    );
    // Bad input.
    for bad in ["ftp://x.example/", "not a url", "https://u:p@x.example/"] {
        let (status, body) = app
            .post_as(&owner, "/api/v1/sites/shop/webhooks", json!({"url": bad}))
            .await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_url")),
            "{bad}"
        );
    }
    let (status, body) = app
        .post_as(&owner, "/api/v1/sites/shop/webhooks/test", json!({}))
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("no_webhook_url"))
    );
    let (status, body) = app
        .get_as(&owner, "/api/v1/sites/shop/webhooks/deliveries?limit=0")
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    // Setting and removing.
    let (status, body) = app
        .post_as(&owner, "/api/v1/sites/shop/webhooks", url.clone())
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The webhook's own secret, not the order-registration one.
    let secret = body["secret"].as_str().unwrap();
    assert!(
        secret.starts_with("whsec_") && secret != "secret-of-shop",
        "{body}"
    );
    let (status, body) = app
        .post_as(&owner, "/api/v1/sites/shop/webhooks", json!({"url": null}))
        .await;
    assert_eq!(
        (status, &body["webhook_url"]),
        (StatusCode::OK, &Value::Null)
    );
    // Without a URL nothing is queued.
    app.submit(complaint("Nobody answered my e-mail for a week now."))
        .await;
    let (_, list) = app
        .get_as(&owner, "/api/v1/sites/shop/webhooks/deliveries")
        .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 0);
}
both_backends!(
    webhook_endpoints_refuse_outsiders,
    webhook_endpoints_refuse_outsiders
);

/// Webhook payloads carry the triage the merchant stored (topic, priority,
/// stop-engaging) and the author's history, exactly as the panel shows
/// them, not a fresh guess from the text.
async fn payloads_carry_the_stored_triage(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let owner = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    set_url(&app, &owner, "https://hooks.shop.example/candor").await;
    let payload = |event: &'static str| {
        let store = app.store().clone();
        async move {
            let deliveries = store.deliveries("shop", 50).await.unwrap();
            let found: Vec<Value> = deliveries
                .iter()
                .filter(|d| d.event == event)
                .map(|d| serde_json::from_str(&d.payload).unwrap())
                .collect();
            found
        }
    };
    let first = app
        .submit(json!({"kind": "complaint", "rating": 1, "lang": "en",
            "email": "ann@example.com",
            "text": "The parcel arrived broken and nobody answers the phone."}))
        .await;
    let second = app
        .submit(json!({"kind": "complaint", "rating": 1, "lang": "en",
            "email": "Ann@Example.com",
            "text": "Second order, the charger sparks when plugged in."}))
        .await;
    let created = payload("review.created").await;
    let of = |events: &[Value], id: &Value| {
        events
            .iter()
            .find(|p| p["data"]["review"]["id"] == *id)
            .cloned()
            .unwrap_or_else(|| panic!("no payload for {id}: {events:?}"))
    };
    assert_eq!(of(&created, &first["id"])["data"]["history_count"], 0);
    assert_eq!(of(&created, &second["id"])["data"]["history_count"], 1);

    let id = first["id"].as_str().unwrap();
    let base = format!("/api/v1/sites/shop/reviews/{id}");
    for (path, body) in [
        (
            "triage",
            json!({"topic": "billing", "priority": "prominent"}),
        ),
        ("stop-engaging", json!({})),
        ("resolve", json!({"note": "Refunded in full."})),
    ] {
        let (status, json) = app.post_as(&owner, &format!("{base}/{path}"), body).await;
        assert_eq!(status, StatusCode::OK, "{path}: {json}");
    }
    let resolved = of(&payload("review.resolved").await, &first["id"]);
    assert_eq!(resolved["data"]["topic"], "billing", "{resolved}");
    assert_eq!(resolved["data"]["priority"], "prominent");
    assert_eq!(resolved["data"]["stop_engaging"], true);
    assert_eq!(resolved["data"]["history_count"], 1);

    let (status, json) = app
        .post_as(
            &owner,
            &format!("{base}/moved-private"),
            json!({"message": "We sent the refund to your card."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let private = payload("message.private").await;
    let review = &private[0]["data"]["review"];
    assert_eq!(review["topic"], "billing", "{review}");
    assert_eq!(review["priority"], "prominent");
    assert_eq!(review["stop_engaging"], true);
    assert_eq!(review["history_count"], 1);
}
both_backends!(
    payloads_carry_the_stored_triage,
    payloads_carry_the_stored_triage
);
