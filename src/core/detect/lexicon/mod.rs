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
///
/// The text is stored one byte a char: ASCII as itself, and each other char
/// (all are below U+0800) as `0x80` plus its place in the lexicon's
/// alphabet, which halves non-Latin text in the wasm bundle. The encoding is
/// done at compile time by [`lexicon_data!`].
pub struct Lexicon {
    /// The non-ASCII chars of the lexicon, in order of first appearance.
    alphabet: &'static [u16],
    /// The stems, each followed by `\n`, encoded.
    words: &'static [u8],
    /// The class flags of each stem.
    flags: &'static [u16],
    /// The stock phrases, each followed by `\n`, encoded.
    phrases: &'static [u8],
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
    ) => {{
        use $crate::core::detect::lexicon::packing;
        const W: &str = concat!($($w, "\n"),*);
        const P: &str = concat!($($p, "\n"),*);
        const A_LEN: usize = packing::alphabet_len(W, P);
        const A: [u16; A_LEN] = packing::alphabet(W, P);
        const W_LEN: usize = packing::encoded_len(W);
        const P_LEN: usize = packing::encoded_len(P);
        $crate::core::detect::lexicon::Lexicon {
            alphabet: &A,
            words: &packing::encode::<W_LEN>(W, &A),
            flags: &[$($f),*],
            phrases: &packing::encode::<P_LEN>(P, &A),
            strengths: &[$($s),*],
            index: std::sync::OnceLock::new(),
        }
    }};
}
use lexicon_data;

/// Compile-time encoding of lexicon text (see [`Lexicon`]).
pub(crate) mod packing {
    /// The char at byte `i` of `s` (ASCII or two-byte UTF-8) and its length.
    const fn char_at(s: &[u8], i: usize) -> (u16, usize) {
        let b = s[i];
        if b < 0x80 {
            return (b as u16, 1);
        }
        assert!(b & 0xE0 == 0xC0, "lexicon chars must be below U+0800");
        ((((b & 0x1F) as u16) << 6) | (s[i + 1] & 0x3F) as u16, 2)
    }

    /// The alphabet of `a` and `b` (their distinct non-ASCII chars, in order
    /// of first appearance), into `out`; returns its length.
    const fn collect(a: &str, b: &str, out: &mut [u16]) -> usize {
        let mut seen = [false; 0x800];
        let mut n = 0;
        let mut k = 0;
        while k < 2 {
            let s = if k == 0 { a.as_bytes() } else { b.as_bytes() };
            let mut i = 0;
            while i < s.len() {
                let (c, len) = char_at(s, i);
                if c >= 0x80 && !seen[c as usize] {
                    seen[c as usize] = true;
                    if n < out.len() {
                        out[n] = c;
                    }
                    n += 1;
                }
                i += len;
            }
            k += 1;
        }
        assert!(n <= 0x80, "a lexicon may use at most 128 non-ASCII chars");
        n
    }

    /// The number of distinct non-ASCII chars of `a` and `b`.
    pub const fn alphabet_len(a: &str, b: &str) -> usize {
        collect(a, b, &mut [])
    }

    /// The distinct non-ASCII chars of `a` and `b`, in order of first appearance.
    pub const fn alphabet<const N: usize>(a: &str, b: &str) -> [u16; N] {
        let mut out = [0; N];
        collect(a, b, &mut out);
        out
    }

    /// The number of chars of `s`.
    pub const fn encoded_len(s: &str) -> usize {
        let s = s.as_bytes();
        let (mut i, mut n) = (0, 0);
        while i < s.len() {
            i += char_at(s, i).1;
            n += 1;
        }
        n
    }

    /// `s` one byte a char: ASCII as itself, others as `0x80` plus their
    /// place in `alphabet`.
    pub const fn encode<const N: usize>(s: &str, alphabet: &[u16]) -> [u8; N] {
        let mut place = [0u8; 0x800];
        let mut k = 0;
        while k < alphabet.len() {
            place[alphabet[k] as usize] = 0x80 + k as u8;
            k += 1;
        }
        let s = s.as_bytes();
        let mut out = [0; N];
        let (mut i, mut n) = (0, 0);
        while i < s.len() {
            let (c, len) = char_at(s, i);
            out[n] = if c < 0x80 { c as u8 } else { place[c as usize] };
            i += len;
            n += 1;
        }
        out
    }
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
        let (words, phrases) = (lex.decode(lex.words), lex.decode(lex.phrases));
        let words: Vec<&str> = words.split_terminator('\n').collect();
        let phrases: Vec<&str> = phrases.split_terminator('\n').collect();
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
    /// Lexicon text (see [`Lexicon`]) decoded.
    fn decode(&self, text: &[u8]) -> String {
        text.iter()
            .map(|&b| match b.checked_sub(0x80) {
                None => char::from(b),
                Some(i) => self
                    .alphabet
                    .get(usize::from(i))
                    .and_then(|&c| char::from_u32(c.into()))
                    .unwrap_or('\u{FFFD}'),
            })
            .collect()
    }

    /// The stems and their class flags, in declaration order.
    pub fn words(&self) -> Vec<(String, u16)> {
        let text = self.decode(self.words);
        text.split_terminator('\n')
            .map(String::from)
            .zip(self.flags.iter().copied())
            .collect()
    }

    /// The stock phrases and their strengths, in declaration order.
    pub fn phrases(&self) -> Vec<(String, i8)> {
        let text = self.decode(self.phrases);
        text.split_terminator('\n')
            .map(String::from)
            .zip(self.strengths.iter().copied())
            .collect()
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
            let lines = |t: &[u8]| t.iter().filter(|b| **b == b'\n').count();
            assert_eq!(lines(lex.words), lex.flags.len(), "{lang}");
            assert_eq!(lines(lex.phrases), lex.strengths.len(), "{lang}");
            assert!(!lex.decode(lex.words).contains('\u{FFFD}'), "{lang}");
            assert!(!lex.decode(lex.phrases).contains('\u{FFFD}'), "{lang}");
            let (words, phrases) = (lex.words(), lex.phrases());
            for (stem, _) in &words {
                let bare = stem.trim_end_matches('=');
                // The index looks one-letter words up exactly.
                assert!(
                    bare.chars().count() > 1 || stem.ends_with('='),
                    "{lang}: one-letter stem {stem:?} must be exact"
                );
            }
            let all = words
                .iter()
                .map(|(s, _)| s.as_str())
                .chain(phrases.iter().flat_map(|(p, _)| p.split(' ')));
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
            let owned = lexicon(lang).words();
            let stems: Vec<&str> = owned.iter().map(|(s, _)| s.as_str()).collect();
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
