#![cfg(all(target_arch = "wasm32", feature = "widget"))]
//! The widget's components in headless Chromium (wasm-bindgen-test): shadow
//! root and stylesheet, rendering of reviews (user text stays text), the live
//! checker, the star radio group, key isolation, RTL, the list's "could not
//! load" state, and the browser-side formatting helpers.
//!
//!   CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown \
//!     --no-default-features --features widget --test widget_components

use std::time::Duration;

use candor::core::lang::Lang;
use candor::widget::components::{ReviewItem, ReviewItemProps};
use candor::widget::state::{
    resolve_lang, Hours, ListAction, ListState, Reply, Review, SupportStatus, Weekly,
};
use candor::widget::{intl, mount, Widget};
use js_sys::{Object, Reflect};
use std::rc::Rc;
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
    props.into()
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
async fn the_live_checker_hints_while_typing_and_never_disables_submit() {
    let (host, _widget) = mounted("en").await;
    let root = shadow(&host);
    let area: HtmlTextAreaElement = find(&root, "textarea").unchecked_into();
    area.set_value("Terrible company, I do not recommend it to anyone. Worst service ever, avoid!");
    fire(&area, "input");
    settle(700).await; // past the 400 ms debounce
    let hints = find(&root, ".hints");
    assert_eq!(hints.get_attribute("aria-live").as_deref(), Some("polite"));
    let items = root
        .query_selector_all(".hints li")
        .expect("query")
        .length();
    assert!(
        items > 0,
        "template text gets hints: {:?}",
        hints.text_content()
    );
    let submit = find(&root, "button[type=submit]");
    assert!(
        !submit.has_attribute("disabled"),
        "hints never block submission"
    );
}

#[wasm_bindgen_test]
async fn stars_are_a_radio_group_with_labels() {
    let (host, _widget) = mounted("en").await;
    let root = shadow(&host);
    let radios = root
        .query_selector_all(".stars-input input[type=radio][name=rating]")
        .expect("query");
    assert_eq!(radios.length(), 5);
    find(&root, ".stars-input legend");
    let fourth: HtmlElement = find(&root, ".stars-input label:nth-child(4) input").unchecked_into();
    fourth.click();
    settle(30).await;
    assert_eq!(
        root.query_selector_all(".star.on").expect("query").length(),
        4
    );
    let label = find(&root, ".stars-input label:nth-child(4) .sr").text_content();
    assert_eq!(label.as_deref(), Some("4 of 5 stars"));
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
    };
    let lines = candor::widget::components::hours_lines(&status, Lang::En);
    assert_eq!(lines.len(), 5, "{lines:?}");
    let (_, text) = candor::widget::components::status_text(&status, Lang::En);
    assert!(
        text.starts_with("Support is offline — back Monday"),
        "{text}"
    );
}
