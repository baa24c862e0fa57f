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

/// The lexicon of one language, written with [`lexicon_data!`]: the stems and the
/// stock phrases each packed into one string (an entry per line) with a
/// parallel array of flags or strengths, which is far smaller in a wasm
/// bundle than a slice of string slices.
///
/// Stems: the first matching stem wins, so put exact and longer stems before
/// shorter overlapping ones.
///
/// Stock phrases: space-separated stems (`#` matches any number) and a
/// strength with the polarity as sign: ±2 formulaic ("do not recommend",
/// "best purchase"), ±1 weak ("everything was great", "5 stars"), 0 neutral
/// weak. Negative ones first, so that "do not recommend" is tried before
/// "recommend".
pub struct Lexicon {
    /// The stems, each followed by `\n`.
    words: &'static str,
    /// The class flags of each stem.
    flags: &'static [u16],
    /// The stock phrases, each followed by `\n`.
    phrases: &'static str,
    /// The strength of each phrase.
    strengths: &'static [i8],
    /// The prepared lookup ([`Index`]), built on first use.
    index: OnceLock<Index>,
}

/// Builds a [`Lexicon`] from lists of `("stem", FLAGS),` and
/// `("phrase words", strength),` entries.
macro_rules! lexicon_data {
    (
        words: [$(($w:literal, $f:expr)),* $(,)?],
        phrases: [$(($p:literal, $s:expr)),* $(,)?] $(,)?
    ) => {
        $crate::core::detect::lexicon::Lexicon {
            words: concat!($($w, "\n"),*),
            flags: &[$($f),*],
            phrases: concat!($($p, "\n"),*),
            strengths: &[$($s),*],
            index: std::sync::OnceLock::new(),
        }
    };
}
use lexicon_data;

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
    /// The strength with the polarity as sign (see [`Lexicon`]).
    pub polarity: i8,
}

