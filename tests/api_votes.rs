//! "Me too" on a complaint and "Helpful" on a review, tried from outside on
//! SQLite and PostgreSQL: one vote per browser and per address, undo,
//! idempotence, what cannot be voted on, the author's own review, floods,
//! the prominent priority at the threshold, the counts in the list and the
//! panel, `sort=helpful` and the live event.
#![cfg(feature = "server")]

mod common;

use axum::http::{Method, StatusCode};
use candor::core::model::Role;
use candor::core::topic::PROMINENT_ME_TOO;
use candor::server::storage::{StoreError, VoteWrite, WriteBatch};
use common::{complaint, Backend, TestApp};
use serde_json::{json, Value};

/// A browser: a voter id and a client address.
#[derive(Clone, Copy)]
struct Browser {
    voter: &'static str,
    ip: &'static str,
}

const ANNA: Browser = Browser {
    voter: "anna-browser-0001",
    ip: "203.0.113.10",
};
const BORIS: Browser = Browser {
    voter: "boris-browser-0002",
    ip: "203.0.113.20",
};

fn browser(n: usize) -> (String, String) {
    (format!("reader-browser-{n:04}"), format!("198.51.100.{n}"))
}

async fn press(
    app: &TestApp,
    method: Method,
    id: &str,
    voter: &str,
    ip: &str,
) -> (StatusCode, Value) {
    let (status, _, body) = app
        .call(
            method,
            &format!("/api/v1/reviews/{id}/vote"),
            None,
            &[("x-candor-voter", voter), ("x-forwarded-for", ip)],
        )
        .await;
    (status, body)
}

async fn vote(app: &TestApp, id: &str, who: Browser) -> (StatusCode, Value) {
    press(app, Method::PUT, id, who.voter, who.ip).await
}

async fn undo(app: &TestApp, id: &str, who: Browser) -> (StatusCode, Value) {
    press(app, Method::DELETE, id, who.voter, who.ip).await
}

/// Submits (from the test's own address, 127.0.0.1) and returns id and
/// author token.
async fn submit(app: &TestApp, body: Value) -> (String, String) {
    let created = app.submit(body).await;
    (
        created["id"].as_str().expect("id").to_owned(),
        created["author_token"].as_str().expect("token").to_owned(),
    )
}

async fn listed(app: &TestApp, query: &str) -> Vec<Value> {
    let (status, list) = app.get(&format!("/api/v1/sites/shop/reviews{query}")).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list["items"].as_array().expect("items").clone()
}

fn item<'a>(items: &'a [Value], id: &str) -> &'a Value {
    items.iter().find(|i| i["id"] == id).expect("listed")
}

async fn one_press_per_browser_and_address(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let (id, _) = submit(
        &app,
        complaint("The kettle ordered on 3 May arrived with a cracked lid and leaks."),
    )
    .await;
    let (status, body) = vote(&app, &id, ANNA).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        json!({"review_id": id, "kind": "me_too", "count": 1, "voted": true})
    );
    // A second press from the same browser counts nothing more.
    let (status, body) = vote(&app, &id, ANNA).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["count"].as_i64(), body["voted"].as_bool()),
        (Some(1), Some(true))
    );
    // The same address with a cleared storage (another voter id) is refused.
    let cleared = Browser {
        voter: "anna-cleared-storage-9",
        ..ANNA
    };
    let (status, body) = vote(&app, &id, cleared).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"], "already_voted");
    // The same browser from another address (a phone on the move) is still
    // one vote.
    let moved = Browser {
        voter: ANNA.voter,
        ip: "192.0.2.77",
    };
    let (status, body) = vote(&app, &id, moved).await;
    assert_eq!((status, body["count"].as_i64()), (StatusCode::OK, Some(1)));
    // Another reader counts.
    let (status, body) = vote(&app, &id, BORIS).await;
    assert_eq!((status, body["count"].as_i64()), (StatusCode::OK, Some(2)));
    let items = listed(&app, "").await;
    assert_eq!(item(&items, &id)["me_too"], 2);
    assert!(item(&items, &id).get("helpful").is_none());

    // Undo, twice: the second changes nothing.
    let (status, body) = undo(&app, &id, ANNA).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["count"].as_i64(), body["voted"].as_bool()),
        (Some(1), Some(false))
    );
    let (status, body) = undo(&app, &id, ANNA).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["count"].as_i64(), body["voted"].as_bool()),
        (Some(1), Some(false))
    );
    // Someone who never voted cannot take another's vote back.
    let (_, body) = undo(&app, &id, cleared).await;
    assert_eq!(body["count"], 1);
    // After an undo the browser may vote again.
    let (_, body) = vote(&app, &id, ANNA).await;
    assert_eq!(
        (body["count"].as_i64(), body["voted"].as_bool()),
        (Some(2), Some(true))
    );
    assert_eq!(item(&listed(&app, "").await, &id)["me_too"], 2);

    // A review takes "helpful", counted apart.
    let (review, _) = submit(
        &app,
        json!({"kind": "review", "rating": 5, "text": "The blender crushes ice in seconds, used daily since June.", "lang": "en"}),
    )
    .await;
    let (status, body) = vote(&app, &review, ANNA).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["kind"], "helpful");
    let items = listed(&app, "").await;
    assert_eq!(item(&items, &review)["helpful"], 1);
    assert!(item(&items, &review).get("me_too").is_none());
    assert_eq!(item(&items, &id)["me_too"], 2);
}
both_backends!(
    one_press_per_browser_and_address_works,
    one_press_per_browser_and_address
);

