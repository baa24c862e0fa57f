//! wasm-bindgen exports of the core, for the browser: the same detector the
//! server runs, judged on the shopper's device while they type.
//!
//! Built on its own (`--features wasm`) this is the detector's browser
//! module (`scripts/size.sh` measures what it adds). In the widget builds
//! (`--features widget`) [`check`] is an ordinary Rust function, not an
//! export: the reader leaves the detector out (link-time optimisation), and
//! the writer module calls the core detector directly
//! (`widget::writer::checker`).

use wasm_bindgen::prelude::*;

use crate::core::detect;
use crate::core::lang::Lang;

// The three JS built-ins the answer needs, declared here rather than taken
// from js-sys (not a dependency of this feature) or written through
// serde-wasm-bindgen (whose serialiser would cost the module a few KB).
#[wasm_bindgen]
extern "C" {
    /// `Object()`: a new empty object.
    #[wasm_bindgen(js_name = Object)]
    fn new_object() -> JsValue;
    /// `Array()`: a new empty array.
    #[wasm_bindgen(js_name = Array)]
    fn new_array() -> JsValue;
    /// `Reflect.set(target, key, value)`; never throws on a plain object.
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    fn reflect_set(target: &JsValue, key: &JsValue, value: &JsValue) -> bool;
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    reflect_set(target, &JsValue::from_str(key), value);
}

/// Judges a review text. `lang` is the declared text language (or empty),
/// `rating` 1..=5 (0 for none), `ui_lang` the language of the messages (falls
/// back to English). Returns `{lang, score, verdict, reasons: [{code, message}]}`,
/// the shape of the `candor check --jsonl` output.
#[cfg_attr(not(feature = "widget"), wasm_bindgen)]
pub fn check(text: &str, lang: &str, rating: u8, ui_lang: &str) -> JsValue {
    let declared = Lang::parse(lang);
    let rating = (1..=5).contains(&rating).then_some(rating);
    let ui = Lang::parse(ui_lang).unwrap_or(Lang::En);
    let report = detect::check(text, rating, declared);
    let reasons = new_array();
    for (i, reason) in report.reasons.iter().enumerate() {
        let item = new_object();
        set(&item, "code", &reason.code().into());
        set(&item, "message", &reason.text(ui).into());
        reflect_set(&reasons, &JsValue::from_f64(i as f64), &item);
    }
    let out = new_object();
    let detected = report.lang.map_or(JsValue::NULL, |l| l.code().into());
    set(&out, "lang", &detected);
    set(&out, "score", &JsValue::from_f64(f64::from(report.score)));
    set(&out, "verdict", &report.verdict.as_str().into());
    set(&out, "reasons", &reasons);
    out
}
