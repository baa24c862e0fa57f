//! The storage trait against both backends: the same behaviour from SQLite
//! and PostgreSQL for sites, accounts, sessions, the transactional write
//! batch (optimistic concurrency, events), bans, orders and presence.
#![cfg(feature = "server")]

mod common;

use candor::core::model::{ReviewKind, ReviewState, Role, Status};
use candor::server::storage::{
    self, BanMatch, DeliveryOutcome, LogRecord, NewBan, NewDelivery, NewEvent, NewReply,
    OrderRecord, QueueFilter, RateKey, RateTake, RecentSignature, ReviewFilter, ReviewRecord,
    StoreError, WriteBatch,
};
use common::{create_site, Backend, TestDb};

fn review(id: &str, rating: i64, created_at: i64) -> ReviewRecord {
    ReviewRecord {
        id: id.to_owned(),
        site: "shop".to_owned(),
        rating,
        text: format!("Text of {id}"),
        product: Some("kettle".to_owned()),
        author_name: None,
        email: Some("a@b.example".to_owned()),
        email_sha256: Some("e".repeat(64)),
        order_ref: Some(format!("O-{id}")),
        order_date: None,
        lang: Some("en".to_owned()),
        created_at,
        state: ReviewState::new(ReviewKind::Complaint),
        check_score: 0.25,
        check_verdict: "vague".to_owned(),
        check_reasons: vec!["no_facts".to_owned(), "generic_praise".to_owned()],
        author_token_sha256: "t".repeat(64),
        ip_hash: Some("i".repeat(64)),
        answer_due_at: Some(created_at + 600_000),
        first_answer_open_minutes: None,
        hidden_reason: None,
        signature: None,
        version: 0,
    }
}

