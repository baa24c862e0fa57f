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
    let _ = complaint;
}
both_backends!(public_list_shows_hidden_placeholders, hidden_placeholders);
