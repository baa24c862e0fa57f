//! The template-likeness detector: tells a real shopper's review from text
//! written from a template. PLACEHOLDER API — the implementation is being written.

use serde::Serialize;

use crate::core::lang::Lang;

/// What the detector concluded about a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Carries facts: fine as it is.
    Specific,
    /// Looks genuine but says nothing concrete: nudge the writer for details.
    Vague,
    /// Looks written from a template or stock phrases: flag for the merchant.
    Template,
}

impl Verdict {
    /// The stable lowercase name used in JSON and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Specific => "specific",
            Verdict::Vague => "vague",
            Verdict::Template => "template",
        }
    }
}

crate::catalogue! {
    /// Why the detector judged a text as it did; each code has an actionable
    /// message for the writer in every UI language.
    pub enum ReasonCode {
        /// No numbers, dates, products or events.
        NoFacts => ["Say what you ordered and when.", "Напишите, что вы заказали и когда.", "Не тапсырыс бергеніңізді және қашан екенін жазыңыз.", "بنویسید چه چیزی و چه زمانی سفارش دادید.", "Γράψτε τι παραγγείλατε και πότε."],
    }
}

impl ReasonCode {
    /// The stable snake_case code used in JSON and the API.
    pub fn code(self) -> &'static str {
        match self {
            ReasonCode::NoFacts => "no_facts",
        }
    }
}

/// The detector's judgement of one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The language of the text: the declared one, else detected; `None` when
    /// the text is in none of the five languages.
    pub lang: Option<Lang>,
    /// 0..=1, higher means more template-like.
    pub score: f32,
    /// The verdict derived from the score and the signals.
    pub verdict: Verdict,
    /// Why, most important first.
    pub reasons: Vec<ReasonCode>,
}

/// Judges one review text. Never panics; work is capped for huge inputs.
pub fn check(text: &str, rating: Option<u8>, declared: Option<Lang>) -> Report {
    let _ = (text, rating);
    Report {
        lang: declared,
        score: 0.0,
        verdict: Verdict::Specific,
        reasons: Vec::new(),
    }
}
