//! Moderation controls put in place into the widgets on the page: every
//! `[data-review-id]` element inside the open shadow root of each
//! `<candor-reviews>` gets a small toolbar (`.candor-mod`) whose buttons open
//! that review in the panel's drawer. The widget re-renders its list (paging,
//! live updates), so [`scan`] runs again on a timer and only adds what is
//! missing. The toolbar's styles are a constructable stylesheet adopted into
//! the widget's shadow root next to the widget's own.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{CssStyleSheet, Element, Event, ShadowRoot};

/// Class of the injected toolbar.
pub const CLASS: &str = "candor-mod";

const CSS: &str = "\
.candor-mod{display:flex;flex-wrap:wrap;gap:.5rem;margin-block-start:.5rem;padding-block-start:.5rem;\
border-block-start:1px dashed #767676}\
.candor-mod button{font:inherit;font-size:.875rem;padding:.25rem .75rem;border:1px solid #0b57d0;\
border-radius:6px;background:#fff;color:#0b57d0;cursor:pointer}\
.candor-mod button:hover{background:#e8f0fe}\
.candor-mod button:focus-visible{outline:2px solid #0b57d0;outline-offset:2px}";

/// What a toolbar button asks the drawer to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// The review with its reply editor.
    Reply,
    /// The resolve form.
    Resolve,
    /// The hide-for-abuse form.
    Hide,
}

/// A toolbar and its click listener (dropped when the toolbar goes).
type Toolbar = (Element, Closure<dyn Fn(Event)>);
type Injected = Vec<Toolbar>;

thread_local! {
    static INJECTED: RefCell<Injected> = const { RefCell::new(Vec::new()) };
    static SHEET: RefCell<Option<CssStyleSheet>> = const { RefCell::new(None) };
}

fn widget_roots() -> Vec<ShadowRoot> {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return Vec::new();
    };
    let Ok(hosts) = document.query_selector_all("candor-reviews") else {
        return Vec::new();
    };
    (0..hosts.length())
        .filter_map(|i| hosts.item(i))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .filter_map(|host| host.shadow_root())
        .collect()
}

/// Adds the toolbar to every review element that lacks one. `labels` are the
/// button texts for [`Intent::Reply`], [`Intent::Resolve`], [`Intent::Hide`]
/// and the toolbar's accessible name.
pub fn scan(on_pick: &Rc<dyn Fn(String, Intent)>, labels: [&str; 4]) {
    // Toolbars the widget removed with a re-render: drop their listeners.
    INJECTED.with(|list| list.borrow_mut().retain(|(bar, _)| bar.is_connected()));
    let sheet = SHEET.with(|s| {
        let mut slot = s.borrow_mut();
        if slot.is_none() {
            *slot = super::sheet(CSS);
        }
        slot.clone()
    });
    for shadow in widget_roots() {
        if let Some(sheet) = &sheet {
            super::adopt(&shadow, sheet);
        }
        let Ok(items) = shadow.query_selector_all("[data-review-id]") else {
            continue;
        };
        for element in (0..items.length())
            .filter_map(|i| items.item(i))
            .filter_map(|n| n.dyn_into::<Element>().ok())
        {
            let has = element
                .query_selector(&format!(":scope > .{CLASS}"))
                .ok()
                .flatten()
                .is_some();
            let Some(id) = element.get_attribute("data-review-id") else {
                continue;
            };
            if has || id.is_empty() {
                continue;
            }
            if let Some(toolbar) = toolbar(&id, resolvable(&element), on_pick, labels) {
                let _ = element.append_child(&toolbar.0);
                INJECTED.with(|list| list.borrow_mut().push(toolbar));
            }
        }
    }
}

/// Whether "Mark resolved" makes sense for a review element of the widget:
/// a complaint or a review of three stars or fewer (the reader's
/// `data-kind`/`data-rating`), shown (not a hidden placeholder) and not
/// resolved already — the same rule as the drawer's `QueueItem::offers`.
fn resolvable(element: &Element) -> bool {
    let complaint = element.get_attribute("data-kind").as_deref() == Some("complaint");
    let low = element
        .get_attribute("data-rating")
        .and_then(|r| r.parse::<u8>().ok())
        .is_some_and(|r| r <= 3);
    let resolved = element
        .query_selector(".badge.resolved")
        .ok()
        .flatten()
        .is_some();
    (complaint || low) && !resolved && element.has_attribute("data-kind")
}

fn toolbar(
    id: &str,
    resolvable: bool,
    on_pick: &Rc<dyn Fn(String, Intent)>,
    labels: [&str; 4],
) -> Option<Toolbar> {
    let document = web_sys::window()?.document()?;
    let bar = document.create_element("div").ok()?;
    bar.set_class_name(CLASS);
    bar.set_attribute("role", "group").ok()?;
    bar.set_attribute("aria-label", labels[3]).ok()?;
    for (intent, label) in [
        (Intent::Reply, labels[0]),
        (Intent::Resolve, labels[1]),
        (Intent::Hide, labels[2]),
    ] {
        if intent == Intent::Resolve && !resolvable {
            continue;
        }
        let button = document.create_element("button").ok()?;
        button.set_attribute("type", "button").ok()?;
        button
            .set_attribute("data-intent", intent_code(intent))
            .ok()?;
        button.set_text_content(Some(label));
        bar.append_child(&button).ok()?;
    }
    let on_pick = on_pick.clone();
    let id = id.to_owned();
    let click = Closure::<dyn Fn(Event)>::new(move |event: Event| {
        let intent = event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|e| e.get_attribute("data-intent"));
        let intent = match intent.as_deref() {
            Some("resolve") => Intent::Resolve,
            Some("hide") => Intent::Hide,
            Some("reply") => Intent::Reply,
            _ => return,
        };
        on_pick(id.clone(), intent);
    });
    bar.add_event_listener_with_callback("click", click.as_ref().unchecked_ref())
        .ok()?;
    Some((bar, click))
}

fn intent_code(intent: Intent) -> &'static str {
    match intent {
        Intent::Reply => "reply",
        Intent::Resolve => "resolve",
        Intent::Hide => "hide",
    }
}

/// Removes every injected toolbar (the panel closed or signed out).
pub fn remove_all() {
    INJECTED.with(|list| {
        for (element, _click) in list.borrow_mut().drain(..) {
            element.remove();
        }
    });
    // Toolbars whose closures were dropped with a re-render of the widget.
    for shadow in widget_roots() {
        if let Ok(left) = shadow.query_selector_all(&format!(".{CLASS}")) {
            for node in (0..left.length()).filter_map(|i| left.item(i)) {
                if let Ok(element) = node.dyn_into::<Element>() {
                    element.remove();
                }
            }
        }
    }
}
