#![cfg(all(target_arch = "wasm32", feature = "widget"))]
//! The widget's components in headless Chromium (wasm-bindgen-test): shadow
//! root and stylesheet, rendering of reviews (user text stays text), key
//! isolation, RTL, the list's "could not
//! load" state, and the browser-side formatting helpers. The form, star
//! input, live checker and tracking cards are in `widget_writer.rs`.
//!
//!   CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown \
//!     --no-default-features --features widget --test widget_components

use std::time::Duration;

use candor::core::lang::Lang;
use candor::widget::components::{Ctx, IncidentNotice, ReviewItem, ReviewItemProps};
use candor::widget::js::FromJs;
use candor::widget::state::{
    resolve_lang, Hours, Incident, ListAction, ListState, Reply, Review, SupportStatus, Weekly,
};
use candor::widget::{intl, mount, Widget};
use js_sys::{Object, Reflect};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{
    CustomEvent, CustomEventInit, Element, HtmlElement, HtmlTextAreaElement, ShadowRoot,
};
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

/// An API address nothing listens on: every request fails fast.
const DEAD_API: &str = "http://127.0.0.1:9";

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

fn host() -> HtmlElement {
    let host: HtmlElement = document()
        .create_element("candor-reviews")
        .expect("element")
        .unchecked_into();
    document()
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    host
}

fn props(lang: &str) -> JsValue {
    let props = Object::new();
    for (key, value) in [
        ("site", "demo"),
        ("product", "kettle"),
        ("lang", lang),
        ("api", DEAD_API),
    ] {
        Reflect::set(&props, &key.into(), &value.into()).expect("set");
    }
    Reflect::set(&props, &"live".into(), &false.into()).expect("set");
    Reflect::set(&props, &"detector".into(), &detector_loader()).expect("set");
    props.into()
}

/// What `candor.js` passes as `detector`: a function resolving to the
/// detector module's `check`. Here the real detector, compiled into the test.
fn detector_loader() -> JsValue {
    let check = Closure::<dyn Fn(String, String, u8, String) -> JsValue>::new(
        |text: String, lang: String, rating: u8, ui: String| {
            candor::wasm::check(&text, &lang, rating, &ui)
        },
    )
    .into_js_value();
    Closure::<dyn Fn() -> js_sys::Promise>::new(move || js_sys::Promise::resolve(&check))
        .into_js_value()
}

fn shadow(host: &HtmlElement) -> ShadowRoot {
    host.shadow_root().expect("an open shadow root")
}

fn find(root: &ShadowRoot, selector: &str) -> Element {
    root.query_selector(selector)
        .expect("valid selector")
        .unwrap_or_else(|| panic!("{selector} not rendered"))
}

async fn settle(ms: u64) {
    yew::platform::time::sleep(Duration::from_millis(ms)).await;
}

/// A bubbling, composed event, as the browser sends for real input.
fn fire(target: &Element, kind: &str) -> bool {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    let event = CustomEvent::new_with_event_init_dict(kind, &init).expect("event");
    target.dispatch_event(&event).expect("dispatch")
}

async fn mounted(lang: &str) -> (HtmlElement, Widget) {
    let host = host();
    let widget = mount(host.clone(), props(lang)).expect("mount");
    settle(50).await;
    (host, widget)
}

#[wasm_bindgen_test]
async fn mounts_into_a_shadow_root_with_an_adopted_stylesheet() {
    let (host, mut widget) = mounted("en").await;
    let root = shadow(&host);
    let sheets = Reflect::get(&root, &"adoptedStyleSheets".into()).expect("sheets");
    assert_eq!(js_sys::Array::from(&sheets).length(), 1);
    assert!(
        root.query_selector("style").expect("query").is_none(),
        "no <style> element needed"
    );
    let candor = find(&root, ".candor");
    assert_eq!(candor.get_attribute("dir").as_deref(), Some("ltr"));
    assert_eq!(
        find(&root, "h2").text_content().as_deref(),
        Some("Customer reviews")
    );
    widget.unmount();
    assert!(
        root.query_selector(".candor").expect("query").is_none(),
        "unmount removes the tree"
    );
}

#[wasm_bindgen_test]
async fn the_list_degrades_to_could_not_load_with_a_retry() {
    let (host, _widget) = mounted("en").await;
    let root = shadow(&host);
    for _ in 0..50 {
        if root
            .query_selector(".list-foot .error")
            .expect("query")
            .is_some()
        {
            break;
        }
        settle(100).await;
    }
    let foot = find(&root, ".list-foot").text_content().unwrap_or_default();
    assert!(foot.contains("Could not load reviews."), "{foot}");
    assert!(
        root.query_selector(".list-foot button")
            .expect("query")
            .is_some(),
        "retry button"
    );
}

