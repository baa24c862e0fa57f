//! In-process tests of the public API on SQLite and PostgreSQL: submitting,
//! listing, validation and error shapes, abuse defences, CORS, status, the
//! OpenAPI document.
#![cfg(feature = "server")]

mod common;

use axum::http::{Method, StatusCode};
use common::{complaint, Backend, TestApp};
use serde_json::{json, Value};

async fn submit_and_list(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let created = app
        .submit(json!({
            "kind": "complaint", "rating": 1, "product": "kettle",
            "text": "The kettle I ordered on 3 May arrived with a cracked lid and leaks.",
            "author_name": "Dana", "email": "Dana@Example.com", "order_ref": "A-1",
            "order_date": "2025-05-03", "lang": "en"
        }))
        .await;
    assert_eq!(created["status"], "published");
    assert!(created["id"].as_str().unwrap().starts_with("r_"));
    assert_eq!(created["author_token"].as_str().unwrap().len(), 64);
    assert!(created["answer_due_at"].is_string(), "{created}");
    assert!(created["check"]["verdict"].is_string());
    assert!(created["check"]["reasons"].is_array());
    let review = app
        .submit(json!({"kind": "review", "rating": 5, "text": "Great blender, used daily since June.", "product": "blender"}))
        .await;
    assert!(
        review.get("answer_due_at").is_none(),
        "reviews have no deadline"
    );

    let (status, list) = app.get("/api/v1/sites/shop/reviews").await;
    assert_eq!(status, StatusCode::OK);
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    // Newest first; no private fields anywhere.
    assert_eq!(items[0]["kind"], "review");
    let text = list.to_string();
    assert!(!text.contains("dana@example.com") && !text.contains("A-1"));
    for key in [
        "id",
        "kind",
        "rating",
        "text",
        "author_name",
        "created_at",
        "status",
        "badges",
        "replies",
    ] {
        assert!(items[1].get(key).is_some(), "missing {key}");
    }
    let summary = &list["summary"];
    assert_eq!(summary["count"], 2);
    assert_eq!(summary["average"], 3.0);
    assert_eq!(summary["histogram"]["1"], 1);
    assert_eq!(summary["histogram"]["5"], 1);
    assert_eq!(summary["resolved_share"], 0.0);
    assert!(summary["typical_answer_minutes"].is_null());

    let (_, filtered) = app.get("/api/v1/sites/shop/reviews?product=kettle").await;
    assert_eq!(filtered["items"].as_array().unwrap().len(), 1);
    let (_, by_rating) = app
        .get("/api/v1/sites/shop/reviews?rating=5&sort=lowest")
        .await;
    assert_eq!(by_rating["items"][0]["rating"], 5);
    let (_, lowest) = app.get("/api/v1/sites/shop/reviews?sort=lowest").await;
    assert_eq!(lowest["items"][0]["rating"], 1);
    // Other sites see nothing.
    let (_, other) = app.get("/api/v1/sites/other/reviews").await;
    assert_eq!(other["items"].as_array().unwrap().len(), 0);
}
both_backends!(submit_and_list_works, submit_and_list);

