//! The live checker: the core detector (the same code the server runs),
//! compiled into the writer module.
//!
//! Readers never download it: the writer module is fetched only when a
//! shopper starts writing, and it brings the detector along, so hints are
//! ready from the first keystroke. The checker never blocks a submission.

use crate::core::detect;
use crate::core::lang::Lang;

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

/// Judges `text` (rating 1..=5, or `None`); reasons come in `ui`.
pub fn check(text: &str, rating: Option<u8>, ui: Lang) -> Report {
    let report = detect::check(text, rating, None);
    Report {
        lang: report.lang,
        verdict: report.verdict,
        reasons: report.reasons.iter().map(|r| r.text(ui)).collect(),
    }
}
