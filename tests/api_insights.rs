//! Insights through HTTP on SQLite and PostgreSQL, with real data seeded
//! through the real storage at chosen times: statistics (days in the site's
//! time zone, zero-filled), the crisis alert and its settings (also through
//! `candor site edit`), incident notices that answer complaints together,
//! and the refusals without a session (401) or for another site (403).
#![cfg(feature = "server")]

mod common;

use axum::http::{Method, StatusCode};
use candor::core::model::{Resolution, ReviewKind, ReviewState, Role, Status};
use candor::server::rules::validate::sha256_hex;
use candor::server::storage::{ImportBatch, ReviewRecord, WriteBatch};
use chrono::{Duration, NaiveDate, TimeZone};
use common::{Backend, TestApp};
use serde_json::{json, Value};

const MINUTE: i64 = 60_000;
const TZ: chrono_tz::Tz = chrono_tz::Asia::Almaty;
const DELIVERY: &str =
    "The delivery was late: the courier came three days after the promised date.";
const SITE_DOWN: &str = "The website crashed at checkout and the payment page showed an error.";

/// A complaint or review of `shop` as submitted at `created_at`.
fn record(id: &str, kind: ReviewKind, rating: i64, text: &str, created_at: i64) -> ReviewRecord {
    ReviewRecord {
        id: id.to_owned(),
        site: "shop".to_owned(),
        rating,
        text: text.to_owned(),
        product: None,
        author_name: Some("Ann".to_owned()),
        email: None,
        email_sha256: None,
        order_ref: None,
        order_date: None,
        lang: Some("en".to_owned()),
        created_at,
        state: ReviewState::new(kind),
        check_score: 0.9,
        check_verdict: "genuine".to_owned(),
        check_reasons: Vec::new(),
        author_token_sha256: sha256_hex(&format!("token-{id}")),
        ip_hash: None,
        answer_due_at: (kind == ReviewKind::Complaint).then_some(created_at + 10 * MINUTE),
        first_answer_open_minutes: None,
        hidden_reason: None,
        signature: None,
        version: 0,
    }
}

fn answered(mut r: ReviewRecord, after_minutes: i64) -> ReviewRecord {
    r.state.first_answer_at = Some(r.created_at + after_minutes * MINUTE);
    r.first_answer_open_minutes = Some(after_minutes);
    r
}

async fn insert(app: &TestApp, review: ReviewRecord) {
    app.store()
        .write(WriteBatch {
            insert: Some(review),
            ..WriteBatch::default()
        })
        .await
        .expect("insert review");
}

/// Unix ms of `hour`:00 local time on `day` in the site's zone.
fn local(day: NaiveDate, hour: u32) -> i64 {
    TZ.from_local_datetime(&day.and_hms_opt(hour, 0, 0).unwrap())
        .earliest()
        .unwrap()
        .timestamp_millis()
}

fn day_entry<'a>(series: &'a Value, day: &str) -> &'a Value {
    series
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["day"] == day)
        .unwrap_or_else(|| panic!("no day {day} in {series}"))
}

async fn refusals(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let other = app.merchant("other", "o@other.example", Role::Owner).await;
    let endpoints = [
        (Method::GET, "/api/v1/sites/shop/stats"),
        (Method::GET, "/api/v1/sites/shop/crisis"),
        (Method::POST, "/api/v1/sites/shop/incidents"),
        (Method::POST, "/api/v1/sites/shop/incidents/1/close"),
    ];
    let body = json!({"topic": "site_failure", "text": "We are on it.", "review_ids": []});
    for (method, uri) in endpoints {
        let send = (method == Method::POST).then(|| body.clone());
        let (status, _, json) = app.call(method.clone(), uri, send.clone(), &[]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{uri}: {json}");
        let auth = format!("Bearer {other}");
        let (status, _, json) = app
            .call(method, uri, send, &[("authorization", &auth)])
            .await;
        assert_eq!(
            (status, json["error"].as_str()),
            (StatusCode::FORBIDDEN, Some("not_your_site")),
            "{uri}"
        );
    }
    // A cookie session of the right site still needs the CSRF header to post.
    let owner = app.merchant("shop", "dana@shop.example", Role::Owner).await;
    let cookie = format!("candor_session={owner}");
    let (status, _, json) = app
        .call(
            Method::POST,
            "/api/v1/sites/shop/incidents",
            Some(body.clone()),
            &[("cookie", &cookie)],
        )
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("csrf_failed"))
    );
    let (status, _, json) = app
        .call(
            Method::POST,
            "/api/v1/sites/shop/incidents/999/close",
            Some(json!({})),
            &[("cookie", &cookie), ("x-candor-csrf", "1")],
        )
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("incident_not_found"))
    );
    // Documented in the OpenAPI document.
    let (_, doc) = app.get("/api/v1/openapi.json").await;
    for path in [
        "/api/v1/sites/{site}/stats",
        "/api/v1/sites/{site}/crisis",
        "/api/v1/sites/{site}/incidents",
        "/api/v1/sites/{site}/incidents/{id}/close",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} missing from OpenAPI"
        );
    }
    // The public list is public; nothing was created by the refused calls.
    let (status, json) = app.get("/api/v1/sites/shop/incidents").await;
    assert_eq!(
        (status, json["items"].as_array().map(Vec::len)),
        (StatusCode::OK, Some(0))
    );
}

