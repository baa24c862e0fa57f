//! What search engines and readers without JavaScript see (issue 14), on
//! SQLite and PostgreSQL: the server-rendered fragment parsed by a real HTML
//! parser (html5ever, through scraper), the XSS corpus staying text, Persian
//! reviews right to left, JSON-LD equal to the API's summary after new
//! reviews, hides and withdrawals, hidden text in none of the fragment,
//! JSON-LD or feed, the star-badge batch and its limits, ETag/304, the
//! no-script "more reviews" page and the product-review feed's structure.
#![cfg(feature = "server")]

mod common;

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use candor::core::model::Role;
use common::{Backend, TestApp};
use http_body_util::BodyExt;
use scraper::{ElementRef, Html, Selector};
use serde_json::{json, Value};
use tower::ServiceExt;

const FRAGMENT: &str = "/api/v1/sites/shop/products/kettle/reviews.html";
const JSONLD: &str = "/api/v1/sites/shop/products/kettle/reviews.jsonld";
const FEED: &str = "/api/v1/sites/shop/reviews-feed.xml";

/// GET with headers; status, headers and the body as text.
async fn fetch(
    app: &TestApp,
    uri: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, HeaderMap, String) {
    let mut builder = Request::builder().method(Method::GET).uri(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let response = app
        .router
        .clone()
        .oneshot(builder.body(Body::empty()).expect("request"))
        .await
        .expect("response");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (
        status,
        headers,
        String::from_utf8(bytes.to_vec()).expect("utf-8"),
    )
}

/// Words for texts that share none, so the campaign check (near-duplicate
/// texts are held) publishes every one.
const DISTINCT_WORDS: &str =
    "amber basil cedar delta ember fjord garnet harbor indigo juniper kelp \
    lantern meadow nickel orchid pepper quartz raven saffron timber umber velvet willow \
    xenon yarrow zephyr almond birch cobalt dune eagle flint glacier hazel iris jasper \
    kiwi lilac maple nutmeg olive pine quill reef sage thistle ultra violet walnut yew \
    zinc acorn bramble clover dahlia elm fern ginger heather ivy jade kale lotus moss \
    nettle oak poppy quince rose spruce tulip";

fn distinct_words() -> Vec<&'static str> {
    DISTINCT_WORDS.split_whitespace().collect()
}

/// The `i`-th of 23 short texts with no word in common.
fn distinct_text(i: usize) -> String {
    let words = distinct_words();
    format!(
        "Our {} {} {} arrived.",
        words[i * 3],
        words[i * 3 + 1],
        words[i * 3 + 2]
    )
}

/// Two made-up words no other `i` gets (six letters each, distinct in their
/// first five, which is what the campaign check compares).
fn distinct_pair(i: usize) -> String {
    let word = |k: usize| -> String {
        let mut n = k * 7919 + 13;
        (0..6)
            .map(|_| {
                let c = (b'a' + (n % 26) as u8) as char;
                n /= 26;
                c
            })
            .collect()
    };
    format!("{} {}", word(i * 2), word(i * 2 + 1))
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).expect("selector")
}

fn text_of(element: ElementRef<'_>) -> String {
    element.text().collect()
}

/// The fragment parsed as the body of a document, checked to be well-formed
/// enough that html5ever reports no parse errors.
fn parse_fragment(html: &str) -> Html {
    let doc = Html::parse_fragment(html);
    assert!(
        doc.errors.is_empty(),
        "parse errors {:?} in {html}",
        doc.errors
    );
    doc
}

/// The JSON-LD inside a parsed document; every other script element is
/// the widget's first page as JSON (a data block, never run).
fn jsonld_of(doc: &Html) -> Option<Value> {
    let scripts: Vec<_> = doc.select(&sel("script")).collect();
    let mut found = None;
    for script in scripts {
        match script.value().attr("type") {
            Some("application/ld+json") => {
                assert!(found.is_none(), "more than one JSON-LD block");
                found = Some(serde_json::from_str(&text_of(script)).expect("JSON-LD parses"));
            }
            Some("application/json") => {
                assert!(script.value().attr("data-candor-first-page").is_some());
                serde_json::from_str::<Value>(&text_of(script)).expect("first page parses");
            }
            other => panic!("a script of type {other:?}"),
        }
    }
    found
}

/// The widget's first page carried by a fragment.
fn first_page_of(doc: &Html) -> Option<Value> {
    let script = doc.select(&sel("script[data-candor-first-page]")).next()?;
    Some(serde_json::from_str(&text_of(script)).expect("first page parses"))
}