async fn round_trip(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let store = storage::connect(&db.url).await.unwrap();
    assert_eq!(
        store.backend(),
        match backend {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    );
    // Migrations are idempotent: a second connection migrates nothing new.
    drop(storage::connect(&db.url).await.unwrap());

    let site = create_site(
        store.as_ref(),
        "shop",
        &["https://a.example", "https://b.example"],
    )
    .await;
    assert_eq!(store.site("shop").await.unwrap().unwrap(), site);
    assert!(matches!(
        store.create_site(&site).await,
        Err(StoreError::Conflict(_))
    ));
    let mut edited = site.clone();
    edited.promise_minutes = 15;
    store.update_site(&edited).await.unwrap();
    assert_eq!(store.sites().await.unwrap()[0].promise_minutes, 15);

    let user = store
        .create_user("m@shop.example", "M", "hash", 1)
        .await
        .unwrap();
    assert!(matches!(
        store.create_user("m@shop.example", "M2", "h", 1).await,
        Err(StoreError::Conflict(_))
    ));
    store.grant(user, "shop", Role::Moderator).await.unwrap();
    store.grant(user, "shop", Role::Owner).await.unwrap();
    assert_eq!(store.memberships(user).await.unwrap()[0].role, Role::Owner);
    store
        .create_session("s".repeat(64).as_str(), user, 10, 100)
        .await
        .unwrap();
    assert!(store
        .session_user(&"s".repeat(64), 50)
        .await
        .unwrap()
        .is_some());
    assert!(
        store
            .session_user(&"s".repeat(64), 150)
            .await
            .unwrap()
            .is_none(),
        "expired"
    );

    let first = review("r_1", 1, 1_000);
    let events = store
        .write(WriteBatch {
            insert: Some(first.clone()),
            events: vec![NewEvent {
                site: "shop".into(),
                name: "review_created".into(),
                data: "{}".into(),
                review_id: None,
            }],
            ..WriteBatch::default()
        })
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(store.review("r_1").await.unwrap().unwrap(), first);
    store
        .write(WriteBatch {
            insert: Some(review("r_2", 5, 2_000)),
            ..WriteBatch::default()
        })
        .await
        .unwrap();

    // An update with the current version succeeds and bumps it; a stale one fails.
    let mut answered = first.clone();
    answered.state.answer(1_500).unwrap();
    answered.first_answer_open_minutes = Some(0);
    answered.text = "merchants cannot edit this".to_owned();
    store
        .write(WriteBatch {
            updates: vec![answered.clone()],
            replies: vec![NewReply {
                review_id: "r_1".into(),
                kind: "answer".into(),
                text: "On it".into(),
                author_display: "M".into(),
                user_id: Some(user),
                created_at: 1_500,
            }],
            log: vec![LogRecord {
                id: 0,
                site: "shop".into(),
                review_id: Some("r_1".into()),
                action: "hide".into(),
                reason: Some("insult".into()),
                actor: "M".into(),
                actor_user_id: Some(user),
                created_at: 1_500,
            }],
            ..WriteBatch::default()
        })
        .await
        .unwrap();
    let stored = store.review("r_1").await.unwrap().unwrap();
    assert_eq!(stored.version, 1);
    assert_eq!(stored.text, "Text of r_1", "text is never updated");
    assert_eq!(stored.state.first_answer_at, Some(1_500));
    let stale = store
        .write(WriteBatch {
            updates: vec![answered],
            ..WriteBatch::default()
        })
        .await;
    assert!(matches!(stale, Err(StoreError::StaleVersion)));
    // A failed batch writes nothing: the reply of a stale batch is not stored.
    let failed = store
        .write(WriteBatch {
            updates: vec![first.clone()],
            replies: vec![NewReply {
                review_id: "r_1".into(),
                kind: "answer".into(),
                text: "lost".into(),
                author_display: "M".into(),
                user_id: None,
                created_at: 1_600,
            }],
            ..WriteBatch::default()
        })
        .await;
    assert!(failed.is_err());
    let replies = store
        .replies(&["r_1".to_owned(), "r_2".to_owned()])
        .await
        .unwrap();
    assert_eq!(replies.len(), 1);

    let filter = ReviewFilter {
        limit: 10,
        ..ReviewFilter::default()
    };
    let newest = store.published("shop", &filter).await.unwrap();
    assert_eq!(
        newest.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["r_2", "r_1"]
    );
    let only_ones = store
        .published(
            "shop",
            &ReviewFilter {
                rating: Some(1),
                ..filter.clone()
            },
        )
        .await
        .unwrap();
    assert_eq!(only_ones.len(), 1);
    let summary = store.summary("shop", None).await.unwrap();
    assert_eq!((summary.count, summary.histogram), (2, [1, 0, 0, 0, 1]));
    assert_eq!(
        store.first_answer_minutes("shop", 0).await.unwrap(),
        vec![0]
    );
    let queue = store
        .queue(
            "shop",
            &QueueFilter {
                limit: 10,
                ..QueueFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(queue[0].id, "r_2", "unanswered complaints first");
    assert_eq!(store.recent("shop", 1_500, 10).await.unwrap().len(), 1);

    let counts = store.moderation_counts("shop").await.unwrap();
    assert_eq!(counts[0].count, 1);
    assert_eq!(
        store.moderation_log("shop", 10, 0).await.unwrap()[0].actor,
        "M"
    );

    // Bans by e-mail hash, expiring.
    let e = "e".repeat(64);
    store
        .write(WriteBatch {
            bans: vec![NewBan {
                site: "shop".into(),
                email_sha256: Some(e.clone()),
                ip_hash: None,
                reason: "threat".into(),
                created_at: 0,
                expires_at: Some(10_000),
            }],
            ..WriteBatch::default()
        })
        .await
        .unwrap();
    assert!(store
        .is_banned("shop", Some(&e), None, 5_000)
        .await
        .unwrap());
    assert!(!store
        .is_banned("shop", Some(&e), None, 20_000)
        .await
        .unwrap());
    assert!(!store
        .is_banned("other", Some(&e), None, 5_000)
        .await
        .unwrap());

    // Orders: the reviews quoting one, then the order and their badge in
    // one batch.
    let matching = store
        .unverified_for_order("shop", "O-r_2", None)
        .await
        .unwrap();
    assert_eq!(
        matching.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        vec!["r_2"]
    );
    let mut verified = matching[0].clone();
    verified.state.verified_order = true;
    store
        .write(WriteBatch {
            orders: vec![OrderRecord {
                products: Vec::new(),
                site: "shop".into(),
                order_ref: "O-r_2".into(),
                order_date: None,
                email_sha256: None,
                created_at: 0,
            }],
            updates: vec![verified],
            ..WriteBatch::default()
        })
        .await
        .unwrap();
    assert!(
        store
            .review("r_2")
            .await
            .unwrap()
            .unwrap()
            .state
            .verified_order
    );
    assert!(store
        .unverified_for_order("shop", "O-r_2", None)
        .await
        .unwrap()
        .is_empty());
    let orders = store
        .orders_matching("shop", Some("O-r_2"), None)
        .await
        .unwrap();
    assert_eq!(orders.len(), 1);
    assert_eq!(
        store.verified_products(&orders[0]).await.unwrap(),
        vec![Some("kettle".to_owned())]
    );
    assert!(store
        .orders_matching("shop", Some("nope"), None)
        .await
        .unwrap()
        .is_empty());

    store.heartbeat("shop", user, 7).await.unwrap();
    store.heartbeat("shop", user, 9).await.unwrap();
    assert_eq!(store.last_heartbeat("shop").await.unwrap(), Some(9));
    assert_eq!(store.last_heartbeat("other").await.unwrap(), None);

    let all = store.events_after("shop", 0, 10).await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(store.event(all[0].id).await.unwrap().unwrap(), all[0]);
    assert!(store
        .events_after("shop", all[0].id, 10)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(store.prune_events(i64::MAX).await.unwrap(), 1);
    let _ = Status::Published;
}
both_backends!(storage_round_trip, round_trip);

async fn webhook_deliveries_are_pruned(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let store = storage::connect(&db.url).await.unwrap();
    create_site(store.as_ref(), "shop", &["https://a.example"]).await;
    let delivery = |id: &str| NewDelivery {
        id: id.to_owned(),
        site: "shop".to_owned(),
        event: "review.created".to_owned(),
        payload: "{}".to_owned(),
        review_id: None,
        created_at: 1_000,
    };
    store
        .write(WriteBatch {
            insert: Some(review("r1", 1, 1_000)),
            webhooks: ["sent", "gave_up", "cancelled", "waiting", "recent"]
                .into_iter()
                .map(delivery)
                .collect(),
            ..WriteBatch::default()
        })
        .await
        .unwrap();
    let claimed = store.claim_deliveries(2_000, 60_000, 10).await.unwrap();
    assert_eq!(claimed.len(), 5);
    let url = "https://hooks.example/candor".to_owned();
    let finish = |id: &'static str, outcome: DeliveryOutcome, at: i64| {
        let store = store.clone();
        async move { store.finish_delivery(id, &outcome, at).await.unwrap() }
    };
    finish(
        "sent",
        DeliveryOutcome::Delivered {
            url: url.clone(),
            status_code: 204,
        },
        3_000,
    )
    .await;
    let failed = DeliveryOutcome::Failed {
        url: Some(url.clone()),
        status_code: Some(500),
        error: "500".into(),
    };
    finish("gave_up", failed.clone(), 3_000).await;
    finish(
        "cancelled",
        DeliveryOutcome::Cancelled {
            reason: "no URL".into(),
        },
        3_000,
    )
    .await;
    let retry = DeliveryOutcome::Retry {
        url: url.clone(),
        status_code: None,
        error: "timeout".into(),
        next_attempt_at: 9_000,
    };
    finish("waiting", retry, 3_000).await;
    finish("recent", failed, 8_000).await;

    // Finished before 5 000: three go; the pending one stays however old,
    // and so does the one finished later.
    assert_eq!(store.prune_deliveries(5_000).await.unwrap(), 3);
    let mut left: Vec<String> = store
        .deliveries("shop", 10)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    left.sort();
    assert_eq!(left, ["recent", "waiting"]);
    assert_eq!(
        store.prune_deliveries(5_000).await.unwrap(),
        0,
        "idempotent"
    );
    assert_eq!(
        store.prune_deliveries(i64::MAX).await.unwrap(),
        1,
        "never a pending one"
    );
}
both_backends!(
    storage_prunes_webhook_deliveries,
    webhook_deliveries_are_pruned
);

async fn backfill_never_overwrites_triage(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let store = storage::connect(&db.url).await.unwrap();
    create_site(store.as_ref(), "shop", &["https://a.example"]).await;
    for id in ["r_triaged", "r_untouched"] {
        store
            .write(WriteBatch {
                insert: Some(review(id, 1, 1_000)),
                ..WriteBatch::default()
            })
            .await
            .unwrap();
    }
    let fields = |topic: &str| storage::PanelFields {
        topic: Some(topic.to_owned()),
        topics: vec![topic.to_owned()],
        priority: Some("normal".to_owned()),
        stop_engaging: false,
        search_text: Some("text".to_owned()),
    };
    // The merchant triages one while the background backfill is running...
    store
        .write(WriteBatch {
            panel: vec![("r_triaged".into(), fields("product_quality"))],
            ..WriteBatch::default()
        })
        .await
        .unwrap();
    // ...and the backfill's conditional write lands afterwards.
    store
        .write(WriteBatch {
            panel_if_untriaged: vec![
                ("r_triaged".into(), fields("other")),
                ("r_untouched".into(), fields("delivery_late")),
            ],
            ..WriteBatch::default()
        })
        .await
        .unwrap();
    let rows = store
        .panel_rows("shop", &["r_triaged".to_owned(), "r_untouched".to_owned()])
        .await
        .unwrap();
    assert_eq!(
        rows["r_triaged"].fields.topic.as_deref(),
        Some("product_quality")
    );
    assert_eq!(
        rows["r_untouched"].fields.topic.as_deref(),
        Some("delivery_late")
    );
    assert!(store.untriaged(10).await.unwrap().is_empty());
}
both_backends!(
    storage_backfill_keeps_triage,
    backfill_never_overwrites_triage
);

async fn recent_signatures(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let store = storage::connect(&db.url).await.unwrap();
    create_site(store.as_ref(), "shop", &["https://a.example"]).await;
    create_site(store.as_ref(), "other", &["https://b.example"]).await;
    let mut old = review("r_old", 5, 1_000);
    old.signature = Some("ab".repeat(4));
    let mut signed = review("r_signed", 1, 2_000);
    signed.signature = Some("cd".repeat(4));
    let mut held = review("r_held", 1, 3_000);
    held.state.hold();
    let mut elsewhere = review("r_elsewhere", 1, 4_000);
    elsewhere.site = "other".into();
    for record in [old, signed, held, elsewhere] {
        store
            .write(WriteBatch {
                insert: Some(record),
                ..WriteBatch::default()
            })
            .await
            .unwrap();
    }
    let recent = store.recent_signatures("shop", 1_500, 10).await.unwrap();
    assert_eq!(
        recent,
        vec![
            RecentSignature {
                id: "r_held".into(),
                status: Status::Held,
                version: 0,
                signature: None,
                ip_hash: Some("i".repeat(64)),
                email_sha256: Some("e".repeat(64)),
                created_at: 3_000,
            },
            RecentSignature {
                id: "r_signed".into(),
                status: Status::Published,
                version: 0,
                signature: Some("cd".repeat(4)),
                ip_hash: Some("i".repeat(64)),
                email_sha256: Some("e".repeat(64)),
                created_at: 2_000,
            },
        ],
        "newest first, only the site's, only since"
    );
    // The same rows as the full `recent`, and the limit applies.
    let full: Vec<String> = store
        .recent("shop", 0, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    let narrow: Vec<String> = store
        .recent_signatures("shop", 0, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(full, narrow);
    assert_eq!(
        store.recent_signatures("shop", 0, 1).await.unwrap()[0].id,
        "r_held"
    );
}
both_backends!(storage_recent_signatures, recent_signatures);

/// The shared rate limit (GCRA in one upsert): a burst of window/interval
/// requests, then one per interval, the wait of a refused one, and pruning.
async fn shared_rate_limits(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let store = storage::connect(&db.url).await.unwrap();
    let take = |key: &'static str, now: i64| {
        let store = store.clone();
        async move { store.take_rate_limit(key, 1_000, 3_000, now).await.unwrap() }
    };
    for _ in 0..3 {
        assert_eq!(take("a", 0).await, RateTake::Allowed);
    }
    assert_eq!(take("a", 0).await, RateTake::Refused { wait_ms: 1_000 });
    assert_eq!(take("a", 400).await, RateTake::Refused { wait_ms: 600 });
    assert_eq!(take("b", 400).await, RateTake::Allowed, "another key");
    // A refused request is not counted: one interval later one more fits.
    assert_eq!(take("a", 1_000).await, RateTake::Allowed);
    assert_eq!(take("a", 1_000).await, RateTake::Refused { wait_ms: 1_000 });
    // Keys whose arrival time has passed are pruned; the rest stay.
    assert_eq!(
        store.prune_rate_limits(3_500).await.unwrap(),
        1,
        "b ran out"
    );
    assert_eq!(take("a", 3_500).await, RateTake::Allowed);
    assert_eq!(store.prune_rate_limits(10_000).await.unwrap(), 1);
    for _ in 0..3 {
        assert_eq!(take("a", 10_000).await, RateTake::Allowed);
    }
}
both_backends!(storage_shared_rate_limits, shared_rate_limits);

/// A chain of shared limits (one statement on PostgreSQL) counts a limit
/// only when every one before it allowed the request, gives the first
/// refusal's wait, and agrees with taking the keys one by one.
async fn chained_rate_limits(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let store = storage::connect(&db.url).await.unwrap();
    let client = |key| RateKey {
        key,
        interval_ms: 1_000,
        window_ms: 2_000,
    };
    let site = RateKey {
        key: "site",
        interval_ms: 100,
        window_ms: 300,
    };
    let chain = |key, now| {
        let store = store.clone();
        async move {
            store
                .take_rate_limits(&[client(key), site], now)
                .await
                .unwrap()
        }
    };
    assert_eq!(chain("a", 0).await, RateTake::Allowed);
    assert_eq!(chain("a", 0).await, RateTake::Allowed);
    // "a" is over its limit: refused with its own wait, and the site's
    // limit is not used up by it.
    for _ in 0..5 {
        assert_eq!(chain("a", 0).await, RateTake::Refused { wait_ms: 1_000 });
    }
    assert_eq!(
        chain("b", 0).await,
        RateTake::Allowed,
        "the site had room for a third"
    );
    // The site's limit is now full: another client is refused with the
    // site's wait, and that client's own limit was counted.
    assert_eq!(chain("c", 0).await, RateTake::Refused { wait_ms: 100 });
    let take_c = || store.take_rate_limit("c", 1_000, 2_000, 0);
    assert_eq!(take_c().await.unwrap(), RateTake::Allowed);
    assert_eq!(
        take_c().await.unwrap(),
        RateTake::Refused { wait_ms: 1_000 },
        "c's burst of two: one taken by the chain, one here"
    );
    assert_eq!(
        chain("d", 100).await,
        RateTake::Allowed,
        "one site interval later"
    );
    assert_eq!(
        store.take_rate_limits(&[], 0).await.unwrap(),
        RateTake::Allowed
    );
}
both_backends!(storage_chained_rate_limits, chained_rate_limits);

/// The installation secret is made once; bans under a legacy address hash
/// are found as such and re-keyed.
async fn secrets_and_legacy_bans(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let store = storage::connect(&db.url).await.unwrap();
    assert_eq!(store.server_secret("k", "first", 1).await.unwrap(), "first");
    assert_eq!(
        store.server_secret("k", "second", 2).await.unwrap(),
        "first"
    );
    assert_eq!(store.server_secret("j", "other", 2).await.unwrap(), "other");

    let (legacy, keyed) = ("l".repeat(64), "k".repeat(64));
    store
        .write(WriteBatch {
            bans: vec![NewBan {
                site: "shop".into(),
                email_sha256: None,
                ip_hash: Some(legacy.clone()),
                reason: "spam".into(),
                created_at: 0,
                expires_at: None,
            }],
            ..WriteBatch::default()
        })
        .await
        .unwrap();
    let matched = |ip: &str, legacy_ip: Option<&str>| {
        let store = store.clone();
        let (ip, legacy_ip) = (ip.to_owned(), legacy_ip.map(str::to_owned));
        async move {
            store
                .ban_match("shop", None, Some(&ip), legacy_ip.as_deref(), 5)
                .await
                .unwrap()
        }
    };
    assert_eq!(matched(&keyed, None).await, None);
    assert_eq!(
        matched(&keyed, Some(&legacy)).await,
        Some(BanMatch::LegacyIpHash)
    );
    assert_eq!(
        store.rekey_ip_bans("other", &legacy, &keyed).await.unwrap(),
        0,
        "another site's bans stay"
    );
    assert_eq!(
        store.rekey_ip_bans("shop", &legacy, &keyed).await.unwrap(),
        1
    );
    assert_eq!(
        matched(&keyed, Some(&legacy)).await,
        Some(BanMatch::Current)
    );
    assert_eq!(matched(&legacy, None).await, None, "the legacy key is gone");
}
both_backends!(storage_secrets_and_legacy_bans, secrets_and_legacy_bans);

#[tokio::test]
async fn unknown_database_urls_are_refused() {
    assert!(matches!(
        storage::connect("mysql://x").await,
        Err(StoreError::UnsupportedUrl(_))
    ));
}

#[tokio::test]
async fn sqlite_file_is_created_in_wal_mode() {
    let db = TestDb::new(Backend::Sqlite).await.unwrap();
    let _store = storage::connect(&db.url).await.unwrap();
    let path = db.dir().unwrap().join("candor.db");
    assert!(path.exists());
    let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect(&db.url)
        .await
        .unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
}
