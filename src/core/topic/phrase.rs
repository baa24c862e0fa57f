//! Stem-phrase matching over detector tokens, shared by the topic classifier
//! and the reply checker.
//!
//! A pattern is space-separated steps; a step is `|`-separated alternative
//! stems. A stem matches a word token that starts with it (see
//! [`stem_matches`]: folded, doubled letters ignored); a stem ending in `=`
//! must match the whole word; the stem `#` matches any number token. Between
//! two steps up to `gap` tokens may be skipped, but a match never crosses a
//! sentence boundary. Stems must be written folded like the text (see
//! [`fold_char`](crate::core::detect::normalize::fold_char)): lower case, no
//! Greek accents, `σ` for `ς`, Persian `ی`/`ک`/`ا`, no ZWNJ, `е` for `ё`.

use crate::core::detect::normalize::{stem_matches, Kind, Token};

/// Static patterns compiled for matching: split into steps and alternatives
/// once, and indexed by the first character of their first step so that a
/// token is only tried against the few patterns that can start on it.
pub(crate) struct PatternSet {
    /// Pattern → step → alternative stems (`#` for a number).
    steps: Vec<Vec<Vec<&'static str>>>,
    /// `(first char of a first-step stem, pattern)`, sorted.
    index: Vec<(char, u32)>,
    /// Patterns whose first step accepts a number, in order.
    numbers: Vec<u32>,
    /// Tokens that may be skipped between two steps.
    gap: usize,
}

impl PatternSet {
    /// Compiles the patterns of `lists`, in order (earlier patterns win when
    /// two match at the same place), allowing `gap` tokens between steps.
    pub(crate) fn new(lists: &[&'static [&'static str]], gap: usize) -> PatternSet {
        let mut set = PatternSet {
            steps: Vec::new(),
            index: Vec::new(),
            numbers: Vec::new(),
            gap,
        };
        for pattern in lists.iter().flat_map(|l| l.iter()) {
            let steps: Vec<Vec<&'static str>> = pattern
                .split(' ')
                .filter(|s| !s.is_empty())
                .map(|step| step.split('|').filter(|a| !a.is_empty()).collect())
                .collect();
            let Some(first) = steps.first() else { continue };
            let Ok(i) = u32::try_from(set.steps.len()) else {
                break;
            };
            for alt in first {
                if *alt == "#" {
                    set.numbers.push(i);
                } else if let Some(c) = alt.chars().next() {
                    set.index.push((c, i));
                }
            }
            set.steps.push(steps);
        }
        set.index.sort_unstable();
        set.index.dedup();
        set.numbers.dedup();
        set
    }

    /// Tries pattern `p` with its first step on `tokens[start]`; returns the
    /// end (exclusive) of the match.
    fn match_at(&self, tokens: &[Token], start: usize, p: usize) -> Option<usize> {
        let steps = self.steps.get(p)?;
        let (first, rest) = steps.split_first()?;
        if !step_matches(tokens.get(start)?, first) {
            return None;
        }
        let mut pos = start + 1;
        for step in rest {
            let mut found = None;
            for j in pos..=pos.saturating_add(self.gap) {
                let tok = tokens.get(j)?;
                if tok.sentence_start {
                    return None;
                }
                if step_matches(tok, step) {
                    found = Some(j);
                    break;
                }
            }
            pos = found? + 1;
        }
        Some(pos)
    }

    /// The end of the first pattern (in declaration order) matching at `start`.
    fn first_match(&self, tokens: &[Token], start: usize) -> Option<usize> {
        let tok = tokens.get(start)?;
        match tok.kind {
            Kind::Number => self
                .numbers
                .iter()
                .find_map(|&p| self.match_at(tokens, start, p as usize)),
            Kind::Word => {
                let c = tok.text.chars().next()?;
                let lo = self.index.partition_point(|&(x, _)| x < c);
                let hi = self.index.partition_point(|&(x, _)| x <= c);
                self.index[lo..hi]
                    .iter()
                    .find_map(|&(_, p)| self.match_at(tokens, start, p as usize))
            }
            _ => None,
        }
    }

    /// All non-overlapping matches, left to right, as `(start, end)`.
    pub(crate) fn find_all(&self, tokens: &[Token]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match self.first_match(tokens, i) {
                Some(end) => {
                    out.push((i, end));
                    i = end.max(i + 1);
                }
                None => i += 1,
            }
        }
        out
    }

    /// Whether any pattern matches anywhere.
    pub(crate) fn any(&self, tokens: &[Token]) -> bool {
        (0..tokens.len()).any(|i| self.first_match(tokens, i).is_some())
    }
}

/// Whether one token matches one step (any of its alternatives).
fn step_matches(tok: &Token, alts: &[&str]) -> bool {
    alts.iter().any(|alt| {
        if *alt == "#" {
            tok.kind == Kind::Number
        } else {
            tok.kind == Kind::Word && stem_matches(&tok.text, alt)
        }
    })
}

/// Test helper: every alternative stem of every pattern is a single clean
/// folded word (no ZWNJ, no upper case, no punctuation), so it can match.
#[cfg(test)]
pub(crate) fn assert_clean(patterns: &[&str]) {
    use crate::core::detect::normalize::tokenize;
    for p in patterns {
        assert!(!p.trim().is_empty(), "empty pattern");
        for step in p.split(' ') {
            assert!(!step.is_empty(), "double space in {p:?}");
            for alt in step.split('|') {
                let stem = alt.strip_suffix('=').unwrap_or(alt);
                if stem == "#" {
                    continue;
                }
                let toks = tokenize(stem);
                assert_eq!(toks.len(), 1, "stem {stem:?} in {p:?} is not one word");
                assert!(
                    toks[0].kind == Kind::Word && stem_matches(&toks[0].text, alt),
                    "stem {alt:?} in {p:?} does not match itself (upper case, ZWNJ or digits?)"
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::detect::normalize::tokenize;

    #[test]
    fn matches_with_gaps_alternatives_and_numbers() {
        let t = tokenize("Thank you so much for your feedback. Within 2 days");
        let p: &[&str] = &["thank for your feedback|review"];
        assert_eq!(PatternSet::new(&[p], 3).find_all(&t), vec![(0, 7)]);
        assert!(!PatternSet::new(&[p], 2).any(&t));
        assert_eq!(
            PatternSet::new(&[&["within # day"]], 0).find_all(&t),
            vec![(7, 10)]
        );
        assert_eq!(
            PatternSet::new(&[&["# day"]], 0).find_all(&t),
            vec![(8, 10)]
        );
        assert!(
            !PatternSet::new(&[&["feedback within"]], 3).any(&t),
            "crossed a sentence"
        );
        let both = PatternSet::new(&[&["you=", "thank"]], 0);
        assert_eq!(both.find_all(&t), vec![(0, 1), (1, 2)]);
    }

    #[test]
    fn earlier_patterns_win_and_exact_stems_need_the_whole_word() {
        let t = tokenize("your yours");
        assert_eq!(PatternSet::new(&[&["your="]], 0).find_all(&t), vec![(0, 1)]);
        let t = tokenize("not our fault");
        let set = PatternSet::new(&[&["not our fault", "not"], &["our fault"]], 1);
        assert_eq!(set.find_all(&t), vec![(0, 3)]);
        assert!(!PatternSet::new(&[&[""], &["  "]], 1).any(&t));
    }
}
