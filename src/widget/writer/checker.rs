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