async fn bad_input_is_rejected_with_json(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let uri = "/api/v1/sites/shop/reviews";
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"kind": "rant", "rating": 1, "text": "Broken on arrival"}),
            "invalid_kind",
        ),
        (
            json!({"kind": "review", "rating": 0, "text": "Broken on arrival"}),
            "invalid_rating",
        ),
        (
            json!({"kind": "review", "rating": 6, "text": "Broken on arrival"}),
            "invalid_rating",
        ),
        (
            json!({"kind": "review", "rating": 2.5, "text": "Broken on arrival"}),
            "invalid_field",
        ),
        (
            json!({"kind": "review", "rating": 2, "text": "  "}),
            "text_too_short",
        ),
        (
            json!({"kind": "review", "rating": 2, "text": "x".repeat(5001)}),
            "text_too_long",
        ),
        (
            json!({"kind": "review", "rating": 2, "text": "Broken", "email": "not-an-email"}),
            "invalid_email",
        ),
        (
            json!({"kind": "review", "rating": 2, "text": "Broken", "order_date": "03/05/2025"}),
            "invalid_order_date",
        ),
        (
            json!({"kind": "review", "rating": 2, "text": "Broken", "order_date": "2999-01-01"}),
            "invalid_order_date",
        ),
        (
            json!({"kind": "review", "rating": 2, "text": "Broken", "order_ref": "<b>1</b>"}),
            "invalid_order_ref",
        ),
        (
            json!({"kind": "review", "rating": 2, "text": "Broken", "lang": "de"}),
            "invalid_lang",
        ),
        (
            json!({"kind": "review", "rating": 2, "text": "Broken", "author_name": "x".repeat(81)}),
            "text_too_long",
        ),
        (
            json!({"kind": "review", "rating": 2, "text": "Broken", "admin": true}),
            "invalid_field",
        ),
        (json!({"kind": "review", "rating": 2}), "invalid_field"),
        (
            json!({"kind": "review", "rating": 2, "text": "Broken kettle", "website": "http://spam"}),
            "spam_detected",
        ),
    ];
    for (body, code) in cases {
        let (status, json) = app.post(uri, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body} -> {json}");
        assert_eq!(json["error"], code, "{body} -> {json}");
        assert!(json["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    // Nothing was stored.
    let (_, list) = app.get(uri).await;
    assert_eq!(list["summary"]["count"], 0);

    let (status, _, json) = app
        .call(
            Method::POST,
            uri,
            None,
            &[("content-type", "application/json")],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{json}");
    let (status, _, json) = app.call(Method::POST, uri, None, &[]).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(json["error"], "unsupported_media_type");
    let (status, json) = app
        .post("/api/v1/sites/nope/reviews", complaint("Broken kettle lid"))
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("site_not_found"))
    );
    let (status, json) = app.get("/api/v1/nothing-here").await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    let (status, _, json) = app.call(Method::DELETE, uri, None, &[]).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(json["error"], "method_not_allowed");
    let (status, json) = app.get("/api/v1/sites/shop/reviews?rating=9").await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_rating"))
    );
    let (status, json) = app.get("/api/v1/sites/shop/reviews?page=abc").await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_query"))
    );
    let (status, json) = app.get("/api/v1/sites/shop/reviews?sort=random").await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_sort"))
    );

    // Messages follow Accept-Language.
    let (_, _, json) = app
        .call(
            Method::POST,
            uri,
            Some(json!({"kind": "x", "rating": 1, "text": "Broken kettle"})),
            &[("accept-language", "el-GR, en;q=0.5")],
        )
        .await;
    // The whole message is Greek: no English detail pasted in.
    assert_eq!(
        json["message"].as_str().unwrap(),
        candor::server::rules::error::ErrorCode::InvalidKind.text(candor::core::lang::Lang::El),
        "{json}"
    );
    assert!(
        json["message"].as_str().unwrap().contains("είδος"),
        "{json}"
    );
}
both_backends!(bad_input, bad_input_is_rejected_with_json);

async fn body_limit(backend: Backend) {
    let Some(app) = TestApp::with_config(backend, |c| c.body_limit_bytes = 4096).await else {
        return;
    };
    let big = json!({"kind": "review", "rating": 3, "text": "a".repeat(10_000)});
    let (status, json) = app.post("/api/v1/sites/shop/reviews", big).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(json["error"], "payload_too_large");
}
both_backends!(oversized_bodies_get_413, body_limit);

async fn unicode_hygiene(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let persian = "سفارش را\u{202E} دیروز گرفتم و می\u{200C}خواهم\u{200B} پس بدهم";
    app.submit(json!({"kind": "review", "rating": 2, "text": persian, "lang": "fa", "author_name": "Ali\u{2066}ce"}))
        .await;
    let (_, list) = app.get("/api/v1/sites/shop/reviews").await;
    let text = list["items"][0]["text"].as_str().unwrap();
    assert_eq!(text, "سفارش را دیروز گرفتم و می\u{200C}خواهم پس بدهم");
    assert_eq!(list["items"][0]["author_name"], "Alice");
    // NFC.
    app.submit(json!({"kind": "review", "rating": 4, "text": "Cafe\u{0301} grinder works well"}))
        .await;
    let (_, list) = app.get("/api/v1/sites/shop/reviews").await;
    assert_eq!(list["items"][0]["text"], "Caf\u{00E9} grinder works well");
}
both_backends!(unicode_is_cleaned, unicode_hygiene);

