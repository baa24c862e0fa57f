//! In-process tests of merchant accounts, moderation actions, author actions
//! and the moderation rules, on SQLite and PostgreSQL.
#![cfg(feature = "server")]

mod common;

use axum::http::{Method, StatusCode};
use candor::core::model::Role;
use candor::server::rules::accounts::hash_password;
use common::{complaint, Backend, TestApp};
use serde_json::json;

const ACTIONS: [&str; 9] = [
    "replies",
    "resolve",
    "request-details",
    "order-not-found",
    "moved-private",
    "hide",
    "release",
    "ban",
    "reopen",
];

async fn login_and_sessions(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let store = app.store();
    let hash = hash_password("correct horse battery").unwrap();
    let id = store
        .create_user("owner@shop.example", "Dana", &hash, 0)
        .await
        .unwrap();
    store.grant(id, "shop", Role::Owner).await.unwrap();

    let (status, json) = app
        .post(
            "/api/v1/auth/login",
            json!({"email": "owner@shop.example", "password": "wrong"}),
        )
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_credentials"))
    );
    let (status, json) = app
        .post(
            "/api/v1/auth/login",
            json!({"email": "nobody@shop.example", "password": "wrong"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{json}");

    let (status, headers, json) = app
        .call(
            Method::POST,
            "/api/v1/auth/login",
            Some(json!({"email": "Owner@Shop.Example", "password": "correct horse battery"})),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let token = json["token"].as_str().unwrap().to_owned();
    assert_eq!(json["me"]["sites"][0]["site"], "shop");
    assert_eq!(json["me"]["sites"][0]["role"], "owner");
    let cookie = headers["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"));
    let cookie_pair = cookie.split(';').next().unwrap().to_owned();

    let (status, me) = app.get_as(&token, "/api/v1/auth/me").await;
    assert_eq!(
        (status, me["display_name"].as_str()),
        (StatusCode::OK, Some("Dana"))
    );
    // The cookie works for reads...
    let (status, _, _) = app
        .call(
            Method::GET,
            "/api/v1/sites/shop/queue",
            None,
            &[("cookie", &cookie_pair)],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    // ...but a cookie-authenticated change needs the anti-CSRF header.
    let (status, _, json) = app
        .call(
            Method::POST,
            "/api/v1/sites/shop/heartbeat",
            None,
            &[("cookie", &cookie_pair)],
        )
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("csrf_failed"))
    );
    let (status, _, _) = app
        .call(
            Method::POST,
            "/api/v1/sites/shop/heartbeat",
            None,
            &[("cookie", &cookie_pair), ("x-candor-csrf", "1")],
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    let (status, _, _) = app
        .call(
            Method::POST,
            "/api/v1/auth/logout",
            None,
            &[("authorization", &format!("Bearer {token}"))],
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, json) = app.get_as(&token, "/api/v1/auth/me").await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthenticated"))
    );
}
both_backends!(login_logout_and_csrf, login_and_sessions);

async fn login_rate_limit(backend: Backend) {
    let Some(app) = TestApp::with_config(backend, |c| c.logins_per_15_minutes = 3).await else {
        return;
    };
    let body = json!({"email": "x@shop.example", "password": "guess"});
    for _ in 0..3 {
        assert_eq!(
            app.post("/api/v1/auth/login", body.clone()).await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    let (status, headers, json) = app
        .call(Method::POST, "/api/v1/auth/login", Some(body), &[])
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(json["error"], "too_many_login_attempts");
    assert!(headers.contains_key("retry-after"));
}
both_backends!(brute_force_logins_are_limited, login_rate_limit);

async fn authorisation(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let review = app
        .submit(complaint("The lid cracked on the second day"))
        .await;
    let id = review["id"].as_str().unwrap();
    let other_merchant = app.merchant("other", "m@other.example", Role::Owner).await;
    for action in ACTIONS {
        let uri = format!("/api/v1/sites/shop/reviews/{id}/{action}");
        let body = json!({"text": "We are on it", "note": "Done", "reason": "insult"});
        // A shopper (no session).
        let (status, json) = app.post(&uri, body.clone()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{action}: {json}");
        // A forged token.
        let (status, _) = app.post_as(&"0".repeat(64), &uri, body.clone()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{action}");
        // Another site's merchant.
        let (status, json) = app.post_as(&other_merchant, &uri, body).await;
        assert_eq!(
            (status, json["error"].as_str()),
            (StatusCode::FORBIDDEN, Some("not_your_site")),
            "{action}"
        );
    }
    let (status, _) = app.get("/api/v1/sites/shop/queue").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app
        .get_as(&other_merchant, "/api/v1/sites/shop/queue")
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .post_as(&other_merchant, "/api/v1/sites/shop/heartbeat", json!({}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A merchant of `other` cannot reach a `shop` review through their own site either.
    let (status, json) = app
        .post_as(
            &other_merchant,
            &format!("/api/v1/sites/other/reviews/{id}/replies"),
            json!({"text": "hi"}),
        )
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("review_not_found"))
    );
    // Nothing changed.
    let (_, list) = app.get("/api/v1/sites/shop/reviews").await;
    assert_eq!(list["items"][0]["replies"].as_array().unwrap().len(), 0);
}
both_backends!(
    merchant_endpoints_refuse_shoppers_and_other_sites,
    authorisation
);

async fn resolution_flow(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let merchant = app
        .merchant("shop", "agent@shop.example", Role::Moderator)
        .await;
    let created = app
        .submit(complaint("The kettle arrived broken on 3 May"))
        .await;
    let id = created["id"].as_str().unwrap();
    let token = created["author_token"].as_str().unwrap();
    let base = format!("/api/v1/sites/shop/reviews/{id}");

    let (status, queue) = app.get_as(&merchant, "/api/v1/sites/shop/queue").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(queue["items"][0]["review"]["id"], id);
    assert!(queue["items"][0]["answer_due_at"].is_string());

    let (status, json) = app
        .post_as(
            &merchant,
            &format!("{base}/replies"),
            json!({"text": "Sorry! A courier brings a new one tomorrow."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert!(json["item"]["first_answer_at"].is_string());
    let (status, json) = app
        .post_as(&merchant, &format!("{base}/replies"), json!({"text": " "}))
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("text_too_short"))
    );
    // Resolving needs a note.
    let (status, _) = app
        .post_as(&merchant, &format!("{base}/resolve"), json!({}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, json) = app
        .post_as(
            &merchant,
            &format!("{base}/resolve"),
            json!({"note": "Replacement delivered."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let (status, json) = app
        .post_as(
            &merchant,
            &format!("{base}/resolve"),
            json!({"note": "Again"}),
        )
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::CONFLICT, Some("already_resolved"))
    );

    let (_, list) = app.get("/api/v1/sites/shop/reviews").await;
    let item = &list["items"][0];
    assert_eq!(item["badges"], json!(["resolved_by_merchant", "answered"]));
    let replies = item["replies"].as_array().unwrap();
    assert_eq!(replies.len(), 2);
    assert_eq!(replies[0]["author"], "Agent agent@shop.example");
    assert_eq!(replies[0]["kind"], "answer");
    assert!(replies[0]["minutes_after"].is_number());
    assert_eq!(list["summary"]["resolved_share"], 1.0);

    // The author sees it through the private link and confirms.
    let (status, json) = app.get(&format!("/api/v1/reviews/{id}")).await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("missing_token"))
    );
    let (status, json) = app
        .get_author(&"f".repeat(64), &format!("/api/v1/reviews/{id}"))
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("invalid_token"))
    );
    let (status, view) = app
        .get_author(token, &format!("/api/v1/reviews/{id}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["can_confirm"], true);
    let (status, view) = app
        .post_author(token, &format!("/api/v1/reviews/{id}/confirm"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["review"]["badges"][0], "resolved_confirmed");
    // The author may reopen; the merchant's badge goes away.
    let (status, view) = app
        .post_author(token, &format!("/api/v1/reviews/{id}/reopen"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["review"]["badges"], json!(["answered"]));
    let (status, json) = app
        .post_author(token, &format!("/api/v1/reviews/{id}/confirm"), json!({}))
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::CONFLICT, Some("not_resolved"))
    );
    // Withdrawal is the author's alone, and final.
    let (status, _, view) = app
        .call(
            Method::POST,
            &format!("/api/v1/reviews/{id}/withdraw"),
            Some(json!({})),
            &[("x-candor-token", token)],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["review"]["status"], "withdrawn");
    let (status, _) = app
        .post_as(
            &merchant,
            &format!("{base}/replies"),
            json!({"text": "Hello?"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, list) = app.get("/api/v1/sites/shop/reviews").await;
    assert_eq!(list["summary"]["count"], 0);
    let (_, log) = app.get("/api/v1/sites/shop/moderation-log").await;
    let actions: Vec<&str> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["withdraw", "reopen"]);
    assert_eq!(log["entries"][0]["actor"], "author");
}
both_backends!(reply_resolve_confirm_reopen_withdraw, resolution_flow);

async fn suspected_fake_flow(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let merchant = app
        .merchant("shop", "agent@shop.example", Role::Owner)
        .await;
    let created = app.submit(json!({"kind": "review", "rating": 1, "text": "Just a terrible company, I do not recommend it."})).await;
    let id = created["id"].as_str().unwrap();
    let token = created["author_token"].as_str().unwrap();
    let base = format!("/api/v1/sites/shop/reviews/{id}");
    // Too early for "order not found" before a request, and right after one.
    let (status, json) = app
        .post_as(&merchant, &format!("{base}/order-not-found"), json!({}))
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::CONFLICT, Some("details_not_requested"))
    );
    let (status, json) = app
        .post_as(&merchant, &format!("{base}/request-details"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(
        json["item"]["review"]["replies"][0]["kind"],
        "details_request"
    );
    let (status, json) = app
        .post_as(&merchant, &format!("{base}/order-not-found"), json!({}))
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::CONFLICT, Some("too_early"))
    );
    // The author answers privately; a registered order makes it verified.
    let (status, view) = app
        .get_author(token, &format!("/api/v1/reviews/{id}"))
        .await;
    assert_eq!(
        (status, view["details_requested"].as_bool()),
        (StatusCode::OK, Some(true))
    );
    let (status, json) = app
        .post_author(
            token,
            &format!("/api/v1/reviews/{id}/details"),
            json!({"order_ref": "<x>"}),
        )
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_order_ref"))
    );
    let (status, view) = app
        .post_author(
            token,
            &format!("/api/v1/reviews/{id}/details"),
            json!({"order_ref": "A-77", "order_date": "2025-01-02"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["details_requested"], false);
    let (_, list) = app.get("/api/v1/sites/shop/reviews").await;
    assert!(
        !list.to_string().contains("A-77"),
        "order details stay private"
    );
    let (_, queue) = app.get_as(&merchant, "/api/v1/sites/shop/queue").await;
    assert_eq!(queue["items"][0]["order_ref"], "A-77");
}
both_backends!(details_request_and_private_answer, suspected_fake_flow);

async fn abuse_hide_and_ban(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let merchant = app
        .merchant("shop", "agent@shop.example", Role::Owner)
        .await;
    let uri = "/api/v1/sites/shop/reviews";
    let (_, _, created) = app
        .call(
            Method::POST,
            uri,
            Some(json!({"kind": "review", "rating": 1, "text": "Your manager Olga is an idiot", "email": "troll@example.com"})),
            &[("x-forwarded-for", "198.51.100.20")],
        )
        .await;
    let id = created["id"].as_str().unwrap();
    let base = format!("/api/v1/sites/shop/reviews/{id}");
    let (status, json) = app
        .post_as(
            &merchant,
            &format!("{base}/hide"),
            json!({"reason": "because"}),
        )
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_reason"))
    );
    let (status, json) = app
        .post_as(
            &merchant,
            &format!("{base}/hide"),
            json!({"reason": "insult"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["item"]["review"]["status"], "hidden");
    let (status, _) = app
        .post_as(
            &merchant,
            &format!("{base}/hide"),
            json!({"reason": "insult"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, list) = app.get(uri).await;
    assert_eq!(list["summary"]["count"], 0);
    let (status, json) = app
        .post_as(
            &merchant,
            &format!("{base}/ban"),
            json!({"reason": "harassment", "days": 30}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    // Banned by e-mail (from another address) and by address (without e-mail).
    let (status, _, json) = app
        .call(Method::POST, uri, Some(json!({"kind": "review", "rating": 1, "text": "I am back again", "email": "TROLL@example.com"})), &[("x-forwarded-for", "198.51.100.99")])
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("banned"))
    );
    let (status, _, _) = app
        .call(
            Method::POST,
            uri,
            Some(json!({"kind": "review", "rating": 1, "text": "I am back again"})),
            &[("x-forwarded-for", "198.51.100.20")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = app
        .call(
            Method::POST,
            uri,
            Some(json!({"kind": "review", "rating": 4, "text": "Nice shop, fast delivery"})),
            &[("x-forwarded-for", "198.51.100.21")],
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "others still post");
    // The public log has counts and reasons but never the hidden text.
    let (status, log) = app.get("/api/v1/sites/shop/moderation-log").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!log.to_string().contains("idiot"));
    let counts = log["counts"].as_array().unwrap();
    assert!(
        counts
            .iter()
            .any(|c| c["action"] == "hide" && c["reason"] == "insult" && c["count"] == 1),
        "{log}"
    );
    assert!(counts
        .iter()
        .any(|c| c["action"] == "ban" && c["reason"] == "harassment"));
    assert_eq!(log["entries"][0]["actor"], "Agent agent@shop.example");
    // Release publishes it again (the merchant decides; still logged).
    let (status, _) = app
        .post_as(&merchant, &format!("{base}/release"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, list) = app.get(uri).await;
    assert_eq!(list["summary"]["count"], 2);
}
both_backends!(hide_ban_and_public_log, abuse_hide_and_ban);

async fn campaign_hold(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let template = [
        "Terrible shop, I do not recommend it to anyone, avoid this company at all costs.",
        "Terrible shop, I do not recommend it to anybody, avoid this company at all costs!",
        "Terrible store, I do not recommend it to anyone, avoid this company at all costs.",
    ];
    let submit_from = |ip: &'static str, body: serde_json::Value| {
        let app = &app;
        async move {
            let (status, _, json) = app
                .call(
                    Method::POST,
                    "/api/v1/sites/shop/reviews",
                    Some(body),
                    &[("x-forwarded-for", ip)],
                )
                .await;
            assert_eq!(status, StatusCode::CREATED, "{json}");
            json
        }
    };
    let first = submit_from(
        "198.51.100.1",
        json!({"kind": "review", "rating": 1, "text": template[0]}),
    )
    .await;
    assert_eq!(first["status"], "published");
    let second = submit_from(
        "198.51.100.2",
        json!({"kind": "review", "rating": 1, "text": template[1]}),
    )
    .await;
    assert_eq!(second["status"], "published");
    app.submit(json!({"kind": "review", "rating": 5, "text": "The blender arrived on Monday and crushes ice in seconds."})).await;
    // A third sender completes the campaign: only the new copy is held.
    let third = submit_from(
        "198.51.100.3",
        json!({"kind": "review", "rating": 1, "text": template[2]}),
    )
    .await;
    assert_eq!(third["status"], "held", "{third}");
    let (_, list) = app.get("/api/v1/sites/shop/reviews").await;
    assert_eq!(
        list["summary"]["count"], 3,
        "published copies stay published: {list}"
    );
    let (_, log) = app.get("/api/v1/sites/shop/moderation-log").await;
    let holds: Vec<_> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "campaign_hold")
        .collect();
    assert_eq!(holds.len(), 1, "{log}");
    assert_eq!(holds[0]["reason"], "template_campaign");
    assert_eq!(holds[0]["actor"], "system");
}
both_backends!(template_campaigns_are_held, campaign_hold);

async fn negative_reviews_are_never_held(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    for (i, text) in [
        "The kettle arrived late, on 9 May instead of 2 May.",
        "Support did not answer my e-mail about the refund for order 5521.",
        "The blender lid broke after two weeks; the shop refused a return.",
    ]
    .iter()
    .enumerate()
    {
        let created = app
            .submit(json!({"kind": "complaint", "rating": 1, "text": text}))
            .await;
        assert_eq!(created["status"], "published", "#{i}");
    }
    let (_, list) = app.get("/api/v1/sites/shop/reviews").await;
    assert_eq!(list["summary"]["count"], 3);
}
both_backends!(
    one_star_reviews_publish_immediately,
    negative_reviews_are_never_held
);

async fn typical_answer_and_presence(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let merchant = app
        .merchant("shop", "agent@shop.example", Role::Owner)
        .await;
    for i in 0..5 {
        let created = app
            .submit(complaint(&format!(
                "Order {i} arrived with a broken handle"
            )))
            .await;
        let id = created["id"].as_str().unwrap();
        let (status, _) = app
            .post_as(
                &merchant,
                &format!("/api/v1/sites/shop/reviews/{id}/replies"),
                json!({"text": "Sorry, a replacement is on its way."}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        if i == 3 {
            let (_, status) = app.get("/api/v1/sites/shop/status").await;
            assert!(
                status["typical_answer_minutes"].is_null(),
                "under 5 samples"
            );
        }
    }
    let (_, status) = app.get("/api/v1/sites/shop/status").await;
    assert_eq!(status["typical_answer_minutes"], 0, "{status}");
    assert_eq!(status["online"], false);
    let (code, _) = app
        .post_as(&merchant, "/api/v1/sites/shop/heartbeat", json!({}))
        .await;
    assert_eq!(code, StatusCode::NO_CONTENT);
    let (_, status) = app.get("/api/v1/sites/shop/status").await;
    assert_eq!(status["online"], true);
    let (_, list) = app.get("/api/v1/sites/shop/reviews").await;
    assert_eq!(list["summary"]["typical_answer_minutes"], 0);
}
both_backends!(
    typical_answer_minutes_and_online,
    typical_answer_and_presence
);

async fn deadline_follows_working_hours(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    // A site that is never open today: the deadline falls after the next opening.
    let mut site = app.store().site("shop").await.unwrap().unwrap();
    site.schedule = r#"{"timezone":"UTC","weekly":{},"special":{}}"#.to_owned();
    let now = chrono::Utc::now();
    let far = (now + chrono::Duration::days(3))
        .format("%Y-%m-%d")
        .to_string();
    site.schedule = format!(r#"{{"timezone":"UTC","special":{{"{far}":[["09:00","17:00"]]}}}}"#);
    app.store().update_site(&site).await.unwrap();
    let created = app
        .submit(complaint("My parcel is lost since Friday"))
        .await;
    let due =
        chrono::DateTime::parse_from_rfc3339(created["answer_due_at"].as_str().unwrap()).unwrap();
    assert_eq!(
        due.format("%Y-%m-%d %H:%M").to_string(),
        format!("{far} 09:10")
    );
    let (_, status) = app.get("/api/v1/sites/shop/status").await;
    assert_eq!(status["open_now"], false);
    assert_eq!(status["online"], false);
    assert_eq!(status["next_open_at"], format!("{far}T09:00:00Z"));
}
both_backends!(
    answer_deadline_uses_the_schedule,
    deadline_follows_working_hours
);

async fn orders_verify_reviews(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let created = app
        .submit(json!({"kind": "review", "rating": 4, "text": "Good kettle, fast delivery to Almaty", "order_ref": "B-500"}))
        .await;
    let body = json!({"order_ref": "B-500", "order_date": "2025-02-01"}).to_string();
    let now = chrono::Utc::now().timestamp();
    let signature = candor::server::http::orders::sign("secret-of-shop", now, body.as_bytes());
    let send = |sig: String, ts: i64| send_order(&app, &body, sig, ts);
    let (status, json) = send("sha256=00".to_owned(), now).await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_signature"))
    );
    let (status, _) = send(signature.clone(), now - 3600).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "stale timestamp");
    let (status, json) = send(signature, now).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["verified_reviews"][0], created["id"]);
    let (_, list) = app.get("/api/v1/sites/shop/reviews").await;
    assert_eq!(list["items"][0]["badges"], json!(["verified_order"]));
    // The order (no products listed) verified one review: a second one
    // quoting it gets no badge.
    app.submit(json!({"kind": "review", "rating": 5, "text": "Second kettle for my mother", "order_ref": "B-500"})).await;
    let (_, list) = app.get("/api/v1/sites/shop/reviews").await;
    assert_eq!(list["items"][0]["badges"], json!([]));
    assert_eq!(list["items"][1]["badges"], json!(["verified_order"]));
}
both_backends!(signed_orders_give_verified_badges, orders_verify_reviews);

/// Posts an order registration signed with `signature` at `timestamp`.
async fn send_order(
    app: &TestApp,
    body: &str,
    signature: String,
    timestamp: i64,
) -> (StatusCode, serde_json::Value) {
    let (status, _, json) = app
        .call_raw(
            Method::POST,
            "/api/v1/sites/shop/orders",
            body.to_owned(),
            &[
                ("x-candor-timestamp", timestamp.to_string().as_str()),
                ("x-candor-signature", signature.as_str()),
            ],
        )
        .await;
    (status, json)
}

/// Runs statements on the test's database directly, as an operator would.
async fn raw_sql(app: &TestApp, statements: &[&str]) {
    use sqlx::Connection;
    if app.db.url.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(&app.db.url).await.unwrap();
        for sql in statements {
            sqlx::query(sql).execute(&mut conn).await.unwrap();
        }
    } else {
        let mut conn = sqlx::PgConnection::connect(&app.db.url).await.unwrap();
        for sql in statements {
            sqlx::query(sql).execute(&mut conn).await.unwrap();
        }
    }
}

/// The order, the reviews' badge and the live events announcing it are one
/// transaction: when the announcement cannot be written (a trigger refuses
/// every new event), nothing of the registration is kept either.
async fn order_and_announcement_commit_together(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let created = app
        .submit(json!({"kind": "review", "rating": 4, "text": "Good kettle, fast delivery to Almaty", "order_ref": "C-7"}))
        .await;
    let id = created["id"].as_str().unwrap().to_owned();
    let refuse_events = match backend {
        Backend::Sqlite => vec![
            "CREATE TRIGGER refuse_events BEFORE INSERT ON events \
             BEGIN SELECT RAISE(ABORT, 'events refused'); END",
        ],
        Backend::Postgres => vec![
            "CREATE FUNCTION refuse_events() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'events refused'; END $$",
            "CREATE TRIGGER refuse_events BEFORE INSERT ON events \
             FOR EACH ROW EXECUTE FUNCTION refuse_events()",
        ],
    };
    raw_sql(&app, &refuse_events).await;
    let body = json!({"order_ref": "C-7"}).to_string();
    let now = chrono::Utc::now().timestamp();
    let signature = candor::server::http::orders::sign("secret-of-shop", now, body.as_bytes());
    let (status, json) = send_order(&app, &body, signature, now).await;
    assert!(status.is_server_error(), "{status} {json}");
    let review = app.store().review(&id).await.unwrap().unwrap();
    assert!(
        !review.state.verified_order,
        "the badge was kept without its announcement"
    );
    assert!(app
        .store()
        .orders_matching("shop", Some("C-7"), None)
        .await
        .unwrap()
        .is_empty());

    // Once events can be written again, the same registration succeeds
    // and is announced.
    raw_sql(
        &app,
        &[match backend {
            Backend::Sqlite => "DROP TRIGGER refuse_events",
            Backend::Postgres => "DROP TRIGGER refuse_events ON events",
        }],
    )
    .await;
    let signature = candor::server::http::orders::sign("secret-of-shop", now, body.as_bytes());
    let (status, json) = send_order(&app, &body, signature, now).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["verified_reviews"], json!([id]));
    let events = app.store().events_after("shop", 0, 100).await.unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.name == "review_updated" && e.data.contains("verified_order")),
        "{events:?}"
    );
}
both_backends!(
    order_and_announcement_commit_together,
    order_and_announcement_commit_together
);
