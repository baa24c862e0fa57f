//! The live checker: the core detector (the same code the server runs),
//! compiled into the writer module.
//!
//! Readers never download it: the writer module is fetched only when a
//! shopper starts writing, and it brings the detector along, so hints are
//! ready from the first keystroke. The checker never blocks a submission.

use crate::core::detect;
use crate::core::lang::Lang;
use crate::widget::js::{Obj, ObjBuilder, ToJs};
use wasm_bindgen::JsValue;

/// The detector's verdict on a text, as the form shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The language the text is written in, when recognised.
    pub lang: Option<Lang>,
    /// The verdict.
    pub verdict: detect::Verdict,
    /// The reasons' messages in the UI language, most important first.
    pub reasons: Vec<&'static str>,
}

impl Report {
    /// A template-like text (asked about once before sending).
    pub fn is_template(&self) -> bool {
        self.verdict == detect::Verdict::Template
    }

    /// A specific text with nothing to improve.
    pub fn is_specific(&self) -> bool {
        self.verdict == detect::Verdict::Specific
    }
}

/// Judges `text` (rating 1..=5, or `None`); reasons come in `ui`. A `vague`
/// text gets one nudge that asks for one concrete thing and goes once the
/// text has it ([`detect::nudge`]), plus a star mismatch if any; a
/// `template` text gets every reason.
pub fn check(text: &str, rating: Option<u8>, ui: Lang) -> Report {
    let report = detect::check(text, rating, None);
    let reasons: Vec<&'static str> = if report.verdict == detect::Verdict::Vague {
        let mismatch = report
            .reasons
            .iter()
            .copied()
            .filter(|r| *r == detect::ReasonCode::RatingMismatch);
        detect::nudge(&report, rating)
            .into_iter()
            .chain(mismatch)
            .map(|r| r.text(ui))
            .collect()
    } else {
        report.reasons.iter().map(|r| r.text(ui)).collect()
    };
    Report {
        lang: report.lang,
        verdict: report.verdict,
        reasons,
    }
}

/// One reason of a [`CheckResult`]: a stable code and its message.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckReason {
    /// Stable snake_case code (`no_facts`, ...).
    pub code: &'static str,
    /// What would make the text useful, in the asked language.
    pub message: &'static str,
}

/// What the package's `check(text, {lang, rating})` resolves to: the same
/// shape as `candor check --jsonl` and the server's `check` object.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckResult {
    /// `specific`, `vague` or `template`.
    pub verdict: &'static str,
    /// 0..=1, higher is more template-like (three decimals).
    pub score: f64,
    /// The text's language when recognised (`en`, `ru`, `kk`, `fa`, `el`), else null.
    pub lang: Option<&'static str>,
    /// Why, most important first.
    pub reasons: Vec<CheckReason>,
}

/// A plain object (`{verdict, score, lang, reasons: [{code, message}]}`,
/// `lang` null when unknown), written field by field: serde-wasm-bindgen's
/// serialiser would cost the module a few KB for four fields.
impl ToJs for CheckResult {
    fn to_js(&self) -> JsValue {
        let reasons = js_sys::Array::new();
        for reason in &self.reasons {
            reasons.push(
                &ObjBuilder::new()
                    .set("code", reason.code)
                    .set("message", reason.message)
                    .build(),
            );
        }
        ObjBuilder::new()
            .set("verdict", self.verdict)
            .set("score", self.score)
            .set("lang", self.lang.map_or(JsValue::NULL, JsValue::from))
            .set("reasons", reasons)
            .build()
    }
}

/// Judges `text` for a merchant's own form; `lang` is the language of the
/// messages (English when unknown), `rating` 1..=5 or `None`.
pub fn check_result(text: &str, rating: Option<u8>, lang: Lang) -> CheckResult {
    let report = detect::check(text, rating.filter(|r| (1..=5).contains(r)), None);
    CheckResult {
        verdict: report.verdict.as_str(),
        score: (f64::from(report.score) * 1000.0).round() / 1000.0,
        lang: report.lang.map(Lang::code),
        reasons: report
            .reasons
            .iter()
            .map(|r| CheckReason {
                code: r.code(),
                message: r.text(lang),
            })
            .collect(),
    }
}

/// The package's `check(text, {lang, rating})` (exported by the writer
/// module; `candor.js` imports that module on the first call): the live
/// checker's verdict as a plain object (see [`CheckResult`]).
#[cfg_attr(not(feature = "panel"), wasm_bindgen::prelude::wasm_bindgen(js_name = check))]
pub fn check_js(text: &str, options: JsValue) -> Result<JsValue, JsValue> {
    let options = Obj::of(&options);
    let lang = options
        .as_ref()
        .map(|o| o.str("lang"))
        .and_then(|code| Lang::parse(&code))
        .unwrap_or(Lang::En);
    let rating = options
        .as_ref()
        .and_then(|o| o.opt_num("rating"))
        .map(|r| r.clamp(0.0, 5.0) as u8);
    Ok(check_result(text, rating, lang).to_js())
}
