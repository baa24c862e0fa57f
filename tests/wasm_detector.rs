//! The detector compiled to WebAssembly and run in headless Chromium: proves
//! the browser judges texts exactly as the native build does.
#![cfg(target_arch = "wasm32")]

use candor::core::detect::{check, Verdict};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn stock_condemnation_is_flagged_in_the_browser() {
    let report = check(
        "Terrible company, do not recommend to anyone! Worst service ever, avoid!",
        Some(1),
        None,
    );
    assert_eq!(report.verdict, Verdict::Template);
    assert!(report.score > 0.5, "score {}", report.score);
}

#[wasm_bindgen_test]
fn angry_complaint_with_facts_passes_in_the_browser() {
    let report = check(
        "Ordered a kettle on 3 May, order 55120. It arrived on 19 May with a cracked lid \
         and support hung up on me twice. I want my 45 EUR back!!!",
        Some(1),
        None,
    );
    assert_eq!(report.verdict, Verdict::Specific);
}

#[wasm_bindgen_test]
fn exported_check_returns_localised_reasons() {
    let value = candor::wasm::check("Лучший магазин, всем советую!", "", 5, "kk");
    let verdict = js_sys_get(&value, "verdict");
    assert_eq!(verdict.as_string().as_deref(), Some("template"));
    let lang = js_sys_get(&value, "lang");
    assert_eq!(lang.as_string().as_deref(), Some("ru"));
}

fn js_sys_get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}