/// The `kettle` reviews as the JSON API lists them.
async fn api_list(app: &TestApp) -> Value {
    let (status, list) = app.get("/api/v1/sites/shop/reviews?product=kettle").await;
    assert_eq!(status, StatusCode::OK);
    list
}

/// The JSON-LD's rating equals the API's summary, and its reviews are the
/// published reviews of the API's first page, in order.
async fn assert_jsonld_matches_api(app: &TestApp) {
    let list = api_list(app).await;
    let (status, _, body) = fetch(app, JSONLD, &[]).await;
    assert_eq!(status, StatusCode::OK);
    let ld: Value = serde_json::from_str(&body).unwrap();
    let (_, _, html) = fetch(app, FRAGMENT, &[]).await;
    let doc = parse_fragment(&html);
    let embedded = jsonld_of(&doc);
    // The widget starts from exactly what the JSON list says.
    assert_eq!(first_page_of(&doc).as_ref(), Some(&list));
    let summary = &list["summary"];
    if summary["count"] == 0 {
        assert!(ld.get("aggregateRating").is_none(), "{ld}");
        assert!(embedded.is_none(), "no JSON-LD without reviews");
        return;
    }
    assert_eq!(embedded.as_ref(), Some(&ld), "fragment and endpoint agree");
    assert_eq!(ld["@type"], "Product");
    assert_eq!(ld["aggregateRating"]["reviewCount"], summary["count"]);
    assert_eq!(ld["aggregateRating"]["ratingValue"], summary["average"]);
    let published: Vec<&Value> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["status"] == "published")
        .collect();
    let reviews = ld["review"].as_array().cloned().unwrap_or_default();
    assert_eq!(reviews.len(), published.len());
    for (ld, item) in reviews.iter().zip(published) {
        assert_eq!(ld["reviewBody"], item["text"]);
        assert_eq!(ld["reviewRating"]["ratingValue"], item["rating"]);
    }
}