#[wasm_bindgen_test]
async fn persian_is_right_to_left_with_persian_strings() {
    let (host, _widget) = mounted("fa").await;
    let root = shadow(&host);
    let candor = find(&root, ".candor");
    assert_eq!(candor.get_attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(candor.get_attribute("lang").as_deref(), Some("fa"));
    assert_eq!(
        find(&root, "h2").text_content().as_deref(),
        Some("نظرات مشتریان")
    );
}

#[wasm_bindgen_test]
async fn key_events_do_not_reach_the_page() {
    let (host, _widget) = mounted("en").await;
    let root = shadow(&host);
    let count = Rc::new(std::cell::Cell::new(0));
    let seen = count.clone();
    let listener =
        wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || seen.set(seen.get() + 1));
    let doc = document();
    doc.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref())
        .expect("listen");
    fire(&find(&root, "textarea"), "keydown");
    fire(&find(&root, "textarea"), "keyup");
    assert_eq!(count.get(), 0, "the page's keydown listener must not fire");
    fire(&doc.body().expect("body").into(), "keydown");
    assert_eq!(
        count.get(),
        1,
        "keys outside the widget still reach the page"
    );
    doc.remove_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref())
        .expect("unlisten");
}

fn sample_review() -> Review {
    Review {
        id: "r1".into(),
        kind: "complaint".into(),
        rating: 2,
        text: "<img src=x onerror=alert(1)> The lid cracked on 3 May.".into(),
        product: Some("kettle".into()),
        author_name: Some("مریم".into()),
        created_at: "2026-05-04T10:00:00Z".into(),
        status: "published".into(),
        badges: vec!["verified_order".into(), "resolved_by_merchant".into()],
        replies: vec![Reply {
            kind: "answer".into(),
            author: "Aigerim, support".into(),
            text: "A courier brings a new one tomorrow.".into(),
            created_at: "2026-05-04T10:06:00Z".into(),
            minutes_after: 6.0,
        }],
        hidden_reason: None,
    }
}

#[wasm_bindgen_test]
async fn a_review_renders_user_text_as_text_with_badges_and_replies() {
    let div = document().create_element("div").expect("div");
    document()
        .body()
        .expect("body")
        .append_child(&div)
        .expect("append");
    yew::Renderer::<ReviewItem>::with_root_and_props(
        div.clone(),
        ReviewItemProps {
            review: sample_review(),
        },
    )
    .render();
    settle(30).await;
    assert!(
        div.query_selector("img").expect("query").is_none(),
        "user text is never HTML"
    );
    let text = div.query_selector(".text").expect("query").expect("text");
    assert_eq!(text.get_attribute("dir").as_deref(), Some("auto"));
    assert!(text.text_content().unwrap_or_default().starts_with("<img"));
    assert_eq!(
        div.query_selector("bdi.author")
            .expect("query")
            .and_then(|e| e.text_content())
            .as_deref(),
        Some("مریم")
    );
    let all = div.text_content().unwrap_or_default();
    assert!(all.contains("Verified order"), "{all}");
    assert!(all.contains("Resolved (marked by the shop)"), "{all}");
    assert!(all.contains("Reply from the shop"), "{all}");
    assert!(all.contains("answered in 6 minutes"), "{all}");
    assert!(
        !all.contains("Awaiting answer"),
        "a resolved complaint is not awaiting"
    );
}

#[wasm_bindgen_test]
fn language_falls_back_from_attribute_to_page_to_browser() {
    assert_eq!(resolve_lang(Some("ru"), Some("en"), Some("el")), Lang::Ru);
    assert_eq!(
        resolve_lang(Some("xx"), Some("fa-IR"), Some("el")),
        Lang::Fa
    );
    assert_eq!(resolve_lang(None, None, Some("el-GR")), Lang::El);
    assert_eq!(resolve_lang(None, Some("de"), Some("de")), Lang::En);
}

#[wasm_bindgen_test]
fn live_reviews_update_the_list_in_place() {
    let state = Rc::new(ListState::new());
    let page = candor::widget::state::ReviewPage {
        items: vec![sample_review()],
        summary: Default::default(),
        page: 1,
        has_more: false,
    };
    let state = state.reduce(ListAction::Loaded(Rc::new(page)));
    let mut answered = sample_review();
    answered.badges.push("answered".into());
    let state = state.reduce(ListAction::Live(Rc::new(answered)));
    assert_eq!(state.items.len(), 1);
    assert!(state.items[0].has("answered"));
    let mut new = sample_review();
    new.id = "r2".into();
    let state = state.reduce(ListAction::Live(Rc::new(new)));
    assert_eq!(
        state.items[0].id, "r2",
        "new reviews go on top of the newest-first list"
    );
    let mut withdrawn = sample_review();
    withdrawn.status = "withdrawn".into();
    let state = state.reduce(ListAction::Live(Rc::new(withdrawn)));
    assert!(
        state.items.iter().all(|r| r.id != "r1"),
        "withdrawn reviews leave the list"
    );
}

