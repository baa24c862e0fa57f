//! wasm-bindgen exports of the core, for the browser: the same detector the
//! server runs, judged on the shopper's device while they type.
//!
//! Built on its own (`--features wasm`) this is the detector module the
//! widget loads lazily when a shopper starts writing
//! (`pkg/candor_detect.*.js`), so readers never download it. In the widget
//! build (`--features widget`) [`check`] is an ordinary Rust function, not an
//! export, so link-time optimisation leaves the detector out of the shopper
//! bundle; the component tests call it to give the widget a real detector.

use serde::Serialize;
#[cfg(not(feature = "widget"))]
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsValue;

use crate::core::detect;
use crate::core::lang::Lang;

/// One reason as the browser sees it: a stable code and a message in the UI language.
#[derive(Serialize)]
struct JsReason {
    code: &'static str,
    message: &'static str,
}

/// The detector's report in the shape of the `candor check --jsonl` output.
#[derive(Serialize)]
struct JsReport {
    lang: Option<&'static str>,
    score: f32,
    verdict: &'static str,
    reasons: Vec<JsReason>,
}

/// Judges a review text. `lang` is the declared text language (or empty),
/// `rating` 1..=5 (0 for none), `ui_lang` the language of the messages (falls
/// back to English). Returns `{lang, score, verdict, reasons: [{code, message}]}`.
#[cfg_attr(not(feature = "widget"), wasm_bindgen)]
pub fn check(text: &str, lang: &str, rating: u8, ui_lang: &str) -> JsValue {
    let declared = Lang::parse(lang);
    let rating = (1..=5).contains(&rating).then_some(rating);
    let ui = Lang::parse(ui_lang).unwrap_or(Lang::En);
    let report = detect::check(text, rating, declared);
    let js = JsReport {
        lang: report.lang.map(Lang::code),
        score: report.score,
        verdict: report.verdict.as_str(),
        reasons: report
            .reasons
            .iter()
            .map(|r| JsReason {
                code: r.code(),
                message: r.text(ui),
            })
            .collect(),
    };
    serde_wasm_bindgen::to_value(&js).unwrap_or(JsValue::NULL)
}