async fn rate_limits(backend: Backend) {
    let Some(app) = TestApp::with_config(backend, |c| {
        c.submissions_per_ip_per_hour = 2;
        c.submissions_per_site_per_minute = 3;
    })
    .await
    else {
        return;
    };
    let uri = "/api/v1/sites/shop/reviews";
    let send = |ip: &'static str, text: &'static str| {
        let app = &app;
        async move {
            app.call(
                Method::POST,
                uri,
                Some(complaint(text)),
                &[("x-forwarded-for", ip)],
            )
            .await
        }
    };
    assert_eq!(
        send("203.0.113.1", "Lid cracked on day one").await.0,
        StatusCode::CREATED
    );
    assert_eq!(
        send("203.0.113.1", "Handle fell off after a week").await.0,
        StatusCode::CREATED
    );
    let (status, headers, json) = send("203.0.113.1", "Third complaint from one address").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(json["error"], "rate_limited");
    let retry: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry >= 1);
    // Another address may still post, until the per-site limit.
    assert_eq!(
        send("203.0.113.2", "Courier left the box outside").await.0,
        StatusCode::CREATED
    );
    assert_eq!(
        send("203.0.113.3", "Refund took three weeks").await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
}
both_backends!(submissions_are_rate_limited, rate_limits);

async fn cors(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let preflight = |origin: &'static str, path: &'static str| {
        let app = &app;
        async move {
            app.call(
                Method::OPTIONS,
                path,
                None,
                &[
                    ("origin", origin),
                    ("access-control-request-method", "POST"),
                    ("access-control-request-headers", "content-type"),
                ],
            )
            .await
            .1
        }
    };
    let allowed = preflight("https://shop.example", "/api/v1/sites/shop/reviews").await;
    assert_eq!(
        allowed["access-control-allow-origin"],
        "https://shop.example"
    );
    let foreign = preflight("https://evil.example", "/api/v1/sites/shop/reviews").await;
    assert!(foreign.get("access-control-allow-origin").is_none());
    let cross = preflight("https://other.example", "/api/v1/sites/shop/reviews").await;
    assert!(
        cross.get("access-control-allow-origin").is_none(),
        "other site's origin"
    );
    let (_, headers, _) = app
        .call(
            Method::GET,
            "/api/v1/sites/shop/reviews",
            None,
            &[("origin", "https://shop.example")],
        )
        .await;
    assert_eq!(
        headers["access-control-allow-origin"],
        "https://shop.example"
    );
}
both_backends!(cors_allows_only_the_sites_origins, cors);