#[wasm_bindgen_test]
fn numbers_and_durations_follow_the_locale() {
    assert_eq!(intl::duration_minutes(6.0, Lang::En), "6 minutes");
    assert_eq!(intl::duration_minutes(120.0, Lang::En), "2 hours");
    assert_eq!(intl::number(4.25, Lang::Fa, 1), "۴٫۳");
    assert_eq!(intl::countdown(9.0 * 60_000.0 + 5_000.0, Lang::En), "9:05");
    assert_eq!(intl::percent(0.8, Lang::En), "80%");
}

#[wasm_bindgen_test]
fn time_zone_arithmetic_uses_the_browser() {
    // Almaty is UTC+5 all year (since 2024).
    let noon_utc = intl::utc_ms(2026.0, 3.0, 2.0, 12.0, 0.0);
    assert_eq!(intl::offset_minutes("Asia/Almaty", noon_utc), Some(300.0));
    let nine_local = intl::zoned_ms("Asia/Almaty", [2026.0, 3.0, 2.0, 9.0, 0.0]);
    assert_eq!(nine_local, Some(intl::utc_ms(2026.0, 3.0, 2.0, 4.0, 0.0)));
    assert_eq!(
        intl::offset_minutes("Not/AZone", noon_utc),
        None,
        "unknown zones do not throw"
    );
}

#[wasm_bindgen_test]
fn working_hours_are_listed_for_the_coming_week() {
    let day = vec![("09:00".to_owned(), "18:00".to_owned())];
    let status = SupportStatus {
        online: false,
        open_now: false,
        promise_minutes: 10.0,
        typical_answer_minutes: Some(6.0),
        next_open_at: Some("2026-03-02T04:00:00Z".into()),
        timezone: "Asia/Almaty".into(),
        hours: Hours {
            always_open: false,
            weekly: Weekly {
                mon: day.clone(),
                tue: day.clone(),
                wed: day.clone(),
                thu: day.clone(),
                fri: day,
                sat: Vec::new(),
                sun: Vec::new(),
            },
        },
        incident: None,
    };
    let lines = candor::widget::components::hours_lines(&status, Lang::En);
    assert_eq!(lines.len(), 5, "{lines:?}");
    let (_, text) = candor::widget::components::status_text(&status, Lang::En);
    assert!(
        text.starts_with("Support is offline — back Monday"),
        "{text}"
    );
}

/// Renders `review` (parsed from API JSON) as the list does.
async fn render_review(json: &str) -> Element {
    let value = js_sys::JSON::parse(json).expect("json");
    let review = Review::from_js(&value).expect("a review");
    let div = document().create_element("div").expect("div");
    document()
        .body()
        .expect("body")
        .append_child(&div)
        .expect("append");
    yew::Renderer::<ReviewItem>::with_root_and_props(div.clone(), ReviewItemProps { review })
        .render();
    settle(30).await;
    div
}

