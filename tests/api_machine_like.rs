//! The server's `machine_like` hint reaches the merchant only: the demo
//! review written in a language model's voice carries it in the queue (and
//! so in the panel's detail), nothing public mentions it, and it holds
//! nothing back.

mod common;

use candor::core::model::Role;
use common::{Backend, TestApp};

async fn machine_like_is_a_merchant_only_hint(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let addr = "127.0.0.1:8080".parse().expect("address");
    candor::server::demo::seed(app.store().as_ref(), addr)
        .await
        .expect("demo seeded");
    let token = app.merchant("demo", "ml@example.com", Role::Owner).await;
    let (status, queue) = app
        .get_as(&token, "/api/v1/sites/demo/queue?status=published")
        .await;
    assert!(status.is_success(), "{status}: {queue}");
    let items = queue["items"].as_array().cloned().unwrap_or_default();
    assert!(!items.is_empty(), "{queue}");
    let flagged: Vec<&str> = items
        .iter()
        .filter(|i| i["machine_like"] == true)
        .map(|i| i["review"]["author_name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(flagged, ["Alex"], "only the model-written demo review");
    for item in &items {
        let score = item["machine_like_score"].as_f64().unwrap_or(-1.0);
        assert!((0.0..=1.0).contains(&score), "{item}");
    }
    let alex = items
        .iter()
        .find(|i| i["review"]["author_name"] == "Alex")
        .expect("the demo review");
    assert_eq!(
        alex["review"]["status"], "published",
        "never a hold by itself"
    );
    let id = alex["review"]["id"].as_str().unwrap_or_default().to_owned();

    // Public views never carry it.
    let (status, public) = app.get("/api/v1/sites/demo/reviews").await;
    assert!(status.is_success(), "{status}");
    assert!(public.to_string().contains(&id), "the review is public");
    assert!(!public.to_string().contains("machine_like"), "{public}");
}
both_backends!(machine_like_hint, machine_like_is_a_merchant_only_hint);
