//! Submissions at speed without changing what they decide: the in-memory
//! windows of recent submissions answer as the database scan they replace,
//! the group writer commits each batch on its own, and on PostgreSQL a
//! campaign spread over two instances is seen by both.
#![cfg(feature = "server")]

mod common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use candor::core::model::{Role, Status};
use candor::server::storage::{Storage, StoreError, WriteBatch};
use candor::server::AppState;
use common::{Backend, TestApp};
use proptest::prelude::*;
use serde_json::{json, Value};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// What every submission used to read from the database: the site's rows of
/// the last 24 hours, newest first, at most 2,000, minus withdrawn ones.
async fn scanned(store: &dyn Storage, site: &str, since: i64) -> Vec<String> {
    store
        .recent_signatures(site, since, 2000)
        .await
        .unwrap()
        .into_iter()
        .filter(|row| row.status != Status::Withdrawn)
        .map(|row| row.id)
        .collect()
}

/// What the campaign check reads now.
async fn visited(store: &dyn Storage, site: &str, since: i64) -> Vec<String> {
    let mut ids = Vec::new();
    store
        .visit_recent(site, since, 2000, &mut |entry| ids.push(entry.id.clone()))
        .await
        .unwrap();
    ids
}

async fn submit_from(app: &TestApp, site: &str, ip: &str, body: Value) -> (StatusCode, Value) {
    let (status, _, json) = app
        .call(
            Method::POST,
            &format!("/api/v1/sites/{site}/reviews"),
            Some(body),
            &[("x-forwarded-for", ip)],
        )
        .await;
    (status, json)
}

/// Texts: three copies of one template, two of another, and texts of their
/// own (numbered so no two are alike).
fn text(kind: u8, n: usize) -> String {
    match kind {
        0 => "Terrible shop, I do not recommend it to anyone, avoid this company at all costs."
            .to_owned(),
        1 => "Terrible store, I do not recommend it to anyone, avoid this company at all costs!"
            .to_owned(),
        2 => "Awful shop, I do not recommend it to anyone, avoid this company at all costs."
            .to_owned(),
        3 => "Best shop ever, highly recommend to everyone, five stars, will buy again for sure."
            .to_owned(),
        4 => "Best store ever, highly recommend to everyone, five stars, will buy again for sure!"
            .to_owned(),
        _ => format!(
            "Order {n}: the kettle arrived on day {n} with a cracked lid, and support sent a \
             new one {n} days later."
        ),
    }
}

#[derive(Debug, Clone)]
enum Op {
    Submit { text: u8, ip: u8, email: Option<u8> },
    Withdraw(usize),
    Hide(usize),
    Release(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0u8..7, 0u8..5, proptest::option::of(0u8..3))
            .prop_map(|(text, ip, email)| Op::Submit { text, ip, email }),
        2 => any::<usize>().prop_map(Op::Withdraw),
        1 => any::<usize>().prop_map(Op::Hide),
        2 => any::<usize>().prop_map(Op::Release),
    ]
}

/// Plays `ops` on a fresh app and compares the window with the scan after
/// each step (and once more from a second store over the same database,
/// whose window is read from the database afterwards).
async fn play(backend: Backend, ops: Vec<Op>) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let owner = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let store = app.store().as_ref();
    let mut submitted: Vec<(String, String)> = Vec::new();
    for (n, op) in ops.iter().enumerate() {
        match op {
            Op::Submit {
                text: kind,
                ip,
                email,
            } => {
                let mut body = json!({"kind": "complaint", "rating": 1, "lang": "en",
                    "text": text(*kind, n)});
                if let Some(e) = email {
                    body["email"] = json!(format!("sender{e}@example.com"));
                }
                let (status, json) =
                    submit_from(&app, "shop", &format!("198.51.100.{ip}"), body).await;
                assert_eq!(status, StatusCode::CREATED, "{json}");
                submitted.push((
                    json["id"].as_str().unwrap().to_owned(),
                    json["author_token"].as_str().unwrap().to_owned(),
                ));
            }
            Op::Withdraw(i) | Op::Hide(i) | Op::Release(i) if !submitted.is_empty() => {
                let (id, token) = &submitted[i % submitted.len()];
                let (status, _, json) = match op {
                    Op::Withdraw(_) => {
                        app.call(
                            Method::POST,
                            &format!("/api/v1/reviews/{id}/withdraw"),
                            Some(json!({})),
                            &[("x-candor-token", token.as_str())],
                        )
                        .await
                    }
                    _ => {
                        let action = if matches!(op, Op::Hide(_)) {
                            "hide"
                        } else {
                            "release"
                        };
                        let (status, json) = app
                            .post_as(
                                &owner,
                                &format!("/api/v1/sites/shop/reviews/{id}/{action}"),
                                json!({"reason": "spam"}),
                            )
                            .await;
                        (status, Default::default(), json)
                    }
                };
                // Refusals (withdrawing twice, releasing what is public) are
                // part of the sequence; a server error is not.
                assert!(
                    status.is_success() || status.is_client_error(),
                    "{status} {json}"
                );
            }
            _ => {}
        }
        let since = now_ms() - DAY_MS;
        assert_eq!(
            visited(store, "shop", since).await,
            scanned(store, "shop", since).await,
            "after {op:?} (step {n} of {ops:?})"
        );
    }
    let fresh = AppState::open(common::test_config(&app.db.url))
        .await
        .unwrap();
    let since = now_ms() - DAY_MS;
    assert_eq!(
        visited(fresh.store.as_ref(), "shop", since).await,
        visited(store, "shop", since).await,
    );
}