async fn status_and_health(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let (status, json) = app.get("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["status"], "ok");
    let (status, json) = app.get("/api/v1/sites/shop/status").await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["online"], false);
    assert_eq!(json["open_now"], true);
    assert_eq!(json["promise_minutes"], 10);
    assert!(json["typical_answer_minutes"].is_null());
    assert!(json["next_open_at"].is_null());
    assert_eq!(json["timezone"], "UTC");
    assert!(json["hours"].is_object());
    let (status, _) = app.get("/api/v1/sites/nope/status").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
both_backends!(status_and_health_answer, status_and_health);

#[tokio::test]
async fn openapi_documents_every_route() {
    let Some(app) = TestApp::new(Backend::Sqlite).await else {
        return;
    };
    let (status, doc) = app.get("/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/healthz",
        "/api/v1/sites/{site}/reviews",
        "/api/v1/sites/{site}/status",
        "/api/v1/sites/{site}/events",
        "/api/v1/sites/{site}/moderation-log",
        "/api/v1/reviews/{id}",
        "/api/v1/reviews/{id}/confirm",
        "/api/v1/auth/login",
        "/api/v1/sites/{site}/queue",
        "/api/v1/sites/{site}/reviews/{id}/resolve",
        "/api/v1/sites/{site}/reviews/{id}/hide",
        "/api/v1/sites/{site}/reviews/{id}/ban",
        "/api/v1/sites/{site}/orders",
    ] {
        assert!(paths.contains_key(path), "missing {path}");
    }
    assert!(doc["components"]["schemas"]["SubmitReview"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

/// The served OpenAPI document equals the reviewed snapshot in
/// `tests/data/openapi.json` (taken before the rules/http split and kept
/// since), so a route, status code, field or range cannot change without a
/// visible diff. After a deliberate change: `CANDOR_BLESS=1 cargo nextest
/// run openapi_matches` rewrites the snapshot; review its diff.
#[tokio::test]
async fn openapi_matches_the_reviewed_snapshot() {
    let Some(app) = TestApp::new(Backend::Sqlite).await else {
        return;
    };
    let (_, doc) = app.get("/api/v1/openapi.json").await;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/openapi.json");
    let served = serde_json::to_string_pretty(&doc).unwrap();
    if std::env::var("CANDOR_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &served).unwrap();
        return;
    }
    let snapshot: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    if snapshot != doc {
        let paths = |d: &serde_json::Value| {
            d["paths"]
                .as_object()
                .map(|o| o.keys().cloned().collect::<std::collections::BTreeSet<_>>())
                .unwrap_or_default()
        };
        panic!(
            "the served OpenAPI document differs from tests/data/openapi.json \
             (paths only served: {:?}; only in the snapshot: {:?}); if the change is \
             deliberate, run with CANDOR_BLESS=1 and review the diff",
            paths(&doc)
                .difference(&paths(&snapshot))
                .collect::<Vec<_>>(),
            paths(&snapshot)
                .difference(&paths(&doc))
                .collect::<Vec<_>>(),
        );
    }
}

/// The errors schemathesis found undocumented (issue 11, item 10) are
/// answered with a stable code and listed in the document for their
/// operation; whole numbers sent as `5.0` are accepted and a JSON array is
/// not read as an object.
#[tokio::test]
async fn openapi_lists_the_errors_the_server_answers() {
    let Some(app) = TestApp::new(Backend::Sqlite).await else {
        return;
    };
    let (_, doc) = app.get("/api/v1/openapi.json").await;
    let documented = |path: &str, method: &str, status: StatusCode| {
        let responses = &doc["paths"][path][method]["responses"];
        assert!(
            responses.get(status.as_str()).is_some(),
            "{method} {path} does not document {status}: {responses}"
        );
    };
    let too_big = "9223372036854775808";
    /// Method, URI, documented path, body, status, error code.
    type Case<'a> = (Method, String, &'a str, Option<Value>, StatusCode, &'a str);
    let cases: Vec<Case> = vec![
        (
            Method::GET,
            format!("/api/v1/sites/shop/moderation-log?page={too_big}"),
            "/api/v1/sites/{site}/moderation-log",
            None,
            StatusCode::BAD_REQUEST,
            "invalid_query",
        ),
        (
            Method::GET,
            format!("/api/v1/sites/shop/events?last_event_id={too_big}"),
            "/api/v1/sites/{site}/events",
            None,
            StatusCode::BAD_REQUEST,
            "invalid_query",
        ),
        (
            Method::GET,
            "/api/v1/sites/shop/moderation-log?page=0".to_owned(),
            "/api/v1/sites/{site}/moderation-log",
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_page",
        ),
        (
            Method::POST,
            "/api/v1/reviews/r_1/confirm".to_owned(),
            "/api/v1/reviews/{id}/confirm",
            None,
            StatusCode::UNAUTHORIZED,
            "missing_token",
        ),
        (
            Method::POST,
            "/api/v1/reviews/r_1/withdraw?token=abc".to_owned(),
            "/api/v1/reviews/{id}/withdraw",
            None,
            StatusCode::BAD_REQUEST,
            "token_in_url",
        ),
        (
            Method::POST,
            "/api/v1/sites/shop/reviews".to_owned(),
            "/api/v1/sites/{site}/reviews",
            Some(json!([null, null])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
        ),
    ];
    for (method, uri, path, body, status, code) in cases {
        let (got, _, json) = app.call(method.clone(), &uri, body, &[]).await;
        assert_eq!((got, json["error"].as_str()), (status, Some(code)), "{uri}");
        documented(path, &method.as_str().to_lowercase(), status);
    }
    // An id beyond 64 bits, as a signed-in merchant: 400, documented.
    let token = app
        .merchant(
            "shop",
            "agent@shop.example",
            candor::core::model::Role::Owner,
        )
        .await;
    let auth = format!("Bearer {token}");
    let (status, _, json) = app
        .call(
            Method::POST,
            &format!("/api/v1/sites/shop/actions/{too_big}/undo"),
            None,
            &[("authorization", &auth)],
        )
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_path"))
    );
    documented(
        "/api/v1/sites/{site}/actions/{action_id}/undo",
        "post",
        status,
    );
    // A NUL byte is not JSON: 400, documented.
    let (status, _, json) = app
        .call_raw(
            Method::POST,
            "/api/v1/sites/shop/reviews",
            "\0".to_owned(),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{json}");
    documented("/api/v1/sites/{site}/reviews", "post", status);
    // Without Content-Type: 415, documented on every JSON body.
    let (status, _, _) = app
        .call(Method::POST, "/api/v1/auth/login", None, &[])
        .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    documented("/api/v1/auth/login", "post", status);
    // A timestamp at i64::MIN is a bad signature, not an overflow.
    let (status, _, json) = app
        .call_raw(
            Method::POST,
            "/api/v1/sites/shop/orders",
            "{}".to_owned(),
            &[
                ("x-candor-timestamp", &i64::MIN.to_string()),
                ("x-candor-signature", "sha256=00"),
            ],
        )
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_signature"))
    );
    // `5.0` is the whole number 5.
    let mut body = complaint("The kettle lid cracked on the second day of use.");
    body["rating"] = json!(5.0);
    app.submit(body).await;
    // The schema is as strict as the server: ratings, kinds, reasons, days.
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["SubmitReview"]["properties"]["rating"]["minimum"],
        1
    );
    assert_eq!(
        schemas["SubmitReview"]["properties"]["rating"]["maximum"],
        5
    );
    assert_eq!(
        schemas["SubmitReview"]["properties"]["kind"]["enum"],
        json!(["review", "complaint"])
    );
    assert_eq!(schemas["AbuseBody"]["properties"]["days"]["minimum"], 1);
    assert!(schemas["AbuseBody"]["properties"]["reason"]["enum"]
        .as_array()
        .is_some_and(|r| r.contains(&json!("personal_data")) && !r.contains(&json!(""))));
    assert!(schemas["ErrorBody"]["properties"]["error"]["enum"]
        .as_array()
        .is_some_and(|codes| codes.contains(&json!("invalid_query"))));
}

#[tokio::test]
async fn serves_storefront_and_widget_with_the_right_headers() {
    let files = tempfile::tempdir().unwrap();
    let www = files.path().join("www");
    let pkg = files.path().join("pkg");
    std::fs::create_dir_all(&www).unwrap();
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(www.join("index.html"), "<h1>shop</h1>").unwrap();
    std::fs::write(pkg.join("candor_bg.0123abcd.wasm"), b"\0asm").unwrap();
    std::fs::write(pkg.join("candor.js"), "export {}").unwrap();
    let Some(app) = TestApp::with_config(Backend::Sqlite, |c| {
        c.static_dir = Some(www.clone());
        c.widget_dir = Some(pkg.clone());
    })
    .await
    else {
        return;
    };
    let (status, headers, _) = app.call(Method::GET, "/", None, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let (status, headers, _) = app
        .call(
            Method::GET,
            "/widget/candor_bg.0123abcd.wasm",
            None,
            &[("origin", "https://shop.example")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/wasm");
    assert!(headers["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    assert_eq!(
        headers["access-control-allow-origin"],
        "https://shop.example"
    );
    let (_, headers, _) = app.call(Method::GET, "/widget/candor.js", None, &[]).await;
    assert_eq!(headers["cache-control"], "public, max-age=300");
    // API paths still answer JSON errors when a static fallback exists.
    let (status, json) = app.get("/api/v1/unknown").await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
}
