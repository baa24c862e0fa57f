//! Per-language word lists: compact static slices of stems with class flags,
//! and banks of stock (template) phrases.
//!
//! A stem matches any word that starts with it (so inflected forms match);
//! a stem ending in `=` must match the whole word. Stems are folded like the
//! text (see [`super::normalize`]): lower case, no Greek accents, `σ` for
//! `ς`, Persian `ی`/`ک`, no ZWNJ. Doubled letters in stems do not matter.

mod el;
mod en;
mod fa;
mod kk;
mod ru;

use std::sync::OnceLock;

use crate::core::lang::Lang;

/// Positive evaluative word ("great", "отличный").
pub const POS: u16 = 1;
/// Negative evaluative word ("terrible", "ужасный").
pub const NEG: u16 = 1 << 1;
/// Intensifier ("very", "очень", "өте").
pub const INT: u16 = 1 << 2;
/// A product or part noun, or a concrete service element ("zipper", "courier", "room").
pub const PROD: u16 = 1 << 3;
/// An event: something that happened ("delivered", "broke", "refunded", "waited").
pub const EVENT: u16 = 1 << 4;
/// A time word ("yesterday", "Monday", "week", "hours").
pub const TIME: u16 = 1 << 5;
/// A unit of quantity, size or money ("kg", "cm", "euro", "тенге").
pub const UNIT: u16 = 1 << 6;
/// A word that introduces a reference number ("order", "заказ", "track").
pub const REF: u16 = 1 << 7;
/// First person ("I", "my", "я", "мен").
pub const FIRST: u16 = 1 << 8;
/// Function word: not a content word.
pub const STOP: u16 = 1 << 9;
/// Generic target of praise or condemnation ("company", "shop", "service").
pub const GENERIC: u16 = 1 << 10;
/// A rating word ("stars", "звезд").
pub const STAR: u16 = 1 << 11;
/// A negation ("not", "не", "δεν").
pub const NEGATION: u16 = 1 << 12;
/// A mild evaluative word ("good", "хороший"): with a generic target it is
/// ordinary speech ("good hotel"), not a stock phrase.
pub const MILD: u16 = 1 << 13;
/// A purchase event ("ordered", "купил"): buying is not a fact about what happened.
pub const BUY: u16 = 1 << 14;

/// A stock phrase: space-separated stems (`#` matches any number) and a
/// strength with the polarity as sign: ±2 formulaic ("do not recommend",
/// "best purchase"), ±1 weak ("everything was great", "5 stars"), 0 neutral weak.
pub type Phrase = (&'static str, i8);

/// The lexicon of one language.
pub struct Lexicon {
    /// Stems and their class flags. The first matching stem wins, so put
    /// exact and longer stems before shorter overlapping ones.
    pub words: &'static [(&'static str, u16)],
    /// Stock phrases, negative ones first so that "do not recommend" is tried
    /// before "recommend".
    pub phrases: &'static [Phrase],
    /// Lookup by first character, built on first use.
    pub index: OnceLock<Index>,
}

/// A stem ready for matching against folded, squeezed words: its runs of
/// one letter squeezed once, up front, so that matching is a byte-prefix test
/// (the same test as [`super::normalize::stem_matches`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stem {
    /// The squeezed stem, without the `=` mark.
    squeezed: Box<str>,
    /// The stem ended in `=`: it must match the whole word.
    exact: bool,
    /// The phrase placeholder `#`: matches any number.
    number: bool,
}

impl Stem {
    /// Prepares a lexicon stem (`"recommend"`, `"i="`, or `"#"` in phrases).
    pub fn new(stem: &str) -> Stem {
        let (bare, exact) = match stem.strip_suffix('=') {
            Some(s) => (s, true),
            None => (stem, false),
        };
        let mut squeezed = String::with_capacity(bare.len());
        let mut prev = None;
        for c in bare.chars() {
            // Digits are never squeezed, as in the tokeniser.
            if prev == Some(c) && !c.is_ascii_digit() {
                continue;
            }
            prev = Some(c);
            squeezed.push(c);
        }
        Stem {
            squeezed: squeezed.into_boxed_str(),
            exact,
            number: stem == "#",
        }
    }

    /// Whether the folded, squeezed `word` starts with the stem (or is it, for
    /// an exact stem).
    #[inline]
    pub fn matches(&self, word: &str) -> bool {
        let (w, s) = (word.as_bytes(), self.squeezed.as_bytes());
        if self.exact {
            w == s
        } else {
            w.starts_with(s)
        }
    }

    /// Whether this is the phrase placeholder `#` (any number).
    pub fn is_number(&self) -> bool {
        self.number
    }
}

/// A stock phrase ready for matching: its stems prepared, and its strength.
#[derive(Debug, Clone)]
pub struct CompiledPhrase {
    /// The stems, one per phrase word.
    pub stems: Box<[Stem]>,
    /// The strength with the polarity as sign (see [`Phrase`]).
    pub polarity: i8,
}

/// A lexicon prepared for lookup, built on first use: entries grouped by
/// their first two (squeezed) characters, in declaration order within a
/// group, so a token is compared with a handful of stems.
#[derive(Debug, Default)]
pub struct Index {
    /// Word stems sorted by (key, declaration order), with their flags.
    words: Vec<((char, char), Stem, u16)>,
    /// Phrases sorted by (key of the first word, declaration order).
    phrases: Vec<((char, char), CompiledPhrase)>,
}