fn window_matches_the_scan(backend: Backend, cases: u32) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let config = ProptestConfig {
        cases,
        max_shrink_iters: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    runner
        .run(&proptest::collection::vec(op(), 1..24), |ops| {
            runtime.block_on(play(backend, ops));
            Ok(())
        })
        .unwrap();
}

#[test]
fn window_matches_the_scan_sqlite() {
    window_matches_the_scan(Backend::Sqlite, 24);
}

#[test]
fn window_matches_the_scan_postgres() {
    window_matches_the_scan(Backend::Postgres, 8);
}

/// The group writer commits each batch on its own: one that fails (here a
/// duplicate id) is rolled back alone, the others land.
async fn one_failed_batch_commits_the_others(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let store = app.store();
    let created = app
        .submit(common::complaint(
            "The courier left my parcel in the rain on Monday and the box was soaked.",
        ))
        .await;
    let original = store
        .review(created["id"].as_str().unwrap())
        .await
        .unwrap()
        .unwrap();
    let batch = |id: &str| {
        let mut review = original.clone();
        review.id = id.to_owned();
        WriteBatch {
            insert: Some(review),
            ..WriteBatch::default()
        }
    };
    let outcomes = store
        .write_group(vec![
            batch("r_group_one"),
            batch(&original.id), // exists: refused
            batch("r_group_two"),
        ])
        .await;
    assert!(outcomes[0].is_ok(), "{:?}", outcomes[0]);
    assert!(
        matches!(outcomes[1], Err(StoreError::Conflict(_))),
        "{:?}",
        outcomes[1]
    );
    assert!(outcomes[2].is_ok(), "{:?}", outcomes[2]);
    for id in ["r_group_one", "r_group_two"] {
        assert!(store.review(id).await.unwrap().is_some(), "{id} was lost");
    }
}
both_backends!(
    one_failed_batch_commits_the_others,
    one_failed_batch_commits_the_others
);

/// Many submissions at once (they reach the writer together and share
/// commits): every acknowledged one is stored, and the window holds them all.
async fn concurrent_submissions_are_all_kept(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let app = std::sync::Arc::new(app);
    let tasks: Vec<_> = (0..48)
        .map(|n| {
            let app = app.clone();
            tokio::spawn(async move {
                let body = json!({"kind": "complaint", "rating": 2, "lang": "en",
                    "text": text(9, n)});
                submit_from(&app, "shop", &format!("203.0.113.{n}"), body).await
            })
        })
        .collect();
    let mut ids = Vec::new();
    for task in tasks {
        let (status, json) = task.await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{json}");
        ids.push(json["id"].as_str().unwrap().to_owned());
    }
    let store = app.store().as_ref();
    for id in &ids {
        assert!(store.review(id).await.unwrap().is_some(), "{id} was lost");
    }
    let since = now_ms() - DAY_MS;
    let mut window = visited(store, "shop", since).await;
    window.sort();
    ids.sort();
    assert_eq!(window, ids);
}
both_backends!(
    concurrent_submissions_are_all_kept,
    concurrent_submissions_are_all_kept
);

