//! The shopper widget: what a shopper sees on a merchant's product page.
//!
//! A few lines of JavaScript (`pkg/candor.js`) define the `<candor-reviews>`
//! element, attach an open shadow root and call [`mount`]; everything else is
//! here. [`mount`] adopts the widget's stylesheet into the shadow root (a
//! constructable stylesheet, so a page CSP with `style-src 'self'` works),
//! stops key events at the shadow root (page hotkeys do not fire while the
//! shopper types) and starts the [`reader`].
//!
//! Two wasm modules make the widget. The reader (this bundle, no framework:
//! [`reader`] with [`dom`]) shows the status, the summary and the list to
//! every shopper. The writer (`writer`, yew, feature `writer`: the form with
//! the live checker and the complaint tracking cards) is fetched only when a
//! shopper starts writing. [`state`] holds the data and the list's state,
//! [`api`] is the one HTTP client, [`live`] the event stream, [`i18n`] the
//! message catalogue and [`intl`] the browser's formatting.

pub mod api;
pub mod dom;
pub mod i18n;
pub mod intl;
pub mod js;
pub mod live;
pub mod local;
#[cfg(all(target_arch = "wasm32", not(feature = "panel")))]
pub mod memory;
pub mod reader;
pub mod state;
#[cfg(feature = "writer")]
pub mod writer;

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    CssStyleSheet, CustomEvent, CustomEventInit, Element, Event, HtmlElement, ShadowRoot,
};

use reader::{Config, Reader};

/// The shopper modules' allocator (the panel keeps Rust's default).
#[cfg(all(target_arch = "wasm32", not(feature = "panel")))]
#[global_allocator]
static ALLOCATOR: memory::Allocator = memory::Allocator::new();

/// The widget's stylesheet (`style.css`, minified by `build.rs`).
pub const STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.min.css"));

/// Key events that must not reach the host page's listeners.
const KEY_EVENTS: [&str; 3] = ["keydown", "keyup", "keypress"];

thread_local! {
    /// One stylesheet object shared by every widget on the page.
    static SHEET: RefCell<Option<CssStyleSheet>> = const { RefCell::new(None) };
}

/// A mounted widget; `unmount()` removes it (the element calls it when it
/// leaves the page).
#[cfg_attr(not(feature = "writer"), wasm_bindgen)]
pub struct Widget {
    reader: Option<Rc<Reader>>,
    root: Element,
    shadow: ShadowRoot,
    stop_keys: Closure<dyn Fn(Event)>,
}

#[cfg_attr(not(feature = "writer"), wasm_bindgen)]
impl Widget {
    /// Destroys the widget and removes its listeners and nodes.
    pub fn unmount(&mut self) {
        if let Some(reader) = self.reader.take() {
            reader.unmount();
        }
        for name in KEY_EVENTS {
            let _ = self
                .shadow
                .remove_event_listener_with_callback(name, self.stop_keys.as_ref().unchecked_ref());
        }
        self.root.remove();
    }
}

impl Widget {
    /// The reader (for tests).
    pub fn reader(&self) -> Option<Rc<Reader>> {
        self.reader.clone()
    }
}

/// A trimmed, non-empty string property of a JS props object.
pub(crate) fn prop(props: &JsValue, key: &str) -> Option<String> {
    Reflect::get(props, &key.into())
        .ok()?
        .as_string()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// Adopts the widget's stylesheet into `shadow`, falling back to a `<style>`
/// element in browsers without constructable stylesheets.
fn adopt_style(shadow: &ShadowRoot) -> Result<(), JsValue> {
    let sheet = SHEET.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = CssStyleSheet::new()
                .ok()
                .filter(|sheet| sheet.replace_sync(STYLE).is_ok());
        }
        slot.clone()
    });
    let adopted = sheet.and_then(|sheet| {
        Reflect::set(shadow, &"adoptedStyleSheets".into(), &Array::of1(&sheet))
            .ok()
            .filter(|ok| *ok)
    });
    if adopted.is_none() {
        let document = shadow.owner_document().ok_or("no document")?;
        let style = document.create_element("style")?;
        style.set_text_content(Some(STYLE));
        shadow.append_child(&style)?;
    }
    Ok(())
}

/// Renders the widget into `host`'s open shadow root (attaching one if the
/// element has none). `props` is `{site, product?, lang?, theme?, api?,
/// live?, panel?, writer?}`: `theme` is `dark` for dark colours (anything
/// else is light; `candor.js` turns the element's `theme="auto"` into one
/// of the two from the host page's `color-scheme`);
/// `lang` falls back to the page's `<html lang>` and then
/// the browser's language; `api` to the page's origin; `panel` imports and
/// starts the moderation panel; `writer` imports the writer module (the form
/// with the live checker, the tracking cards) and resolves to its
/// `mount_writer`.
#[cfg_attr(not(feature = "writer"), wasm_bindgen)]
pub fn mount(host: HtmlElement, props: JsValue) -> Result<Widget, JsValue> {
    let shadow = match host.shadow_root() {
        Some(shadow) => shadow,
        None => host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?,
    };
    adopt_style(&shadow)?;

    // Page hotkeys must not fire while the shopper types in the widget. The
    // app's own handlers (inside the shadow root) run first.
    let stop_keys = Closure::<dyn Fn(Event)>::new(|event: Event| event.stop_propagation());
    for name in KEY_EVENTS {
        shadow.add_event_listener_with_callback(name, stop_keys.as_ref().unchecked_ref())?;
    }

    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let page_lang = document
        .document_element()
        .map(|html| html.get_attribute("lang"));
    let lang = state::resolve_lang(
        prop(&props, "lang").as_deref(),
        page_lang.flatten().as_deref(),
        window.navigator().language().as_deref(),
    );
    let api = prop(&props, "api")
        .or_else(|| window.location().origin().ok())
        .unwrap_or_default();
    let live = Reflect::get(&props, &"live".into())
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(true);

    let loader = |key: &str| {
        Reflect::get(&props, &key.into())
            .ok()
            .and_then(js::Loader::from_js)
    };

    // `candor.js` resolves `theme="auto"` against the host page (see
    // `candorTheme` in element.js); here only the answer counts.
    let dark = prop(&props, "theme").as_deref() == Some("dark");

    let root = document.create_element("div")?;
    root.set_class_name("candor-root");
    shadow.append_child(&root)?;
    let reader = Reader::mount(
        &root,
        Config {
            site: prop(&props, "site").unwrap_or_default(),
            product: prop(&props, "product").unwrap_or_default(),
            voter: prop(&props, "voter").unwrap_or_default(),
            lang,
            api,
            live,
            dark,
            host: Some(host.clone()),
            panel: loader("panel"),
            writer: loader("writer"),
            first_page: Reflect::get(&props, &"firstPage".into())
                .ok()
                .filter(JsValue::is_object),
        },
    );
    Ok(Widget {
        reader: Some(reader),
        root,
        shadow,
        stop_keys,
    })
}

/// Tells the page that a merchant wants to sign in: dispatches a bubbling,
/// composed `candor-admin` event with `detail: {site}` on the element. The
/// moderation panel's bundle listens for it; the shopper bundle never
/// contains the panel.
pub fn dispatch_admin(host: &HtmlElement, site: &str) {
    let detail = Object::new();
    let _ = Reflect::set(&detail, &"site".into(), &site.into());
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict("candor-admin", &init) {
        let _ = host.dispatch_event(&event);
    }
}