/// A lexicon prepared for lookup, built on first use: word stems and phrases
/// grouped by the [`key`] of the stem (of a phrase's first word), in
/// declaration order within a group, so a token is compared with a handful
/// of stems after one hash lookup.
#[derive(Debug, Default)]
pub struct Index {
    /// The distinct keys, packed by [`packed_key`], in group order.
    keys: Vec<u64>,
    /// Open-addressing hash table over `keys`: group number + 1, 0 for an
    /// empty slot; a power of two at least twice as long as `keys`.
    table: Vec<u32>,
    /// Per key: where its stems start in `words` and its phrases in `phrases`
    /// (a group ends where the next key's starts).
    starts: Vec<(u32, u32)>,
    /// Word stems with their flags, grouped by key.
    words: Vec<(Stem, u16)>,
    /// Phrases, grouped by the key of their first word.
    phrases: Vec<CompiledPhrase>,
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

/// A [`key`] as one integer (sorts like the pair).
fn packed_key(s: &str) -> Option<u64> {
    key(s).map(|(a, b)| u64::from(a) << 32 | u64::from(b))
}

/// Puts group `g` with packed key `k` in an open-addressing table.
fn place(table: &mut [u32], k: u64, g: usize) {
    let mask = table.len() - 1;
    let mut slot = slot_of(k, mask);
    while table[slot] != 0 {
        slot = (slot + 1) & mask;
    }
    table[slot] = u32::try_from(g + 1).unwrap_or(u32::MAX);
}

/// The home slot of a packed key in a table of `mask + 1` slots (Fibonacci hashing).
fn slot_of(k: u64, mask: usize) -> usize {
    (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask
}

impl Index {
    fn build(lex: &Lexicon) -> Index {
        let words: Vec<&str> = lex.words.split_terminator('\n').collect();
        let phrases: Vec<&str> = lex.phrases.split_terminator('\n').collect();
        let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let mut index = Index::default();
        // The group of each entry (stems, then phrases by their first word),
        // groups numbered in order of first appearance; `u32::MAX` for none.
        // The table is provisional, roomy enough for a key per entry.
        let all = words.len() + phrases.len();
        index.table = vec![0; (2 * all).next_power_of_two().max(2)];
        let mut sizes: Vec<u32> = Vec::new();
        let group: Vec<u32> = words
            .iter()
            .chain(&phrases)
            .map(|s| {
                let Some(k) = s.split(' ').next().and_then(packed_key) else {
                    return u32::MAX;
                };
                let g = index.find(k).unwrap_or_else(|| {
                    index.keys.push(k);
                    sizes.push(0);
                    place(&mut index.table, k, index.keys.len() - 1);
                    index.keys.len() - 1
                });
                sizes[g] += 1;
                at(g)
            })
            .collect();
        // A counting sort by group, which keeps declaration order (and stems
        // before phrases) within a group.
        let mut next: Vec<u32> = sizes
            .iter()
            .scan(0, |sum, n| {
                *sum += n;
                Some(*sum - n)
            })
            .collect();
        let mut order = vec![0u32; sizes.iter().sum::<u32>() as usize];
        for (e, g) in group.iter().enumerate() {
            if let Some(n) = next.get_mut(*g as usize) {
                order[*n as usize] = at(e);
                *n += 1;
            }
        }
        for e in order {
            let (e, g) = (e as usize, group[e as usize] as usize);
            if index.starts.len() == g {
                index
                    .starts
                    .push((at(index.words.len()), at(index.phrases.len())));
            }
            match e.checked_sub(words.len()) {
                Some(i) => index.phrases.push(CompiledPhrase {
                    stems: phrases[i].split(' ').map(Stem::new).collect(),
                    polarity: lex.strengths.get(i).copied().unwrap_or(0),
                }),
                None => {
                    let flags = lex.flags.get(e).copied().unwrap_or(0);
                    index.words.push((Stem::new(words[e]), flags));
                }
            }
        }
        index.table = vec![0; (2 * index.keys.len()).next_power_of_two().max(2)];
        for (g, k) in index.keys.iter().enumerate() {
            place(&mut index.table, *k, g);
        }
        index
    }

    /// The group number of a packed key.
    fn find(&self, k: u64) -> Option<usize> {
        let mask = self.table.len().checked_sub(1)?;
        let mut slot = slot_of(k, mask);
        loop {
            let g = (*self.table.get(slot)? as usize).checked_sub(1)?;
            if self.keys[g] == k {
                return Some(g);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The stems and phrases under the key of `word`, in declaration order.
    fn group(&self, word: &str) -> (&[(Stem, u16)], &[CompiledPhrase]) {
        let Some(g) = packed_key(word).and_then(|k| self.find(k)) else {
            return (&[], &[]);
        };
        let (w0, p0) = self.starts[g];
        let (w1, p1) = self
            .starts
            .get(g + 1)
            .copied()
            .unwrap_or((self.words.len() as u32, self.phrases.len() as u32));
        (
            &self.words[w0 as usize..w1 as usize],
            &self.phrases[p0 as usize..p1 as usize],
        )
    }
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
    /// The stems and their class flags, in declaration order.
    pub fn words(&self) -> impl Iterator<Item = (&'static str, u16)> {
        self.words
            .split_terminator('\n')
            .zip(self.flags.iter().copied())
    }

    /// The stock phrases and their strengths, in declaration order.
    pub fn phrases(&self) -> impl Iterator<Item = (&'static str, i8)> {
        self.phrases
            .split_terminator('\n')
            .zip(self.strengths.iter().copied())
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::build(self))
    }

    /// The class flags of a folded word (0 when unknown).
    pub fn classify(&self, word: &str) -> u16 {
        self.lookup(word).0
    }

    /// [`Lexicon::classify`] and [`Lexicon::phrases_from`] of one word at once.
    pub fn lookup(&self, word: &str) -> (u16, &[CompiledPhrase]) {
        let (stems, phrases) = self.index().group(word);
        let flags = stems
            .iter()
            .find(|(stem, _)| stem.matches(word))
            .map_or(0, |(_, flags)| *flags);
        (flags, phrases)
    }

    /// The stock phrases that may start at a token with this folded text
    /// (`"#"` for a number), in declaration order.
    pub fn phrases_from(&self, word: &str) -> &[CompiledPhrase] {
        self.index().group(word).1
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
            assert_eq!(lex.words().count(), lex.flags.len(), "{lang}");
            assert_eq!(lex.phrases().count(), lex.strengths.len(), "{lang}");
            for (stem, _) in lex.words() {
                let bare = stem.trim_end_matches('=');
                // The index looks one-letter words up exactly.
                assert!(
                    bare.chars().count() > 1 || stem.ends_with('='),
                    "{lang}: one-letter stem {stem:?} must be exact"
                );
            }
            let all = lex
                .words()
                .map(|(s, _)| s)
                .chain(lex.phrases().flat_map(|(p, _)| p.split(' ')));
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
            let stems: Vec<&str> = lexicon(lang).words().map(|(s, _)| s).collect();
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