async fn only_public_items_of_others(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let owner = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let text = |n: usize| format!("Order {n} arrived two weeks late and the box was crushed.");
    let (hidden, _) = submit(&app, complaint(&text(1))).await;
    let (withdrawn, token) = submit(&app, complaint(&text(2))).await;
    let (mine, my_token) = submit(&app, complaint(&text(3))).await;
    let (status, body) = app
        .post_as(
            &owner,
            &format!("/api/v1/sites/shop/reviews/{hidden}/hide"),
            json!({"reason": "insult"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _, body) = app
        .call(
            Method::POST,
            &format!("/api/v1/reviews/{withdrawn}/withdraw"),
            Some(json!({})),
            &[("x-candor-token", token.as_str())],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for id in [hidden.as_str(), withdrawn.as_str(), "r_doesnotexist00"] {
        for method in [Method::PUT, Method::DELETE] {
            let (status, body) = press(&app, method, id, ANNA.voter, ANNA.ip).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{id}: {body}");
            assert!(body["error"].is_string(), "{body}");
        }
    }

    // The author: from the address they wrote from...
    let (status, body) = press(&app, Method::PUT, &mine, ANNA.voter, "127.0.0.1").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"], "own_review");
    // ...or anywhere with the author token this browser holds.
    let (status, _, body) = app
        .call(
            Method::PUT,
            &format!("/api/v1/reviews/{mine}/vote"),
            None,
            &[
                ("x-candor-voter", ANNA.voter),
                ("x-forwarded-for", ANNA.ip),
                ("x-candor-token", my_token.as_str()),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"], "own_review");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    // A wrong token is just not the author's.
    let (status, _, body) = app
        .call(
            Method::PUT,
            &format!("/api/v1/reviews/{mine}/vote"),
            None,
            &[
                ("x-candor-voter", ANNA.voter),
                ("x-forwarded-for", ANNA.ip),
                ("x-candor-token", "not-the-token"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Voter ids: missing, short, long, odd characters.
    let long = "x".repeat(65);
    for voter in [
        None,
        Some("short"),
        Some(long.as_str()),
        Some("has space in it 12345"),
    ] {
        let mut headers = vec![("x-forwarded-for", BORIS.ip)];
        if let Some(voter) = voter {
            headers.push(("x-candor-voter", voter));
        }
        let (status, _, body) = app
            .call(
                Method::PUT,
                &format!("/api/v1/reviews/{mine}/vote"),
                None,
                &headers,
            )
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{voter:?}: {body}"
        );
        assert_eq!(body["error"], "invalid_voter");
    }
    // Other methods are not votes.
    let (status, _, _) = app
        .call(
            Method::POST,
            &format!("/api/v1/reviews/{mine}/vote"),
            None,
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);

    // Hiding a voted review keeps its votes out of sight; the count is
    // not shown where the review is not.
    let (status, body) = app
        .post_as(
            &owner,
            &format!("/api/v1/sites/shop/reviews/{mine}/hide"),
            json!({"reason": "insult"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = undo(&app, &mine, ANNA).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
both_backends!(
    only_public_items_of_others_work,
    only_public_items_of_others
);

async fn a_flood_is_limited(backend: Backend) {
    let Some(app) = TestApp::with_config(backend, |c| c.votes_per_ip_per_hour = 5).await else {
        return;
    };
    let (id, _) = submit(
        &app,
        complaint("Support put me on hold for an hour and then hung up on me."),
    )
    .await;
    let mut refused = None;
    for n in 0..12 {
        let method = if n % 2 == 0 {
            Method::PUT
        } else {
            Method::DELETE
        };
        let (status, _, body) = app
            .call(
                method,
                &format!("/api/v1/reviews/{id}/vote"),
                None,
                &[("x-candor-voter", ANNA.voter), ("x-forwarded-for", ANNA.ip)],
            )
            .await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(body["error"], "rate_limited", "{body}");
            refused = Some(n);
            break;
        }
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert_eq!(refused, Some(5), "the sixth press in the hour is refused");
    let (status, _, headers_body) = app
        .call(
            Method::PUT,
            &format!("/api/v1/reviews/{id}/vote"),
            None,
            &[("x-candor-voter", ANNA.voter), ("x-forwarded-for", ANNA.ip)],
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{headers_body}");
    // Another address is not slowed down.
    let (status, body) = vote(&app, &id, BORIS).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Anna's five presses left her one vote, Boris has his.
    assert_eq!(item(&listed(&app, "").await, &id)["me_too"], 2);
}
both_backends!(a_flood_is_limited_works, a_flood_is_limited);

/// Priority and "me too" count of a complaint in the merchant's queue.
async fn queued(app: &TestApp, owner: &str, id: &str) -> (String, Option<i64>) {
    let (status, json) = app.get_as(owner, "/api/v1/sites/shop/queue").await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let item = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["review"]["id"] == id)
        .cloned()
        .expect("queued");
    (
        item["priority"].as_str().unwrap().to_owned(),
        item["review"]["me_too"].as_i64(),
    )
}

async fn shared_complaints_become_prominent(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let owner = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let (id, _) = submit(&app, complaint("My order is late.")).await;
    assert_eq!(
        queued(&app, &owner, &id).await,
        ("normal".to_owned(), Some(0))
    );
    let threshold = PROMINENT_ME_TOO as usize;
    for n in 1..threshold {
        let (voter, ip) = browser(n);
        let (status, body) = press(&app, Method::PUT, &id, &voter, &ip).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert_eq!(
        queued(&app, &owner, &id).await,
        ("normal".to_owned(), Some(threshold as i64 - 1))
    );
    let (voter, ip) = browser(threshold);
    press(&app, Method::PUT, &id, &voter, &ip).await;
    assert_eq!(
        queued(&app, &owner, &id).await,
        ("prominent".to_owned(), Some(threshold as i64))
    );
    // The change was announced with the new count, in the same write.
    let events = app.store().events_after("shop", 0, 1000).await.unwrap();
    let last = events
        .iter()
        .rev()
        .find(|e| e.name == "review_updated")
        .expect("an event");
    let data: Value = serde_json::from_str(&last.data).unwrap();
    assert_eq!(data["review"]["id"], id.as_str());
    assert_eq!(data["review"]["me_too"], threshold as i64);
    // Taking a vote back does not make the queue jump around: the
    // priority stays until a merchant triages it.
    press(&app, Method::DELETE, &id, &voter, &ip).await;
    assert_eq!(
        queued(&app, &owner, &id).await,
        ("prominent".to_owned(), Some(threshold as i64 - 1))
    );
    // Reaching the threshold again raises it again...
    let (status, body) = app
        .post_as(
            &owner,
            &format!("/api/v1/sites/shop/reviews/{id}/triage"),
            json!({"priority": "normal"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (voter, ip) = browser(90);
    press(&app, Method::PUT, &id, &voter, &ip).await;
    assert_eq!(
        queued(&app, &owner, &id).await,
        ("prominent".to_owned(), Some(threshold as i64))
    );
    // ...but a merchant who judged it normal above the threshold is not
    // overruled by every further vote.
    let (status, body) = app
        .post_as(
            &owner,
            &format!("/api/v1/sites/shop/reviews/{id}/triage"),
            json!({"priority": "normal"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (voter, ip) = browser(91);
    press(&app, Method::PUT, &id, &voter, &ip).await;
    assert_eq!(
        queued(&app, &owner, &id).await,
        ("normal".to_owned(), Some(threshold as i64 + 1))
    );
    // A higher priority from the text is never lowered to prominent.
    let (safety, _) = submit(&app, complaint("The kettle exploded.")).await;
    for n in 100..100 + threshold {
        let (voter, ip) = browser(n);
        press(&app, Method::PUT, &safety, &voter, &ip).await;
    }
    let (status, json) = app.get_as(&owner, "/api/v1/sites/shop/queue").await;
    assert_eq!(status, StatusCode::OK);
    let item = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["review"]["id"] == safety.as_str())
        .cloned()
        .unwrap();
    assert_eq!(item["priority"], "product_safety");
    assert_eq!(item["review"]["me_too"], threshold as i64);
}
both_backends!(
    shared_complaints_become_prominent_works,
    shared_complaints_become_prominent
);

async fn most_helpful_first(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let mut ids = Vec::new();
    for (n, text) in [
        "The blender crushes ice in seconds, used daily since June.",
        "Delivered in two days, the kettle boils a litre in three minutes.",
        "The vacuum's battery lasts forty minutes on the first setting.",
    ]
    .iter()
    .enumerate()
    {
        let (id, _) = submit(
            &app,
            json!({"kind": "review", "rating": 5 - n, "text": text, "lang": "en"}),
        )
        .await;
        ids.push(id);
    }
    // The oldest gets two votes, the middle one one, the newest none.
    for (n, id) in [(1, &ids[0]), (2, &ids[0]), (3, &ids[1])] {
        let (voter, ip) = browser(n);
        let (status, body) = press(&app, Method::PUT, id, &voter, &ip).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let order: Vec<String> = listed(&app, "?sort=helpful")
        .await
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(order, vec![ids[0].clone(), ids[1].clone(), ids[2].clone()]);
    let counts: Vec<i64> = listed(&app, "?sort=helpful")
        .await
        .iter()
        .map(|i| i["helpful"].as_i64().unwrap())
        .collect();
    assert_eq!(counts, vec![2, 1, 0]);
    // The cached list follows a vote.
    let (voter, ip) = browser(4);
    press(&app, Method::PUT, &ids[2], &voter, &ip).await;
    let (voter, ip) = browser(5);
    press(&app, Method::PUT, &ids[2], &voter, &ip).await;
    let (voter, ip) = browser(6);
    press(&app, Method::PUT, &ids[2], &voter, &ip).await;
    let first = &listed(&app, "?sort=helpful").await[0];
    assert_eq!(
        (first["id"].as_str(), first["helpful"].as_i64()),
        (Some(ids[2].as_str()), Some(3))
    );
    // Newest stays the default.
    assert_eq!(listed(&app, "").await[0]["id"], ids[2].as_str());
    let (status, body) = app.get("/api/v1/sites/shop/reviews?sort=votes").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}
both_backends!(most_helpful_first_works, most_helpful_first);

async fn concurrent_presses_count_once_each(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let (id, _) = submit(
        &app,
        complaint("The parcel tracking has not moved for ten days since 2 June."),
    )
    .await;
    let app = std::sync::Arc::new(app);
    let mut tasks = Vec::new();
    for n in 0..12 {
        let (app, id) = (app.clone(), id.clone());
        tasks.push(tokio::spawn(async move {
            // Every browser presses twice at once.
            let (voter, ip) = browser(n % 6);
            press(&app, Method::PUT, &id, &voter, &ip).await
        }));
    }
    for task in tasks {
        let (status, body) = task.await.unwrap();
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert_eq!(item(&listed(&app, "").await, &id)["me_too"], 6);
}
both_backends!(
    concurrent_presses_count_once_each_work,
    concurrent_presses_count_once_each
);

/// The store refuses a vote computed from a count or a review that changed
/// meanwhile (another vote, a hide), so the event it carries never shows
/// what is no longer stored; a refused vote writes nothing.
async fn stale_votes_are_refused_by_the_store(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let (id, _) = submit(
        &app,
        complaint("The courier left the parcel in the rain on 5 June."),
    )
    .await;
    let store = app.store();
    let review = store.review(&id).await.unwrap().unwrap();
    let write = |count: i64, version: i64, voter: &str| WriteBatch {
        vote: Some(VoteWrite {
            review_id: id.clone(),
            voter: voter.to_owned(),
            ip_hash: format!("address-of-{voter}"),
            cast: true,
            expected_count: count,
            expected_version: version,
            priority: None,
            created_at: 0,
        }),
        ..WriteBatch::default()
    };
    for stale in [
        write(1, review.version, "a"),
        write(0, review.version + 1, "a"),
    ] {
        assert!(matches!(
            store.write(stale).await,
            Err(StoreError::Conflict(_))
        ));
    }
    store.write(write(0, review.version, "a")).await.unwrap();
    // The same voter twice, or a second voter counted from a stale count.
    assert!(store.write(write(1, review.version, "a")).await.is_err());
    assert!(store.write(write(0, review.version, "b")).await.is_err());
    let state = store.vote_state(&id, "b", "address-of-a").await.unwrap();
    assert_eq!(
        (state.count, state.by_voter, state.by_address),
        (1, false, true)
    );
    // Hidden meanwhile: no vote lands on it.
    let owner = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let (status, body) = app
        .post_as(
            &owner,
            &format!("/api/v1/sites/shop/reviews/{id}/hide"),
            json!({"reason": "insult"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let hidden = store.review(&id).await.unwrap().unwrap();
    assert!(matches!(
        store.write(write(1, hidden.version, "b")).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        store.vote_counts(std::slice::from_ref(&id)).await.unwrap()[&id],
        1
    );
}
both_backends!(
    stale_votes_are_refused_by_the_store_work,
    stale_votes_are_refused_by_the_store
);