#[wasm_bindgen_test]
async fn a_review_hidden_for_abuse_is_a_placeholder_with_its_reason_and_replies() {
    let div = render_review(
        r#"{"id": "r9", "kind": "complaint", "rating": 1, "text": "", "author_name": null,
            "created_at": "2026-05-04T10:00:00Z", "status": "hidden", "hidden_reason": "threat",
            "badges": [], "replies": [{"kind": "answer", "author": "Aigerim, support",
            "text": "We have contacted you privately.", "created_at": "2026-05-04T10:05:00Z",
            "minutes_after": 5}]}"#,
    )
    .await;
    let article = div
        .query_selector("article.hidden-review[data-review-id=r9]")
        .expect("query")
        .expect("the placeholder keeps the review id for the panel");
    let all = article.text_content().unwrap_or_default();
    assert!(all.contains("Reason: threats."), "{all}");
    assert!(
        all.contains("We have contacted you privately."),
        "replies stay: {all}"
    );
    assert!(div
        .query_selector(".text[dir=auto] + .badges")
        .expect("q")
        .is_none());
    assert!(
        div.query_selector("bdi.author ~ time")
            .expect("q")
            .is_none(),
        "no name, no date row"
    );
    assert!(
        div.query_selector(".stars").expect("q").is_none(),
        "no stars either"
    );

    let ru =
        render_review(r#"{"id": "r10", "status": "hidden", "hidden_reason": "personal_data"}"#)
            .await;
    // Outside a widget the context is English; the reason follows the message table.
    assert!(ru
        .text_content()
        .unwrap_or_default()
        .contains("personal data"));
    let unknown =
        render_review(r#"{"id": "r11", "status": "hidden", "hidden_reason": "new_code"}"#).await;
    assert!(
        unknown
            .text_content()
            .unwrap_or_default()
            .contains("a breach of the rules"),
        "an unknown reason still reads sensibly"
    );
}

#[wasm_bindgen_test]
async fn a_visible_review_carries_its_id_for_the_panel() {
    let div =
        render_review(r#"{"id": "r12", "status": "published", "text": "Fine", "rating": 4}"#).await;
    assert!(div
        .query_selector("article[data-review-id=r12]")
        .expect("q")
        .is_some());
}

#[wasm_bindgen_test]
async fn the_incident_notice_shows_the_shops_text_as_text() {
    let status = js_sys::JSON::parse(
        r#"{"online": true, "open_now": true, "promise_minutes": 10, "timezone": "UTC",
            "hours": {"always_open": true},
            "incident": {"id": 7, "topic": "delivery", "created_at": "2026-05-04T10:00:00Z",
                         "text": "<b>Batch 12</b> of kettles ships on Friday."}}"#,
    )
    .expect("json");
    let status = SupportStatus::from_js(&status).expect("status");
    let incident = status.incident.clone().expect("an incident");
    assert_eq!(incident.id, 7);
    for lang in [Lang::En, Lang::Fa] {
        let div = document().create_element("div").expect("div");
        document()
            .body()
            .expect("body")
            .append_child(&div)
            .expect("append");
        yew::Renderer::<IncidentWithLang>::with_root_and_props(
            div.clone(),
            IncidentWithLangProps {
                incident: Some(incident.clone()),
                lang,
            },
        )
        .render();
        settle(30).await;
        assert!(
            div.query_selector("b").expect("q").is_none(),
            "the shop's text is never HTML"
        );
        let text = div
            .query_selector(".incident bdi[dir=auto]")
            .expect("q")
            .expect("bdi");
        assert_eq!(
            text.text_content().as_deref(),
            Some("<b>Batch 12</b> of kettles ships on Friday.")
        );
        let title = div
            .query_selector(".incident-title")
            .expect("q")
            .expect("title");
        let expected = if lang == Lang::Fa {
            "اطلاعیهٔ فروشگاه"
        } else {
            "Notice from the shop"
        };
        assert_eq!(title.text_content().as_deref(), Some(expected));
        assert_eq!(
            div.query_selector(".incident-slot")
                .expect("q")
                .and_then(|e| e.get_attribute("aria-live"))
                .as_deref(),
            Some("polite")
        );
    }
    let none = js_sys::JSON::parse(r#"{"online": false, "incident": null}"#).expect("json");
    assert_eq!(
        SupportStatus::from_js(&none).expect("status").incident,
        None
    );
}

/// [`IncidentNotice`] under a context in `lang`, as the app renders it.
#[derive(PartialEq, yew::Properties)]
struct IncidentWithLangProps {
    incident: Option<Incident>,
    lang: Lang,
}

#[yew::function_component(IncidentWithLang)]
fn incident_with_lang(props: &IncidentWithLangProps) -> yew::Html {
    let ctx = Ctx {
        lang: props.lang,
        ..Ctx::default()
    };
    yew::html! {
        <yew::ContextProvider<Ctx> context={ctx}>
            <IncidentNotice incident={props.incident.clone()} />
        </yew::ContextProvider<Ctx>>
    }
}

#[wasm_bindgen_test]
async fn a_panel_that_cannot_load_shows_a_localised_message() {
    let host = host();
    let props = props("ru");
    let calls = Rc::new(std::cell::Cell::new(0));
    let seen = calls.clone();
    let failing = Closure::<dyn Fn(JsValue) -> js_sys::Promise>::new(move |args: JsValue| {
        seen.set(seen.get() + 1);
        let site = Reflect::get(&args, &"site".into())
            .ok()
            .and_then(|v| v.as_string());
        assert_eq!(site.as_deref(), Some("demo"));
        js_sys::Promise::reject(&"Failed to fetch dynamically imported module".into())
    })
    .into_js_value();
    Reflect::set(&props, &"panel".into(), &failing).expect("set");
    let _widget = mount(host.clone(), props).expect("mount");
    settle(50).await;
    let root = shadow(&host);
    find(&root, "section.list[data-candor-list]");
    let link: HtmlElement = find(&root, ".foot a").unchecked_into();
    assert_eq!(link.text_content().as_deref(), Some("Вход для магазина"));
    link.click();
    settle(50).await;
    assert_eq!(calls.get(), 1);
    let alert = find(&root, ".foot [role=alert]");
    assert_eq!(
        alert.text_content().as_deref(),
        Some("Не удалось загрузить панель магазина. Попробуйте позже.")
    );
}
