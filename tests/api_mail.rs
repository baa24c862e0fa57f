//! Mail end to end on SQLite and PostgreSQL, against a real SMTP server
//! (aiosmtpd from the tools cache, started per test by
//! `tests/smtp_sink.py`): a merchant's reply reaches the author in the
//! review's language with every text escaped and a working private link;
//! the "is it resolved?" yes/no links change nothing on GET and act once on
//! POST; a mail committed before a restart is sent once after it; an SMTP
//! server that is down gets retries and the mail arrives when it is back;
//! a permanent 550 on RCPT stops mail to that address; one-click
//! unsubscribe; undo and hiding cancel mails not yet sent.
#![cfg(feature = "server")]

mod common;

use std::path::PathBuf;
use std::time::Duration;

use axum::http::{Method, StatusCode};
use candor::core::model::Role;
use candor::server::config::ServerConfig;
use candor::server::mailer::{self, Transport};
use candor::server::AppState;
use common::{complaint, Backend, TestApp};
use serde_json::{json, Value};

/// A real SMTP server in a child process, writing each mail as JSON.
struct Sink {
    child: Option<std::process::Child>,
    port: u16,
    dir: tempfile::TempDir,
}

fn python() -> Option<PathBuf> {
    let python = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".tools/py-mail/bin/python");
    if python.exists() {
        return Some(python);
    }
    if std::env::var("CANDOR_SKIP_SMTP").is_ok_and(|v| v == "1") {
        eprintln!("CANDOR_SKIP_SMTP=1: skipping a test that needs aiosmtpd");
        return None;
    }
    panic!("aiosmtpd is not installed: run scripts/setup.sh --native (or set CANDOR_SKIP_SMTP=1)");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

impl Sink {
    /// A sink on a free port, not started (the SMTP server is "down").
    fn down() -> Option<Sink> {
        python()?;
        Some(Sink {
            child: None,
            port: free_port(),
            dir: tempfile::tempdir().expect("temp dir"),
        })
    }

    /// A running sink.
    fn up() -> Option<Sink> {
        let mut sink = Sink::down()?;
        sink.start();
        Some(sink)
    }