/// The lookup key of a folded, squeezed word or stem: its first character
/// and the next different one (`'\0'` for one-letter words).
fn key(s: &str) -> Option<(char, char)> {
    let s = s.trim_end_matches('=');
    let mut chars = s.chars();
    let first = chars.next()?;
    let second = if first.is_ascii_digit() {
        chars.next()
    } else {
        chars.find(|c| *c != first)
    };
    Some((first, second.unwrap_or('\0')))
}

/// Entries with a key, sorted by key then declaration order.
fn by_key<T>(items: impl Iterator<Item = (&'static str, T)>) -> Vec<((char, char), T)> {
    let mut out: Vec<((char, char), usize, T)> = items
        .enumerate()
        .filter_map(|(i, (s, x))| Some((key(s)?, i, x)))
        .collect();
    out.sort_by_key(|(k, i, _)| (*k, *i));
    out.into_iter().map(|(k, _, x)| (k, x)).collect()
}

/// The entries of `index` under key `k`, in declaration order.
fn bucket<T>(index: &[((char, char), T)], k: (char, char)) -> &[((char, char), T)] {
    let start = index.partition_point(|(x, _)| *x < k);
    let len = index[start..].partition_point(|(x, _)| *x == k);
    &index[start..start + len]
}

/// The lexicon of a language.
pub fn lexicon(lang: Lang) -> &'static Lexicon {
    match lang {
        Lang::En => &en::LEXICON,
        Lang::Ru => &ru::LEXICON,
        Lang::Kk => &kk::LEXICON,
        Lang::Fa => &fa::LEXICON,
        Lang::El => &el::LEXICON,
    }
}

impl Lexicon {
    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let words = by_key(self.words.iter().map(|(s, f)| (*s, (Stem::new(s), *f))));
            let phrases = by_key(self.phrases.iter().map(|(p, pol)| {
                let phrase = CompiledPhrase {
                    stems: p.split(' ').map(Stem::new).collect(),
                    polarity: *pol,
                };
                (p.split(' ').next().unwrap_or(""), phrase)
            }));
            Index {
                words: words.into_iter().map(|(k, (s, f))| (k, s, f)).collect(),
                phrases,
            }
        })
    }

    /// The class flags of a folded word (0 when unknown).
    pub fn classify(&self, word: &str) -> u16 {
        let Some(k) = key(word) else {
            return 0;
        };
        let words = &self.index().words;
        let start = words.partition_point(|(x, _, _)| *x < k);
        words[start..]
            .iter()
            .take_while(|(x, _, _)| *x == k)
            .find(|(_, stem, _)| stem.matches(word))
            .map_or(0, |(_, _, flags)| *flags)
    }

    /// The stock phrases that may start at a token with this folded text
    /// (`"#"` for a number), in declaration order.
    pub fn phrases_from(&self, word: &str) -> impl Iterator<Item = &CompiledPhrase> + '_ {
        let k = key(word).unwrap_or((' ', ' '));
        bucket(&self.index().phrases, k).iter().map(|(_, p)| p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::detect::normalize::tokenize;

    #[test]
    fn stems_are_folded() {
        for lang in Lang::ALL {
            let lex = lexicon(lang);
            for (stem, _) in lex.words {
                let bare = stem.trim_end_matches('=');
                // The index looks one-letter words up exactly.
                assert!(
                    bare.chars().count() > 1 || stem.ends_with('='),
                    "{lang}: one-letter stem {stem:?} must be exact"
                );
            }
            let all = lex
                .words
                .iter()
                .map(|(s, _)| *s)
                .chain(lex.phrases.iter().flat_map(|(p, _)| p.split(' ')));
            for stem in all {
                let bare = stem.trim_end_matches('=');
                if bare == "#" {
                    continue;
                }
                let folded: Vec<String> = tokenize(bare).into_iter().map(|t| t.text).collect();
                assert_eq!(folded.len(), 1, "{lang}: stem {stem:?} is not one token");
                assert!(
                    crate::core::detect::normalize::stem_matches(&folded[0], bare),
                    "{lang}: stem {stem:?} is not folded ({:?})",
                    folded[0]
                );
            }
        }
    }

    #[test]
    fn prepared_stems_match_like_stem_matches() {
        use crate::core::detect::normalize::stem_matches;
        let extra = [
            "recommend",
            "i=",
            "good=",
            "go",
            "god",
            "a5",
            "55",
            "5=",
            "ж",
            "жж=",
            "#",
        ];
        for lang in Lang::ALL {
            let stems: Vec<&str> = lexicon(lang).words.iter().map(|(s, _)| *s).collect();
            let words: Vec<String> = ["recomend", "recommended", "i", "it", "gooood", "god"]
                .iter()
                .chain(["a52", "5", "55", "", "ж", "жжж", "#"].iter())
                .chain(stems.iter())
                .flat_map(|w| tokenize(w.trim_end_matches('=')))
                .map(|t| t.text)
                .collect();
            for st in stems.iter().chain(extra.iter()) {
                let stem = Stem::new(st);
                for w in &words {
                    assert_eq!(stem.matches(w), stem_matches(w, st), "{w:?} {st:?}");
                }
            }
        }
    }

    #[test]
    fn classifies_inflected_forms() {
        for (l, w) in [
            (Lang::Ru, "доставили"),
            (Lang::En, "refunded"),
            (Lang::El, "παραγγελια"),
            (Lang::Kk, "тапсырысым"),
            (Lang::Fa, "سفارشم"),
        ] {
            let folded = tokenize(w).remove(0).text;
            assert_ne!(lexicon(l).classify(&folded), 0, "{w}");
        }
    }
}
