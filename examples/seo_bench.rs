//! Times the server-rendered reviews and the star-badge batch in-process
//! (issue 14): the fragment's size and its server time per request (median
//! and p90 over 1,000 requests), the JSON list of the same page as the peer
//! measured in the same run, and the badge batch for 100 products.
//!
//! ```sh
//! cargo run --release --example seo_bench [-- --requests 1000]
//! ```
//!
//! It runs on a temporary SQLite database seeded with 200 reviews of one
//! product (a fifth of them answered, some in Persian) and 2 reviews each of
//! 100 others. Absolute times drift on a shared machine; compare the
//! fragment with the JSON list of the same run.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use candor::server::config::ServerConfig;
use candor::server::storage::SiteRecord;
use candor::server::AppState;
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

async fn call(
    router: &axum::Router,
    method: &str,
    uri: &str,
    body: Option<String>,
) -> (StatusCode, Vec<u8>) {
    let mut builder = Request::builder().method(method).uri(uri);
    if body.is_some() {
        builder = builder.header("content-type", "application/json");
    }
    let request = builder
        .body(body.map(Body::from).unwrap_or_else(Body::empty))
        .expect("request");
    let response = router.clone().oneshot(request).await.expect("response");
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (status, bytes.to_vec())
}

/// Median and 90th percentile of `n` timed GETs, and the last body's size.
async fn time(router: &axum::Router, uri: &str, n: usize) -> (Duration, Duration, usize) {
    let mut times = Vec::with_capacity(n);
    let mut size = 0;
    for _ in 0..n {
        let start = Instant::now();
        let (status, body) = call(router, "GET", uri, None).await;
        times.push(start.elapsed());
        assert_eq!(status, StatusCode::OK, "{uri}");
        size = body.len();
    }
    times.sort();
    (times[n / 2], times[n * 9 / 10], size)
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let requests: usize = std::env::args()
        .skip_while(|a| a != "--requests")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let dir = tempfile_dir();
    let config = ServerConfig {
        db: format!("sqlite://{}/bench.db", dir.display()),
        submissions_per_ip_per_hour: 1_000_000,
        submissions_per_site_per_minute: 1_000_000,
        webhooks: false,
        ..ServerConfig::default()
    };
    let state = AppState::open(config).await.expect("database");
    state
        .store
        .create_site(&SiteRecord {
            id: "bench".to_owned(),
            name: "Bench shop".to_owned(),
            origins: vec!["https://shop.example".to_owned()],
            languages: vec!["en".to_owned()],
            schedule: r#"{"timezone":"UTC","always_open":true}"#.to_owned(),
            promise_minutes: 10,
            details_wait_hours: 72,
            secret: "bench-secret".to_owned(),
            webhook_url: None,
            webhook_secret: None,
            created_at: 0,
        })
        .await
        .expect("site");
    let router = candor::server::app(state.clone());
    // Texts that share no word stem (the campaign check compares the first
    // five letters of words), so none is held.
    let word = |i: usize, alphabet: &[char]| -> String {
        let mut n = i * 7919 + 13;
        (0..6)
            .map(|_| {
                let c = alphabet[n % alphabet.len()];
                n /= alphabet.len();
                c
            })
            .collect()
    };
    let latin: Vec<char> = "abcdefghijklmnopqrstuvwxyz".chars().collect();
    let persian: Vec<char> = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی".chars().collect();
    for i in 0..200 {
        let text = if i % 7 == 0 {
            let w = |k: usize| word(i * 4 + k, &persian);
            format!("{} {} {} {} کتری.", w(0), w(1), w(2), w(3))
        } else {
            let w = |k: usize| word(i * 4 + k, &latin);
            format!("{} {} {} {} kettle.", w(0), w(1), w(2), w(3))
        };
        let body = json!({"kind": if i % 5 == 0 { "complaint" } else { "review" },
            "rating": 1 + i % 5, "product": "kettle", "author_name": format!("Shopper {i}"),
            "lang": if i % 7 == 0 { "fa" } else { "en" }, "text": text});
        let (status, body) = call(
            &router,
            "POST",
            "/api/v1/sites/bench/reviews",
            Some(body.to_string()),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
        assert!(
            String::from_utf8_lossy(&body).contains("\"published\""),
            "held: {i}"
        );
    }
    for p in 0..100 {
        for j in 0..2 {
            let body = json!({"kind": "review", "rating": 1 + (p + j) % 5, "product": format!("p{p}"),
                "text": format!("{} {} {} {}.", word(100_000 + p * 8 + j * 4, &latin),
                    word(100_001 + p * 8 + j * 4, &latin), word(100_002 + p * 8 + j * 4, &latin),
                    word(100_003 + p * 8 + j * 4, &latin))});
            let (status, _) = call(
                &router,
                "POST",
                "/api/v1/sites/bench/reviews",
                Some(body.to_string()),
            )
            .await;
            assert_eq!(status, StatusCode::CREATED);
        }
    }
    let products: Vec<String> = (0..100).map(|p| format!("p{p}")).collect();
    let cases = [
        (
            "fragment (first page of 20 of 200)",
            "/api/v1/sites/bench/products/kettle/reviews.html".to_owned(),
        ),
        (
            "JSON list, same page (peer)",
            "/api/v1/sites/bench/reviews?product=kettle".to_owned(),
        ),
        (
            "JSON-LD",
            "/api/v1/sites/bench/products/kettle/reviews.jsonld".to_owned(),
        ),
        (
            "badge batch, 100 products",
            format!(
                "/api/v1/sites/bench/ratings?products={}",
                products.join(",")
            ),
        ),
    ];
    println!("| request | median ms | p90 ms | body bytes |");
    println!("| --- | ---: | ---: | ---: |");
    for (name, uri) in &cases {
        // Warm the caches first.
        time(&router, uri, 20).await;
        let (median, p90, size) = time(&router, uri, requests).await;
        println!("| {name} | {} | {} | {size} |", ms(median), ms(p90));
    }
    let _ = std::fs::remove_dir_all(dir);
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("candor-seo-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
