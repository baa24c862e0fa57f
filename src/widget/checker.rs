//! The live checker's detector, loaded only when a shopper starts writing.
//!
//! The core detector (lexicons, language id, the reasons' catalogue) is about
//! a third of what the widget would weigh, and most shoppers only read. So it
//! is a second wasm module (`pkg/candor_detect.*`, built from `src/wasm.rs`):
//! the loader in `candor.js` passes [`mount`](crate::widget::mount) a
//! `detector` function that imports it on first call and resolves to its
//! `check(text, lang, rating, ui_lang)` export. The form calls the loader
//! when it gains focus. If the module cannot load, the form simply shows no
//! hints: the checker never blocks a submission.

use std::rc::Rc;

use js_sys::{Array, Function};
use wasm_bindgen::{JsCast, JsValue};

use crate::core::lang::Lang;
use crate::widget::js::{FromJs, Loader, Obj};

/// Loads the detector through the loader's `detector` function; `None` when
/// the module could not be fetched or does not have the expected shape.
pub async fn load(loader: &Loader) -> Option<Checker> {
    let check = loader.run(&JsValue::UNDEFINED).await.ok()?;
    check
        .dyn_into::<Function>()
        .ok()
        .map(|f| Checker(Rc::new(f)))
}

/// The loaded detector's `check` function.
#[derive(Debug, Clone)]
pub struct Checker(Rc<Function>);

impl PartialEq for Checker {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Checker {
    /// Judges `text` (rating 1..=5, or `None`); reasons come in `ui`.
    pub fn check(&self, text: &str, rating: Option<u8>, ui: Lang) -> Option<Report> {
        let args = Array::new();
        args.push(&text.into());
        args.push(&"".into());
        args.push(&rating.unwrap_or(0).into());
        args.push(&ui.code().into());
        let value = self.0.apply(&JsValue::NULL, &args).ok()?;
        Report::from_js(&value)
    }
}

/// The detector's verdict on a text, as the form shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The language the text is written in, when recognised.
    pub lang: Option<String>,
    /// `specific`, `vague` or `template`.
    pub verdict: String,
    /// The reasons' messages in the UI language.
    pub reasons: Vec<String>,
}

impl Report {
    /// A template-like text (asked about once before sending).
    pub fn is_template(&self) -> bool {
        self.verdict == "template"
    }

    /// A specific text with nothing to improve.
    pub fn is_specific(&self) -> bool {
        self.verdict == "specific"
    }
}

impl FromJs for Report {
    fn from_js(value: &JsValue) -> Option<Self> {
        let o = Obj::of(value)?;
        Some(Report {
            lang: o.opt_str("lang"),
            verdict: o.str("verdict"),
            reasons: o
                .array("reasons")
                .iter()
                .filter_map(|r| Obj::of(r).map(|r| r.str("message")))
                .collect(),
        })
    }
}
