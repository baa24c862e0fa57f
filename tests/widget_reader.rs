#![cfg(all(target_arch = "wasm32", feature = "widget"))]
//! The reader (what every shopper sees) in headless Chromium
//! (wasm-bindgen-test): shadow root and stylesheet, rendering of reviews
//! (user text stays text), key isolation, RTL, the list's "could not load"
//! state, the incident notice, the way into the writer module and the
//! panel, and the browser-side formatting helpers.
//!
//!   CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown \
//!     --no-default-features --features widget --test widget_reader

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use candor::core::lang::Lang;
use candor::widget::js::FromJs;
use candor::widget::reader::{hours_lines, review_item, status_text};
use candor::widget::state::{
    resolve_lang, Hours, ListAction, ListState, Reply, Review, SupportStatus, Weekly,
};
use candor::widget::{intl, mount, Widget};
use js_sys::{Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{CustomEvent, CustomEventInit, Element, HtmlElement, ShadowRoot};

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
        ("voter", "test-browser-voter-0001"),
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

/// Waits `ms` milliseconds (lets fetches fail and promises settle).
async fn settle(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("timeout");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("timer");
}

/// Waits up to 5 s for `selector` to render (a request to the dead API
/// failing, say).
async fn wait_for(root: &ShadowRoot, selector: &str) -> Element {
    for _ in 0..50 {
        if let Some(el) = root.query_selector(selector).expect("query") {
            return el;
        }
        settle(100).await;
    }
    panic!("{selector} never rendered");
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
    wait_for(&root, ".list-foot .error").await;
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
    fire(&find(&root, "select"), "keydown");
    fire(&find(&root, "select"), "keyup");
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
        votes: Some(3),
        voted: false,
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
    div.append_child(&review_item(&sample_review(), Lang::En).el())
        .expect("append");
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
    let mut state = ListState::new();
    let page = candor::widget::state::ReviewPage {
        items: vec![sample_review()],
        summary: Default::default(),
        page: 1,
        has_more: false,
    };
    assert!(state.apply(ListAction::Loaded(Rc::new(page))));
    let mut answered = sample_review();
    answered.badges.push("answered".into());
    assert!(state.apply(ListAction::Live(Rc::new(answered))));
    assert_eq!(state.items.len(), 1);
    assert!(state.items[0].has("answered"));
    let mut new = sample_review();
    new.id = "r2".into();
    assert!(state.apply(ListAction::Live(Rc::new(new))));
    assert_eq!(
        state.items[0].id, "r2",
        "new reviews go on top of the newest-first list"
    );
    let mut withdrawn = sample_review();
    withdrawn.status = "withdrawn".into();
    assert!(state.apply(ListAction::Live(Rc::new(withdrawn))));
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

/// Issue 15 item 4: "1 stars" and "0 minutes" are gone; star counts take
/// the CLDR plural category of each language.
#[wasm_bindgen_test]
fn counts_take_each_languages_plural_form_and_short_times_read_under_a_minute() {
    use candor::widget::i18n::{count, STARS};
    let stars = |n: f64, lang| count(&STARS, n, lang);
    assert_eq!(stars(1.0, Lang::En), "1 star");
    assert_eq!(stars(2.0, Lang::En), "2 stars");
    assert_eq!(stars(1.0, Lang::Ru), "1 звезда");
    assert_eq!(stars(3.0, Lang::Ru), "3 звезды");
    assert_eq!(stars(5.0, Lang::Ru), "5 звёзд");
    assert_eq!(stars(21.0, Lang::Ru), "21 звезда");
    assert_eq!(stars(1.0, Lang::El), "1 αστέρι");
    assert_eq!(stars(4.0, Lang::El), "4 αστέρια");
    assert_eq!(stars(1.0, Lang::Kk), "1 жұлдыз");
    assert_eq!(stars(2.0, Lang::Fa), "۲ ستاره");
    assert_eq!(intl::duration_minutes(0.0, Lang::En), "under a minute");
    assert_eq!(intl::duration_minutes(0.4, Lang::Ru), "меньше минуты");
    assert_eq!(intl::duration_minutes(1.0, Lang::En), "1 minute");

    // In the list: a reply within seconds, and the histogram's one-star row.
    let mut review = sample_review();
    review.replies[0].minutes_after = 0.0;
    let item = review_item(&review, Lang::En).el();
    let all = item.text_content().unwrap_or_default();
    assert!(all.contains("answered in under a minute"), "{all}");
    assert!(!all.contains("0 minutes"), "{all}");
}

/// Issue 15 item 10: the note written when marking a complaint resolved is
/// shown as the resolution note, not as one more reply with an answer time.
#[wasm_bindgen_test]
fn a_resolution_note_is_labelled_as_such_not_as_another_reply() {
    let mut review = sample_review();
    review.replies.push(Reply {
        kind: "resolution".into(),
        author: "Aigerim, support".into(),
        text: "The new lid was delivered.".into(),
        created_at: "2026-05-04T11:00:00Z".into(),
        minutes_after: 0.0,
    });
    let item = review_item(&review, Lang::En).el();
    let note = item
        .query_selector(".reply.resolution")
        .expect("query")
        .expect("the resolution note");
    let note = note.text_content().unwrap_or_default();
    assert!(note.starts_with("Resolution note from the shop"), "{note}");
    assert!(!note.contains("answered in"), "{note}");
    assert!(!note.contains("Reply from the shop"), "{note}");
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
    let lines = hours_lines(&status, Lang::En);
    assert_eq!(lines.len(), 5, "{lines:?}");
    let (_, text) = status_text(&status, Lang::En);
    // Issue 15 item 2: the shopper's own clock leads; the shop's follows,
    // labelled (Almaty is never this test browser's zone).
    let next = intl::parse_ms("2026-03-02T04:00:00Z").expect("ms");
    let local = intl::weekday_time(next, Lang::En, None);
    assert!(
        text.starts_with(&format!("Support is offline — back {local}")),
        "{text}"
    );
    if intl::differs_from_local(next, "Asia/Almaty") {
        assert!(text.contains("(your time; 09:00"), "{text}");
        assert!(text.ends_with("at the shop)"), "{text}");
    }
}

/// Renders `review` (parsed from API JSON) as the list does.
fn render_review(json: &str) -> Element {
    let value = js_sys::JSON::parse(json).expect("json");
    let review = Review::from_js(&value).expect("a review");
    let div = document().create_element("div").expect("div");
    document()
        .body()
        .expect("body")
        .append_child(&div)
        .expect("append");
    div.append_child(&review_item(&review, Lang::En).el())
        .expect("append");
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
    );
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
        render_review(r#"{"id": "r10", "status": "hidden", "hidden_reason": "personal_data"}"#);
    assert!(ru
        .text_content()
        .unwrap_or_default()
        .contains("personal data"));
    let unknown =
        render_review(r#"{"id": "r11", "status": "hidden", "hidden_reason": "new_code"}"#);
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
    let div = render_review(r#"{"id": "r12", "status": "published", "text": "Fine", "rating": 4}"#);
    assert!(div
        .query_selector("article[data-review-id=r12]")
        .expect("q")
        .is_some());
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

#[wasm_bindgen_test]
async fn the_incident_notice_shows_the_shops_text_as_text_and_goes_away() {
    let status = js_sys::JSON::parse(
        r#"{"online": true, "open_now": true, "promise_minutes": 10, "timezone": "UTC",
            "hours": {"always_open": true},
            "incident": {"id": 7, "topic": "delivery", "created_at": "2026-05-04T10:00:00Z",
                         "text": "<b>Batch 12</b> of kettles ships on Friday."}}"#,
    )
    .expect("json");
    let status = Rc::new(SupportStatus::from_js(&status).expect("status"));
    assert_eq!(status.incident.as_ref().map(|i| i.id), Some(7));
    for (lang, title) in [("en", "Notice from the shop"), ("fa", "اطلاعیهٔ فروشگاه")]
    {
        let (host, widget) = mounted(lang).await;
        let root = shadow(&host);
        let reader = widget.reader().expect("mounted");
        let slot = find(&root, ".incident-slot[aria-live=polite]");
        assert_eq!(slot.child_element_count(), 0, "no incident yet");
        reader.set_status(status.clone());
        assert!(
            slot.query_selector("b").expect("q").is_none(),
            "the shop's text is never HTML"
        );
        let text = find(&root, ".incident bdi[dir=auto]");
        assert_eq!(
            text.text_content().as_deref(),
            Some("<b>Batch 12</b> of kettles ships on Friday.")
        );
        assert_eq!(
            find(&root, ".incident-title").text_content().as_deref(),
            Some(title)
        );
        let status_line = find(&root, "p.status.online")
            .text_content()
            .unwrap_or_default();
        assert!(!status_line.is_empty());
        let mut closed = (*status).clone();
        closed.incident = None;
        reader.set_status(Rc::new(closed));
        assert_eq!(
            slot.child_element_count(),
            0,
            "a closed incident goes away live"
        );
    }
    let none = js_sys::JSON::parse(r#"{"online": false, "incident": null}"#).expect("json");
    assert_eq!(
        SupportStatus::from_js(&none).expect("status").incident,
        None
    );
}

/// What `candor.js` passes as `writer`: a loader resolving to a
/// `mount_writer(form_slot, cards_slot, props)` that records its calls and
/// returns a handle with `live`, `unmount` and `free`.
struct FakeWriter {
    loader: JsValue,
    mounts: Rc<RefCell<Vec<(Element, Element, JsValue)>>>,
    lives: Rc<Cell<u32>>,
    loads: Rc<Cell<u32>>,
}

fn fake_writer(fail_first: bool) -> FakeWriter {
    let mounts = Rc::new(RefCell::new(Vec::new()));
    let lives = Rc::new(Cell::new(0));
    let (seen, live_seen) = (mounts.clone(), lives.clone());
    let mount_writer = Closure::<dyn Fn(Element, Element, JsValue) -> JsValue>::new(
        move |form: Element, cards: Element, props: JsValue| {
            seen.borrow_mut().push((form.clone(), cards, props));
            form.set_text_content(Some("the form"));
            let handle = Object::new();
            let live_seen = live_seen.clone();
            let live = Closure::<dyn Fn(JsValue)>::new(move |_: JsValue| {
                live_seen.set(live_seen.get() + 1)
            });
            Reflect::set(&handle, &"live".into(), &live.into_js_value()).expect("set");
            let nothing = Closure::<dyn Fn()>::new(|| ()).into_js_value();
            Reflect::set(&handle, &"unmount".into(), &nothing).expect("set");
            Reflect::set(&handle, &"free".into(), &nothing).expect("set");
            handle.into()
        },
    )
    .into_js_value();
    let calls = Rc::new(Cell::new(0));
    let loads = calls.clone();
    let loader = Closure::<dyn Fn() -> js_sys::Promise>::new(move || {
        calls.set(calls.get() + 1);
        if fail_first && calls.get() == 1 {
            js_sys::Promise::reject(&"Failed to fetch dynamically imported module".into())
        } else {
            js_sys::Promise::resolve(&mount_writer)
        }
    })
    .into_js_value();
    FakeWriter {
        loader,
        mounts,
        lives,
        loads,
    }
}

fn prop_of(props: &JsValue, key: &str) -> JsValue {
    Reflect::get(props, &key.into()).expect("get")
}

#[wasm_bindgen_test]
async fn the_write_button_loads_the_writer_into_its_places() {
    let host = host();
    let props = props("kk");
    let writer = fake_writer(true);
    Reflect::set(&props, &"writer".into(), &writer.loader).expect("set");
    let _widget = mount(host.clone(), props).expect("mount");
    settle(50).await;
    let root = shadow(&host);
    assert!(
        writer.mounts.borrow().is_empty(),
        "a reader never loads the writer"
    );
    let button: HtmlElement = find(&root, "section.write button.primary").unchecked_into();
    assert_eq!(
        button.text_content().as_deref(),
        Some("Пікір немесе шағым жазу")
    );

    // The module cannot be fetched: a localised message, the button stays.
    button.click();
    settle(50).await;
    let alert: HtmlElement = find(&root, "section.write [role=alert]").unchecked_into();
    assert!(!alert.hidden());
    assert_eq!(
        alert.text_content().as_deref(),
        Some("Пішінді жүктеу мүмкін болмады. Қайталап көріңіз.")
    );
    assert!(!button.hidden());

    // The next click retries and mounts the writer into its two places.
    button.click();
    settle(50).await;
    let mounts = writer.mounts.borrow();
    assert_eq!(mounts.len(), 1);
    let (form, cards, writer_props) = &mounts[0];
    assert!(form.matches(".write .form-slot").expect("matches"));
    assert!(cards.matches(".cards-slot").expect("matches"));
    assert_eq!(
        prop_of(writer_props, "lang").as_string().as_deref(),
        Some("kk")
    );
    assert_eq!(
        prop_of(writer_props, "site").as_string().as_deref(),
        Some("demo")
    );
    assert_eq!(
        prop_of(writer_props, "product").as_string().as_deref(),
        Some("kettle")
    );
    assert_eq!(prop_of(writer_props, "focus").as_bool(), Some(true));
    assert!(prop_of(writer_props, "on_submitted").is_function());
    assert!(button.hidden(), "the form replaces the button");
    assert!(alert.hidden());
    assert_eq!(
        find(&root, ".form-slot").text_content().as_deref(),
        Some("the form")
    );
    assert_eq!(writer.lives.get(), 0);
}

#[wasm_bindgen_test]
async fn a_returning_writer_gets_the_writer_at_once() {
    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("local storage");
    storage
        .set_item("candor:tracked:back", "r1 token1\n")
        .expect("set");
    let host = host();
    let props = props("en");
    Reflect::set(&props, &"site".into(), &"back".into()).expect("set");
    let writer = fake_writer(false);
    Reflect::set(&props, &"writer".into(), &writer.loader).expect("set");
    let _widget = mount(host.clone(), props).expect("mount");
    settle(50).await;
    storage.remove_item("candor:tracked:back").expect("remove");
    let mounts = writer.mounts.borrow();
    assert_eq!(mounts.len(), 1, "a followed complaint loads the writer");
    assert_eq!(
        prop_of(&mounts[0].2, "focus").as_bool(),
        Some(false),
        "without a click the focus stays where it is"
    );
    // Issue 15 item 5: a followed complaint alone brings back its card, not
    // the form, and the write button stays.
    assert_eq!(
        prop_of(&mounts[0].2, "open").as_bool(),
        Some(false),
        "no draft: the form stays closed"
    );
    let root = shadow(&host);
    let button: HtmlElement = find(&root, "section.write button.primary").unchecked_into();
    assert!(
        !button.hidden(),
        "the write button stays for a returning writer"
    );
}

#[wasm_bindgen_test]
async fn a_kept_draft_reopens_the_form_for_a_returning_writer() {
    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("local storage");
    storage
        .set_item("candor:draft:drafty:kettle", r#"{"text": "The lid"}"#)
        .expect("set");
    let host = host();
    let props = props("en");
    Reflect::set(&props, &"site".into(), &"drafty".into()).expect("set");
    let writer = fake_writer(false);
    Reflect::set(&props, &"writer".into(), &writer.loader).expect("set");
    let _widget = mount(host.clone(), props).expect("mount");
    settle(50).await;
    storage
        .remove_item("candor:draft:drafty:kettle")
        .expect("remove");
    let mounts = writer.mounts.borrow();
    assert_eq!(mounts.len(), 1);
    assert_eq!(prop_of(&mounts[0].2, "open").as_bool(), Some(true));
    assert!(prop_of(&mounts[0].2, "on_form").is_function());
}

#[wasm_bindgen_test]
async fn sort_and_filter_keep_their_controls_and_request_again() {
    let (host, _widget) = mounted("en").await;
    let root = shadow(&host);
    wait_for(&root, ".list-foot .error").await;
    let select: web_sys::HtmlSelectElement = find(&root, "select[data-act=sort]").unchecked_into();
    select.set_value("lowest");
    fire(&select.clone().into(), "change");
    // The same control stays (focus is not lost); the list asks again.
    let again: web_sys::HtmlSelectElement = find(&root, "select[data-act=sort]").unchecked_into();
    assert!(again.is_same_node(Some(&select)));
    assert_eq!(again.value(), "lowest");
    assert_eq!(
        find(&root, "section.list")
            .get_attribute("aria-busy")
            .as_deref(),
        Some("true")
    );
    assert!(find(&root, ".list-foot")
        .text_content()
        .unwrap_or_default()
        .contains("Loading"));
}

#[wasm_bindgen_test]
async fn awaiting_badges_keep_their_age_current() {
    let (host, widget) = mounted("en").await;
    let root = shadow(&host);
    let reader = widget.reader().expect("mounted");
    let mut waiting = sample_review();
    waiting.badges.clear();
    waiting.replies.clear();
    let page = candor::widget::state::ReviewPage {
        items: vec![waiting],
        summary: Default::default(),
        page: 1,
        has_more: false,
    };
    reader.dispatch(ListAction::Loaded(Rc::new(page)));
    let badge = find(&root, ".reviews .badge.awaiting[data-since]");
    let text = badge.text_content().unwrap_or_default();
    assert!(text.starts_with("Awaiting answer · "), "{text}");
    assert!(text.ends_with(" ago"), "{text}");
    badge.set_text_content(Some("stale"));
    reader.refresh_ages();
    assert_eq!(
        badge.text_content(),
        Some(text),
        "the minute tick rewrites the age"
    );
}

#[wasm_bindgen_test]
async fn pointing_at_the_write_button_starts_the_download_early() {
    let host = host();
    let props = props("en");
    let writer = fake_writer(false);
    Reflect::set(&props, &"writer".into(), &writer.loader).expect("set");
    let _widget = mount(host.clone(), props).expect("mount");
    settle(50).await;
    let root = shadow(&host);
    fire(&find(&root, "select[data-act=sort]"), "focusin");
    assert_eq!(writer.loads.get(), 0, "focus elsewhere loads nothing");
    let button = find(&root, "section.write button.primary");
    fire(&button, "pointerover");
    fire(&button, "focusin");
    settle(30).await;
    assert_eq!(writer.loads.get(), 1, "one early request");
    assert!(
        writer.mounts.borrow().is_empty(),
        "mounted only on the press"
    );
    button.unchecked_ref::<HtmlElement>().click();
    settle(30).await;
    assert_eq!(writer.mounts.borrow().len(), 1);
}

#[wasm_bindgen_test]
async fn a_live_change_rebuilds_only_the_review_it_is_about() {
    let (host, widget) = mounted("en").await;
    let root = shadow(&host);
    let reader = widget.reader().expect("mounted");
    let first = sample_review();
    let mut second = sample_review();
    second.id = "r2".into();
    second.text = "Second review.".into();
    let page = candor::widget::state::ReviewPage {
        items: vec![first.clone(), second],
        summary: Default::default(),
        page: 1,
        has_more: false,
    };
    reader.dispatch(ListAction::Loaded(Rc::new(page)));
    let node = |id: &str| {
        find(
            &root,
            &format!(".reviews > li > article[data-review-id={id}]"),
        )
    };
    let (old_first, old_second) = (node("r1"), node("r2"));

    let mut answered = first;
    answered.replies.push(Reply {
        kind: "answer".into(),
        author: "Aigerim, support".into(),
        text: "A new kettle goes out today.".into(),
        created_at: "2026-05-04T11:00:00Z".into(),
        minutes_after: 60.0,
    });
    reader.dispatch(ListAction::Live(Rc::new(answered)));
    assert!(
        node("r2").is_same_node(Some(&old_second)),
        "the unchanged review keeps its node"
    );
    assert!(
        !node("r1").is_same_node(Some(&old_first)),
        "the changed one is rebuilt"
    );
    assert!(node("r1")
        .text_content()
        .unwrap_or_default()
        .contains("A new kettle goes out today."));
    let order: Vec<String> = (0..2)
        .filter_map(|i| {
            root.query_selector_all(".reviews > li > article")
                .expect("q")
                .get(i)
                .and_then(|n| n.dyn_into::<Element>().ok())
                .and_then(|e| e.get_attribute("data-review-id"))
        })
        .collect();
    assert_eq!(order, ["r1", "r2"]);
    assert_eq!(
        root.query_selector_all(".reviews > li")
            .expect("q")
            .length(),
        2
    );

    let mut new = sample_review();
    new.id = "r3".into();
    reader.dispatch(ListAction::Live(Rc::new(new)));
    assert_eq!(
        root.query_selector_all(".reviews > li")
            .expect("q")
            .length(),
        3
    );
    assert!(
        node("r2").is_same_node(Some(&old_second)),
        "a new review on top moves nothing"
    );
    let mut withdrawn = sample_review();
    withdrawn.id = "r2".into();
    withdrawn.status = "withdrawn".into();
    reader.dispatch(ListAction::Live(Rc::new(withdrawn)));
    assert_eq!(
        root.query_selector_all(".reviews > li")
            .expect("q")
            .length(),
        2
    );
    assert!(root
        .query_selector("[data-review-id=r2]")
        .expect("q")
        .is_none());
}

/// Issue 15 item 6: `theme: "dark"` (what `candor.js` passes for
/// `theme="dark"`, or for `auto` on a dark page) gives dark colours;
/// anything else, the system's dark mode included, stays light. The page's
/// `color-scheme` is resolved in `candor.js` and tested end to end.
#[wasm_bindgen_test]
async fn the_theme_prop_picks_dark_colours_and_the_default_is_light() {
    let root_class = |host: &HtmlElement| find(&shadow(host), ".candor").class_name();
    let dark_host = host();
    let dark_props = props("en");
    Reflect::set(&dark_props, &"theme".into(), &"dark".into()).expect("set");
    let _dark = mount(dark_host.clone(), dark_props).expect("mount");
    assert_eq!(root_class(&dark_host), "candor dark");

    let light_host = host();
    let _light = mount(light_host.clone(), props("en")).expect("mount");
    assert_eq!(root_class(&light_host), "candor");
}

/// Issue 15 item 7: opening "Support hours" does not move the heading.
#[wasm_bindgen_test]
async fn opening_support_hours_leaves_the_heading_where_it_was() {
    let (host, widget) = mounted("en").await;
    let day = vec![("09:00".to_owned(), "18:00".to_owned())];
    let status = SupportStatus {
        online: false,
        open_now: false,
        promise_minutes: 10.0,
        typical_answer_minutes: None,
        next_open_at: Some("2026-03-02T04:00:00Z".into()),
        timezone: "UTC".into(),
        hours: Hours {
            always_open: false,
            weekly: Weekly {
                mon: day.clone(),
                tue: day.clone(),
                wed: day.clone(),
                thu: day.clone(),
                fri: day.clone(),
                sat: day.clone(),
                sun: day,
            },
        },
        incident: None,
    };
    widget.reader().expect("reader").set_status(Rc::new(status));
    let root = shadow(&host);
    let top = |el: &Element| {
        let rect = Reflect::get(el, &"getBoundingClientRect".into())
            .expect("fn")
            .unchecked_into::<js_sys::Function>()
            .call0(el)
            .expect("rect");
        Reflect::get(&rect, &"top".into())
            .expect("top")
            .as_f64()
            .expect("f64")
    };
    let heading = find(&root, "header.top h2");
    let before = top(&heading);
    let details = find(&root, "details.hours");
    details.set_attribute("open", "").expect("open");
    settle(50).await;
    assert!(find(&root, "details.hours li").is_connected());
    assert_eq!(top(&heading), before, "the heading stays put");
}

/// Replaces `window.fetch` with an answer to votes: `PUT` counts the
/// browser (count 4, pressed), `DELETE` takes it back (3), a review `r9`
/// is the shopper's own (403 `own_review`). Every request is recorded in
/// `window.__votes` as `[method, url, voter]`. Returns the real fetch.
fn fake_vote_api() -> JsValue {
    let window = web_sys::window().expect("window");
    let real = Reflect::get(&window, &"fetch".into()).expect("fetch");
    let fake = js_sys::Function::new_with_args(
        "url, init",
        "const h = init.headers || {};
         (window.__votes = window.__votes || []).push([init.method, url, h['X-Candor-Voter']]);
         if (url.includes('/r9/')) {
           return Promise.resolve(new Response(JSON.stringify({error: 'own_review',
             message: 'You cannot vote on your own review.'}), {status: 403}));
         }
         const voted = init.method === 'PUT';
         return Promise.resolve(new Response(JSON.stringify({review_id: 'r1', kind: 'me_too',
           count: voted ? 4 : 3, voted}), {status: 200}));",
    );
    Reflect::set(&window, &"fetch".into(), &fake).expect("set fetch");
    real
}

/// Waits up to 5 s for the vote button of review `id` to be pressed or not.
async fn vote_button(root: &ShadowRoot, id: &str, pressed: &str) -> Element {
    let selector = format!("article[data-review-id={id}] button[aria-pressed={pressed}]");
    wait_for(root, &selector).await
}

#[wasm_bindgen_test]
async fn me_too_counts_a_press_and_a_second_press_takes_it_back() {
    let (host, widget) = mounted("en").await;
    let root = shadow(&host);
    let reader = widget.reader().expect("mounted");
    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("local storage");
    let _ = storage.remove_item("candor:voted:r1");
    let mut review = sample_review();
    review.badges.clear();
    let mut praise = sample_review();
    praise.id = "r2".into();
    praise.kind = "review".into();
    praise.votes = Some(0);
    let mut own = sample_review();
    own.id = "r9".into();
    let mut hidden = sample_review();
    hidden.id = "r3".into();
    hidden.status = "hidden".into();
    let page = candor::widget::state::ReviewPage {
        items: vec![review, praise, own, hidden],
        summary: Default::default(),
        page: 1,
        has_more: false,
    };
    reader.dispatch(ListAction::Loaded(Rc::new(page)));

    let button = vote_button(&root, "r1", "false").await;
    assert_eq!(button.tag_name(), "BUTTON");
    assert_eq!(button.text_content().unwrap_or_default(), "Me too 3");
    // A review takes "Helpful", without a count while nobody pressed it;
    // a placeholder takes nothing.
    let helpful = vote_button(&root, "r2", "false").await;
    assert_eq!(helpful.text_content().unwrap_or_default(), "Helpful");
    assert!(root
        .query_selector("article[data-review-id=r3] button[aria-pressed]")
        .expect("q")
        .is_none());

    let real_fetch = fake_vote_api();
    fire(&button, "click");
    let pressed = vote_button(&root, "r1", "true").await;
    assert_eq!(pressed.text_content().unwrap_or_default(), "Me too 4");
    assert_eq!(
        storage
            .get_item("candor:voted:r1")
            .ok()
            .flatten()
            .as_deref(),
        Some("1")
    );
    fire(&pressed, "click");
    let undone = vote_button(&root, "r1", "false").await;
    assert_eq!(undone.text_content().unwrap_or_default(), "Me too 3");
    assert_eq!(
        storage
            .get_item("candor:voted:r1")
            .ok()
            .flatten()
            .as_deref(),
        None
    );
    // A review this browser voted on comes back pressed from the server's
    // list (the press is kept on the device).
    storage.set_item("candor:voted:r7", "1").expect("store");
    let json = r#"{"id":"r7","kind":"review","rating":5,"text":"Good.","created_at":"2026-05-04T10:00:00Z","status":"published","badges":[],"replies":[],"helpful":2}"#;
    let parsed = Review::from_js(&js_sys::JSON::parse(json).expect("json")).expect("review");
    assert_eq!((parsed.votes, parsed.voted), (Some(2), true));
    storage.remove_item("candor:voted:r7").expect("remove");

    // The shopper's own review: the server's words, announced.
    fire(&vote_button(&root, "r9", "false").await, "click");
    let alert = wait_for(&root, "article[data-review-id=r9] [role=alert]").await;
    assert_eq!(
        alert.text_content().unwrap_or_default(),
        "You cannot vote on your own review."
    );

    let window = web_sys::window().expect("window");
    Reflect::set(&window, &"fetch".into(), &real_fetch).expect("restore fetch");
    let calls = Reflect::get(&window, &"__votes".into()).expect("calls");
    let calls: Vec<JsValue> = js_sys::Array::from(&calls).to_vec();
    let call = |i: usize| js_sys::Array::from(&calls[i]).to_vec();
    assert_eq!(calls.len(), 3);
    assert_eq!(call(0)[0], "PUT");
    assert_eq!(call(1)[0], "DELETE");
    assert_eq!(
        call(0)[1],
        format!("{DEAD_API}/api/v1/reviews/r1/vote").as_str()
    );
    let voter = call(0)[2].as_string().expect("a voter id");
    assert!(voter.len() >= 16, "{voter}");
    assert_eq!(call(1)[2].as_string(), Some(voter), "the same browser");
}

#[wasm_bindgen_test]
fn a_vote_updates_the_review_and_live_events_keep_counts_and_presses() {
    let mut list = ListState::new();
    let page = candor::widget::state::ReviewPage {
        items: vec![sample_review()],
        summary: Default::default(),
        page: 1,
        has_more: false,
    };
    list.apply(ListAction::Loaded(Rc::new(page)));
    list.apply(ListAction::Voted("r1".into(), true, 4));
    assert_eq!((list.items[0].votes, list.items[0].voted), (Some(4), true));
    // An event about something else (no count) keeps count and press.
    let mut answered = sample_review();
    answered.votes = None;
    answered.text = "Edited.".into();
    list.apply(ListAction::Live(Rc::new(answered)));
    assert_eq!((list.items[0].votes, list.items[0].voted), (Some(4), true));
    // Another reader's vote arrives live.
    let mut counted = sample_review();
    counted.votes = Some(5);
    list.apply(ListAction::Live(Rc::new(counted)));
    assert_eq!((list.items[0].votes, list.items[0].voted), (Some(5), true));
    list.apply(ListAction::Voted("r1".into(), false, 4));
    assert_eq!((list.items[0].votes, list.items[0].voted), (Some(4), false));
}