async fn stats_crisis_incidents(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let owner = app.merchant("shop", "dana@shop.example", Role::Owner).await;
    let store = app.store();
    let mut site = store.site("shop").await.unwrap().unwrap();
    site.schedule = r#"{"timezone":"Asia/Almaty","always_open":true}"#.to_owned();
    store.update_site(&site).await.unwrap();

    let now = chrono::Utc::now().timestamp_millis();
    let today = chrono::DateTime::from_timestamp_millis(now)
        .unwrap()
        .with_timezone(&TZ)
        .date_naive();
    let d2 = today - Duration::days(2);
    let d1 = today - Duration::days(1);

    // Two delivery complaints two days ago, answered after 4 and 25 minutes;
    // one resolved and confirmed, the other resolved by the merchant only.
    let mut a = answered(
        record("a", ReviewKind::Complaint, 1, DELIVERY, local(d2, 10)),
        4,
    );
    a.state.resolution = Some(Resolution::ResolvedConfirmed);
    insert(&app, a).await;
    let mut b = answered(
        record("b", ReviewKind::Complaint, 1, DELIVERY, local(d2, 11)),
        25,
    );
    b.state.resolution = Some(Resolution::ResolvedByMerchant);
    insert(&app, b).await;
    // A five-star review yesterday, a withdrawn complaint (never counted).
    insert(
        &app,
        record(
            "e",
            ReviewKind::Review,
            5,
            "Lovely kettle, works well.",
            local(d1, 12),
        ),
    )
    .await;
    let mut g = record("g", ReviewKind::Complaint, 2, DELIVERY, local(d1, 13));
    g.state.status = Status::Withdrawn;
    insert(&app, g).await;
    // Unanswered: 3 hours old, 40 days old (outside the period but open).
    insert(
        &app,
        record("c", ReviewKind::Complaint, 2, DELIVERY, now - 180 * MINUTE),
    )
    .await;
    insert(
        &app,
        record(
            "f",
            ReviewKind::Complaint,
            1,
            DELIVERY,
            now - 40 * 24 * 60 * MINUTE,
        ),
    )
    .await;
    // Site failures: rare for two weeks, then six in the last 10 minutes.
    for (i, days) in [3i64, 6, 9].iter().enumerate() {
        insert(
            &app,
            answered(
                record(
                    &format!("old{i}"),
                    ReviewKind::Complaint,
                    1,
                    SITE_DOWN,
                    // Noon, so the 8-minute answer falls on the same local
                    // day whatever the time the test runs (near midnight
                    // `now - 3 days + 8 minutes` is a day later).
                    local(today - Duration::days(*days), 12),
                ),
                8,
            ),
        )
        .await;
    }
    let burst: Vec<String> = (0..6).map(|i| format!("burst{i}")).collect();
    for (i, id) in burst.iter().enumerate() {
        insert(
            &app,
            record(
                id,
                ReviewKind::Complaint,
                1,
                SITE_DOWN,
                now - (i as i64 + 1) * 90_000,
            ),
        )
        .await;
    }

    // --- statistics ---
    let (status, json) = app.get_as(&owner, "/api/v1/sites/shop/stats?days=7").await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["days"], 7);
    assert_eq!(json["promise_minutes"], 10);
    let trend = &json["answer_trend"];
    assert_eq!(trend.as_array().unwrap().len(), 7);
    assert_eq!(trend[6]["day"], today.to_string());
    assert_eq!(trend[0]["day"], (today - Duration::days(6)).to_string());
    let d2_trend = day_entry(trend, &d2.to_string());
    assert_eq!(d2_trend["answered"], 2, "{trend}");
    assert_eq!(d2_trend["median_minutes"], 4);
    assert_eq!(d2_trend["p80_minutes"], 25);
    assert_eq!(day_entry(trend, &d1.to_string())["answered"], 0);
    assert!(day_entry(trend, &d1.to_string())["median_minutes"].is_null());
    // Old site failures (3 and 6 days ago, answered in 8 min) are in the week too.
    let fa = &json["first_answer"];
    assert_eq!(fa["samples"], 4, "{fa}");
    let buckets: Vec<(Value, i64)> = fa["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["le_minutes"].clone(), b["count"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        buckets,
        vec![
            (json!(5), 1),
            (json!(10), 2),
            (json!(30), 1),
            (json!(60), 0),
            (json!(240), 0),
            (json!(1440), 0),
            (Value::Null, 0)
        ]
    );
    assert_eq!(fa["within_promise_share"], 0.75);
    let ages: Vec<(String, i64)> = json["open_by_age"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["label"].as_str().unwrap().to_owned(),
                b["count"].as_i64().unwrap(),
            )
        })
        .collect();
    // lt_10m: burst0..burst5 are 1.5..9 minutes old; lt_1h none; c; f.
    assert_eq!(
        ages,
        vec![
            ("lt_10m".to_owned(), 6),
            ("lt_1h".to_owned(), 0),
            ("lt_1d".to_owned(), 1),
            ("ge_1d".to_owned(), 1)
        ]
    );
    let res = &json["resolution"];
    // a, b, c, old0, old1 (3 and 6 days ago) and the burst: 11 complaints.
    assert_eq!(res["complaints"], 11, "{res}");
    assert_eq!(res["resolved"], 2);
    assert_eq!(res["confirmed"], 1);
    assert_eq!(res["reopened"], 0);
    let topics = &json["topics_per_day"];
    assert_eq!(topics.as_array().unwrap().len(), 7);
    assert_eq!(
        day_entry(topics, &d2.to_string())["counts"]["delivery_late"],
        2,
        "{topics}"
    );
    // Zero-filled: every day names every topic seen in the period. Shortly
    // after local midnight, `c` (3 hours old) and the burst (minutes old)
    // were filed yesterday.
    let on_d1 = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms)
            .unwrap()
            .with_timezone(&TZ)
            .date_naive()
            == d1
    };
    let c_on_d1 = i64::from(on_d1(now - 180 * MINUTE));
    let burst_on_d1 = (0..6).filter(|i| on_d1(now - (i + 1) * 90_000)).count() as i64;
    assert_eq!(
        day_entry(topics, &d1.to_string())["counts"]["delivery_late"],
        c_on_d1
    );
    assert_eq!(
        day_entry(topics, &d1.to_string())["counts"]["site_failure"],
        burst_on_d1
    );
    let stars = &json["stars_per_day"];
    assert_eq!(
        day_entry(stars, &d2.to_string())["counts"],
        json!([2, 0, 0, 0, 0])
    );
    assert_eq!(
        day_entry(stars, &d1.to_string())["counts"],
        json!([burst_on_d1, c_on_d1, 0, 0, 1])
    );

    for bad in ["0", "366", "x"] {
        let (status, json) = app
            .get_as(&owner, &format!("/api/v1/sites/shop/stats?days={bad}"))
            .await;
        assert!(
            status == StatusCode::UNPROCESSABLE_ENTITY || status == StatusCode::BAD_REQUEST,
            "{bad}: {status} {json}"
        );
    }

    // --- crisis ---
    let (status, json) = app.get_as(&owner, "/api/v1/sites/shop/crisis").await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(
        (json["bucket_minutes"].as_i64(), json["floor"].as_i64()),
        (Some(15), Some(5))
    );
    assert_eq!(json["sigma"], 4.0);
    let alerts = json["alerts"].as_array().unwrap();
    assert_eq!(alerts.len(), 1, "{json}");
    assert_eq!(alerts[0]["topic"], "site_failure");
    assert_eq!(alerts[0]["count"], 6);
    assert!(alerts[0]["threshold"].as_f64().unwrap() < 6.0);
    let mut ids: Vec<String> = alerts[0]["review_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    assert_eq!(ids, burst);

    // The floor, raised from the command line, silences it; bad values are refused.
    let cli = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_candor"))
            .args(["site", "edit", "shop", "--db", &app.db.url])
            .args(args)
            .output()
            .expect("run candor")
    };
    let out = cli(&["--crisis-floor", "10"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("floor=10"));
    let (_, json) = app.get_as(&owner, "/api/v1/sites/shop/crisis").await;
    assert_eq!(
        (
            json["floor"].as_i64(),
            json["alerts"].as_array().map(Vec::len)
        ),
        (Some(10), Some(0))
    );
    let out = cli(&["--crisis-sigma", "0.1"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("sigma"));
    let out = cli(&["--crisis-floor", "5", "--crisis-sigma", "3.5"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, json) = app.get_as(&owner, "/api/v1/sites/shop/crisis").await;
    assert_eq!(
        (
            json["sigma"].as_f64(),
            json["alerts"].as_array().map(Vec::len)
        ),
        (Some(3.5), Some(1))
    );

    // --- incident notice ---
    let notice = "Checkout was down for 20 minutes; it works again and failed payments were not charged. — Dana";
    let mut linked = burst.clone();
    linked.push("e".to_owned());
    for (body, code) in [
        (
            json!({"topic": "weather", "text": notice, "review_ids": linked}),
            "invalid_topic",
        ),
        (
            json!({"topic": "site_failure", "text": "  ", "review_ids": linked}),
            "text_too_short",
        ),
        (
            json!({"topic": "site_failure", "text": notice, "review_ids": ["nope"]}),
            "invalid_review_ids",
        ),
    ] {
        let (status, json) = app
            .post_as(&owner, "/api/v1/sites/shop/incidents", body)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
        if code != "text_too_short" {
            assert_eq!(json["error"], code);
        }
    }
    let mut events = app.state.hub.subscribe();
    let (status, created) = app
        .post_as(
            &owner,
            "/api/v1/sites/shop/incidents",
            json!({"topic": "site_failure", "text": notice, "review_ids": linked}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    assert_eq!(
        (created["linked"].as_i64(), created["answered"].as_i64()),
        (Some(7), Some(6))
    );
    let mut saw_status = false;
    while let Ok(event) = events.try_recv() {
        let data: Value = serde_json::from_str(&event.data).unwrap();
        if event.name == "status" && data["incident"]["id"] == id {
            saw_status = true;
        }
    }
    // The review events are stored (SSE resume) with the incident id set.
    let stored = app.store().events_after("shop", 0, 1000).await.unwrap();
    let linked_events = stored
        .iter()
        .filter(|e| {
            let data: Value = serde_json::from_str(&e.data).unwrap();
            data["review"]["incident_id"] == id
        })
        .count();
    assert_eq!(linked_events, 7);
    let saw_reply = stored
        .iter()
        .filter(|e| e.name == "reply_created" && e.data.contains(notice))
        .count();
    assert_eq!(saw_reply, 6);
    assert!(saw_status, "a status event announces the notice");

    let (_, status_json) = app.get("/api/v1/sites/shop/status").await;
    assert_eq!(status_json["incident"]["id"], id, "{status_json}");
    assert_eq!(status_json["incident"]["text"], notice);
    let (_, list) = app.get("/api/v1/sites/shop/incidents").await;
    assert_eq!(list["items"][0]["topic"], "site_failure");
    let (_, reviews) = app.get("/api/v1/sites/shop/reviews").await;
    for item in reviews["items"].as_array().unwrap() {
        let expect_link = linked.iter().any(|l| item["id"] == l.as_str());
        assert_eq!(
            item["incident_id"].as_i64(),
            expect_link.then_some(id),
            "{item}"
        );
        if burst.iter().any(|l| item["id"] == l.as_str()) {
            assert_eq!(item["replies"][0]["text"], notice);
            assert!(item["badges"]
                .as_array()
                .unwrap()
                .contains(&json!("answered")));
        }
    }
    // The author's private link shows the link and the answer too.
    let (status, view) = app
        .get_author("token-burst0", "/api/v1/reviews/burst0")
        .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["review"]["incident_id"], id);
    assert_eq!(view["review"]["replies"][0]["text"], notice);
    // Answered together: the burst now counts as first answers, none open.
    let (_, json) = app.get_as(&owner, "/api/v1/sites/shop/stats?days=7").await;
    assert_eq!(json["first_answer"]["samples"], 10);
    assert_eq!(json["open_by_age"][0]["count"], 0);
    // Later actions on a linked review keep the link in their events.
    let (status, json) = app
        .post_as(
            &owner,
            "/api/v1/sites/shop/reviews/burst0/resolve",
            json!({"note": "The checkout works again since 10:40; your order went through."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let stored = app.store().events_after("shop", 0, 1000).await.unwrap();
    let resolved = stored
        .iter()
        .rev()
        .find(|e| e.name == "review_resolved")
        .expect("a review_resolved event");
    let data: Value = serde_json::from_str(&resolved.data).unwrap();
    assert_eq!(data["review"]["id"], "burst0");
    assert_eq!(data["review"]["incident_id"], id, "{data}");
    let (_, log) = app.get("/api/v1/sites/shop/moderation-log").await;
    assert!(log.to_string().contains("incident_open"), "{log}");

    // Closing: only once, only by this site's merchants.
    let other = app.merchant("other", "o@other.example", Role::Owner).await;
    let close = format!("/api/v1/sites/shop/incidents/{id}/close");
    let (status, _) = app.post_as(&other, &close, json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, json) = app.post_as(&owner, &close, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let (status, json) = app.post_as(&owner, &close, json!({})).await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("incident_not_found"))
    );
    let (_, status_json) = app.get("/api/v1/sites/shop/status").await;
    assert!(status_json["incident"].is_null());
    let (_, list) = app.get("/api/v1/sites/shop/incidents").await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(0));
    let (_, log) = app.get("/api/v1/sites/shop/moderation-log").await;
    assert!(log.to_string().contains("incident_close"), "{log}");
}

both_backends!(refused_without_session_or_for_other_sites, refusals);
both_backends!(stats_crisis_and_incidents, stats_crisis_incidents);

/// Timing at scale (not run by default): `cargo test --test api_insights
/// -- --ignored --nocapture`. 20 000 complaints over 14 days in one site.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn insights_at_scale() {
    let Some(app) = TestApp::new(Backend::Sqlite).await else {
        return;
    };
    let owner = app.merchant("shop", "dana@shop.example", Role::Owner).await;
    let now = chrono::Utc::now().timestamp_millis();
    let texts = [
        DELIVERY,
        SITE_DOWN,
        "The kettle broke after two days, the lid cracked.",
    ];
    let n = 20_000i64;
    let step = 14 * 24 * 60 * MINUTE / n;
    let reviews = (0..n)
        .map(|i| {
            let r = record(
                &format!("r{i}"),
                ReviewKind::Complaint,
                1 + i % 5,
                texts[(i % 3) as usize],
                now - i * step,
            );
            if i % 2 == 0 {
                answered(r, i % 50)
            } else {
                r
            }
        })
        .collect();
    app.store()
        .import(
            "shop",
            &ImportBatch {
                reviews,
                ..ImportBatch::default()
            },
        )
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let rows = app.store().insight_rows("shop", 0).await.unwrap();
    println!(
        "insight_rows: {} rows in {} ms",
        rows.len(),
        started.elapsed().as_millis()
    );
    let started = std::time::Instant::now();
    for row in &rows {
        std::hint::black_box(candor::server::rules::insights::topic_of(
            &row.text,
            row.lang.as_deref(),
        ));
    }
    println!(
        "topic_of x{}: {} ms",
        rows.len(),
        started.elapsed().as_millis()
    );
    for uri in [
        "/api/v1/sites/shop/crisis",
        "/api/v1/sites/shop/stats?days=30",
    ] {
        let mut best = u128::MAX;
        for _ in 0..3 {
            let started = std::time::Instant::now();
            let (status, _) = app.get_as(&owner, uri).await;
            assert_eq!(status, StatusCode::OK);
            best = best.min(started.elapsed().as_millis());
        }
        println!("{uri}: best of 3 {best} ms over {n} complaints");
    }
}