/// Two instances on one PostgreSQL database: copies of one template sent to
/// either are one campaign, and the third is held whichever instance takes
/// it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_instances_see_one_campaign() {
    let Some(first) = TestApp::new(Backend::Postgres).await else {
        return;
    };
    let second = first.another_instance().await;
    let apps = [first, second];
    // Both instances have read the site's window before the copies arrive.
    for (i, app) in apps.iter().enumerate() {
        let (status, json) = submit_from(
            app,
            "shop",
            &format!("203.0.113.{i}"),
            json!({"kind": "review", "rating": 5, "lang": "en", "text": text(9, i)}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{json}");
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut statuses = Vec::new();
    for (n, kind) in [0u8, 1, 2].iter().enumerate() {
        let app = &apps[n % 2];
        let (status, json) = submit_from(
            app,
            "shop",
            &format!("198.51.100.{n}"),
            json!({"kind": "complaint", "rating": 1, "lang": "en", "text": text(*kind, n)}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{json}");
        statuses.push(json["status"].as_str().unwrap().to_owned());
        // Announced on commit; heard by the other instance within moments.
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    assert_eq!(statuses, ["published", "published", "held"]);
    let since = now_ms() - DAY_MS;
    let seen_by = |i: usize| visited(apps[i].store().as_ref(), "shop", since);
    assert_eq!(seen_by(0).await, seen_by(1).await);
    assert_eq!(seen_by(0).await.len(), 5);
}

/// The ids in the public list of `shop` as `app` serves it.
async fn listed(app: &TestApp) -> Vec<String> {
    let (status, list) = app.get("/api/v1/sites/shop/reviews").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|item| item["status"] == "published")
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The list is served from memory between changes, but what a person hides
/// is gone from the very next request — on the instance that hid it at once,
/// on another PostgreSQL instance as soon as the change is announced there.
async fn hidden_reviews_leave_the_served_list(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let owner = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let other = app.another_instance().await;
    if app.store().shares_events() {
        candor::server::events::spawn_listener(other.state.store.clone(), other.state.hub.clone())
            .unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let created = app
        .submit(common::complaint(
            "The parcel came a week late and the courier never called before leaving it.",
        ))
        .await;
    let id = created["id"].as_str().unwrap().to_owned();
    // Both instances have built (and kept) the list with it.
    for instance in [&app, &other] {
        for _ in 0..2 {
            assert_eq!(listed(instance).await, std::slice::from_ref(&id));
        }
    }
    let (status, json) = app
        .post_as(
            &owner,
            &format!("/api/v1/sites/shop/reviews/{id}/hide"),
            json!({"reason": "personal_data"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert!(
        listed(&app).await.is_empty(),
        "still served where it was hidden"
    );
    // PostgreSQL instances hear of it within moments. Two servers on one
    // SQLite file are not a deployment (SQLite is one instance), but even
    // then a kept list lives at most `FRESH`.
    let deadline = if app.store().shares_events() {
        Duration::from_secs(1)
    } else {
        candor::server::list_cache::FRESH + Duration::from_millis(500)
    };
    let mut waited = Duration::ZERO;
    while !listed(&other).await.is_empty() {
        assert!(
            waited < deadline,
            "still served by the other instance after {waited:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
        waited += Duration::from_millis(20);
    }
}
both_backends!(
    hidden_reviews_leave_the_served_list,
    hidden_reviews_leave_the_served_list
);

async fn promise(app: &TestApp) -> i64 {
    let (status, json) = app.get("/api/v1/sites/shop/status").await;
    assert_eq!(status, StatusCode::OK, "{json}");
    json["promise_minutes"].as_i64().unwrap()
}

/// Site records are kept for a moment: a change made through one store is
/// seen by it at once, and by another instance within a second.
async fn site_changes_reach_every_instance(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let other = app.another_instance().await;
    assert_eq!((promise(&app).await, promise(&other).await), (10, 10));
    let mut site = app.store().site("shop").await.unwrap().unwrap();
    site.promise_minutes = 25;
    app.store().update_site(&site).await.unwrap();
    assert_eq!(
        promise(&app).await,
        25,
        "the changing instance sees it at once"
    );
    let mut waited = Duration::ZERO;
    while promise(&other).await != 25 {
        assert!(
            waited < candor::server::storage::site_cache::SITE_FRESH + Duration::from_millis(300),
            "another instance still has the old site after {waited:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
        waited += Duration::from_millis(50);
    }
}
both_backends!(
    site_changes_reach_every_instance,
    site_changes_reach_every_instance
);