    fn start(&mut self) {
        use std::io::BufRead as _;
        let python = python().expect("python");
        let mut child = std::process::Command::new(python)
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp_sink.py"))
            .arg(self.port.to_string())
            .arg(self.dir.path())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("start the SMTP sink");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .expect("sink output");
        assert_eq!(line.trim(), "ready", "the SMTP sink did not start");
        self.child = Some(child);
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every mail received so far, in order.
    fn mails(&self) -> Vec<Value> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .expect("sink dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect()
    }

    fn mails_to(&self, address: &str) -> Vec<Value> {
        self.mails()
            .into_iter()
            .filter(|m| {
                m["rcpt_tos"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|a| a == address)
            })
            .collect()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Mail on, to `smtp`, with no undo wait and quick retries.
fn mail_config(smtp: String) -> impl FnOnce(&mut ServerConfig) {
    move |c: &mut ServerConfig| {
        c.smtp = Some(smtp);
        c.undo_window_ms = 0;
        c.mail_retry_delays_secs = vec![0.05, 0.05, 0.05];
        c.mail_from = "reviews@shop.example".to_owned();
        c.public_url = Some("https://candor.shop.example".to_owned());
    }
}

/// A real SMTP sink and an app that mails to it (`None` when either is
/// skipped).
async fn mail_app(backend: Backend) -> Option<(Sink, TestApp)> {
    let sink = Sink::up()?;
    let app = TestApp::with_config(backend, mail_config(sink.url())).await?;
    Some((sink, app))
}

fn transport(state: &AppState) -> Transport {
    Transport::from_config(&state.config)
        .expect("valid SMTP URL")
        .expect("mail is on")
}

/// Runs the worker's rounds until nothing is due.
async fn drain(state: &AppState) {
    let transport = transport(state);
    for _ in 0..10 {
        if mailer::send_due(state, &transport).await.expect("send") == 0 {
            return;
        }
    }
}

async fn submit_with_email(app: &TestApp, body: Value) -> (String, String) {
    let json = app.submit(body).await;
    (
        json["id"].as_str().unwrap().to_owned(),
        json["author_token"].as_str().unwrap().to_owned(),
    )
}

/// The private link's token (the fragment of the first `/r/` link).
fn private_token(text: &str, review_id: &str) -> String {
    let marker = format!("https://candor.shop.example/r/{review_id}#");
    let start = text.find(&marker).expect("private link") + marker.len();
    text[start..].split_whitespace().next().unwrap().to_owned()
}

/// The path and query of the link that starts with `prefix`.
fn link(text: &str, prefix: &str) -> String {
    let start = text.find(prefix).expect("link");
    let url = text[start..].split_whitespace().next().unwrap();
    url.trim_start_matches("https://candor.shop.example")
        .to_owned()
}

async fn reply_reaches_the_author(backend: Backend) {
    let Some((sink, app)) = mail_app(backend).await else {
        return;
    };
    let merchant = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let (id, token) = submit_with_email(
        &app,
        json!({"kind": "complaint", "rating": 1, "lang": "ru", "email": "Anna@Mail.example",
               "text": "Заказ 4821 пришёл 3 дня назад разбитым, коробка мятая, <b>стекло</b> треснуло."}),
    )
    .await;
    let reply = "Anna, we are sorry: <script>alert(1)</script> a courier brings a new one tomorrow & takes the broken one.";
    let (status, body) = app
        .post_as(
            &merchant,
            &format!("/api/v1/sites/shop/reviews/{id}/replies"),
            json!({"text": reply}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    drain(&app.state).await;

    let mut mails = sink.mails_to("anna@mail.example");
    assert_eq!(mails.len(), 2, "a receipt and the reply: {mails:?}");
    // Sent concurrently: the receipt is the one with the submission's token.
    mails.sort_by_key(|m| m["subject"] != "Ваш отзыв на Shop shop");
    let receipt = &mails[0];
    assert_eq!(receipt["subject"], "Ваш отзыв на Shop shop");
    // The receipt carries the very token the submission answered.
    assert_eq!(private_token(receipt["text"].as_str().unwrap(), &id), token);

    let mail = &mails[1];
    assert_eq!(mail["subject"], "Shop shop ответил на ваш отзыв");
    assert_eq!(mail["headers"]["Content-Language"], "ru");
    assert_eq!(mail["headers"]["From"], "Shop shop <reviews@shop.example>");
    assert!(mail["headers"]["List-Unsubscribe"]
        .as_str()
        .unwrap()
        .starts_with("<https://candor.shop.example/mail/unsubscribe?site=shop&e="));
    assert_eq!(
        mail["headers"]["List-Unsubscribe-Post"],
        "List-Unsubscribe=One-Click"
    );
    let text = mail["text"].as_str().unwrap();
    let html = mail["html"].as_str().unwrap();
    assert!(text.contains(reply), "{text}");
    assert!(
        text.contains("Agent owner@shop.example из Shop shop"),
        "{text}"
    );
    assert!(html.contains("lang=\"ru\"") && html.contains("dir=\"ltr\""));
    assert!(!html.contains("<script>"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(html.contains("&amp; takes"), "{html}");

    // The link's token opens the author's view on any device.
    let mail_token = private_token(text, &id);
    assert_ne!(mail_token, token);
    let (status, _, view) = app
        .call(
            Method::GET,
            &format!("/api/v1/reviews/{id}"),
            None,
            &[("x-candor-token", &mail_token)],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["review"]["replies"][0]["text"], reply);
    // A token for another review does not open this one.
    let (other, _) =
        submit_with_email(&app, complaint("The parcel 77 came a week late, box wet.")).await;
    let (status, _, _) = app
        .call(
            Method::GET,
            &format!("/api/v1/reviews/{other}"),
            None,
            &[("x-candor-token", &mail_token)],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The private page is in the review's language, right to left for Persian.
    let (fa, _) = submit_with_email(
        &app,
        json!({"kind": "review", "rating": 4, "lang": "fa", "email": "sara@mail.example",
               "text": "سفارش ۴۸۲۱ دو روزه رسید و بسته‌بندی سالم بود."}),
    )
    .await;
    let page = page_text(&app, &format!("/r/{fa}")).await;
    assert!(page.contains("lang=\"fa\" dir=\"rtl\""), "{page}");
    drain(&app.state).await;
    let persian = sink.mails_to("sara@mail.example");
    assert_eq!(persian.len(), 1);
    assert!(persian[0]["html"].as_str().unwrap().contains("dir=\"rtl\""));
}
both_backends!(
    reply_reaches_the_author_in_their_language,
    reply_reaches_the_author
);

async fn page_text(app: &TestApp, uri: &str) -> String {
    use http_body_util::BodyExt as _;
    use tower::ServiceExt as _;
    let request = axum::http::Request::builder()
        .uri(uri)
        .body(axum::body::Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

async fn post_form(app: &TestApp, uri: &str) -> (StatusCode, String) {
    use http_body_util::BodyExt as _;
    use tower::ServiceExt as _;
    let request = axum::http::Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from("List-Unsubscribe=One-Click"))
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

async fn badges(app: &TestApp, id: &str, token: &str) -> Vec<String> {
    let (_, _, view) = app
        .call(
            Method::GET,
            &format!("/api/v1/reviews/{id}"),
            None,
            &[("x-candor-token", token)],
        )
        .await;
    serde_json::from_value(view["review"]["badges"].clone()).unwrap()
}

async fn confirm_link_flow(backend: Backend) {
    let Some((sink, app)) = mail_app(backend).await else {
        return;
    };
    let merchant = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let mut body = complaint("Order 5512: the kettle leaks from the base after two days of use.");
    body["email"] = json!("kai@mail.example");
    let (id, token) = submit_with_email(&app, body).await;
    let (status, _) = app
        .post_as(
            &merchant,
            &format!("/api/v1/sites/shop/reviews/{id}/resolve"),
            json!({"note": "A new kettle <model 2> was delivered on Monday."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    drain(&app.state).await;
    let mails = sink.mails_to("kai@mail.example");
    assert_eq!(mails.len(), 2);
    let mail = mails
        .iter()
        .find(|m| m["subject"] != "Your review on Shop shop")
        .unwrap();
    assert_eq!(
        mail["subject"],
        "Shop shop marked your complaint resolved — is it?"
    );
    let text = mail["text"].as_str().unwrap();
    assert!(text.contains("> A new kettle <model 2> was delivered on Monday."));
    assert!(mail["html"]
        .as_str()
        .unwrap()
        .contains("A new kettle &lt;model 2&gt;"));
    let yes = link(text, "https://candor.shop.example/mail/resolve/");
    assert!(yes.contains("answer=yes"), "{yes}");
    let no = link(
        &text[text.find("answer=yes").unwrap()..],
        "https://candor.shop.example/mail/resolve/",
    );
    assert!(no.contains("answer=no"), "{no}");

    // A GET (a mail scanner) only shows the button.
    let form = page_text(&app, &yes).await;
    assert!(
        form.contains("<form method=\"post\">") && form.contains("Yes, solved"),
        "{form}"
    );
    assert!(badges(&app, &id, &token)
        .await
        .contains(&"resolved_by_merchant".to_owned()));
    // A tampered or re-purposed token does nothing.
    let tampered = yes.replace("answer=yes", "answer=no");
    let (status, _) = post_form(&app, &tampered).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(badges(&app, &id, &token)
        .await
        .contains(&"resolved_by_merchant".to_owned()));
    // The POST confirms, once.
    let (status, page) = post_form(&app, &yes).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(badges(&app, &id, &token)
        .await
        .contains(&"resolved_confirmed".to_owned()));
    let (status, _) = post_form(&app, &yes).await;
    assert_eq!(status, StatusCode::CONFLICT);
    // "No, not yet" reopens.
    let (status, _) = post_form(&app, &no).await;
    assert_eq!(status, StatusCode::OK);
    let after = badges(&app, &id, &token).await;
    assert!(
        !after.iter().any(|b| b.starts_with("resolved")),
        "{after:?}"
    );
}
both_backends!(resolved_yes_no_links_work_end_to_end, confirm_link_flow);

async fn restart_sends_once(backend: Backend) {
    let Some((sink, app)) = mail_app(backend).await else {
        return;
    };
    let merchant = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let mut body =
        complaint("The blender from order 310 stopped after one week, motor smells burnt.");
    body["email"] = json!("lee@mail.example");
    let (id, _) = submit_with_email(&app, body).await;
    let (status, _) = app
        .post_as(
            &merchant,
            &format!("/api/v1/sites/shop/reviews/{id}/replies"),
            json!({"text": "We send a courier for it today and refund you in full."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    // The server stops after the commit, before any delivery.
    let config = (*app.state.config).clone();
    assert!(sink.mails().is_empty());
    drop(app.router);
    let store = app.state.store.clone();
    drop(app.state);
    drop(store);
    // A new server over the same database sends each mail once, however
    // often its worker runs.
    let restarted = AppState::open(config).await.expect("reopen");
    drain(&restarted).await;
    drain(&restarted).await;
    let mails = sink.mails_to("lee@mail.example");
    let mut subjects: Vec<&str> = mails
        .iter()
        .map(|m| m["subject"].as_str().unwrap())
        .collect();
    subjects.sort_unstable_by_key(|s| s.starts_with("Shop"));
    assert_eq!(
        subjects,
        ["Your review on Shop shop", "Shop shop answered your review"]
    );
    let ids: std::collections::HashSet<&str> = mails
        .iter()
        .map(|m| m["headers"]["Message-ID"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    drop(restarted);
    let _keep = app.db;
}
both_backends!(
    mail_committed_before_a_restart_is_sent_once_after_it,
    restart_sends_once
);

async fn smtp_down_then_back(backend: Backend) {
    let Some(mut sink) = Sink::down() else { return };
    let Some(app) = TestApp::with_config(backend, mail_config(sink.url())).await else {
        return;
    };
    let mut body = complaint("Order 9001 arrived with the wrong colour, asked for blue, got red.");
    body["email"] = json!("max@mail.example");
    submit_with_email(&app, body).await;
    let transport = transport(&app.state);
    assert_eq!(mailer::send_due(&app.state, &transport).await.unwrap(), 1);
    let queued = app.store().mails(Some("shop"), 10).await.unwrap();
    assert_eq!(queued[0].status, "pending");
    assert_eq!(queued[0].attempts, 1);
    assert_eq!(queued[0].last_error.as_deref(), Some("connection_failed"));
    tokio::time::sleep(Duration::from_millis(120)).await;
    assert_eq!(mailer::send_due(&app.state, &transport).await.unwrap(), 1);
    assert_eq!(
        app.store().mails(Some("shop"), 10).await.unwrap()[0].attempts,
        2
    );
    // The server comes back; the next retry delivers it.
    sink.start();
    tokio::time::sleep(Duration::from_millis(120)).await;
    drain(&app.state).await;
    let sent = app.store().mails(Some("shop"), 10).await.unwrap();
    assert_eq!(sent[0].status, "sent");
    assert_eq!(sent[0].attempts, 3);
    assert_eq!(sink.mails_to("max@mail.example").len(), 1);
}
both_backends!(
    smtp_down_gets_retries_and_the_mail_arrives_when_back,
    smtp_down_then_back
);

async fn bounce_stops_mail(backend: Backend) {
    let Some((sink, app)) = mail_app(backend).await else {
        return;
    };
    let merchant = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let mut body = complaint("Order 44 was charged twice on my card, 2 x 35 EUR on the 3rd.");
    body["email"] = json!("bounce.me@mail.example");
    let (id, _) = submit_with_email(&app, body).await;
    drain(&app.state).await;
    let mails = app.store().mails(Some("shop"), 10).await.unwrap();
    let receipt = mails.iter().find(|m| m.mail.kind == "receipt").unwrap();
    assert_eq!(receipt.status, "failed");
    assert_eq!(receipt.last_code, Some(550));
    // Later mails to that address are never attempted.
    let (status, _) = app
        .post_as(
            &merchant,
            &format!("/api/v1/sites/shop/reviews/{id}/replies"),
            json!({"text": "The second charge is refunded today; it shows in 3 days."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    drain(&app.state).await;
    let mails = app.store().mails(Some("shop"), 10).await.unwrap();
    assert_eq!(mails[0].mail.kind, "reply");
    assert_eq!(mails[0].status, "suppressed");
    assert_eq!(mails[0].last_error.as_deref(), Some("bounce"));
    assert!(sink.mails_to("bounce.me@mail.example").is_empty());
}
both_backends!(
    a_permanent_refusal_stops_mail_to_that_address,
    bounce_stops_mail
);

async fn unsubscribe_works(backend: Backend) {
    let Some((sink, app)) = mail_app(backend).await else {
        return;
    };
    let merchant = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let mut body = complaint("Order 73: the sofa legs were missing from the delivery on Friday.");
    body["email"] = json!("ola@mail.example");
    let (id, _) = submit_with_email(&app, body).await;
    drain(&app.state).await;
    let receipt = &sink.mails_to("ola@mail.example")[0];
    let header = receipt["headers"]["List-Unsubscribe"].as_str().unwrap();
    let url = header
        .trim_start_matches("<https://candor.shop.example")
        .trim_end_matches('>');
    // A GET only asks.
    assert!(page_text(&app, url)
        .await
        .contains("<form method=\"post\">"));
    let forged = url.replace("&t=m.0.", "&t=m.0.0");
    assert_eq!(post_form(&app, &forged).await.0, StatusCode::NOT_FOUND);
    // The one-click POST (RFC 8058) unsubscribes.
    let (status, page) = post_form(&app, url).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (status, _) = app
        .post_as(
            &merchant,
            &format!("/api/v1/sites/shop/reviews/{id}/replies"),
            json!({"text": "The legs go out by courier today, tracking 55120."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    drain(&app.state).await;
    assert_eq!(
        sink.mails_to("ola@mail.example").len(),
        1,
        "only the receipt"
    );
    let mails = app.store().mails(Some("shop"), 10).await.unwrap();
    assert_eq!(mails[0].status, "suppressed");
    assert_eq!(mails[0].last_error.as_deref(), Some("unsubscribe"));
}
both_backends!(one_click_unsubscribe_stops_mail, unsubscribe_works);

async fn undo_and_hide_cancel(backend: Backend) {
    let Some(sink) = Sink::up() else { return };
    let Some(app) = TestApp::with_config(backend, |c| {
        mail_config(sink.url())(c);
        c.undo_window_ms = 60_000;
    })
    .await
    else {
        return;
    };
    let merchant = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let mut body = complaint("Order 12: the printer jams on every second page since day one.");
    body["email"] = json!("ivy@mail.example");
    let (id, _) = submit_with_email(&app, body).await;
    let (_, action) = app
        .post_as(
            &merchant,
            &format!("/api/v1/sites/shop/reviews/{id}/replies"),
            json!({"text": "Oops, wrong thread."}),
        )
        .await;
    // Not sent during the undo window; undone, never sent.
    drain(&app.state).await;
    assert_eq!(
        sink.mails_to("ivy@mail.example").len(),
        1,
        "only the receipt"
    );
    let action_id = action["action_id"].as_i64().unwrap();
    let (status, body) = app
        .post_as(
            &merchant,
            &format!("/api/v1/sites/shop/actions/{action_id}/undo"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mails = app.store().mails(Some("shop"), 10).await.unwrap();
    assert_eq!(
        (mails[0].mail.kind.as_str(), mails[0].status.as_str()),
        ("reply", "cancelled")
    );
    // Hiding a review takes its words out of mails still waiting.
    let mut body = complaint("Order 13: your agent John Smith at +1 555 0100 was rude to me.");
    body["email"] = json!("ivy@mail.example");
    let (id, _) = submit_with_email(&app, body).await;
    let (status, _) = app
        .post_as(
            &merchant,
            &format!("/api/v1/sites/shop/reviews/{id}/hide"),
            json!({"reason": "personal_data"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let receipt = app
        .store()
        .mails(Some("shop"), 10)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.mail.review_id.as_deref() == Some(id.as_str()))
        .unwrap();
    assert_eq!(receipt.status, "cancelled");
    assert!(!receipt.mail.text_body.contains("John Smith") && receipt.mail.text_body.is_empty());
}
both_backends!(
    undo_and_hiding_cancel_mails_not_yet_sent,
    undo_and_hide_cancel
);

async fn team_mails(backend: Backend) {
    let Some((sink, app)) = mail_app(backend).await else {
        return;
    };
    app.merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    app.merchant("shop", "quiet@shop.example", Role::Moderator)
        .await;
    let quiet = app
        .store()
        .user_by_email("quiet@shop.example")
        .await
        .unwrap()
        .unwrap();
    app.store()
        .set_user_mail_settings(
            quiet.id,
            "shop",
            candor::server::storage::mail::UserMailSettings {
                new_complaint: false,
                deadline: true,
            },
        )
        .await
        .unwrap();
    let (id, _) = submit_with_email(
        &app,
        complaint("Order 8: the <i>heater</i> trips the fuse every time."),
    )
    .await;
    drain(&app.state).await;
    let owner = sink.mails_to("owner@shop.example");
    assert_eq!(owner.len(), 1);
    assert_eq!(owner[0]["subject"], "New complaint on Shop shop (1★)");
    assert!(owner[0]["html"]
        .as_str()
        .unwrap()
        .contains("the &lt;i&gt;heater"));
    assert!(owner[0]["text"]
        .as_str()
        .unwrap()
        .contains("https://shop.example/#candor-admin"));
    assert!(owner[0]["text"].as_str().unwrap().contains(&id));
    assert!(sink.mails_to("quiet@shop.example").is_empty());
    // The deadline scan mails both (the quiet one kept deadline mails on), once.
    let due = app
        .store()
        .review(&id)
        .await
        .unwrap()
        .unwrap()
        .answer_due_at
        .unwrap();
    let flagged = candor::server::rules::outbox::scan_deadlines(&app.state, due + 1000)
        .await
        .unwrap();
    assert_eq!(flagged, 1);
    candor::server::rules::outbox::scan_deadlines(&app.state, due + 2000)
        .await
        .unwrap();
    // The scan ran on a clock moved past the deadline; so does the worker.
    let transport = transport(&app.state);
    while mailer::send_due_at(&app.state, &transport, due + 3000)
        .await
        .unwrap()
        > 0
    {}
    let breached: Vec<Value> = sink
        .mails()
        .into_iter()
        .filter(|m| m["subject"] == "A complaint on Shop shop missed its answer deadline")
        .collect();
    assert_eq!(
        breached.len(),
        2,
        "{:?}",
        sink.mails()
            .iter()
            .map(|m| m["subject"].clone())
            .collect::<Vec<_>>()
    );
}
both_backends!(team_mails_follow_each_members_settings, team_mails);

async fn reply_webhook(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let merchant = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let mut site = app.store().site("shop").await.unwrap().unwrap();
    site.webhook_url = Some("https://hooks.shop.example/candor".to_owned());
    site.webhook_secret = Some("whsec_test".to_owned());
    app.store().update_site(&site).await.unwrap();
    let (id, _) = submit_with_email(
        &app,
        complaint("Order 5 came without the charger in the box."),
    )
    .await;
    let (status, _) = app
        .post_as(
            &merchant,
            &format!("/api/v1/sites/shop/reviews/{id}/replies"),
            json!({"text": "The charger is on its way, tracking 7731."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let deliveries = app.store().deliveries("shop", 10).await.unwrap();
    let reply = deliveries
        .iter()
        .find(|d| d.event == "reply.created")
        .expect("reply.created");
    let payload: Value = serde_json::from_str(&reply.payload).unwrap();
    assert_eq!(
        payload["data"]["reply"]["text"],
        "The charger is on its way, tracking 7731."
    );
    assert_eq!(payload["data"]["reply"]["kind"], "answer");
    assert_eq!(payload["data"]["review"]["review"]["id"], id.as_str());
    // Without SMTP no mail is queued at all.
    assert!(app.store().mails(None, 10).await.unwrap().is_empty());
}
both_backends!(a_merchant_reply_fires_reply_created, reply_webhook);

async fn demo_preview(backend: Backend) {
    let Some(app) = TestApp::with_config(backend, |c| c.mail_preview = true).await else {
        return;
    };
    let mut body = complaint("Order 61: the lamp arrived with a cracked shade & no bulb.");
    body["email"] = json!("demo@mail.example");
    submit_with_email(&app, body).await;
    let transport = transport(&app.state);
    assert!(matches!(transport, Transport::Preview));
    mailer::send_due(&app.state, &transport).await.unwrap();
    let list = page_text(&app, "/demo/mail").await;
    assert!(
        list.contains("demo@mail.example") && list.contains("Your review on Shop shop"),
        "{list}"
    );
    let id = &app.store().mails(None, 1).await.unwrap()[0].mail.id;
    let one = page_text(&app, &format!("/demo/mail/{id}")).await;
    assert!(one.contains("cracked shade &amp; no bulb"), "{one}");
    // Outside the demo the preview does not exist.
    let Some(plain) = TestApp::new(backend).await else {
        return;
    };
    let (status, _) = plain.get("/demo/mail").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
both_backends!(the_demo_keeps_mail_in_a_local_preview, demo_preview);

/// Registers an order as the shop's server does (HMAC-signed).
async fn register_order(app: &TestApp, body: Value) -> (StatusCode, Value) {
    let raw = body.to_string();
    let ts = chrono::Utc::now().timestamp();
    let signature = candor::server::http::orders::sign("secret-of-shop", ts, raw.as_bytes());
    let ts = ts.to_string();
    let (status, _, json) = app
        .call_raw(
            Method::POST,
            "/api/v1/sites/shop/orders",
            raw,
            &[
                ("x-candor-timestamp", &ts),
                ("x-candor-signature", &signature),
            ],
        )
        .await;
    (status, json)
}

const DAY: i64 = 86_400_000;

async fn scan(app: &TestApp, now: i64) -> usize {
    candor::server::rules::review_requests::scan(&app.state, now)
        .await
        .unwrap()
}

async fn drain_at(app: &TestApp, now: i64) {
    let transport = transport(&app.state);
    while mailer::send_due_at(&app.state, &transport, now)
        .await
        .unwrap()
        > 0
    {}
}

async fn review_requests(backend: Backend) {
    let Some((sink, app)) = mail_app(backend).await else {
        return;
    };
    let today = chrono::Utc::now().date_naive();
    let midnight = today
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis();
    let (status, body) = register_order(
        &app,
        json!({"order_ref": "A-100", "order_date": today.to_string(), "email": "Buyer@Mail.example",
               "products": ["kettle", "mug"], "lang": "el"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Nothing before the site's delay (7 days after the order date).
    let due = midnight + 7 * DAY;
    assert_eq!(scan(&app, due - 60_000).await, 0);
    assert_eq!(scan(&app, due + 1_000).await, 1);
    assert_eq!(scan(&app, due + 2_000).await, 0, "one request");
    drain_at(&app, due + 2_000).await;
    let mails = sink.mails_to("buyer@mail.example");
    assert_eq!(mails.len(), 1);
    assert_eq!(
        mails[0]["subject"],
        "Πώς ήταν η παραγγελία σας από το Shop shop;"
    );
    let text = mails[0]["text"].as_str().unwrap().to_owned();
    // One reminder a week later, then nothing, and the address is gone.
    assert_eq!(scan(&app, due + 7 * DAY).await, 0);
    assert_eq!(scan(&app, due + 7 * DAY + 2_000).await, 1);
    assert_eq!(scan(&app, due + 60 * DAY).await, 0);
    drain_at(&app, due + 60 * DAY).await;
    let mails = sink.mails_to("buyer@mail.example");
    assert_eq!(mails.len(), 2);
    assert_eq!(
        mails[1]["subject"],
        "Υπενθύμιση: πώς ήταν η παραγγελία σας από το Shop shop;"
    );
    let request = app
        .store()
        .review_request("shop", "A-100")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (request.email, request.sent, request.next_due_at),
        (None, 2, None)
    );
    assert!(
        app.store()
            .mails(Some("shop"), 10)
            .await
            .unwrap()
            .iter()
            .all(|m| m.mail.to_addr.is_empty()),
        "sent requests keep no address"
    );

    // The link opens the form; the review it sends is verified, once.
    let write = link(
        &text,
        "https://candor.shop.example/write/shop?order=A-100&t=",
    );
    let page = page_text(&app, &write).await;
    assert!(
        page.contains("<option value=\"kettle\">") && page.contains("lang=\"el\""),
        "{page}"
    );
    let token = write.split("&t=").nth(1).unwrap().to_owned();
    let review = |token: &str, product: &str| {
        json!({"kind": "review", "rating": 2, "text": "The kettle from order A-100 boils slowly, 6 minutes for a litre.",
               "product": product, "order_ref": "A-100", "request_token": token})
    };
    let (status, body) = app
        .post(
            "/api/v1/sites/shop/reviews",
            review(&format!("{token}0"), "kettle"),
        )
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("invalid_request_token"))
    );
    let (status, body) = app
        .post("/api/v1/sites/shop/reviews", review(&token, "sofa"))
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "not a product of the order: {body}"
    );
    let (status, made) = app
        .post("/api/v1/sites/shop/reviews", review(&token, "kettle"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let id = made["id"].as_str().unwrap();
    let (_, list) = app.get("/api/v1/sites/shop/reviews?product=kettle").await;
    let item = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap()
        .clone();
    assert!(
        item["badges"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b == "verified_order"),
        "{item}"
    );
    let (status, body) = app
        .post("/api/v1/sites/shop/reviews", review(&token, "mug"))
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::CONFLICT, Some("request_used"))
    );
    assert!(page_text(&app, &write)
        .await
        .contains("χρησιμοποιήθηκε ήδη"));
}
both_backends!(
    review_request_and_reminder_follow_the_clock_and_verify_once,
    review_requests
);

async fn requests_that_must_not_go(backend: Backend) {
    let Some((sink, app)) = mail_app(backend).await else {
        return;
    };
    let today = chrono::Utc::now().date_naive();
    let midnight = today
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis();
    let order = |r: &str, email: &str| json!({"order_ref": r, "order_date": today.to_string(), "email": email});
    // Already reviewed: no request.
    assert_eq!(
        register_order(&app, order("C-1", "has@mail.example"))
            .await
            .0,
        StatusCode::OK
    );
    let mut body = complaint("Order C-1: the lid of the pot was missing in the box.");
    body["order_ref"] = json!("C-1");
    app.submit(body).await;
    // Unsubscribed from the site: no request.
    assert_eq!(
        register_order(&app, order("D-1", "gone@mail.example"))
            .await
            .0,
        StatusCode::OK
    );
    let hash = candor::server::rules::validate::sha256_hex("gone@mail.example");
    let url = candor::server::rules::mail::unsubscribe_link(&app.state, "shop", &hash);
    let (status, _) = post_form(&app, url.trim_start_matches("https://candor.shop.example")).await;
    assert_eq!(status, StatusCode::OK);
    // Delivered later: the delay counts from the delivery.
    assert_eq!(
        register_order(&app, order("E-1", "late@mail.example"))
            .await
            .0,
        StatusCode::OK
    );
    let delivered = chrono::DateTime::from_timestamp_millis(midnight + 3 * DAY).unwrap();
    let mut again = order("E-1", "late@mail.example");
    again["delivered"] = json!(delivered.to_rfc3339());
    let (status, body) = register_order(&app, again).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    assert_eq!(scan(&app, midnight + 7 * DAY + 1_000).await, 0);
    assert_eq!(scan(&app, midnight + 10 * DAY + 1_000).await, 1);
    drain_at(&app, midnight + 10 * DAY + 1_000).await;
    assert_eq!(sink.mails_to("late@mail.example").len(), 1);
    assert!(sink.mails_to("has@mail.example").is_empty());
    assert!(sink.mails_to("gone@mail.example").is_empty());
    for order_ref in ["C-1", "D-1"] {
        let request = app
            .store()
            .review_request("shop", order_ref)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (request.email, request.next_due_at),
            (None, None),
            "{order_ref}"
        );
    }
}
both_backends!(
    no_request_for_reviewed_unsubscribed_or_undelivered_orders,
    requests_that_must_not_go
);

async fn mail_settings(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let owner = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    let stranger = app.merchant("other", "x@other.example", Role::Owner).await;
    let uri = "/api/v1/sites/shop/mail-settings";
    let (status, body) = app.get_as(&owner, uri).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::OK,
            json!({"new_complaint": true, "deadline": true})
        )
    );
    let auth = format!("Bearer {owner}");
    let (status, _, body) = app
        .call(
            Method::PUT,
            uri,
            Some(json!({"new_complaint": false, "deadline": true})),
            &[("authorization", &auth)],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, body) = app.get_as(&owner, uri).await;
    assert_eq!(body, json!({"new_complaint": false, "deadline": true}));
    let (status, _) = app.get_as(&stranger, uri).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.get(uri).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = app
        .call(
            Method::PUT,
            uri,
            Some(json!({"new_complaint": false})),
            &[("authorization", &auth)],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}
both_backends!(merchants_turn_their_mail_on_and_off, mail_settings);

/// The delay from a merchant's reply (the API answered) to the mail the SMTP
/// server accepted, over 100 replies, with the real worker polling every
/// `mail_poll_ms` (1 s) and no undo window (the default 10 s window adds
/// 10 s on purpose: an undone reply is never mailed). Prints p50/p99:
/// `cargo nextest run -E 'test(reply_to_smtp_delay)' --run-ignored only --no-capture`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement (about two minutes), not a check"]
async fn reply_to_smtp_delay() {
    let Some((sink, app)) = mail_app(Backend::Sqlite).await else {
        return;
    };
    let merchant = app
        .merchant("shop", "owner@shop.example", Role::Owner)
        .await;
    app.store()
        .set_user_mail_settings(
            app.store()
                .user_by_email("owner@shop.example")
                .await
                .unwrap()
                .unwrap()
                .id,
            "shop",
            candor::server::storage::mail::UserMailSettings {
                new_complaint: false,
                deadline: false,
            },
        )
        .await
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..100 {
        let mut body = complaint(&format!(
            "Order {i}: the kettle arrived with a dent in the side, box torn."
        ));
        body["email"] = json!(format!("shopper{i}@mail.example"));
        ids.push(submit_with_email(&app, body).await.0);
    }
    drain(&app.state).await;
    let worker = mailer::spawn_worker(app.state.clone()).expect("mail is on");
    let mut replied_at = std::collections::HashMap::new();
    for (i, id) in ids.iter().enumerate() {
        let (status, _) = app
            .post_as(
                &merchant,
                &format!("/api/v1/sites/shop/reviews/{id}/replies"),
                json!({"text": "A courier brings a new kettle tomorrow and takes the dented one."}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs_f64();
        replied_at.insert(format!("shopper{i}@mail.example"), now);
        // Not aligned with the worker's poll.
        tokio::time::sleep(Duration::from_millis(137)).await;
    }
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let replies = loop {
        let replies: Vec<Value> = sink
            .mails()
            .into_iter()
            .filter(|m| m["subject"] == "Shop shop answered your review")
            .collect();
        if replies.len() == 100 || std::time::Instant::now() > deadline {
            break replies;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    app.state.begin_shutdown();
    let _ = worker.await;
    assert_eq!(replies.len(), 100);
    let mut delays: Vec<f64> = replies
        .iter()
        .map(|m| {
            let to = m["rcpt_tos"][0].as_str().unwrap();
            (m["received_at"].as_f64().unwrap() - replied_at[to]) * 1000.0
        })
        .collect();
    delays.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let rank =
        |p: f64| delays[((p * delays.len() as f64).ceil() as usize).clamp(1, delays.len()) - 1];
    println!(
        "reply -> SMTP accepted over {} replies (poll {} ms): p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        delays.len(),
        app.state.config.mail_poll_ms,
        rank(0.5),
        rank(0.99),
        delays[delays.len() - 1]
    );
}

/// The real binary, killed with SIGKILL while the SMTP server is down and
/// a receipt waits in the outbox: after a restart, with the SMTP server
/// back, the receipt arrives, once.
async fn killed_server(backend: Backend) {
    let Some(mut sink) = Sink::down() else { return };
    let Some(db) = common::TestDb::new(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let addr = format!("127.0.0.1:{}", free_port());
    let config = dir.path().join("candor.toml");
    std::fs::write(
        &config,
        format!(
            "addr = \"{addr}\"\ndb = \"{}\"\nsmtp = \"{}\"\nmail_poll_ms = 100\n\
             mail_retry_delays_secs = [0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2]\n",
            db.url,
            sink.url()
        ),
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_candor");
    let status = std::process::Command::new(bin)
        .args(["site", "add", "shop", "--db", &db.url])
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let start = || {
        std::process::Command::new(bin)
            .args(["serve", "--config"])
            .arg(&config)
            .env("CANDOR_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("start candor serve")
    };
    let client = reqwest::Client::new();
    let healthy = |client: reqwest::Client, addr: String| async move {
        for _ in 0..200 {
            if client
                .get(format!("http://{addr}/healthz"))
                .send()
                .await
                .is_ok()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the server did not start");
    };
    let mut server = start();
    healthy(client.clone(), addr.clone()).await;
    let response = client
        .post(format!("http://{addr}/api/v1/sites/shop/reviews"))
        .json(
            &json!({"kind": "review", "rating": 4, "email": "kim@mail.example",
                      "text": "The mug from order 12 arrived in two days, well packed."}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    // A few failed attempts against the SMTP server that is down, then kill -9.
    tokio::time::sleep(Duration::from_millis(600)).await;
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(sink.mails().is_empty());
    sink.start();
    let mut server = start();
    healthy(client.clone(), addr.clone()).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while sink.mails().is_empty() && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Some more rounds of the worker: nothing is sent twice.
    tokio::time::sleep(Duration::from_millis(800)).await;
    server.kill().unwrap();
    server.wait().unwrap();
    let mails = sink.mails_to("kim@mail.example");
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0]["subject"], "Your review on shop");
}
both_backends!(
    a_killed_server_sends_the_waiting_mail_once_after_restart,
    killed_server
);
