//! Size baseline: the same export as `candor::wasm::check`, returning a report
//! of the same shape, but without the detector. `scripts/size.sh` builds both
//! and reports the difference as the detector's cost in the bundle.

use serde::Serialize;
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
struct JsReason {
    code: &'static str,
    message: &'static str,
}

#[derive(Serialize)]
struct JsReport {
    lang: Option<&'static str>,
    score: f32,
    verdict: &'static str,
    reasons: Vec<JsReason>,
}

/// Same signature as the real export; judges nothing.
#[wasm_bindgen]
pub fn check(text: &str, lang: &str, rating: u8, ui_lang: &str) -> JsValue {
    let js = JsReport {
        lang: (!lang.is_empty()).then_some("en"),
        score: (text.len() % 2) as f32,
        verdict: if rating > 3 { "specific" } else { "vague" },
        reasons: vec![JsReason {
            code: "none",
            message: if ui_lang.is_empty() { "" } else { "x" },
        }],
    };
    serde_wasm_bindgen::to_value(&js).unwrap_or(JsValue::NULL)
}
