//! Size baseline: the same export as `candor::wasm::check`, returning a report
//! of the same shape built the same way (declared `Object`/`Array`/
//! `Reflect.set`), but without the detector. `scripts/size.sh` builds both
//! and reports the difference as the detector's cost in the bundle.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = Object)]
    fn new_object() -> JsValue;
    #[wasm_bindgen(js_name = Array)]
    fn new_array() -> JsValue;
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    fn reflect_set(target: &JsValue, key: &JsValue, value: &JsValue) -> bool;
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    reflect_set(target, &JsValue::from_str(key), value);
}

/// Same signature as the real export; judges nothing.
#[wasm_bindgen]
pub fn check(text: &str, lang: &str, rating: u8, ui_lang: &str) -> JsValue {
    let reasons = new_array();
    let item = new_object();
    set(&item, "code", &"none".into());
    set(
        &item,
        "message",
        &(if ui_lang.is_empty() { "" } else { "x" }).into(),
    );
    reflect_set(&reasons, &JsValue::from_f64(0.0), &item);
    let out = new_object();
    let detected = if lang.is_empty() {
        JsValue::NULL
    } else {
        "en".into()
    };
    set(&out, "lang", &detected);
    set(&out, "score", &JsValue::from_f64((text.len() % 2) as f64));
    set(
        &out,
        "verdict",
        &(if rating > 3 { "specific" } else { "vague" }).into(),
    );
    set(&out, "reasons", &reasons);
    out
}
