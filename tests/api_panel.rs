//! In-process tests of the moderation panel's server side (issue 5): hidden
//! placeholders in the public list, undo, the queue's triage fields and
//! filters, stop-engaging, history, saved replies, private messages and
//! presence — every endpoint on SQLite and PostgreSQL, with the security
//! rules proved through the HTTP API.
#![cfg(feature = "server")]

mod common;

use axum::http::{Method, StatusCode};
use candor::core::model::Role;
use common::{complaint, Backend, TestApp};
use serde_json::{json, Value};

const LIST: &str = "/api/v1/sites/shop/reviews";
const SHOP: &str = "/api/v1/sites/shop";

/// A request with a bearer token and an optional JSON body.
async fn send(
    app: &TestApp,
    method: Method,
    token: &str,
    uri: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let auth = format!("Bearer {token}");
    let (status, _, json) = app
        .call(method, uri, body, &[("authorization", &auth)])
        .await;
    (status, json)
}

/// Submits a review and returns its id.
async fn submit_id(app: &TestApp, body: Value) -> String {
    app.submit(body).await["id"].as_str().unwrap().to_owned()
}

/// The queue page as items.
async fn queue(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let (status, json) = app.get_as(token, &format!("{SHOP}/queue{query}")).await;
    assert_eq!(status, StatusCode::OK, "{query}: {json}");
    json["items"].as_array().unwrap().clone()
}

fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["review"]["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The merchant's view of one review, from the queue.
async fn item(app: &TestApp, token: &str, id: &str) -> Value {
    queue(app, token, "")
        .await
        .into_iter()
        .find(|i| i["review"]["id"] == id)
        .unwrap_or_else(|| panic!("{id} not in the queue"))
}

async fn hidden_placeholders(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let merchant = app
        .merchant("shop", "agent@shop.example", Role::Owner)
        .await;
    let abusive = app
        .submit(
            json!({"kind": "review", "rating": 2, "text": "The manager is a complete idiot",
            "author_name": "Troll", "lang": "en"}),
        )
        .await;
    let fine = app
        .submit(
            json!({"kind": "review", "rating": 5, "text": "Quick delivery, well packed parcel",
            "author_name": "Ann", "lang": "en"}),
        )
        .await;
    let id = abusive["id"].as_str().unwrap();
    let base = format!("/api/v1/sites/shop/reviews/{id}");
    let (status, json) = app
        .post_as(
            &merchant,
            &format!("{base}/replies"),
            json!({"text": "Please keep it civil; Dana, support."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let (status, json) = app
        .post_as(
            &merchant,
            &format!("{base}/hide"),
            json!({"reason": "insult"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    // The merchant still sees everything.
    assert_eq!(json["item"]["review"]["author_name"], "Troll");
    assert!(json["item"]["review"]["text"]
        .as_str()
        .unwrap()
        .contains("idiot"));

    let (status, list) = app.get(LIST).await;
    assert_eq!(status, StatusCode::OK);
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{list}");
    let placeholder = items.iter().find(|i| i["id"] == id).unwrap();
    assert_eq!(placeholder["status"], "hidden");
    assert_eq!(placeholder["text"], "");
    assert_eq!(placeholder["author_name"], Value::Null);
    assert_eq!(placeholder["hidden_reason"], "insult");
    assert_eq!(placeholder["badges"], json!([]));
    assert_eq!(
        placeholder["replies"].as_array().unwrap().len(),
        1,
        "replies kept"
    );
    assert!(!list.to_string().contains("idiot"));
    assert!(!list.to_string().contains("Troll"));
    let visible = items.iter().find(|i| i["id"] == fine["id"]).unwrap();
    assert_eq!(visible["hidden_reason"], Value::Null);
    assert_eq!(visible["author_name"], "Ann");
    // The summary counts only published reviews.
    assert_eq!(list["summary"]["count"], 1);

    // Withdrawn reviews stay out.
    let token = fine["author_token"].as_str().unwrap();
    let (status, _, _) = app
        .call(
            Method::POST,
            &format!("/api/v1/reviews/{}/withdraw", fine["id"].as_str().unwrap()),
            None,
            &[("x-candor-token", token)],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, list) = app.get(LIST).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1, "{list}");
    // Released, it is an ordinary item again.
    let (status, _) = app
        .post_as(&merchant, &format!("{base}/release"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, list) = app.get(LIST).await;
    assert_eq!(list["items"][0]["hidden_reason"], Value::Null);
    assert_eq!(list["items"][0]["author_name"], "Troll");
}
both_backends!(public_list_shows_hidden_placeholders, hidden_placeholders);

/// Every action answers with its log id and undo deadline.
async fn actions_carry_undo_handles(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let m = app
        .merchant("shop", "agent@shop.example", Role::Owner)
        .await;
    let id = submit_id(
        &app,
        json!({"kind": "complaint", "rating": 1, "lang": "en", "email": "c@example.com",
            "text": "The parcel is two weeks late and nobody answers"}),
    )
    .await;
    let base = format!("{SHOP}/reviews/{id}");
    let steps = [
        ("triage", json!({"priority": "prominent"})),
        (
            "replies",
            json!({"text": "We are checking with the courier now; Dana."}),
        ),
        ("request-details", json!({})),
        ("moved-private", json!({})),
        ("resolve", json!({"note": "Refunded today."})),
        ("reopen", json!({})),
        ("hide", json!({"reason": "spam"})),
        ("release", json!({})),
        ("stop-engaging", json!({"note": "trolling"})),
        ("ban", json!({"reason": "harassment", "days": 1})),
    ];
    let mut seen = Vec::new();
    for (path, body) in steps {
        let (status, json) = app.post_as(&m, &format!("{base}/{path}"), body).await;
        assert_eq!(status, StatusCode::OK, "{path}: {json}");
        let action_id = json["action_id"]
            .as_i64()
            .unwrap_or_else(|| panic!("{path}: {json}"));
        assert!(!seen.contains(&action_id), "{path}: ids are unique");
        seen.push(action_id);
        let until = chrono::DateTime::parse_from_rfc3339(json["undo_until"].as_str().unwrap())
            .unwrap()
            .timestamp_millis();
        let ahead = until - chrono::Utc::now().timestamp_millis();
        assert!(
            (5_000..=10_500).contains(&ahead),
            "{path}: {ahead} ms ahead"
        );
    }
    // order-not-found needs the wait: refused, and so without an action id.
    let (status, json) = app
        .post_as(&m, &format!("{base}/order-not-found"), json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{json}");
}
both_backends!(
    every_action_returns_action_id_and_undo_until,
    actions_carry_undo_handles
);

async fn undo_rules(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let m = app
        .merchant("shop", "agent@shop.example", Role::Owner)
        .await;
    let colleague = app
        .merchant("shop", "mod@shop.example", Role::Moderator)
        .await;
    let id = submit_id(
        &app,
        json!({"kind": "complaint", "rating": 1, "lang": "en", "email": "c@example.com",
            "text": "The parcel is two weeks late and nobody answers"}),
    )
    .await;
    let base = format!("{SHOP}/reviews/{id}");
    let before = item(&app, &m, &id).await;
    assert!(before["answer_due_at"].is_string());

    // A reply, undone: retracted, the deadline is back.
    let (_, json) = app
        .post_as(
            &m,
            &format!("{base}/replies"),
            json!({"text": "We are on it; Dana."}),
        )
        .await;
    let action = json["action_id"].as_i64().unwrap();
    assert!(json["item"]["first_answer_at"].is_string());
    let undo = format!("{SHOP}/actions/{action}/undo");
    let (status, json) = app.post_as(&colleague, &undo, json!({})).await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("not_your_action"))
    );
    let (status, json) = app.post_as(&m, &undo, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["item"]["first_answer_at"], Value::Null);
    assert_eq!(json["item"]["answer_due_at"], before["answer_due_at"]);
    assert_eq!(json["item"]["review"]["replies"], json!([]));
    assert_eq!(json["item"]["review"]["text"], before["review"]["text"]);
    assert_eq!(json["item"]["review"]["rating"], 1);
    assert_eq!(json["undo_until"], Value::Null);
    let (_, list) = app.get(LIST).await;
    assert_eq!(
        list["items"][0]["replies"],
        json!([]),
        "retracted in public too"
    );
    let (status, json) = app.post_as(&m, &undo, json!({})).await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::CONFLICT, Some("already_undone"))
    );
    // An undo cannot be undone.
    let undo_id = {
        let (_, json) = app
            .post_as(&m, &format!("{base}/resolve"), json!({"note": "Refunded."}))
            .await;
        let resolve = json["action_id"].as_i64().unwrap();
        assert_eq!(
            json["item"]["review"]["badges"],
            json!(["resolved_by_merchant", "answered"])
        );
        let (status, json) = app
            .post_as(&m, &format!("{SHOP}/actions/{resolve}/undo"), json!({}))
            .await;
        assert_eq!(status, StatusCode::OK, "{json}");
        assert_eq!(json["item"]["review"]["badges"], json!([]));
        json["action_id"].as_i64().unwrap()
    };
    let (status, json) = app
        .post_as(&m, &format!("{SHOP}/actions/{undo_id}/undo"), json!({}))
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::CONFLICT, Some("not_undoable"))
    );

    // Hide, undone: published again; the public log shows both.
    let (_, json) = app
        .post_as(&m, &format!("{base}/hide"), json!({"reason": "insult"}))
        .await;
    let hide = json["action_id"].as_i64().unwrap();
    let (status, json) = app
        .post_as(&m, &format!("{SHOP}/actions/{hide}/undo"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["item"]["review"]["status"], "published");
    assert_eq!(json["item"]["hidden_reason"], Value::Null);
    let (_, log) = app.get(&format!("{SHOP}/moderation-log")).await;
    let actions: Vec<&str> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["undo", "hide"],
        "replies, resolutions and their undos stay private"
    );
    assert_eq!(log["entries"][0]["reason"], "hide");

    // Ban, undone: the author may post again.
    let (_, json) = app
        .post_as(&m, &format!("{base}/ban"), json!({"reason": "threat"}))
        .await;
    let ban = json["action_id"].as_i64().unwrap();
    let again =
        json!({"kind": "review", "rating": 1, "text": "I am back again", "email": "c@example.com"});
    assert_eq!(app.post(LIST, again.clone()).await.0, StatusCode::FORBIDDEN);
    let (status, _) = app
        .post_as(&m, &format!("{SHOP}/actions/{ban}/undo"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.post(LIST, again).await.0, StatusCode::CREATED);

    // Stop-engaging and request-details, undone.
    let (_, json) = app
        .post_as(&m, &format!("{base}/stop-engaging"), json!({}))
        .await;
    let stop = json["action_id"].as_i64().unwrap();
    assert_eq!(json["item"]["answer_due_at"], Value::Null);
    let (_, json) = app
        .post_as(&m, &format!("{SHOP}/actions/{stop}/undo"), json!({}))
        .await;
    assert_eq!(json["item"]["stop_engaging"], false);
    assert_eq!(json["item"]["answer_due_at"], before["answer_due_at"]);
    let (_, json) = app
        .post_as(&m, &format!("{base}/request-details"), json!({}))
        .await;
    let details = json["action_id"].as_i64().unwrap();
    let (_, json) = app
        .post_as(&m, &format!("{SHOP}/actions/{details}/undo"), json!({}))
        .await;
    assert_eq!(json["item"]["review"]["badges"], json!([]), "{json}");

    // A later change to the review blocks undoing an earlier action.
    let (_, json) = app
        .post_as(&m, &format!("{base}/triage"), json!({"topic": "billing"}))
        .await;
    let first = json["action_id"].as_i64().unwrap();
    app.post_as(
        &m,
        &format!("{base}/triage"),
        json!({"priority": "prominent"}),
    )
    .await;
    let (status, json) = app
        .post_as(&m, &format!("{SHOP}/actions/{first}/undo"), json!({}))
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::CONFLICT, Some("undo_superseded"))
    );

    // Unknown ids, and other sites' actions, are not found.
    let (status, json) = app
        .post_as(&m, &format!("{SHOP}/actions/999999/undo"), json!({}))
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("action_not_found"))
    );
    let other = app
        .merchant("other", "owner@other.example", Role::Owner)
        .await;
    let (status, json) = app
        .post_as(
            &other,
            &format!("/api/v1/sites/other/actions/{first}/undo"),
            json!({}),
        )
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("action_not_found"))
    );
    let (status, json) = app
        .post_as(&m, "/api/v1/sites/shop/actions/abc/undo", json!({}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{json}");
}
both_backends!(undo_restores_and_refuses, undo_rules);

async fn undo_window_expires(backend: Backend) {
    let Some(app) = TestApp::with_config(backend, |c| c.undo_window_ms = 50).await else {
        return;
    };
    let m = app
        .merchant("shop", "agent@shop.example", Role::Owner)
        .await;
    let id = submit_id(
        &app,
        complaint("The parcel is two weeks late and nobody answers"),
    )
    .await;
    let (_, json) = app
        .post_as(
            &m,
            &format!("{SHOP}/reviews/{id}/replies"),
            json!({"text": "On it; Dana."}),
        )
        .await;
    let action = json["action_id"].as_i64().unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(120)).await;
    let (status, json) = app
        .post_as(&m, &format!("{SHOP}/actions/{action}/undo"), json!({}))
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::CONFLICT, Some("undo_expired"))
    );
    assert_eq!(
        item(&app, &m, &id).await["review"]["replies"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
both_backends!(undo_after_the_window_is_refused, undo_window_expires);

async fn queue_fields_filters_and_order(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let m = app
        .merchant("shop", "agent@shop.example", Role::Owner)
        .await;
    let plain = submit_id(
        &app,
        json!({"kind": "review", "rating": 3, "lang": "en",
        "text": "Fine shop, nothing special to say"}),
    )
    .await;
    let safety = submit_id(
        &app,
        json!({"kind": "review", "rating": 2, "lang": "en",
        "text": "The kettle exploded."}),
    )
    .await;
    let late = submit_id(&app, complaint("My order is late.")).await;
    let answered = submit_id(
        &app,
        json!({"kind": "review", "rating": 5, "lang": "en",
        "text": "Great tea, fast shipping."}),
    )
    .await;
    let troll = submit_id(
        &app,
        complaint("You are all clowns and your shop is a circus"),
    )
    .await;
    app.post_as(
        &m,
        &format!("{SHOP}/reviews/{answered}/replies"),
        json!({"text": "Thank you! Dana."}),
    )
    .await;
    app.post_as(
        &m,
        &format!("{SHOP}/reviews/{troll}/stop-engaging"),
        json!({}),
    )
    .await;

    // Deadlines first, then the other unanswered by priority, then the rest newest first.
    let items = queue(&app, &m, "").await;
    assert_eq!(
        ids(&items),
        [
            late.as_str(),
            safety.as_str(),
            plain.as_str(),
            troll.as_str(),
            answered.as_str()
        ]
    );
    let by_id = |id: &str| {
        items
            .iter()
            .find(|i| i["review"]["id"] == id)
            .unwrap()
            .clone()
    };
    let s = by_id(&safety);
    assert_eq!(
        (s["topic"].as_str(), s["priority"].as_str()),
        (Some("product_safety"), Some("product_safety"))
    );
    assert!(s["topics"]
        .as_array()
        .unwrap()
        .contains(&json!("product_safety")));
    let l = by_id(&late);
    assert_eq!(l["topic"], "delivery_late");
    assert_eq!(l["priority"], "normal");
    assert_eq!(l["suspected"], Value::Null);
    assert_eq!(l["stop_engaging"], false);
    assert_eq!(l["history_count"], 0);
    assert_eq!(by_id(&troll)["stop_engaging"], true);

    // Filters, alone and combined.
    assert_eq!(
        ids(&queue(&app, &m, "?topic=product_safety").await),
        [safety.as_str()]
    );
    assert_eq!(
        ids(&queue(&app, &m, "?priority=product_safety&rating=2").await),
        [safety.as_str()]
    );
    assert!(queue(&app, &m, "?priority=product_safety&rating=5")
        .await
        .is_empty());
    assert_eq!(
        ids(&queue(&app, &m, "?rating=5").await),
        [answered.as_str()]
    );
    let ru = submit_id(
        &app,
        json!({"kind": "review", "rating": 2, "lang": "ru",
        "text": "Доставка опоздала на целую неделю", "author_name": "Пётр"}),
    )
    .await;
    let ordered = submit_id(
        &app,
        json!({"kind": "review", "rating": 4, "lang": "en",
        "text": "Good but slow", "order_ref": "ORD-7781", "email": "same@example.com"}),
    )
    .await;
    let again = submit_id(
        &app,
        json!({"kind": "review", "rating": 1, "lang": "en",
        "text": "Still waiting for my refund", "email": "Same@Example.com"}),
    )
    .await;
    let same_order = submit_id(
        &app,
        json!({"kind": "review", "rating": 3, "lang": "en",
        "text": "Second parcel of that order arrived", "order_ref": "ORD-7781"}),
    )
    .await;
    assert_eq!(ids(&queue(&app, &m, "?lang=ru").await), [ru.as_str()]);
    assert_eq!(
        ids(&queue(
            &app,
            &m,
            "?q=%D0%94%D0%9E%D0%A1%D0%A2%D0%90%D0%92%D0%9A%D0%90"
        )
        .await),
        [ru.as_str()],
        "case-insensitive beyond ASCII (ДОСТАВКА)"
    );
    assert_eq!(
        ids(&queue(&app, &m, "?q=%D0%BF%D1%91%D1%82%D1%80").await),
        [ru.as_str()],
        "author name"
    );
    let mut by_ref = ids(&queue(&app, &m, "?q=ord-7781").await);
    by_ref.sort();
    let mut expected = vec![ordered.clone(), same_order.clone()];
    expected.sort();
    assert_eq!(by_ref, expected, "order number");
    assert!(
        queue(&app, &m, "?q=100%25_x").await.is_empty(),
        "LIKE wildcards are literal"
    );
    // An order number the author sends on request becomes searchable.
    let asked = app
        .submit(complaint("Where is my parcel? Nobody answers me"))
        .await;
    let asked_id = asked["id"].as_str().unwrap();
    app.post_as(
        &m,
        &format!("{SHOP}/reviews/{asked_id}/request-details"),
        json!({}),
    )
    .await;
    let (status, _, json) = app
        .call(
            Method::POST,
            &format!("/api/v1/reviews/{asked_id}/details"),
            Some(json!({"order_ref": "ZX-5512"})),
            &[("x-candor-token", asked["author_token"].as_str().unwrap())],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(ids(&queue(&app, &m, "?q=zx-5512").await), [asked_id]);
    assert_eq!(
        ids(&queue(&app, &m, "?open=true&status=published&topic=product_safety").await),
        [safety.as_str()]
    );
    for item in queue(&app, &m, "?suspected=any").await {
        assert!(item["suspected"].is_string(), "{item}");
    }
    for (query, code) in [
        ("?suspected=maybe", "invalid_suspected"),
        ("?topic=weather", "invalid_topic"),
        ("?priority=urgent", "invalid_priority"),
        ("?lang=xx", "invalid_lang"),
        ("?rating=9", "invalid_rating"),
    ] {
        let (status, json) = app.get_as(&m, &format!("{SHOP}/queue{query}")).await;
        assert_eq!(
            (status, json["error"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(code)),
            "{query}"
        );
    }

    // History: same e-mail hash or same order number, newest first.
    let o = item(&app, &m, &ordered).await;
    assert_eq!(o["history_count"], 2);
    let (status, history) = app
        .get_as(&m, &format!("{SHOP}/reviews/{ordered}/history"))
        .await;
    assert_eq!(status, StatusCode::OK, "{history}");
    assert_eq!(
        ids(history["items"].as_array().unwrap()),
        [same_order.as_str(), again.as_str()]
    );
    assert_eq!(
        history["items"][0]["review"]["text"],
        "Second parcel of that order arrived"
    );
    let (_, history) = app
        .get_as(&m, &format!("{SHOP}/reviews/{plain}/history"))
        .await;
    assert_eq!(history["items"], json!([]));
    let (status, json) = app
        .get_as(&m, &format!("{SHOP}/reviews/r_nope/history"))
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("review_not_found"))
    );
}
both_backends!(
    queue_has_triage_fields_filters_and_order,
    queue_fields_filters_and_order
);

async fn triage_and_stop_engaging(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let m = app
        .merchant("shop", "agent@shop.example", Role::Owner)
        .await;
    let id = submit_id(&app, complaint("My order is late.")).await;
    let base = format!("{SHOP}/reviews/{id}");
    let (status, json) = app
        .post_as(&m, &format!("{base}/triage"), json!({"topic": "billing"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["item"]["topic"], "billing");
    assert_eq!(json["item"]["topics"][0], "billing");
    assert!(json["item"]["topics"]
        .as_array()
        .unwrap()
        .contains(&json!("delivery_late")));
    let (_, json) = app
        .post_as(
            &m,
            &format!("{base}/triage"),
            json!({"priority": "prominent"}),
        )
        .await;
    assert_eq!(
        (
            json["item"]["topic"].as_str(),
            json["item"]["priority"].as_str()
        ),
        (Some("billing"), Some("prominent"))
    );
    assert_eq!(
        ids(&queue(&app, &m, "?topic=billing&priority=prominent").await),
        [id.as_str()]
    );
    for (body, code) in [
        (json!({"topic": "weather"}), "invalid_topic"),
        (json!({"priority": "asap"}), "invalid_priority"),
        (json!({}), "invalid_topic"),
        // The document says a topic code, not null (issue 11, item 10).
        (
            json!({"topic": null, "priority": "normal"}),
            "invalid_field",
        ),
    ] {
        let (status, json) = app.post_as(&m, &format!("{base}/triage"), body).await;
        assert_eq!(
            (status, json["error"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(code))
        );
    }
    // A note's limit holds for the text as sent, not only once trimmed.
    let padded = format!("    {}", "x".repeat(4998));
    let (status, json) = app
        .post_as(
            &m,
            &format!("{base}/stop-engaging"),
            json!({ "note": padded }),
        )
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("text_too_long"))
    );
    // Triage is private; stop-engaging is public.
    let (status, json) = app
        .post_as(
            &m,
            &format!("{base}/stop-engaging"),
            json!({"note": "trolling"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let i = &json["item"];
    assert_eq!(
        (i["stop_engaging"].as_bool(), i["overdue"].as_bool()),
        (Some(true), Some(false))
    );
    assert_eq!(i["answer_due_at"], Value::Null);
    let (status, json) = app
        .post_as(&m, &format!("{base}/stop-engaging"), json!({}))
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::CONFLICT, Some("already_stopped"))
    );
    let (_, log) = app.get(&format!("{SHOP}/moderation-log")).await;
    assert_eq!(log["entries"].as_array().unwrap().len(), 1, "{log}");
    assert_eq!(log["entries"][0]["action"], "stop_engaging");
    assert_eq!(log["entries"][0]["reason"], "trolling");
    // No deadline, so no deadline webhooks either.
    let far = chrono::Utc::now().timestamp_millis() + 86_400_000;
    let candidates = app
        .store()
        .deadline_candidates(candor::server::storage::DeadlineAlert::Breached, 0, far, 10)
        .await
        .unwrap();
    assert!(candidates.iter().all(|r| r.id != id));
    // Reopen clears the mark and sets a new deadline.
    let (status, json) = app.post_as(&m, &format!("{base}/reopen"), json!({})).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["item"]["stop_engaging"], false);
    assert!(json["item"]["answer_due_at"].is_string());
    assert_eq!(
        json["item"]["review"]["replies"],
        json!([]),
        "nothing was resolved"
    );
}
both_backends!(triage_and_stop_engaging_work, triage_and_stop_engaging);

async fn presence_can_end_at_once(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let m = app
        .merchant("shop", "agent@shop.example", Role::Owner)
        .await;
    let (status, _) = send(&app, Method::POST, &m, &format!("{SHOP}/heartbeat"), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(app.get(&format!("{SHOP}/status")).await.1["online"], true);
    let (status, _) = send(&app, Method::DELETE, &m, &format!("{SHOP}/heartbeat"), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(app.get(&format!("{SHOP}/status")).await.1["online"], false);
}
both_backends!(delete_heartbeat_sets_away, presence_can_end_at_once);

async fn saved_replies_crud(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let m = app
        .merchant("shop", "agent@shop.example", Role::Owner)
        .await;
    let other = app
        .merchant("other", "owner@other.example", Role::Owner)
        .await;
    let uri = format!("{SHOP}/saved-replies");
    let (status, json) = app.get_as(&m, &uri).await;
    assert_eq!((status, json["items"].clone()), (StatusCode::OK, json!([])));
    let (status, created) = app
        .post_as(&m, &uri, json!({"title": "Late parcel", "text": "We have asked the courier; you will hear from us by 18:00. Dana"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["created_by"], "Agent agent@shop.example");
    assert!(created["created_at"].is_string());
    let id = created["id"].as_i64().unwrap();
    let one = format!("{uri}/{id}");
    let (status, json) = send(
        &app,
        Method::PUT,
        &m,
        &one,
        Some(json!({"title": "Late", "text": "New text"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(
        (json["title"].as_str(), json["text"].as_str()),
        (Some("Late"), Some("New text"))
    );
    let (_, list) = app.get_as(&m, &uri).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["items"][0]["text"], "New text");
    // Another site cannot reach it through its own path either.
    let (status, json) = send(
        &app,
        Method::PUT,
        &other,
        &format!("/api/v1/sites/other/saved-replies/{id}"),
        Some(json!({"title": "x", "text": "y"})),
    )
    .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("saved_reply_not_found"))
    );
    for body in [
        json!({"title": "", "text": "x"}),
        json!({"title": "t", "text": "  "}),
        json!({"title": "t".repeat(101), "text": "x"}),
    ] {
        let (status, json) = app.post_as(&m, &uri, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
    }
    let (status, _) = send(&app, Method::DELETE, &m, &one, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, json) = send(&app, Method::DELETE, &m, &one, None).await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("saved_reply_not_found"))
    );
}
both_backends!(
    saved_replies_are_created_listed_changed_deleted,
    saved_replies_crud
);

async fn private_messages(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let m = app
        .merchant("shop", "agent@shop.example", Role::Owner)
        .await;
    let mut site = app.store().site("shop").await.unwrap().unwrap();
    site.webhook_url = Some("https://hooks.shop.example/candor".into());
    app.store().update_site(&site).await.unwrap();
    let created = app
        .submit(
            json!({"kind": "complaint", "rating": 1, "lang": "en", "email": "ann@example.com",
            "text": "The parcel is two weeks late and nobody answers"}),
        )
        .await;
    let id = created["id"].as_str().unwrap();
    let token = created["author_token"].as_str().unwrap();
    let secret = "Your refund code is 4471; call me at 555-0101. Dana";
    let (status, json) = app
        .post_as(
            &m,
            &format!("{SHOP}/reviews/{id}/moved-private"),
            json!({"message": secret}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let action = json["action_id"].as_i64().unwrap();
    let deliveries = app.store().deliveries("shop", 10).await.unwrap();
    let delivery = deliveries
        .iter()
        .find(|d| d.event == "message.private")
        .expect("queued");
    let payload: Value = serde_json::from_str(&delivery.payload).unwrap();
    assert_eq!(payload["data"]["email"], "ann@example.com");
    assert_eq!(payload["data"]["text"], secret);
    assert_eq!(payload["data"]["review"]["review"]["id"], id);
    let view = format!("/api/v1/reviews/{id}");
    let (status, author) = app.get_author(token, &view).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(author["private_messages"][0]["text"], secret);
    assert_eq!(
        author["private_messages"][0]["author"],
        "Agent agent@shop.example"
    );
    let (_, list) = app.get(LIST).await;
    assert!(!list.to_string().contains("4471"), "never public");
    assert_eq!(list["items"][0]["replies"][0]["kind"], "moved_private");
    // Undo takes the message back from the author's link too.
    let (status, _) = app
        .post_as(&m, &format!("{SHOP}/actions/{action}/undo"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        app.get_author(token, &view).await.1["private_messages"],
        json!([])
    );
    // Without an e-mail there is nobody to write to.
    let anonymous = submit_id(
        &app,
        complaint("The parcel is two weeks late and nobody answers"),
    )
    .await;
    let (status, json) = app
        .post_as(
            &m,
            &format!("{SHOP}/reviews/{anonymous}/moved-private"),
            json!({"message": "Hello"}),
        )
        .await;
    assert_eq!(
        (status, json["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("no_email"))
    );
    let (status, json) = app
        .post_as(
            &m,
            &format!("{SHOP}/reviews/{anonymous}/moved-private"),
            json!({"note": "We wrote to you."}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "without a message the note alone is fine: {json}"
    );
}
both_backends!(moved_private_with_a_message, private_messages);

/// Every new endpoint: 401 without a session, 403 for another site's
/// merchant, 403 for a cookie change without the anti-CSRF header.
async fn security(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let m = app
        .merchant("shop", "agent@shop.example", Role::Owner)
        .await;
    let stranger = app
        .merchant("other", "owner@other.example", Role::Owner)
        .await;
    let id = submit_id(&app, complaint("My order is late.")).await;
    let (_, json) = app
        .post_as(
            &m,
            &format!("{SHOP}/reviews/{id}/triage"),
            json!({"priority": "prominent"}),
        )
        .await;
    let action = json["action_id"].as_i64().unwrap();
    let (_, saved) = app
        .post_as(
            &m,
            &format!("{SHOP}/saved-replies"),
            json!({"title": "t", "text": "x"}),
        )
        .await;
    let saved = saved["id"].as_i64().unwrap();
    // The undo comes first: the later actions would supersede it.
    let endpoints: Vec<(Method, String, Option<Value>)> = vec![
        (
            Method::POST,
            format!("{SHOP}/actions/{action}/undo"),
            Some(json!({})),
        ),
        (Method::GET, format!("{SHOP}/queue?topic=billing"), None),
        (Method::GET, format!("{SHOP}/reviews/{id}/history"), None),
        (
            Method::POST,
            format!("{SHOP}/reviews/{id}/triage"),
            Some(json!({"topic": "billing"})),
        ),
        (
            Method::POST,
            format!("{SHOP}/reviews/{id}/stop-engaging"),
            Some(json!({})),
        ),
        (
            Method::POST,
            format!("{SHOP}/reviews/{id}/moved-private"),
            Some(json!({"message": "hi"})),
        ),
        (Method::DELETE, format!("{SHOP}/heartbeat"), None),
        (Method::GET, format!("{SHOP}/saved-replies"), None),
        (
            Method::POST,
            format!("{SHOP}/saved-replies"),
            Some(json!({"title": "t", "text": "x"})),
        ),
        (
            Method::PUT,
            format!("{SHOP}/saved-replies/{saved}"),
            Some(json!({"title": "t", "text": "y"})),
        ),
        (
            Method::DELETE,
            format!("{SHOP}/saved-replies/{saved}"),
            None,
        ),
    ];
    let cookie = format!("candor_session={m}");
    for (method, uri, body) in &endpoints {
        let (status, _, json) = app.call(method.clone(), uri, body.clone(), &[]).await;
        assert_eq!(
            (status, json["error"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("unauthenticated")),
            "{method} {uri}"
        );
        let (status, json) = send(&app, method.clone(), &stranger, uri, body.clone()).await;
        assert_eq!(
            (status, json["error"].as_str()),
            (StatusCode::FORBIDDEN, Some("not_your_site")),
            "{method} {uri}"
        );
        if *method != Method::GET {
            let (status, _, json) = app
                .call(method.clone(), uri, body.clone(), &[("cookie", &cookie)])
                .await;
            assert_eq!(
                (status, json["error"].as_str()),
                (StatusCode::FORBIDDEN, Some("csrf_failed")),
                "{method} {uri}"
            );
        }
    }
    // Nothing changed meanwhile: the refused undo left the action undoable.
    let i = item(&app, &m, &id).await;
    assert_eq!(
        (i["topic"].as_str(), i["stop_engaging"].as_bool()),
        (Some("delivery_late"), Some(false))
    );
    assert_eq!(
        app.get_as(&m, &format!("{SHOP}/saved-replies")).await.1["items"][0]["text"],
        "x"
    );
    // With the header, the cookie session works.
    for (method, uri, body) in &endpoints {
        let (status, _, json) = app
            .call(
                method.clone(),
                uri,
                body.clone(),
                &[("cookie", &cookie), ("x-candor-csrf", "1")],
            )
            .await;
        assert!(
            status.is_success() || status == StatusCode::UNPROCESSABLE_ENTITY,
            "{method} {uri}: {status} {json}"
        );
    }
}
both_backends!(panel_endpoints_refuse_strangers, security);

async fn suspected_and_backfill(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let m = app
        .merchant("shop", "agent@shop.example", Role::Owner)
        .await;
    let template = [
        "Terrible shop, I do not recommend it to anyone, avoid this company at all costs.",
        "Terrible shop, I do not recommend it to anybody, avoid this company at all costs!",
        "Terrible store, I do not recommend it to anyone, avoid this company at all costs.",
    ];
    for (i, text) in template.iter().enumerate() {
        let ip = format!("198.51.100.{}", i + 1);
        let (status, _, json) = app
            .call(
                Method::POST,
                "/api/v1/sites/shop/reviews",
                Some(json!({"kind": "review", "rating": 1, "text": text})),
                &[("x-forwarded-for", ip.as_str())],
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{json}");
    }
    let genuine = submit_id(
        &app,
        json!({"kind": "review", "rating": 5,
        "text": "The blender arrived on Monday and crushes ice in seconds."}),
    )
    .await;
    // The campaign's three copies are flagged; only the last one is held.
    let flagged = queue(&app, &m, "?suspected=campaign").await;
    assert_eq!(flagged.len(), 3, "{flagged:?}");
    assert!(flagged.iter().all(|i| i["suspected"] == "campaign"));
    let held = flagged
        .iter()
        .filter(|i| i["review"]["status"] == "held")
        .count();
    assert_eq!(held, 1, "{flagged:?}");
    let any = ids(&queue(&app, &m, "?suspected=any").await);
    assert!(any.len() >= 3 && !any.contains(&genuine), "{any:?}");
    for item in queue(&app, &m, "?suspected=template").await {
        assert_eq!(item["check"]["verdict"], "template");
    }

    // A review stored without panel fields (as before migration 0003) is
    // classified when the server opens the database.
    use candor::server::storage::WriteBatch;
    let mut old = app.store().review(&genuine).await.unwrap().unwrap();
    old.id = "r_before_panel".into();
    old.author_token_sha256 = "0".repeat(64);
    old.text = "The kettle exploded.".into();
    app.store()
        .write(WriteBatch {
            insert: Some(old),
            ..WriteBatch::default()
        })
        .await
        .unwrap();
    let rows = app
        .store()
        .panel_rows("shop", &["r_before_panel".to_owned()])
        .await
        .unwrap();
    assert_eq!(rows["r_before_panel"].fields.topic, None);
    // Shown classified on the fly meanwhile...
    assert_eq!(
        item(&app, &m, "r_before_panel").await["topic"],
        "product_safety"
    );
    // ...and stored by the next start's background task, so filters find it.
    let reopened = candor::server::AppState::open(common::test_config(&app.db.url))
        .await
        .unwrap();
    let mut rows = Default::default();
    for _ in 0..100 {
        rows = reopened
            .store
            .panel_rows("shop", &["r_before_panel".to_owned()])
            .await
            .unwrap();
        if rows["r_before_panel"].fields.topic.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        rows["r_before_panel"].fields.topic.as_deref(),
        Some("product_safety")
    );
    assert_eq!(
        rows["r_before_panel"].fields.priority.as_deref(),
        Some("product_safety")
    );
    assert_eq!(
        ids(&queue(&app, &m, "?topic=product_safety").await),
        ["r_before_panel"]
    );
}
both_backends!(suspected_filter_and_topic_backfill, suspected_and_backfill);

/// The panel's endpoints are in the OpenAPI document, and the storefront's
/// origin may call PUT and DELETE from the page (the panel runs there).
#[tokio::test]
async fn openapi_and_cors_cover_the_panel() {
    let Some(app) = TestApp::new(Backend::Sqlite).await else {
        return;
    };
    let (status, doc) = app.get("/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let paths = doc["paths"].as_object().unwrap();
    for (path, method) in [
        ("/api/v1/sites/{site}/actions/{action_id}/undo", "post"),
        ("/api/v1/sites/{site}/heartbeat", "delete"),
        ("/api/v1/sites/{site}/reviews/{id}/stop-engaging", "post"),
        ("/api/v1/sites/{site}/reviews/{id}/triage", "post"),
        ("/api/v1/sites/{site}/reviews/{id}/history", "get"),
        ("/api/v1/sites/{site}/saved-replies", "get"),
        ("/api/v1/sites/{site}/saved-replies", "post"),
        ("/api/v1/sites/{site}/saved-replies/{id}", "put"),
        ("/api/v1/sites/{site}/saved-replies/{id}", "delete"),
    ] {
        assert!(paths[path][method].is_object(), "missing {method} {path}");
    }
    let schemas = &doc["components"]["schemas"];
    assert!(schemas["ActionOut"]["properties"]["undo_until"].is_object());
    assert!(schemas["QueueItem"]["properties"]["history_count"].is_object());
    assert!(schemas["ReviewItem"]["properties"]["hidden_reason"].is_object());
    assert!(schemas["AuthorView"]["properties"]["private_messages"].is_object());
    for (origin, allowed) in [
        ("https://shop.example", true),
        ("https://evil.example", false),
    ] {
        let (_, headers, _) = app
            .call(
                Method::OPTIONS,
                "/api/v1/sites/shop/saved-replies/1",
                None,
                &[
                    ("origin", origin),
                    ("access-control-request-method", "DELETE"),
                    ("access-control-request-headers", "x-candor-csrf"),
                ],
            )
            .await;
        let methods = headers
            .get("access-control-allow-methods")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        assert!(
            methods.contains("DELETE") && methods.contains("PUT"),
            "{methods}"
        );
        assert_eq!(
            headers.get("access-control-allow-origin").is_some(),
            allowed,
            "{origin}"
        );
    }
}
