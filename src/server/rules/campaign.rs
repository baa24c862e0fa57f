//! Campaign detection: three or more near-duplicates of one template posted
//! to a site within 24 hours are held (and publicly logged) instead of
//! published. Texts are compared by the core detector's template signature
//! (MinHash of the text's shape), stored with every review.

use crate::core::detect::{signature, Signature, TemplateIndex};
use crate::core::lang::Lang;

/// How many near-duplicates (the new one included) make a campaign.
/// Why a campaign hold happened, as logged.
pub const CAMPAIGN_REASON: &str = "template_campaign";
pub const CAMPAIGN_SIZE: usize = 3;
/// The window within which near-duplicates count, in milliseconds.
pub const CAMPAIGN_WINDOW_MS: i64 = 24 * 60 * 60 * 1000;
/// How many recent submissions are compared with a new one.
pub const CAMPAIGN_SCAN_LIMIT: i64 = 2000;

/// The recent submissions of a site, indexed for comparison; ids are
/// positions in the caller's list.
#[derive(Debug, Clone, Default)]
pub struct RecentIndex {
    index: TemplateIndex,
    entries: Vec<(usize, Signature)>,
}

impl RecentIndex {
    /// Indexes stored signatures (hex), skipping unreadable ones.
    pub fn new<'a>(stored: impl IntoIterator<Item = Option<&'a str>>) -> Self {
        let mut index = TemplateIndex::new();
        let mut entries = Vec::new();
        for (position, hex) in stored.into_iter().enumerate() {
            if let Some(sig) = hex.and_then(Signature::from_hex) {
                index.add(position as u64, sig.clone());
                entries.push((position, sig));
            }
        }
        RecentIndex { index, entries }
    }

    /// The detector's index, for `check_against`.
    pub fn templates(&self) -> &TemplateIndex {
        &self.index
    }

    /// Positions of the texts from the same template as `sig`, by the
    /// detector's rule (short texts such as "Great!" never match).
    pub fn near_duplicates(&self, sig: &Signature) -> Vec<usize> {
        self.entries
            .iter()
            .filter(|(_, other)| sig.same_template(other))
            .map(|(position, _)| *position)
            .collect()
    }
}

/// The signature of a text, as stored (hex).
pub fn text_signature(text: &str, lang: Option<Lang>) -> Signature {
    signature(text, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_template_copies_but_not_different_reviews() {
        let template =
            "Terrible shop, I do not recommend it to anyone, avoid this company at all costs.";
        let copy =
            "Terrible store, I do not recommend it to anyone, avoid this company at all costs!";
        let other =
            "The kettle arrived on 3 May with a cracked lid; support replaced it in two days";
        let stored: Vec<String> = [copy, other]
            .iter()
            .map(|t| text_signature(t, Some(Lang::En)).to_hex())
            .collect();
        let index = RecentIndex::new(stored.iter().map(|s| Some(s.as_str())));
        let found = index.near_duplicates(&text_signature(template, Some(Lang::En)));
        assert_eq!(found, vec![0]);
    }
}