async fn fragment_shows_everything(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let merchant = app
        .merchant("shop", "agent@shop.example", Role::Owner)
        .await;
    let fa = app
        .submit(
            json!({"kind": "complaint", "rating": 2, "product": "kettle", "lang": "fa",
            "author_name": "سارا",
            "text": "کتری که روز ۱۲ آبان سفارش دادم با درِ ترک‌خورده رسید و آب نشت می‌کند."}),
        )
        .await;
    app.submit(json!({"kind": "review", "rating": 5, "product": "kettle", "lang": "en",
        "author_name": "Dana", "text": "Boils a litre in three minutes; the lid clicks shut firmly."}))
        .await;
    app.submit(
        json!({"kind": "review", "rating": 4, "product": "blender", "lang": "en",
        "text": "Blender text that must not show on the kettle page."}),
    )
    .await;
    let id = fa["id"].as_str().unwrap();
    let base = format!("/api/v1/sites/shop/reviews/{id}");
    let (status, _) = app
        .post_as(
            &merchant,
            &format!("{base}/replies"),
            json!({"text": "We are sending a new kettle by courier tomorrow, order 7731."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .post_as(
            &merchant,
            &format!("{base}/resolve"),
            json!({"note": "Replacement delivered."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let (status, headers, html) =
        fetch(&app, FRAGMENT, &[("accept-language", "ru;q=0.5, en")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/html; charset=utf-8");
    assert_eq!(headers[header::CONTENT_LANGUAGE], "en");
    assert!(headers[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("max-age=60"));
    assert!(headers.contains_key(header::ETAG) && headers.contains_key(header::LAST_MODIFIED));
    let doc = parse_fragment(&html);
    let section = doc
        .select(&sel("section.candor-reviews"))
        .next()
        .expect("section");
    assert_eq!(section.value().attr("lang"), Some("en"));
    assert_eq!(section.value().attr("dir"), Some("ltr"));
    assert!(text_of(doc.select(&sel(".summary .count")).next().unwrap()).contains('2'));
    assert!(html.contains("This shop publishes every review"));
    let log = doc.select(&sel(".promise a")).next().unwrap();
    assert_eq!(
        log.value().attr("href"),
        Some("http://localhost/api/v1/sites/shop/moderation-log")
    );
    let reviews: Vec<_> = doc.select(&sel("li.review")).collect();
    assert_eq!(reviews.len(), 2, "only the kettle's reviews");
    assert!(!html.contains("Blender text"));
    let persian = doc
        .select(&sel(&format!("li[data-candor-review=\"{id}\"] article")))
        .next()
        .expect("the Persian review");
    assert_eq!(persian.value().attr("dir"), Some("rtl"));
    assert_eq!(persian.value().attr("lang"), Some("fa"));
    let persian_text = text_of(persian);
    assert!(persian_text.contains("ترک‌خورده"));
    assert!(persian_text.contains("Resolved (marked by the shop)"));
    assert!(persian_text.contains("Reply from the shop"));
    assert!(persian_text.contains("order 7731"));
    assert!(persian_text.contains("Complaint"));
    // The reply is written left to right inside the right-to-left review.
    let reply = doc
        .select(&sel(&format!("li[data-candor-review=\"{id}\"] li.reply")))
        .next()
        .unwrap();
    assert_eq!(reply.value().attr("dir"), Some("ltr"));
    let dana = doc
        .select(&sel("li.review article"))
        .find(|a| a.select(&sel("bdi.author")).any(|n| text_of(n) == "Dana"))
        .expect("Dana's review");
    assert_eq!(dana.value().attr("dir"), Some("ltr"));
    assert_eq!(dana.value().attr("lang"), Some("en"));
    // The histogram and the resolved share.
    assert_eq!(doc.select(&sel(".histogram li")).count(), 5);
    assert!(html.contains("100% of complaints resolved"), "{html}");
    assert_jsonld_matches_api(&app).await;

    // The site's language in Persian: right to left, Persian digits.
    let (_, headers, html) = fetch(&app, &format!("{FRAGMENT}?lang=fa"), &[]).await;
    assert_eq!(headers[header::CONTENT_LANGUAGE], "fa");
    let doc = parse_fragment(&html);
    let section = doc.select(&sel("section.candor-reviews")).next().unwrap();
    assert_eq!(section.value().attr("dir"), Some("rtl"));
    assert!(html.contains("تعداد نظرها: ۲"), "{html}");
    // And from Accept-Language alone.
    let (_, headers, _) = fetch(&app, FRAGMENT, &[("accept-language", "el-GR,el;q=0.9")]).await;
    assert_eq!(headers[header::CONTENT_LANGUAGE], "el");
}
both_backends!(
    fragment_shows_summary_reviews_badges_and_replies,
    fragment_shows_everything
);

async fn xss_corpus(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let merchant = app
        .merchant("shop", "agent@shop.example", Role::Owner)
        .await;
    let corpus = include_str!("data/xss_payloads.txt");
    let all: Vec<&str> = corpus
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("# "))
        .collect();
    // The last 35 (two pages of the fragment; `distinct_pair` has 35 pairs):
    // the HTML-breakout strings written for this test come last.
    let payloads = &all[all.len().saturating_sub(35)..];
    assert!(payloads.len() >= 30);
    for (i, payload) in payloads.iter().enumerate() {
        let name: String = payload.chars().take(80).collect();
        let created = app
            .submit(
                json!({"kind": "review", "rating": 1 + (i % 5), "product": "kettle",
                "author_name": name, "text": format!("{payload} {}", distinct_pair(i))}),
            )
            .await;
        if i % 4 == 0 {
            let id = created["id"].as_str().unwrap();
            let (status, json) = app
                .post_as(
                    &merchant,
                    &format!("/api/v1/sites/shop/reviews/{id}/replies"),
                    json!({"text": format!("Our answer quotes you: {payload}")}),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{json}");
        }
    }
    let mut seen = 0;
    let pages = (payloads.len() as i64 + 19) / 20;
    for page in 1..=pages {
        let (_, list) = app
            .get(&format!(
                "/api/v1/sites/shop/reviews?product=kettle&page={page}"
            ))
            .await;
        for layout in ["fragment", "page"] {
            let uri = format!("{FRAGMENT}?page={page}&layout={layout}");
            let (status, headers, html) = fetch(&app, &uri, &[]).await;
            assert_eq!(status, StatusCode::OK);
            assert!(headers[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap()
                .contains("default-src 'none'"));
            let doc = if layout == "page" {
                let doc = Html::parse_document(&html);
                assert!(doc.errors.is_empty(), "{:?}", doc.errors);
                doc
            } else {
                parse_fragment(&html)
            };
            // Nothing a shopper wrote became an element or an attribute.
            for tag in [
                "img",
                "svg",
                "iframe",
                "object",
                "meta[http-equiv]",
                "base",
                "form",
                "input",
                "textarea",
                "noscript",
                "template",
                "details",
                "math",
                "b",
                "bdo",
                "a[href^=data]",
            ] {
                assert_eq!(doc.select(&sel(tag)).count(), 0, "<{tag}> in {uri}");
            }
            for element in doc
                .root_element()
                .descendants()
                .filter_map(ElementRef::wrap)
            {
                for (name, value) in element.value().attrs() {
                    assert!(!name.starts_with("on"), "{name} attribute in {uri}");
                    assert!(!value.contains("javascript:"), "{name}={value} in {uri}");
                }
            }
            // Each text is exactly the shopper's text, as a text node.
            for item in list["items"].as_array().unwrap() {
                let id = item["id"].as_str().unwrap();
                let li = doc
                    .select(&sel(&format!("li[data-candor-review=\"{id}\"]")))
                    .next()
                    .unwrap_or_else(|| panic!("review {id} missing from {uri}"));
                let text = li.select(&sel("article > p.text")).next().unwrap();
                assert_eq!(text_of(text), item["text"].as_str().unwrap());
                assert_eq!(text.children().count(), 1, "text is one text node");
                let author = li.select(&sel("bdi.author")).next().unwrap();
                assert_eq!(text_of(author), item["author_name"].as_str().unwrap());
                for (reply, node) in item["replies"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .zip(li.select(&sel("li.reply p.text")))
                {
                    assert_eq!(text_of(node), reply["text"].as_str().unwrap());
                }
                seen += 1;
            }
            let ld = jsonld_of(&doc).expect("JSON-LD");
            let bodies: Vec<&str> = ld["review"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["reviewBody"].as_str().unwrap())
                .collect();
            let texts: Vec<&str> = list["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["text"].as_str().unwrap())
                .collect();
            assert_eq!(bodies, texts);
        }
    }
    assert_eq!(seen, 2 * payloads.len());
}
both_backends!(xss_corpus_stays_text, xss_corpus);

async fn jsonld_follows_changes(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let merchant = app
        .merchant("shop", "agent@shop.example", Role::Owner)
        .await;
    assert_jsonld_matches_api(&app).await;
    let mut tokens = Vec::new();
    for (rating, text) in [
        (
            5,
            "The kettle boils quietly and the handle stays cool, bought in May.",
        ),
        (
            1,
            "The kettle's lid cracked after a week; support has not replied yet.",
        ),
        (
            3,
            "Decent kettle, but the cord is only 70 cm long which is too short.",
        ),
        (
            1,
            "SECRET-INSULT your manager is an idiot and the kettle is junk",
        ),
    ] {
        let created = app
            .submit(json!({"kind": "review", "rating": rating, "product": "kettle", "text": text}))
            .await;
        tokens.push((
            created["id"].as_str().unwrap().to_owned(),
            created["author_token"].as_str().unwrap().to_owned(),
        ));
        assert_jsonld_matches_api(&app).await;
    }
    let list = api_list(&app).await;
    assert_eq!(list["summary"]["count"], 4);
    assert_eq!(list["summary"]["average"], 2.5, "negative reviews count");

    // A hide for abuse: the text leaves every surface, the count drops.
    let (insult, _) = &tokens[3];
    let (status, json) = app
        .post_as(
            &merchant,
            &format!("/api/v1/sites/shop/reviews/{insult}/hide"),
            json!({"reason": "insult"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_jsonld_matches_api(&app).await;
    // The author's withdrawal likewise.
    let (withdrawn, token) = &tokens[2];
    let (status, _, json) = app
        .call(
            Method::POST,
            &format!("/api/v1/reviews/{withdrawn}/withdraw"),
            Some(json!({})),
            &[("x-candor-token", token)],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_jsonld_matches_api(&app).await;
    let list = api_list(&app).await;
    assert_eq!(list["summary"]["count"], 2);
    assert_eq!(list["summary"]["average"], 3.0);

    for uri in [
        FRAGMENT.to_owned(),
        format!("{FRAGMENT}?layout=page"),
        JSONLD.to_owned(),
        FEED.to_owned(),
    ] {
        let (status, _, body) = fetch(&app, &uri, &[]).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(!body.contains("SECRET-INSULT"), "hidden text in {uri}");
        assert!(!body.contains("only 70 cm"), "withdrawn text in {uri}");
    }
    // The hidden review stays visible as a placeholder with its reason, but
    // is no review for search engines.
    let (_, _, html) = fetch(&app, FRAGMENT, &[]).await;
    let doc = parse_fragment(&html);
    let placeholder = doc
        .select(&sel(&format!("li[data-candor-review=\"{insult}\"]")))
        .next()
        .expect("placeholder");
    assert!(text_of(placeholder).contains("Reason: insults"));
    assert_eq!(
        jsonld_of(&doc).unwrap()["review"].as_array().unwrap().len(),
        2
    );
}
both_backends!(
    jsonld_equals_the_summary_after_reviews_hides_and_withdrawals,
    jsonld_follows_changes
);

async fn star_badges(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    for (i, (product, rating)) in [("p1", 5), ("p1", 4), ("p2", 1), ("p3", 2)]
        .into_iter()
        .enumerate()
    {
        app.submit(
            json!({"kind": "review", "rating": rating, "product": product,
            "text": distinct_text(i)}),
        )
        .await;
    }
    let ids: Vec<String> = (1..=48).map(|i| format!("p{i}")).collect();
    let uri = format!("/api/v1/sites/shop/ratings?products={}", ids.join(","));
    let (status, headers, body) = fetch(&app, &uri, &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(headers[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .starts_with("public"));
    let out: Value = serde_json::from_str(&body).unwrap();
    let items = out["items"].as_array().unwrap();
    assert_eq!(items.len(), 48, "one request answers all 48");
    assert_eq!(
        items[0],
        json!({"product": "p1", "count": 2, "average": 4.5})
    );
    assert_eq!(
        items[1],
        json!({"product": "p2", "count": 1, "average": 1.0})
    );
    assert_eq!(
        items[47],
        json!({"product": "p48", "count": 0, "average": null})
    );
    // Equal to each product's own summary.
    let (_, list) = app.get("/api/v1/sites/shop/reviews?product=p3").await;
    assert_eq!(items[2]["average"], list["summary"]["average"]);
    // Revalidation.
    let tag = headers[header::ETAG].to_str().unwrap().to_owned();
    let (status, _, body) = fetch(&app, &uri, &[("if-none-match", &tag)]).await;
    assert_eq!((status, body.as_str()), (StatusCode::NOT_MODIFIED, ""));
    // Limits: 100 is fine, 101 is a clear 422.
    let hundred: Vec<String> = (1..=100).map(|i| format!("p{i}")).collect();
    let (status, _, _) = fetch(
        &app,
        &format!("/api/v1/sites/shop/ratings?products={}", hundred.join(",")),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, json) = app
        .get(&format!(
            "/api/v1/sites/shop/ratings?products={},p101",
            hundred.join(",")
        ))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json["error"], "too_many_product_ids");
    assert!(json["message"].as_str().unwrap().contains("100"), "{json}");
    // Without the parameter: 400 (it is required).
    let (status, _) = app.get("/api/v1/sites/shop/ratings").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    for bad in [
        "?products=",
        "?products=,,",
        &format!("?products={}", "x".repeat(201)),
    ] {
        let (status, json) = app.get(&format!("/api/v1/sites/shop/ratings{bad}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(json["error"], "invalid_products");
    }
    let (status, _) = app.get("/api/v1/sites/nope/ratings?products=a").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
both_backends!(star_badge_batch, star_badges);

async fn caching_and_errors(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    app.submit(json!({"kind": "review", "rating": 4, "product": "kettle",
        "text": "Kettle came on 4 June, the lid hinge feels solid so far."}))
        .await;
    let (status, headers, _) = fetch(&app, FRAGMENT, &[]).await;
    assert_eq!(status, StatusCode::OK);
    let tag = headers[header::ETAG].to_str().unwrap().to_owned();
    let (status, headers304, body) = fetch(&app, FRAGMENT, &[("if-none-match", &tag)]).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    assert_eq!(headers304[header::ETAG], tag.as_str());
    // Another language is another version.
    let (status, _, _) = fetch(
        &app,
        &format!("{FRAGMENT}?lang=ru"),
        &[("if-none-match", &tag)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // A new review changes the version.
    app.submit(json!({"kind": "review", "rating": 2, "product": "kettle",
        "text": "The kettle's base wobbles on a flat counter since day one."}))
        .await;
    let (status, _, _) = fetch(&app, FRAGMENT, &[("if-none-match", &tag)]).await;
    assert_eq!(status, StatusCode::OK);
    let (status, headers, _) = fetch(&app, JSONLD, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "application/ld+json; charset=utf-8"
    );

    for (uri, code, error) in [
        (
            format!("{FRAGMENT}?lang=xx"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_lang",
        ),
        (
            format!("{FRAGMENT}?layout=grid"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_layout",
        ),
        (
            format!("{FRAGMENT}?page=0"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_page",
        ),
        (
            format!("{FRAGMENT}?name={}", "n".repeat(201)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "text_too_long",
        ),
        (
            format!("{FRAGMENT}?bogus=1"),
            StatusCode::BAD_REQUEST,
            "invalid_query",
        ),
        (
            "/api/v1/sites/nope/products/kettle/reviews.html".to_owned(),
            StatusCode::NOT_FOUND,
            "site_not_found",
        ),
        (
            format!("{JSONLD}?layout=poster"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_layout",
        ),
        (
            format!("{FEED}?product_url=ftp://x/{{product}}"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_url",
        ),
        (
            format!("{FEED}?product_url=https://x/p"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_url",
        ),
    ] {
        let (status, json) = app.get(&uri).await;
        assert_eq!(
            (status, json["error"].as_str()),
            (code, Some(error)),
            "{uri}: {json}"
        );
    }
    // The OpenAPI document lists the new routes.
    let (_, doc) = app.get("/api/v1/openapi.json").await;
    for path in [
        "/api/v1/sites/{site}/products/{product}/reviews.html",
        "/api/v1/sites/{site}/products/{product}/reviews.jsonld",
        "/api/v1/sites/{site}/ratings",
        "/api/v1/sites/{site}/reviews-feed.xml",
    ] {
        let responses = &doc["paths"][path]["get"]["responses"];
        for code in ["200", "304", "400", "404", "422"] {
            assert!(responses.get(code).is_some(), "{path} lacks {code}");
        }
    }
}
both_backends!(etag_304_and_clear_errors, caching_and_errors);

async fn more_reviews_pages(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    for i in 0..23 {
        let created = app
            .submit(
                json!({"kind": "review", "rating": 1 + i % 5, "product": "kettle",
                "text": distinct_text(i)}),
            )
            .await;
        assert_eq!(created["status"], "published");
    }
    let (_, _, html) = fetch(&app, &format!("{FRAGMENT}?lang=kk"), &[]).await;
    let doc = parse_fragment(&html);
    assert_eq!(doc.select(&sel("li.review")).count(), 20);
    let more = doc
        .select(&sel("a.more-link[rel=next]"))
        .next()
        .expect("more link");
    let href = more.value().attr("href").unwrap();
    let path = href
        .strip_prefix("http://localhost")
        .expect("absolute link");
    assert!(path.contains("layout=page") && path.contains("page=2") && path.contains("lang=kk"));
    let (status, _, page) = fetch(&app, path, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.starts_with("<!DOCTYPE html>"));
    let doc = Html::parse_document(&page);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    assert_eq!(
        doc.select(&sel("html"))
            .next()
            .unwrap()
            .value()
            .attr("lang"),
        Some("kk")
    );
    assert_eq!(doc.select(&sel("li.review")).count(), 3);
    assert_eq!(doc.select(&sel("a.more-link")).count(), 0, "last page");
    assert!(doc.select(&sel("link[rel=prev]")).next().is_some());
}
both_backends!(more_reviews_link_leads_to_the_next_page, more_reviews_pages);

/// The children's names of an XML element, in order.
fn child_names(node: roxmltree::Node<'_, '_>) -> Vec<String> {
    node.children()
        .filter(|c| c.is_element())
        .map(|c| c.tag_name().name().to_owned())
        .collect()
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
    node.children()
        .find(|c| c.has_tag_name(name))
        .unwrap_or_else(|| panic!("<{}> has no <{name}>", node.tag_name().name()))
}

async fn review_feed(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let merchant = app
        .merchant("shop", "agent@shop.example", Role::Owner)
        .await;
    app.submit(
        json!({"kind": "review", "rating": 5, "product": "kettle", "author_name": "Dana & <Co>",
        "text": "Kettle arrived on 2 June; the <lid> & handle are solid."}),
    )
    .await;
    app.submit(
        json!({"kind": "complaint", "rating": 1, "product": "blender", "lang": "fa",
        "text": "مخلوط‌کن روز ۳ خرداد رسید و موتورش صدا می‌دهد."}),
    )
    .await;
    app.submit(
        json!({"kind": "review", "rating": 4, "text": "A review of the shop, not of a product."}),
    )
    .await;
    let hidden = app
        .submit(json!({"kind": "review", "rating": 1, "product": "kettle",
            "text": "SECRET-INSULT you are all idiots"}))
        .await;
    let id = hidden["id"].as_str().unwrap();
    let (status, _) = app
        .post_as(
            &merchant,
            &format!("/api/v1/sites/shop/reviews/{id}/hide"),
            json!({"reason": "insult"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let uri = format!("{FEED}?product_url=https://shop.example/p/{{product}}");
    let (status, headers, xml) = fetch(&app, &uri, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "application/xml; charset=utf-8"
    );
    assert!(!xml.contains("SECRET-INSULT"));
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.attribute((
            "http://www.w3.org/2001/XMLSchema-instance",
            "noNamespaceSchemaLocation"
        )),
        Some("http://www.google.com/shopping/reviews/schema/product/2.3/product_reviews.xsd")
    );
    // The 2.3 schema's sequence of <feed>.
    assert_eq!(
        child_names(feed),
        ["version", "aggregator", "publisher", "reviews"]
    );
    assert_eq!(child(feed, "version").text(), Some("2.3"));
    assert_eq!(
        child(child(feed, "publisher"), "name").text(),
        Some("Shop shop")
    );
    let reviews: Vec<_> = child(feed, "reviews")
        .children()
        .filter(|c| c.is_element())
        .collect();
    assert_eq!(reviews.len(), 2, "published product reviews only");
    for review in &reviews {
        assert_eq!(
            child_names(*review),
            [
                "review_id",
                "reviewer",
                "review_timestamp",
                "content",
                "review_url",
                "ratings",
                "products",
                "is_spam",
                "collection_method"
            ]
        );
        assert!(child(*review, "review_id")
            .text()
            .unwrap()
            .starts_with("r_"));
        assert_eq!(child_names(child(*review, "reviewer")), ["name"]);
        let stamp = child(*review, "review_timestamp").text().unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(stamp).is_ok(),
            "{stamp}"
        );
        let overall = child(child(*review, "ratings"), "overall");
        assert_eq!(
            (overall.attribute("min"), overall.attribute("max")),
            (Some("1"), Some("5"))
        );
        let rating: i64 = overall.text().unwrap().parse().unwrap();
        assert!((1..=5).contains(&rating));
        let url = child(*review, "review_url");
        assert_eq!(url.attribute("type"), Some("group"));
        let product = child(child(*review, "products"), "product");
        assert_eq!(child_names(product), ["product_ids", "product_url"]);
        let sku = child(child(child(product, "product_ids"), "skus"), "sku")
            .text()
            .unwrap();
        assert_eq!(
            child(product, "product_url").text(),
            Some(format!("https://shop.example/p/{sku}").as_str())
        );
        assert_eq!(child(*review, "is_spam").text(), Some("false"));
    }
    // Oldest first; the text is exactly the shopper's, escaped as XML.
    assert_eq!(
        child(reviews[0], "content").text(),
        Some("Kettle arrived on 2 June; the <lid> & handle are solid.")
    );
    assert_eq!(
        child(child(reviews[0], "reviewer"), "name").text(),
        Some("Dana & <Co>")
    );
    let anonymous = child(child(reviews[1], "reviewer"), "name");
    assert_eq!(anonymous.attribute("is_anonymous"), Some("true"));
    assert!(headers.get(header::LINK).is_none(), "a single page");
}
both_backends!(product_review_feed_structure, review_feed);

async fn demo_pages(backend: Backend) {
    let Some(app) = TestApp::with_config(backend, |c| {
        c.static_dir = Some(std::path::PathBuf::from("www"));
    })
    .await
    else {
        return;
    };
    common::create_site(app.store().as_ref(), "demo", &["http://localhost"]).await;
    for (product, rating, text) in [
        (
            "kettle-2000",
            2,
            "The kettle's lid <b>cracked</b> on day two; support replied in 8 minutes.",
        ),
        (
            "kettle-2000",
            5,
            "Quiet, fast, and the blue light is easy to read at night.",
        ),
        (
            "blender-x",
            4,
            "Crushes ice well although the jug scratches easily.",
        ),
    ] {
        let (status, json) = app
            .post(
                "/api/v1/sites/demo/reviews",
                json!({"kind": "review", "rating": rating, "product": product, "text": text}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{json}");
    }
    // The product page: the reviews are in the page's own HTML.
    let (status, headers, html) = fetch(&app, "/", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    assert!(!html.contains("<!--#candor-"), "include expanded");
    let doc = Html::parse_document(&html);
    let host = doc
        .select(&sel("candor-reviews"))
        .next()
        .expect("the widget's element");
    assert_eq!(host.select(&sel("li.review")).count(), 2);
    assert!(text_of(host).contains("The kettle's lid <b>cracked</b>"));
    assert_eq!(host.select(&sel("b")).count(), 0);
    let script = doc
        .select(&sel("script[type=\"application/ld+json\"]"))
        .next()
        .expect("JSON-LD in the page");
    let ld: Value = serde_json::from_str(&text_of(script)).unwrap();
    assert_eq!(ld["aggregateRating"]["reviewCount"], 2);
    assert_eq!(ld["aggregateRating"]["ratingValue"], 3.5);
    // The category page: 48 products, each with server-rendered stars.
    let (status, _, html) = fetch(&app, "/kitchen.html", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let doc = Html::parse_document(&html);
    let badges: Vec<_> = doc.select(&sel("candor-stars")).collect();
    assert_eq!(badges.len(), 48);
    for badge in &badges {
        assert!(badge.select(&sel(".candor-stars-count")).next().is_some());
    }
    let kettle = badges
        .iter()
        .find(|b| b.value().attr("product") == Some("kettle-2000"))
        .unwrap();
    assert_eq!(
        kettle
            .select(&sel(".stars"))
            .next()
            .unwrap()
            .value()
            .attr("aria-label"),
        Some("Rated 3.5 out of 5")
    );
    assert_eq!(
        text_of(kettle.select(&sel(".candor-stars-count")).next().unwrap()),
        "3.5 (2)"
    );
    // Other static files pass through untouched.
    let (status, headers, _) = fetch(&app, "/shop.css", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/css"));
}
both_backends!(demo_storefront_pages_carry_reviews_and_stars, demo_pages);

/// The JSON-LD items extruct finds in a page, or `None` when the tools
/// cache's Python is missing and `CANDOR_SKIP_EXTRUCT=1` allows skipping.
fn extruct(html: &str) -> Option<Vec<Value>> {
    use std::io::Write as _;
    let python = std::path::Path::new(".tools/py-seo/bin/python");
    if !python.exists() {
        if std::env::var("CANDOR_SKIP_EXTRUCT").is_ok_and(|v| v == "1") {
            eprintln!("CANDOR_SKIP_EXTRUCT=1: skipping the extruct check");
            return None;
        }
        panic!("extruct is not installed: run scripts/setup.sh (or set CANDOR_SKIP_EXTRUCT=1)");
    }
    let mut child = std::process::Command::new(python)
        .arg("tests/seo_extruct.py")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run extruct");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(html.as_bytes())
        .unwrap();
    let output = child.wait_with_output().expect("extruct output");
    assert!(output.status.success(), "extruct failed");
    Some(serde_json::from_slice(&output.stdout).expect("extruct JSON"))
}

/// extruct reads from the fragment a Product whose rating equals the API's
/// summary.
async fn assert_extruct_matches_api(app: &TestApp) {
    let (_, list) = app.get("/api/v1/sites/shop/reviews?product=kettle").await;
    let (_, _, html) = fetch(app, &format!("{FRAGMENT}?layout=page"), &[]).await;
    let Some(items) = extruct(&html) else {
        return;
    };
    assert_eq!(items.len(), 1, "{items:?}");
    let product = &items[0];
    assert_eq!(product["@type"], "Product");
    assert_eq!(
        product["aggregateRating"]["ratingValue"],
        list["summary"]["average"]
    );
    assert_eq!(
        product["aggregateRating"]["reviewCount"],
        list["summary"]["count"]
    );
    let published = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["status"] == "published")
        .count();
    assert_eq!(product["review"].as_array().unwrap().len(), published);
}

async fn extruct_reads_the_summary(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else {
        return;
    };
    let merchant = app
        .merchant("shop", "agent@shop.example", Role::Owner)
        .await;
    let mut created = Vec::new();
    for i in 0..6 {
        let body = json!({"kind": if i == 0 { "complaint" } else { "review" }, "rating": 1 + i % 5,
            "product": "kettle", "lang": if i == 1 { "fa" } else { "en" },
            "text": if i == 1 { "کتری روز دوم خراب شد و </script> نوشته بود".to_owned() } else { distinct_text(i) }});
        created.push(app.submit(body).await);
    }
    assert_extruct_matches_api(&app).await;
    let id = created[2]["id"].as_str().unwrap();
    let (status, _) = app
        .post_as(
            &merchant,
            &format!("/api/v1/sites/shop/reviews/{id}/hide"),
            json!({"reason": "spam"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_extruct_matches_api(&app).await;
    let (id, token) = (
        created[3]["id"].as_str().unwrap(),
        created[3]["author_token"].as_str().unwrap(),
    );
    let (status, _, _) = app
        .call(
            Method::POST,
            &format!("/api/v1/reviews/{id}/withdraw"),
            Some(json!({})),
            &[("x-candor-token", token)],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_extruct_matches_api(&app).await;
}
both_backends!(
    extruct_parses_a_product_equal_to_the_summary,
    extruct_reads_the_summary
);
