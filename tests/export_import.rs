//! Merchant export (CSV/JSON, paged, formula-safe) and the operators'
//! JSON Lines dump/import (ids and timestamps kept, idempotent, never
//! overwriting a shopper's text), on SQLite and PostgreSQL.
#![cfg(feature = "server")]

mod common;

use axum::http::{Method, StatusCode};
use candor::core::model::Role;
use candor::server::export::{dump, import_lines};
use candor::server::storage::{ImportBatch, ReviewRecord};
use common::{complaint, Backend, TestApp};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

/// GET with a bearer token, returning status, content type and raw body.
async fn raw(app: &TestApp, token: &str, uri: &str) -> (StatusCode, String, String) {
    let request = axum::http::Request::builder()
        .method(Method::GET)
        .uri(uri)
        .header("authorization", format!("Bearer {token}"))
        .body(axum::body::Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        content_type,
        String::from_utf8(bytes.to_vec()).unwrap(),
    )
}

/// A minimal RFC 4180 reader (quoted cells, doubled quotes, CRLF).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    rows
}

fn bulk_review(i: usize) -> ReviewRecord {
    ReviewRecord {
        id: format!("r_bulk{i:05}"),
        site: "shop".into(),
        rating: (i % 5 + 1) as i64,
        text: format!("Bulk review number {i}, with a comma"),
        product: None,
        author_name: None,
        email: None,
        email_sha256: None,
        order_ref: None,
        order_date: None,
        lang: Some("en".into()),
        created_at: 1_000_000 + (i as i64 / 3), // ties on created_at too
        state: candor::core::model::ReviewState::new(candor::core::model::ReviewKind::Review),
        check_score: 0.1,
        check_verdict: "genuine".into(),
        check_reasons: vec![],
        author_token_sha256: format!("{i:064}"),
        ip_hash: None,
        answer_due_at: None,
        first_answer_open_minutes: None,
        hidden_reason: None,
        signature: None,
        version: 0,
    }
}

