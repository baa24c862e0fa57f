//! Attacks from outside, as issue 11 reproduced them against `candor demo`:
//! each test performs the attack through the public API and asserts that the
//! product's promise holds. Both backends.
#![cfg(feature = "server")]

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use candor::core::model::Role;
use common::{Backend, TestApp};
use futures::StreamExt;
use serde_json::{json, Value};
use tower::ServiceExt;

/// Everything the live-event stream sends when a client resumes after
/// `last_event_id` (the replay and whatever follows within half a second).
async fn replay(app: &TestApp, last_event_id: &str) -> String {
    let request = Request::builder()
        .uri("/api/v1/sites/shop/events")
        .header("last-event-id", last_event_id)
        .body(Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let mut body = response.into_body().into_data_stream();
    let mut text = String::new();
    while let Ok(Some(Ok(chunk))) =
        tokio::time::timeout(Duration::from_millis(500), body.next()).await
    {
        text.push_str(&String::from_utf8_lossy(&chunk));
    }
    text
}

/// A submission from `ip` (through the trusted loopback proxy).
async fn submit_from(app: &TestApp, ip: &str, body: Value) -> (StatusCode, Value) {
    let (status, _, json) = app
        .call(
            Method::POST,
            "/api/v1/sites/shop/reviews",
            Some(body),
            &[("x-forwarded-for", ip)],
        )
        .await;
    (status, json)
}

/// The ids in the public list of `shop`.
async fn public_ids(app: &TestApp) -> Vec<String> {
    let (_, list) = app.get("/api/v1/sites/shop/reviews").await;
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect()
}

// ---- 1. What a person hides is gone from every replay and payload ----

async fn hidden_text_leaves_the_replay(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let owner = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let (status, json) = app
        .post_as(
            &owner,
            "/api/v1/sites/shop/webhooks",
            json!({"url": "https://hooks.shop.example/candor"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    // Three reviews whose words must go: hidden, withdrawn, banned and hidden.
    let secrets = [
        (
            "Dana Quill",
            "My phone is 555-0101, call me about the broken kettle",
        ),
        (
            "Olzhas Bek",
            "Wrong size sent, my address is 12 Abai street flat 4",
        ),
        (
            "Troll Nine",
            "You are all idiots and the owner lives at 3 Lenin st",
        ),
    ];
    let mut ids = Vec::new();
    let mut tokens = Vec::new();
    for (i, (name, text)) in secrets.iter().enumerate() {
        let (status, json) = submit_from(
            &app,
            &format!("203.0.113.{}", i + 10),
            json!({"kind": "review", "rating": 2, "lang": "en", "text": text,
                "author_name": name, "email": format!("author{i}@example.com")}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{json}");
        ids.push(json["id"].as_str().unwrap().to_owned());
        tokens.push(json["author_token"].as_str().unwrap().to_owned());
    }
    // Before: the replay carries the words (the attack's starting point).
    let before = replay(&app, "0").await;
    assert!(before.contains("555-0101") && before.contains("Abai street"));

    let hide = format!("/api/v1/sites/shop/reviews/{}/hide", ids[0]);
    let (status, json) = app
        .post_as(&owner, &hide, json!({"reason": "personal_data"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let (status, _, json) = app
        .call(
            Method::POST,
            &format!("/api/v1/reviews/{}/withdraw", ids[1]),
            Some(json!({})),
            &[("x-candor-token", tokens[1].as_str())],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    // Banning blocks the author's next posts; hiding the post takes it down.
    let base = format!("/api/v1/sites/shop/reviews/{}", ids[2]);
    for (path, body) in [
        ("ban", json!({"reason": "harassment", "days": 1})),
        ("hide", json!({"reason": "harassment"})),
    ] {
        let (status, json) = app.post_as(&owner, &format!("{base}/{path}"), body).await;
        assert_eq!(status, StatusCode::OK, "{path}: {json}");
    }

    let words = [
        "555-0101",
        "Dana Quill",
        "Abai street",
        "Lenin st",
        "Troll Nine",
        "author0@example.com",
        "author2@example.com",
    ];
    for last_event_id in ["0", "-1"] {
        let after = replay(&app, last_event_id).await;
        for word in words {
            assert!(
                !after.contains(word),
                "replay still shows {word:?}: {after}"
            );
        }
        // The takedowns themselves are announced.
        assert!(
            after.contains(&ids[0]) && after.contains("\"hidden\""),
            "{after}"
        );
    }
    let (_, list) = app.get("/api/v1/sites/shop/reviews?last_event_id=0").await;
    for word in words {
        assert!(!list.to_string().contains(word), "{word}: {list}");
    }
    // Pending webhook payloads (the merchant's own receiver) lose them too.
    let deliveries = app.store().deliveries("shop", 50).await.unwrap();
    assert_eq!(deliveries.len(), 3, "{deliveries:?}");
    for delivery in &deliveries {
        for word in ["555-0101", "Abai street", "Lenin st", "author0@example.com"] {
            assert!(!delivery.payload.contains(word), "{}", delivery.payload);
        }
    }
}
both_backends!(hidden_text_leaves_the_replay, hidden_text_leaves_the_replay);

// ---- 2. Copies of a genuine complaint never take it down ----

async fn copies_never_bury_a_published_complaint(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let owner = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let original_text = "The courier left my parcel in the rain, the box was soaked and \
                         the blender inside had rust on the blade after one week of use.";
    let (status, original) = submit_from(
        &app,
        "203.0.113.5",
        json!({"kind": "complaint", "rating": 1, "lang": "en", "text": original_text,
            "email": "genuine@example.com"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{original}");
    let original_id = original["id"].as_str().unwrap().to_owned();
    // The attack: near-copies from other addresses.
    let copy = |n: usize| {
        original_text
            .replace("one week", &format!("{} weeks", n + 1))
            .replace("courier", if n % 2 == 0 { "driver" } else { "courier" })
    };
    let mut copies = Vec::new();
    for n in 0..2 {
        let (status, json) = submit_from(
            &app,
            &format!("198.51.100.{}", n + 20),
            json!({"kind": "complaint", "rating": 1, "lang": "en", "text": copy(n)}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{json}");
        copies.push(json);
    }
    assert_eq!(
        copies[1]["status"], "held",
        "the new copy is held: {copies:?}"
    );
    assert!(
        public_ids(&app).await.contains(&original_id),
        "the original left the list"
    );
    // Only a person's logged action changes it: no system entry about it.
    let (_, log) = app.get("/api/v1/sites/shop/moderation-log").await;
    assert!(
        !log.to_string().contains(&original_id),
        "the original was acted on by the system: {log}"
    );
    // The merchant sees it flagged as part of a suspected campaign.
    let (_, queue) = app
        .get_as(&owner, "/api/v1/sites/shop/queue?suspected=campaign")
        .await;
    let flagged: Vec<&str> = queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["review"]["id"].as_str().unwrap())
        .collect();
    assert!(flagged.contains(&original_id.as_str()), "{queue}");

    // The merchant releases the held copy; another copy does not take the
    // released one (or the original) down again.
    let held_id = copies[1]["id"].as_str().unwrap();
    let (status, json) = app
        .post_as(
            &owner,
            &format!("/api/v1/sites/shop/reviews/{held_id}/release"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let (_, again) = submit_from(
        &app,
        "192.0.2.77",
        json!({"kind": "complaint", "rating": 1, "lang": "en", "text": copy(4)}),
    )
    .await;
    assert_eq!(again["status"], "held", "{again}");
    let listed = public_ids(&app).await;
    assert!(listed.contains(&original_id), "{listed:?}");
    assert!(listed.contains(&held_id.to_owned()), "{listed:?}");
}
both_backends!(
    copies_never_bury_a_published_complaint,
    copies_never_bury_a_published_complaint
);

// ---- 3. Nobody can lock a merchant out ----

async fn login_from(app: &TestApp, ip: &str, password: &str) -> StatusCode {
    let (status, _, _) = app
        .call(
            Method::POST,
            "/api/v1/auth/login",
            Some(json!({"email": "owner@shop.example", "password": password})),
            &[("x-forwarded-for", ip)],
        )
        .await;
    status
}

async fn failures_elsewhere_never_refuse_the_owner(backend: Backend) {
    let Some(app) = TestApp::with_config(backend, |c| {
        c.logins_per_15_minutes = 10;
        c.login_failures_per_account_address = 5;
    })
    .await
    else {
        return;
    };
    let store = app.store();
    let hash = candor::server::rules::accounts::hash_password("correct horse battery").unwrap();
    let id = store
        .create_user("owner@shop.example", "Dana", &hash, 0)
        .await
        .unwrap();
    store.grant(id, "shop", Role::Owner).await.unwrap();

    // Ten wrong passwords from one address: that pair, then that address,
    // is refused...
    let mut statuses = Vec::new();
    for _ in 0..10 {
        statuses.push(login_from(&app, "203.0.113.66", "guess").await);
    }
    assert_eq!(statuses[..5], [StatusCode::UNAUTHORIZED; 5], "{statuses:?}");
    assert!(statuses[5..]
        .iter()
        .all(|s| *s == StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(
        login_from(&app, "203.0.113.66", "correct horse battery").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // ...but the owner, from another address, signs in.
    assert_eq!(
        login_from(&app, "198.51.100.9", "correct horse battery").await,
        StatusCode::OK
    );
    // One wrong try each from rotating addresses does not keep them out.
    for n in 0..12 {
        assert_eq!(
            login_from(&app, &format!("192.0.2.{n}"), "guess").await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        login_from(&app, "198.51.100.10", "correct horse battery").await,
        StatusCode::OK
    );
    // Successes never count: the owner signs in again and again.
    for _ in 0..15 {
        assert_eq!(
            login_from(&app, "198.51.100.11", "correct horse battery").await,
            StatusCode::OK
        );
    }
}
both_backends!(
    failures_elsewhere_never_refuse_the_owner,
    failures_elsewhere_never_refuse_the_owner
);

// ---- 7. One IPv6 network or a mapped address is one client ----

async fn ipv6_networks_and_mapped_addresses_share_a_limit(backend: Backend) {
    let Some(app) = TestApp::with_config(backend, |c| c.submissions_per_ip_per_hour = 3).await
    else {
        return;
    };
    let review = |n: usize| {
        json!({"kind": "review", "rating": 4, "lang": "en",
            "text": format!("Kettle number {n} boils fast and the lid closes well")})
    };
    let mut statuses = Vec::new();
    for n in 0..5 {
        let ip = format!("2001:db8:77:1::{:x}", n + 1);
        statuses.push(submit_from(&app, &ip, review(n)).await.0);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::CREATED,
            StatusCode::CREATED,
            StatusCode::CREATED,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::TOO_MANY_REQUESTS
        ],
        "one /64"
    );
    // Another /64 is another client.
    assert_eq!(
        submit_from(&app, "2001:db8:77:2::1", review(9)).await.0,
        StatusCode::CREATED
    );
    // An IPv4 address and its IPv6-mapped form share one limit.
    let mut statuses = Vec::new();
    for (n, ip) in ["10.6.6.6", "::ffff:10.6.6.6", "10.6.6.6", "::ffff:10.6.6.6"]
        .iter()
        .enumerate()
    {
        statuses.push(submit_from(&app, ip, review(20 + n)).await.0);
    }
    assert_eq!(statuses[3], StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");

    // A ban on one address of a /64 holds for its neighbours.
    let owner = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let (status, troll) = submit_from(&app, "2001:db8:99:1::5", review(40)).await;
    assert_eq!(status, StatusCode::CREATED, "{troll}");
    let ban = format!(
        "/api/v1/sites/shop/reviews/{}/ban",
        troll["id"].as_str().unwrap()
    );
    let (status, json) = app
        .post_as(&owner, &ban, json!({"reason": "spam", "days": 1}))
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let (status, json) = submit_from(&app, "2001:db8:99:1:abcd::7", review(41)).await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("banned"))
    );
}
both_backends!(
    ipv6_networks_and_mapped_addresses_share_a_limit,
    ipv6_networks_and_mapped_addresses_share_a_limit
);

// ---- Limits and bans hold across instances on one PostgreSQL database ----

/// A submission from `ip` with the response's `Retry-After`.
async fn submit_with_retry(app: &TestApp, ip: &str, n: usize) -> (StatusCode, Value, Option<u64>) {
    let body = json!({"kind": "review", "rating": 4, "lang": "en",
        "text": format!("Teapot number {n} pours without dripping on the table")});
    let (status, headers, json) = app
        .call(
            Method::POST,
            "/api/v1/sites/shop/reviews",
            Some(body),
            &[("x-forwarded-for", ip)],
        )
        .await;
    let retry = headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    (status, json, retry)
}

/// Two instances behind a load balancer share one PostgreSQL database: the
/// per-address limit counts requests to both (before, each instance allowed
/// the whole limit), and a ban made through one refuses on the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limits_and_bans_hold_across_instances() {
    let Some(first) =
        TestApp::with_config(Backend::Postgres, |c| c.submissions_per_ip_per_hour = 4).await
    else {
        return;
    };
    let second = first.another_instance().await;
    assert_eq!(first.state.limiter.kind(), "database");
    assert_eq!(second.state.limiter.kind(), "database");

    // Four submissions from one address, alternating: all accepted.
    for n in 0..4 {
        let app = if n % 2 == 0 { &first } else { &second };
        let (status, json, _) = submit_with_retry(app, "10.20.30.40", n).await;
        assert_eq!(status, StatusCode::CREATED, "submission {n}: {json}");
    }
    // The fifth is refused on either instance, with a wait.
    for (n, app) in [&first, &second].into_iter().enumerate() {
        let (status, json, retry) = submit_with_retry(app, "10.20.30.40", 10 + n).await;
        assert_eq!(
            (status, json["error"].as_str()),
            (StatusCode::TOO_MANY_REQUESTS, Some("rate_limited")),
            "instance {n}: {json}"
        );
        // One request per 15 minutes after the burst of four an hour.
        assert!(retry.is_some_and(|s| (1..=900).contains(&s)), "{retry:?}");
    }
    // Another address has its own allowance on both.
    for app in [&first, &second] {
        assert_eq!(
            submit_with_retry(app, "10.20.30.41", 20).await.0,
            StatusCode::CREATED
        );
    }

    // A ban through the first instance refuses on the second at once.
    let owner = first
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let (status, troll, _) = submit_with_retry(&second, "10.9.9.9", 30).await;
    assert_eq!(status, StatusCode::CREATED, "{troll}");
    let ban = format!(
        "/api/v1/sites/shop/reviews/{}/ban",
        troll["id"].as_str().unwrap()
    );
    let (status, json) = first
        .post_as(&owner, &ban, json!({"reason": "spam", "days": 1}))
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    for app in [&second, &first] {
        let (status, json, _) = submit_with_retry(app, "10.9.9.9", 31).await;
        assert_eq!(
            (status, json["error"].as_str()),
            (StatusCode::FORBIDDEN, Some("banned"))
        );
    }
    // Both instances hash addresses under the one installation secret.
    let ip = "10.9.9.9".parse().unwrap();
    assert_eq!(
        first.state.clients.ip_hash("shop", ip, 64),
        second.state.clients.ip_hash("shop", ip, 64)
    );
}

// ---- 9. Addresses are kept under a keyed hash; old bans keep working ----

async fn addresses_are_hashed_with_a_server_secret(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let ip: std::net::IpAddr = "10.7.7.7".parse().unwrap();
    let keyed = app.state.clients.ip_hash("shop", ip, 64);
    let legacy = candor::server::rules::client::legacy_ip_hash("shop", ip, 64);
    assert_ne!(keyed, legacy);

    // A new review keeps the keyed hash, not the one anyone can compute
    // from the public site id.
    let (status, json, _) = submit_with_retry(&app, "10.7.7.7", 1).await;
    assert_eq!(status, StatusCode::CREATED, "{json}");
    let stored = app
        .store()
        .review(json["id"].as_str().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.ip_hash.as_deref(), Some(keyed.as_str()));

    // A ban stored before the upgrade, under the legacy hash, still refuses
    // that client, and is moved to the keyed hash on the way.
    app.store()
        .write(candor::server::storage::WriteBatch {
            bans: vec![candor::server::storage::NewBan {
                site: "shop".into(),
                email_sha256: None,
                ip_hash: Some(legacy.clone()),
                reason: "spam".into(),
                created_at: 0,
                expires_at: None,
            }],
            ..Default::default()
        })
        .await
        .unwrap();
    let (status, json, _) = submit_with_retry(&app, "::ffff:10.7.7.7", 2).await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("banned"))
    );
    let now = candor::server::now_ms();
    let store = app.store();
    assert!(store
        .is_banned("shop", None, Some(&keyed), now)
        .await
        .unwrap());
    assert!(!store
        .is_banned("shop", None, Some(&legacy), now)
        .await
        .unwrap());
    // Still refused under the new key; a neighbour is not.
    assert_eq!(
        submit_with_retry(&app, "10.7.7.7", 3).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        submit_with_retry(&app, "10.7.7.8", 4).await.0,
        StatusCode::CREATED
    );
}
both_backends!(
    addresses_are_hashed_with_a_server_secret,
    addresses_are_hashed_with_a_server_secret
);

// ---- 4. Junk requests cannot grow the metrics; metrics need a token ----

async fn junk_methods_do_not_grow_the_metrics(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let scrape = || async {
        let (status, _, _) = app.call(Method::GET, "/metrics", None, &[]).await;
        assert_eq!(status, StatusCode::OK);
        let response = app
            .router
            .clone()
            .oneshot(Request::get("/metrics").body(Body::empty()).unwrap())
            .await
            .unwrap();
        let bytes = http_body_util::BodyExt::collect(response.into_body())
            .await
            .unwrap()
            .to_bytes();
        String::from_utf8(bytes.to_vec()).unwrap()
    };
    let before = scrape().await;
    for n in 0..300 {
        let method =
            Method::from_bytes(format!("JUNK{n}{}", "X".repeat(n * 10)).as_bytes()).unwrap();
        let path = format!("/no/such/path/{n}");
        let uri = if n % 2 == 0 {
            "/api/v1/sites/shop/reviews"
        } else {
            path.as_str()
        };
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .body(Body::empty())
            .unwrap();
        let response = app.router.clone().oneshot(request).await.unwrap();
        assert!(response.status().is_client_error(), "{}", response.status());
    }
    let after = scrape().await;
    assert!(!after.contains("JUNK"), "a made-up method became a label");
    assert!(
        !after.contains("/no/such/path"),
        "a raw path became a label"
    );
    let series = |text: &str| text.lines().filter(|l| !l.starts_with('#')).count();
    assert!(
        series(&after) <= series(&before) + 40,
        "series grew from {} to {}",
        series(&before),
        series(&after)
    );
}
both_backends!(
    junk_methods_do_not_grow_the_metrics,
    junk_methods_do_not_grow_the_metrics
);

#[tokio::test]
async fn metrics_need_a_token_by_default() {
    let Some(app) = TestApp::with_config(Backend::Sqlite, |c| c.metrics_public = false).await
    else {
        return;
    };
    let (status, _, json) = app.call(Method::GET, "/metrics", None, &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{json}");
    assert!(!candor::server::config::ServerConfig::default().metrics_public);
}

// ---- 5. A badge nobody can earn by knowing an order number ----

/// Twelve different texts (copies of one would be held as a campaign).
const KETTLE_REVIEWS: [&str; 12] = [
    "Boils a full litre in under three minutes, quieter than my old one",
    "The lid spring broke after a month but the shop sent a new lid",
    "Arrived on Tuesday, well packed, the blue colour matches the photos",
    "Handle gets warm near the top, otherwise a solid steel body",
    "My daughter uses it for tea every morning, no plastic taste at all",
    "Limescale filter is easy to remove and rinse under the tap",
    "Cord is short, about seventy centimetres, plan the socket position",
    "Switches off reliably when empty, which was my main worry",
    "Bought as a gift for my father, he likes the temperature dial",
    "Courier called ahead and came at nine as promised",
    "Water window is hard to read in the evening light",
    "Second one in our office, the first has worked for two years",
];

/// Registers an order signed with the site's order secret.
async fn register_order(app: &TestApp, body: Value, secret: &str) -> (StatusCode, Value) {
    let body = body.to_string();
    let now = chrono::Utc::now().timestamp();
    let signature = candor::server::http::orders::sign(secret, now, body.as_bytes());
    let (status, _, json) = app
        .call_raw(
            Method::POST,
            "/api/v1/sites/shop/orders",
            body,
            &[
                ("x-candor-timestamp", now.to_string().as_str()),
                ("x-candor-signature", signature.as_str()),
            ],
        )
        .await;
    (status, json)
}

async fn one_order_number_verifies_one_review_per_product(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let email = |who: &str| {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(who.as_bytes()))
    };
    // Twelve reviews from twelve addresses quote one order number.
    for (n, text) in KETTLE_REVIEWS.iter().enumerate() {
        let (status, json) = submit_from(
            &app,
            &format!("203.0.113.{}", 100 + n),
            json!({"kind": "review", "rating": 5, "lang": "en", "product": "kettle",
                "order_ref": "ORD-42", "email": format!("buyer{n}@example.com"),
                "text": text}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{json}");
    }
    let (status, json) = register_order(
        &app,
        json!({"order_ref": "ORD-42", "email_sha256": email("buyer7@example.com"),
            "products": ["kettle", "mug"]}),
        "secret-of-shop",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(
        json["verified_reviews"].as_array().unwrap().len(),
        1,
        "{json}"
    );
    let badges = |list: &Value| {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["badges"] == json!(["verified_order"]))
            .count()
    };
    let (_, list) = app.get("/api/v1/sites/shop/reviews").await;
    assert_eq!(badges(&list), 1, "{list}");
    // More reviews quoting it, even from the right e-mail, add none for the
    // same product; one for the other ordered product.
    for (product, n) in [("kettle", 7), ("mug", 7), ("mug", 7), ("sofa", 7)] {
        submit_from(
            &app,
            "198.51.100.200",
            json!({"kind": "review", "rating": 5, "lang": "en", "product": product,
                "order_ref": "ORD-42", "email": format!("buyer{n}@example.com"),
                "text": format!("A follow-up about the {product}: still in daily use, {product} holds up")}),
        )
        .await;
    }
    let (_, list) = app.get("/api/v1/sites/shop/reviews").await;
    assert_eq!(badges(&list), 2, "{list}");
}
both_backends!(
    one_order_number_verifies_one_review_per_product,
    one_order_number_verifies_one_review_per_product
);

async fn a_webhook_receiver_cannot_forge_orders(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let owner = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let set = |body: Value| {
        let app = &app;
        let owner = owner.clone();
        async move {
            let (status, json) = app
                .post_as(&owner, "/api/v1/sites/shop/webhooks", body)
                .await;
            assert_eq!(status, StatusCode::OK, "{json}");
            json
        }
    };
    let first = set(json!({"url": "https://hooks.shop.example/a"})).await;
    let webhook_secret = first["secret"].as_str().unwrap().to_owned();
    assert_ne!(webhook_secret, "secret-of-shop");
    // Shown once: changing the URL does not show it again.
    let again = set(json!({"url": "https://hooks.shop.example/b"})).await;
    assert_eq!(again["secret"], Value::Null, "{again}");
    // The receiver's secret cannot register orders.
    app.submit(json!({"kind": "review", "rating": 5, "text": "Lovely kettle", "order_ref": "F-1"}))
        .await;
    let (status, json) = register_order(&app, json!({"order_ref": "F-1"}), &webhook_secret).await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_signature"))
    );
    // Rotation issues a new one.
    let rotated = set(json!({"url": "https://hooks.shop.example/b", "rotate_secret": true})).await;
    let new_secret = rotated["secret"].as_str().unwrap();
    assert_ne!(new_secret, webhook_secret);
    let site = app.store().site("shop").await.unwrap().unwrap();
    assert_eq!(site.webhook_secret.as_deref(), Some(new_secret));
}
both_backends!(
    a_webhook_receiver_cannot_forge_orders,
    a_webhook_receiver_cannot_forge_orders
);

// ---- 6. Webhooks are no port scanner ----

async fn webhooks_refuse_private_targets(backend: Backend) {
    let Some(app) = TestApp::with_config(backend, |c| {
        c.webhook_retry_delays_secs = vec![];
        c.webhook_poll_ms = 20;
    })
    .await
    else {
        return;
    };
    let owner = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    for url in [
        "http://127.0.0.1:22/",
        "http://[::1]:5432/",
        "http://10.0.0.7:8080/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd12::1]/",
        "http://[::ffff:127.0.0.1]:6379/",
        "http://localhost:9000/",
    ] {
        let (status, json) = app
            .post_as(&owner, "/api/v1/sites/shop/webhooks", json!({"url": url}))
            .await;
        assert_eq!(
            (status, json["error"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_url")),
            "{url}: {json}"
        );
    }
    // A name that resolves to loopback at delivery time (DNS rebinding) is
    // refused on the resolved address; the report names a class, not the
    // raw connection error.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = hits.clone();
    let server = tokio::spawn(async move {
        while let Ok((_socket, _)) = listener.accept().await {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    });
    // A loopback name other than `localhost` from /etc/hosts (the set-time
    // check cannot know where a name points; the resolver must).
    let rebound = std::fs::read_to_string("/etc/hosts")
        .unwrap_or_default()
        .lines()
        .filter_map(|line| {
            let mut parts = line.split_whitespace();
            let ip: std::net::IpAddr = parts.next()?.parse().ok()?;
            let name = parts.find(|n| !n.contains("localhost"))?;
            ip.is_loopback().then(|| name.to_owned())
        })
        .next();
    let mut urls = vec![format!("http://127.0.0.1:{port}/hook")];
    match rebound {
        Some(name) => urls.push(format!("http://{name}:{port}/hook")),
        None => eprintln!("no loopback name in /etc/hosts: the resolver path is not exercised"),
    }
    let mut site = app.store().site("shop").await.unwrap().unwrap();
    for url in urls {
        site.webhook_url = Some(url.clone());
        site.webhook_secret = Some("whsec_test".into());
        app.store().update_site(&site).await.unwrap();
        let (status, json) = app
            .post_as(&owner, "/api/v1/sites/shop/webhooks/test", json!({}))
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{json}");
        let client = candor::server::delivery::client(&app.state.config).unwrap();
        candor::server::delivery::deliver_due(&app.state, &client)
            .await
            .unwrap();
        let (_, list) = app
            .get_as(&owner, "/api/v1/sites/shop/webhooks/deliveries")
            .await;
        let last = &list["items"][0];
        assert_eq!(last["status"], "failed", "{url}: {list}");
        assert_eq!(last["last_error"], "blocked_address", "{url}: {list}");
    }
    assert_eq!(
        hits.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "a connection reached loopback"
    );
    server.abort();
}
both_backends!(
    webhooks_refuse_private_targets,
    webhooks_refuse_private_targets
);

// ---- 8. Connections: a cap per client, a bounded replay, timeouts ----

async fn open_events(app: &TestApp, ip: &str, last_id: Option<&str>) -> axum::response::Response {
    let mut request = Request::builder()
        .uri("/api/v1/sites/shop/events")
        .header("x-forwarded-for", ip);
    if let Some(id) = last_id {
        request = request.header("last-event-id", id);
    }
    app.router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap()
}

async fn live_streams_are_capped_per_client(backend: Backend) {
    let Some(app) = TestApp::with_config(backend, |c| c.sse_connections_per_client = 3).await
    else {
        return;
    };
    let mut held = Vec::new();
    for _ in 0..3 {
        let response = open_events(&app, "203.0.113.9", None).await;
        assert_eq!(response.status(), StatusCode::OK);
        held.push(response);
    }
    let refused = open_events(&app, "203.0.113.9", None).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    // The same /64 is the same client; another address is not.
    let mut v6 = Vec::new();
    let mut v6_held = Vec::new();
    for n in 1..=4 {
        let response = open_events(&app, &format!("2001:db8:5:5::{n}"), None).await;
        v6.push(response.status());
        v6_held.push(response);
    }
    assert_eq!(
        v6.iter().filter(|s| **s == StatusCode::OK).count(),
        3,
        "{v6:?}"
    );
    assert_eq!(
        open_events(&app, "198.51.100.4", None).await.status(),
        StatusCode::OK
    );
    // A closed stream frees its slot.
    held.pop();
    assert_eq!(
        open_events(&app, "203.0.113.9", None).await.status(),
        StatusCode::OK
    );
}
both_backends!(
    live_streams_are_capped_per_client,
    live_streams_are_capped_per_client
);

async fn replay_is_bounded(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let owner = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let created = app
        .submit(json!({"kind": "complaint", "rating": 1, "lang": "en",
            "text": "The parcel arrived broken and nobody answers the phone."}))
        .await;
    let id = created["id"].as_str().unwrap();
    for n in 0..(candor::server::http::sse::REPLAY_LIMIT + 10) {
        let (status, json) = app
            .post_as(
                &owner,
                &format!("/api/v1/sites/shop/reviews/{id}/replies"),
                json!({"text": format!("Update {n}: we are checking with the courier today.")}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{json}");
    }
    let everything = replay(&app, "0").await;
    assert!(
        everything.contains("event: reload"),
        "{}",
        &everything[..300]
    );
    assert!(
        !everything.contains("event: reply_created"),
        "a client too far behind gets no backlog"
    );
    assert!(everything.len() < 4_000, "{} bytes", everything.len());
    // A client only a little behind gets its events.
    let events = app.store().events_after("shop", 0, 1000).await.unwrap();
    let recent = events[events.len() - 3].id.to_string();
    let some = replay(&app, &recent).await;
    assert_eq!(some.matches("event: reply_created").count(), 2, "{some}");
    assert!(!some.contains("event: reload"));
}
both_backends!(replay_is_bounded, replay_is_bounded);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_and_trickling_clients_are_disconnected() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let Some(app) = TestApp::with_config(Backend::Sqlite, |c| c.header_read_timeout_secs = 1).await
    else {
        return;
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(candor::server::run::serve_on(
        app.state.clone(),
        listener,
        async move {
            let _ = stopped.await;
        },
    ));
    // Closed within the timeout (plus slack), as seen by a client that
    // waits for the server to hang up.
    async fn closed_within(stream: &mut tokio::net::TcpStream, limit: Duration) -> bool {
        let mut buffer = [0u8; 1024];
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            match tokio::time::timeout_at(deadline, stream.read(&mut buffer)).await {
                Ok(Ok(0)) | Ok(Err(_)) => return true,
                Ok(Ok(_)) => continue,
                Err(_) => return false,
            }
        }
    }
    // Sends nothing.
    let mut silent = tokio::net::TcpStream::connect(address).await.unwrap();
    assert!(
        closed_within(&mut silent, Duration::from_secs(4)).await,
        "a silent client stayed"
    );
    // Trickles a header byte every 300 ms.
    let mut slow = tokio::net::TcpStream::connect(address).await.unwrap();
    let trickle = tokio::spawn(async move {
        for byte in b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaa" {
            if slow.write_all(&[*byte]).await.is_err() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        false
    });
    let cut_off = tokio::time::timeout(Duration::from_secs(8), trickle)
        .await
        .expect("the trickle ran to the end")
        .unwrap();
    assert!(cut_off, "a trickling client was never cut off");
    // A normal request still works.
    let mut normal = tokio::net::TcpStream::connect(address).await.unwrap();
    normal
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = String::new();
    normal.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}

// ---- 9. The author token never travels in a URL ----

async fn the_author_token_is_refused_in_the_url(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let created = app
        .submit(json!({"kind": "complaint", "rating": 1, "lang": "en",
            "text": "The parcel arrived open and one cup was broken inside"}))
        .await;
    let id = created["id"].as_str().unwrap();
    let token = created["author_token"].as_str().unwrap();

    // The right token in the URL is refused before anything is looked up or
    // changed, in the reader's language.
    let view = format!("/api/v1/reviews/{id}?token={token}");
    let (status, _, json) = app
        .call(Method::GET, &view, None, &[("accept-language", "ru")])
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("token_in_url"))
    );
    assert!(
        json["message"].as_str().unwrap().contains("X-Candor-Token"),
        "{json}"
    );
    assert_ne!(
        json["message"].as_str(),
        app.get(&view).await.1["message"].as_str(),
        "localised"
    );
    // Also alongside the header, and on actions: the review stays as it was.
    let withdraw = format!("/api/v1/reviews/{id}/withdraw?token={token}");
    let (status, _, json) = app
        .call(
            Method::POST,
            &withdraw,
            Some(json!({})),
            &[("x-candor-token", token)],
        )
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("token_in_url"))
    );
    let (status, json) = app
        .post(&format!("/api/v1/reviews/{id}/confirm?token="), json!({}))
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("token_in_url")),
        "even empty"
    );
    // The header works, and the review was not withdrawn.
    let (status, json) = app
        .get_author(token, &format!("/api/v1/reviews/{id}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["can_withdraw"], true);

    // The document says so: the header parameter, no query parameter (a
    // client reading the document never sends one), the refusal as a 400,
    // and the code among the errors.
    let (_, doc) = app.get("/api/v1/openapi.json").await;
    let operation = &doc["paths"]["/api/v1/reviews/{id}"]["get"];
    let params = operation["parameters"].as_array().unwrap();
    let param = |name: &str| params.iter().find(|p| p["name"] == name).cloned();
    let header = param("X-Candor-Token").expect("header documented");
    assert_eq!(header["in"], "header");
    assert!(param("token").is_none(), "{params:?}");
    assert!(operation["responses"]["400"]["description"]
        .as_str()
        .unwrap()
        .contains("token_in_url"));
    let codes = doc["components"]["schemas"]["ErrorBody"]["properties"]["error"]["enum"]
        .as_array()
        .unwrap();
    assert!(codes.contains(&json!("token_in_url")), "{codes:?}");
}
both_backends!(
    the_author_token_is_refused_in_the_url,
    the_author_token_is_refused_in_the_url
);
// ---- 9. Sessions end when the password changes; cookies are Secure on HTTPS ----

async fn a_new_password_ends_every_session(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let store = app.store();
    let old = candor::server::rules::accounts::hash_password("correct horse battery").unwrap();
    let id = store
        .create_user("owner@shop.example", "Dana", &old, 0)
        .await
        .unwrap();
    store.grant(id, "shop", Role::Owner).await.unwrap();
    let (status, _, login) = app
        .call(
            Method::POST,
            "/api/v1/auth/login",
            Some(json!({"email": "owner@shop.example", "password": "correct horse battery"})),
            &[("x-forwarded-proto", "https")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{login}");
    let token = login["token"].as_str().unwrap().to_owned();
    assert_eq!(
        app.get_as(&token, "/api/v1/auth/me").await.0,
        StatusCode::OK
    );
    // The stolen session dies with the password change (`candor user add`
    // with a new password updates the account).
    let new = candor::server::rules::accounts::hash_password("a much better one").unwrap();
    store.update_user(id, "Dana", &new).await.unwrap();
    assert_eq!(
        app.get_as(&token, "/api/v1/auth/me").await.0,
        StatusCode::UNAUTHORIZED
    );
    // Renaming alone keeps sessions.
    let (_, _, again) = app
        .call(
            Method::POST,
            "/api/v1/auth/login",
            Some(json!({"email": "owner@shop.example", "password": "a much better one"})),
            &[],
        )
        .await;
    let token = again["token"].as_str().unwrap().to_owned();
    store.update_user(id, "Dana K.", &new).await.unwrap();
    assert_eq!(
        app.get_as(&token, "/api/v1/auth/me").await.0,
        StatusCode::OK
    );
}
both_backends!(
    a_new_password_ends_every_session,
    a_new_password_ends_every_session
);

#[tokio::test]
async fn the_session_cookie_is_secure_over_https() {
    let Some(app) = TestApp::new(Backend::Sqlite).await else {
        return;
    };
    let hash = candor::server::rules::accounts::hash_password("correct horse battery").unwrap();
    let id = app
        .store()
        .create_user("owner@shop.example", "Dana", &hash, 0)
        .await
        .unwrap();
    app.store().grant(id, "shop", Role::Owner).await.unwrap();
    for (proto, secure) in [("https", true), ("http", false)] {
        let (status, headers, _) = app
            .call(
                Method::POST,
                "/api/v1/auth/login",
                Some(json!({"email": "owner@shop.example", "password": "correct horse battery"})),
                &[("x-forwarded-proto", proto)],
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let cookie = headers["set-cookie"].to_str().unwrap();
        assert_eq!(cookie.contains("Secure"), secure, "{proto}: {cookie}");
    }
}
