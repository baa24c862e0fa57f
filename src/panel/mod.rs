//! The merchant's in-page moderation panel: a separate bundle
//! (`pkg/panel/candor-panel.js`, built by `scripts/build-panel.sh`) that the
//! widget's loader imports only when a merchant asks to sign in, so shoppers
//! never download it.
//!
//! `start({api, site, lang})` (the JS wrapper in `js/panel.js`) initialises
//! the wasm and calls [`start_panel`], which attaches an open shadow root to a
//! host element at the end of `<body>`, adopts the panel's stylesheet and
//! renders [`components::App`]: the sign-in dialog (or the existing session),
//! then the queue drawer. [`inject`] puts moderation controls into every
//! `[data-review-id]` element of the `<candor-reviews>` widgets on the page.
//!
//! Layout follows the widget: [`api`] is the one HTTP client, [`state`] the
//! JSON shapes, [`components`] the function components, [`hooks`] the
//! clock, presence and live-event hooks, [`i18n`] the catalogue.

pub mod api;
pub mod components;
pub mod hooks;
pub mod i18n;
pub mod inject;
pub mod state;

use std::cell::RefCell;

use js_sys::{Array, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CssStyleSheet, Element, Event, ShadowRoot};
use yew::AppHandle;

use crate::widget::prop;
use components::{App, AppProps};

/// The panel's stylesheet (its own shadow root).
pub const STYLE: &str = include_str!("style.css");

/// Id of the host element the panel renders into.
pub const HOST_ID: &str = "candor-panel";

thread_local! {
    /// The running panel, so a second `start()` only brings it back into view.
    static RUNNING: RefCell<Option<(AppHandle<App>, Element)>> = const { RefCell::new(None) };
}

/// A constructable stylesheet with `css`, or `None` where unsupported.
pub fn sheet(css: &str) -> Option<CssStyleSheet> {
    CssStyleSheet::new()
        .ok()
        .filter(|sheet| sheet.replace_sync(css).is_ok())
}

/// Adds `sheet` to a shadow root's adopted stylesheets (keeping the others).
pub fn adopt(shadow: &ShadowRoot, sheet: &CssStyleSheet) -> bool {
    let current = Reflect::get(shadow, &"adoptedStyleSheets".into())
        .ok()
        .filter(Array::is_array)
        .map(|v| Array::from(&v))
        .unwrap_or_default();
    if current.includes(sheet, 0) {
        return true;
    }
    let next = Array::from(&current);
    next.push(sheet);
    Reflect::set(shadow, &"adoptedStyleSheets".into(), &next).unwrap_or(false)
}

/// Opens the panel. `props` is `{api?, site?, lang?, poll_ms?, review?}`:
/// `review` (or the page's `#candor-admin=<review id>`) is opened at once;
/// `api`
/// defaults to the page's origin, `site` to the first `<candor-reviews>`
/// element's site, `lang` to the page's `<html lang>`, then the browser's
/// language; `poll_ms` is how often the open queue reloads besides live
/// events (30 000; at least 1 000).
#[wasm_bindgen(js_name = startPanel)]
pub fn start_panel(props: JsValue) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    if let Some(host) = RUNNING.with(|r| r.borrow().as_ref().map(|(_, host)| host.clone())) {
        host.remove_attribute("hidden")?;
        return Ok(());
    }
    let widget = document.query_selector("candor-reviews").ok().flatten();
    let site = prop(&props, "site")
        .or_else(|| widget.as_ref().and_then(|w| w.get_attribute("site")))
        .unwrap_or_default();
    let page_lang = document
        .document_element()
        .and_then(|html| html.get_attribute("lang"));
    let lang = crate::widget::state::resolve_lang(
        prop(&props, "lang").as_deref(),
        page_lang.as_deref(),
        window.navigator().language().as_deref(),
    );
    let api = prop(&props, "api")
        .or_else(|| window.location().origin().ok())
        .unwrap_or_default();

    let host = document.create_element("div")?;
    host.set_id(HOST_ID);
    document.body().ok_or("no body")?.append_child(&host)?;
    let shadow =
        host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?;
    match sheet(STYLE) {
        Some(sheet) if adopt(&shadow, &sheet) => {}
        _ => {
            let style = document.create_element("style")?;
            style.set_text_content(Some(STYLE));
            shadow.append_child(&style)?;
        }
    }
    // Page hotkeys must not fire while the merchant types a reply.
    let stop_keys = Closure::<dyn Fn(Event)>::new(|event: Event| event.stop_propagation());
    for name in ["keydown", "keyup", "keypress"] {
        shadow.add_event_listener_with_callback(name, stop_keys.as_ref().unchecked_ref())?;
    }
    stop_keys.forget();

    let root = document.create_element("div")?;
    shadow.append_child(&root)?;
    let app = yew::Renderer::<App>::with_root_and_props(
        root,
        AppProps {
            api: api::Api::new(&api, &site, lang),
            lang,
            open_review: prop(&props, "review").or_else(|| {
                window
                    .location()
                    .hash()
                    .ok()?
                    .strip_prefix("#candor-admin=")
                    .filter(|id| {
                        !id.is_empty()
                            && id.len() <= 64
                            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                    })
                    .map(str::to_owned)
            }),
            poll_ms: Reflect::get(&props, &"poll_ms".into())
                .ok()
                .and_then(|v| v.as_f64())
                .map_or(components::QUEUE_POLL_MS, |ms| {
                    ms.clamp(1000.0, 3_600_000.0) as u32
                }),
        },
    )
    .render();
    RUNNING.with(|r| *r.borrow_mut() = Some((app, host)));
    Ok(())
}

/// Closes the panel: removes its element and the in-page controls. Called
/// from the close button (after presence is set to away).
pub fn close_panel() {
    inject::remove_all();
    // Destroying the app from inside its own event handler is not allowed;
    // do it on the next turn.
    gloo_timers::callback::Timeout::new(0, || {
        if let Some((app, host)) = RUNNING.with(|r| r.borrow_mut().take()) {
            app.destroy();
            host.remove();
        }
    })
    .forget();
}