async fn merchant_export(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let owner = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let stranger = app
        .merchant("other", "owner@other.example", Role::Owner)
        .await;
    let evil = app
        .submit(json!({"kind": "review", "rating": 2, "lang": "en",
            "text": "=HYPERLINK(\"http://evil.example\",\"click\") and more",
            "author_name": "@admin", "email": "a@b.example"}))
        .await;
    let tricky = app
        .submit(complaint("Broken, \"badly\", and\nlate — a comma, a quote"))
        .await;
    let tricky_id = tricky["id"].as_str().unwrap();
    let (status, _) = app
        .post_as(
            &owner,
            &format!("/api/v1/sites/shop/reviews/{tricky_id}/replies"),
            json!({"text": "-1 for us; we are sorry"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let evil_id = evil["id"].as_str().unwrap();
    let (status, _) = app
        .post_as(
            &owner,
            &format!("/api/v1/sites/shop/reviews/{evil_id}/hide"),
            json!({"reason": "spam"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // CSV of reviews: header, quoting, formula prefix, private fields.
    let (status, content_type, text) = raw(
        &app,
        &owner,
        "/api/v1/sites/shop/export?format=csv&what=reviews",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    let rows = parse_csv(&text);
    assert_eq!(rows[0][0], "id");
    assert_eq!(rows.len(), 3, "{text}");
    let text_col = rows[0].iter().position(|h| h == "text").unwrap();
    let name_col = rows[0].iter().position(|h| h == "author_name").unwrap();
    let email_col = rows[0].iter().position(|h| h == "email").unwrap();
    let evil_row = rows.iter().find(|r| r[0] == evil_id).unwrap();
    assert!(
        evil_row[text_col].starts_with("'=HYPERLINK"),
        "{evil_row:?}"
    );
    assert_eq!(evil_row[name_col], "'@admin");
    assert_eq!(evil_row[email_col], "a@b.example");
    let tricky_row = rows.iter().find(|r| r[0] == tricky_id).unwrap();
    assert_eq!(
        tricky_row[text_col],
        "Broken, \"badly\", and\nlate — a comma, a quote"
    );
    assert!(rows.iter().all(|r| r.len() == rows[0].len()));

    // Replies as CSV: the reply starting with "-" is defused.
    let (status, _, text) = raw(&app, &owner, "/api/v1/sites/shop/export?what=replies").await;
    assert_eq!(status, StatusCode::OK);
    let rows = parse_csv(&text);
    assert_eq!(rows.len(), 2, "{text}");
    assert!(rows[1].contains(&"'-1 for us; we are sorry".to_owned()));

    // The moderation log as JSON.
    let (status, content_type, text) = raw(
        &app,
        &owner,
        "/api/v1/sites/shop/export?format=json&what=moderation-log",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "application/json");
    let log: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(log[0]["action"], "hide");
    assert_eq!(log[0]["reason"], "spam");

    // Many rows: paged internally, each exactly once, in order.
    let batch = ImportBatch {
        reviews: (0..1203).map(bulk_review).collect(),
        ..ImportBatch::default()
    };
    let counts = app.store().import("shop", &batch).await.unwrap();
    assert_eq!(counts.reviews_added, 1203);
    let (status, _, text) = raw(&app, &owner, "/api/v1/sites/shop/export?format=json").await;
    assert_eq!(status, StatusCode::OK);
    let all: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(all.len(), 1205);
    let mut ids: Vec<&str> = all.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let bulk: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|i| i.starts_with("r_bulk"))
        .collect();
    let mut sorted = bulk.clone();
    sorted.sort_unstable();
    assert_eq!(bulk, sorted, "export order is (created_at, id)");
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 1205);
    // Another site's export is empty of this site's data.
    let (status, _, text) = raw(&app, &stranger, "/api/v1/sites/other/export?format=json").await;
    assert_eq!((status, text.trim()), (StatusCode::OK, "[]"));

    // Refusals and bad input.
    let (status, body) = app.get("/api/v1/sites/shop/export").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (status, body) = app.get_as(&stranger, "/api/v1/sites/shop/export").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("not_your_site"))
    );
    let (status, body) = app
        .get_as(&owner, "/api/v1/sites/shop/export?format=xlsx")
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_format"))
    );
    let (status, body) = app
        .get_as(&owner, "/api/v1/sites/shop/export?what=users")
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_what"))
    );
    let (status, _) = app
        .get_as(&owner, "/api/v1/sites/shop/export?colour=red")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
both_backends!(merchant_export, merchant_export);

async fn dump_and_import(backend: Backend) {
    let Some(source) = TestApp::new(backend).await else {
        return;
    };
    let owner = source
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let first = source
        .submit(complaint("The kettle leaks from the bottom seam."))
        .await;
    let first_id = first["id"].as_str().unwrap().to_owned();
    let token = first["author_token"].as_str().unwrap().to_owned();
    source
        .submit(json!({"kind": "review", "rating": 5, "text": "Great tea, fast shipping.", "lang": "en"}))
        .await;
    let (status, _) = source
        .post_as(
            &owner,
            &format!("/api/v1/sites/shop/reviews/{first_id}/resolve"),
            json!({"note": "Replaced the kettle."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let mut out = Vec::new();
    let written = dump(source.store().as_ref(), "shop", 0, &mut out)
        .await
        .unwrap();
    assert_eq!(written, 3, "two reviews and one reply");
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(text.lines().next().unwrap().contains("\"candor-export\""));

    let Some(target) = TestApp::new(backend).await else {
        return;
    };
    // A review already in the target with the same id keeps its text.
    let mut clash = source.store().review(&first_id).await.unwrap().unwrap();
    clash.text = "the target's own text".into();
    clash.state.resolution = None;
    target
        .store()
        .import(
            "shop",
            &ImportBatch {
                reviews: vec![clash],
                ..ImportBatch::default()
            },
        )
        .await
        .unwrap();
    let counts = import_lines(target.store().as_ref(), "shop", out.as_slice())
        .await
        .unwrap();
    assert_eq!(
        (
            counts.reviews_added,
            counts.reviews_kept,
            counts.replies_added
        ),
        (1, 1, 1)
    );
    let again = import_lines(target.store().as_ref(), "shop", out.as_slice())
        .await
        .unwrap();
    assert_eq!(
        (again.reviews_added, again.replies_added, again.log_added),
        (0, 0, 0),
        "idempotent: {again:?}"
    );
    assert_eq!(
        target
            .store()
            .review(&first_id)
            .await
            .unwrap()
            .unwrap()
            .text,
        "the target's own text"
    );

    // Into a fresh target: everything equal, and the author's link works.
    let Some(fresh) = TestApp::new(backend).await else {
        return;
    };
    import_lines(fresh.store().as_ref(), "shop", out.as_slice())
        .await
        .unwrap();
    let (_, a) = source.get("/api/v1/sites/shop/reviews").await;
    let (_, b) = fresh.get("/api/v1/sites/shop/reviews").await;
    assert_eq!(a["items"], b["items"]);
    let (status, view) = fresh
        .get_author(&token, &format!("/api/v1/reviews/{first_id}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["can_confirm"], true);
    // Imported complaints raise no deadline alerts.
    let flagged = candor::server::rules::outbox::scan_deadlines(
        &fresh.state,
        candor::server::now_ms() + 86_400_000,
    )
    .await
    .unwrap();
    assert_eq!(flagged, 0);

    // A malformed line is reported with its number.
    let bad = b"{\"type\":\"header\",\"format\":\"candor-export\",\"version\":1,\"site\":\"x\",\"exported_at\":0}\n{\"type\":\"review\"}\n";
    let err = import_lines(fresh.store().as_ref(), "shop", &bad[..])
        .await
        .unwrap_err();
    assert!(err.to_string().starts_with("line 2"), "{err}");
}
both_backends!(dump_and_import, dump_and_import);

/// The CLI round trip: `candor export --site shop > file`, `candor import
/// --site shop < file` into another database.
async fn cli_round_trip(backend: Backend) {
    let Some(source) = TestApp::new(backend).await else {
        return;
    };
    let Some(target) = TestApp::new(backend).await else {
        return;
    };
    source
        .submit(complaint("Wrong size delivered, please exchange it."))
        .await;
    let exe = env!("CARGO_BIN_EXE_candor");
    let export = tokio::process::Command::new(exe)
        .args(["export", "--site", "shop", "--db", &source.db.url])
        .output()
        .await
        .unwrap();
    assert!(export.status.success(), "{export:?}");
    let mut import = tokio::process::Command::new(exe)
        .args(["import", "--site", "shop", "--db", &target.db.url])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use tokio::io::AsyncWriteExt;
        let mut stdin = import.stdin.take().unwrap();
        stdin.write_all(&export.stdout).await.unwrap();
    }
    let done = import.wait_with_output().await.unwrap();
    assert!(done.status.success(), "{done:?}");
    let report = String::from_utf8_lossy(&done.stderr);
    assert!(report.contains("reviews 1 added"), "{report}");
    let (_, a) = source.get("/api/v1/sites/shop/reviews").await;
    let (_, b) = target.get("/api/v1/sites/shop/reviews").await;
    assert_eq!(a["items"], b["items"]);
    let missing = tokio::process::Command::new(exe)
        .args(["export", "--site", "nope", "--db", &source.db.url])
        .output()
        .await
        .unwrap();
    assert!(!missing.status.success());
}
both_backends!(cli_round_trip, cli_round_trip);
