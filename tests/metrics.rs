//! `GET /metrics`: valid Prometheus text whose counters move, the optional
//! token, the off switch; the new endpoints are in the OpenAPI document.
#![cfg(feature = "server")]

mod common;

use std::collections::HashMap;

use axum::http::{Method, Request, StatusCode};
use common::{Backend, TestApp};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

/// `name{labels}` with the labels sorted, so a series can be looked up
/// whatever order the encoder wrote its labels in.
fn canonical(series: &str) -> String {
    let Some((name, labels)) = series.split_once('{') else {
        return series.to_owned();
    };
    let labels = labels.strip_suffix('}').expect("labels end with }");
    let mut pairs: Vec<&str> = labels
        .split("\",")
        .map(|p| p.trim_end_matches('"'))
        .collect();
    pairs.sort_unstable();
    let pairs: Vec<String> = pairs.iter().map(|p| format!("{p}\"")).collect();
    format!("{name}{{{}}}", pairs.join(","))
}

/// Parses the OpenMetrics text format strictly enough to catch malformed
/// output: every line is `# HELP`, `# TYPE` or `name{labels} value`, and the
/// last is `# EOF`; returns the samples by `name{labels}` (see
/// [`canonical`]).
fn parse(text: &str) -> HashMap<String, f64> {
    let mut samples = HashMap::new();
    let mut typed = std::collections::HashSet::new();
    let text = text
        .strip_suffix("# EOF\n")
        .unwrap_or_else(|| panic!("no # EOF at the end: {text}"));
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let mut parts = rest.split(' ');
            let name = parts.next().unwrap();
            let kind = parts.next().unwrap();
            assert!(["counter", "gauge", "histogram"].contains(&kind), "{line}");
            assert!(typed.insert(name.to_owned()), "TYPE twice: {line}");
            continue;
        }
        if line.starts_with("# HELP ") {
            continue;
        }
        assert!(
            !line.is_empty() && !line.starts_with('#'),
            "stray line {line:?}"
        );
        let (series, value) = line.rsplit_once(' ').expect("sample has a value");
        let name_end = series.find('{').unwrap_or(series.len());
        let name = &series[..name_end];
        assert!(
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'),
            "{line}"
        );
        let family = ["_bucket", "_sum", "_count", "_total"]
            .iter()
            .find_map(|s| name.strip_suffix(s))
            .filter(|base| typed.contains(*base))
            .unwrap_or(name);
        assert!(typed.contains(family), "sample before its TYPE: {line}");
        if name_end < series.len() {
            let labels = &series[name_end..];
            assert!(labels.ends_with('}'), "{line}");
            for pair in labels[1..labels.len() - 1].split("\",") {
                let (key, value) = pair.split_once("=\"").expect("label=\"value\"");
                assert!(key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
                assert!(!value.trim_end_matches('"').contains('\n'));
            }
        }
        let number: f64 = value
            .parse()
            .unwrap_or_else(|_| panic!("bad value: {line}"));
        samples.insert(canonical(series), number);
    }
    samples
}

async fn scrape(app: &TestApp, token: Option<&str>) -> (StatusCode, String, String) {
    let mut request = Request::builder().method(Method::GET).uri("/metrics");
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let response = app
        .router
        .clone()
        .oneshot(request.body(axum::body::Body::empty()).unwrap())
        .await
        .unwrap();
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

fn value(samples: &HashMap<String, f64>, series: &str) -> f64 {
    samples.get(&canonical(series)).copied().unwrap_or(0.0)
}

async fn counters_move(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let (status, content_type, text) = scrape(&app, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        content_type.starts_with("application/openmetrics-text; version=1.0.0"),
        "{content_type}"
    );
    let before = parse(&text);
    let pool = match backend {
        Backend::Sqlite => "write",
        Backend::Postgres => "main",
    };
    let backend_name = app.store().backend();
    assert!(
        before.contains_key(&canonical(&format!(
            "candor_db_pool_max_connections{{backend=\"{backend_name}\",pool=\"{pool}\"}}"
        ))),
        "{text}"
    );
    assert_eq!(value(&before, "candor_sse_connections"), 0.0);

    app.submit(
        json!({"kind": "review", "rating": 5, "text": "Lovely shop, fast delivery.", "lang": "en"}),
    )
    .await;
    let (status, _) = app
        .post("/api/v1/sites/shop/reviews", json!({"kind": "review"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    app.get("/api/v1/sites/shop/reviews?page=1").await;

    let (_, _, text) = scrape(&app, None).await;
    let after = parse(&text);
    let submissions = "candor_submissions_total{kind=\"review\",status=\"published\"}";
    assert_eq!(
        value(&after, submissions) - value(&before, submissions),
        1.0
    );
    let created = "candor_http_requests_total{method=\"POST\",route=\"/api/v1/sites/{site}/reviews\",status=\"201\"}";
    assert_eq!(value(&after, created), 1.0, "{text}");
    let refused = "candor_http_requests_total{method=\"POST\",route=\"/api/v1/sites/{site}/reviews\",status=\"422\"}";
    assert_eq!(value(&after, refused), 1.0);
    let listed = "candor_http_requests_total{method=\"GET\",route=\"/api/v1/sites/{site}/reviews\",status=\"200\"}";
    assert_eq!(value(&after, listed), 1.0);
    let count =
        "candor_http_request_duration_seconds_count{route=\"/api/v1/sites/{site}/reviews\"}";
    assert_eq!(value(&after, count), 3.0);
    let inf = "candor_http_request_duration_seconds_bucket{route=\"/api/v1/sites/{site}/reviews\",le=\"+Inf\"}";
    assert_eq!(value(&after, inf), 3.0);
    // Raw paths never become labels.
    assert!(!text.contains("route=\"/api/v1/sites/shop"), "{text}");
    assert!(after.contains_key(&canonical(
        "candor_webhook_deliveries_total{outcome=\"delivered\"}"
    )));

    // An open SSE connection shows.
    let response = app
        .router
        .clone()
        .oneshot(
            Request::builder()
                .uri("/api/v1/sites/shop/events")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let (_, _, text) = scrape(&app, None).await;
    assert_eq!(value(&parse(&text), "candor_sse_connections"), 1.0);
    drop(response);
}
both_backends!(counters_move, counters_move);

async fn token_and_switch(backend: Backend) {
    let Some(app) = TestApp::with_config(backend, |c| {
        c.metrics_token = Some("scrape-me".into());
    })
    .await
    else {
        return;
    };
    let (status, _, body) = scrape(&app, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body.contains("\"error\""), "{body}");
    let (status, _, _) = scrape(&app, Some("wrong")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, text) = scrape(&app, Some("scrape-me")).await;
    assert_eq!(status, StatusCode::OK);
    parse(&text);

    let Some(off) = TestApp::with_config(backend, |c| c.metrics = false).await else {
        return;
    };
    let (status, _, body) = scrape(&off, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
}
both_backends!(token_and_switch, token_and_switch);

#[tokio::test]
async fn openapi_lists_the_new_endpoints() {
    let Some(app) = TestApp::new(Backend::Sqlite).await else {
        return;
    };
    let (status, doc) = app.get("/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    for path in [
        "/api/v1/sites/{site}/export",
        "/api/v1/sites/{site}/webhooks",
        "/api/v1/sites/{site}/webhooks/deliveries",
        "/api/v1/sites/{site}/webhooks/test",
        "/metrics",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    assert!(doc["components"]["schemas"]["DeliveriesOut"].is_object());
}
