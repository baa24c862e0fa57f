//! Feature extraction: the measurable signals the verdict is built from.

use serde::Serialize;

use crate::core::lang::Lang;

use super::lexicon::{self, CompiledPhrase, Lexicon, Stem};
use super::normalize::{Kind, TokenRef};

/// The measurable signals of one text, exposed for explanations and tuning.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Signals {
    /// Word tokens (letters only).
    pub words: u32,
    /// Words that are not function words, negations or first person.
    pub content_words: u32,
    /// Plain numbers that are facts (not order references or ratings).
    pub numbers: u32,
    /// Dates, clock times, durations and time words.
    pub times: u32,
    /// Quantities, sizes and amounts of money.
    pub quantities: u32,
    /// Distinct product, part and concrete service nouns.
    pub products: u32,
    /// Distinct event words (delivered, broke, refunded, waited…), purchases excluded.
    pub events: u32,
    /// Distinct purchase words (ordered, bought): buying is not what happened.
    pub purchases: u32,
    /// Model names and numbers ("X200", "Note 13"): name a product, say nothing happened.
    pub models: u32,
    /// Order or tracking references (a number after "order", `#` or `№`, or a long code).
    pub order_refs: u32,
    /// Stock phrases found (including "evaluative word + generic target").
    pub stock_phrases: u32,
    /// Weighted stock phrases: 1 per formulaic phrase, 0.5 per weak one
    /// (including "evaluative word + generic target").
    pub stock_strength: f32,
    /// Share of words inside stock phrases, 0..=1.
    pub stock_coverage: f32,
    /// Evaluative words and intensifiers.
    pub evaluative: u32,
    /// Evaluative words per content word, 0..=1.
    pub evaluative_share: f32,
    /// First-person words (I, my, я, мен…).
    pub first_person: u32,
    /// Distinct words / words, 0..=1 (1 for very short texts).
    pub diversity: f32,
    /// Sum of the polarity of evaluative words and stock phrases.
    pub polarity: i32,
}

/// The lexicons to use for a text: the declared language and the detected one.
pub fn lexicons(declared: Option<Lang>, detected: Option<Lang>) -> Vec<&'static Lexicon> {
    let mut out = Vec::with_capacity(2);
    for l in [declared, detected].into_iter().flatten() {
        let lex = lexicon::lexicon(l);
        if !out.iter().any(|x: &&Lexicon| std::ptr::eq(*x, lex)) {
            out.push(lex);
        }
    }
    out
}

/// What the lexicons say about each token: its class flags (see
/// [`classify`]) and, per lexicon, the stock phrases that may start at it
/// (`lexes.len()` entries per token), from one lookup per token and lexicon.
fn lookup<'l>(tokens: &[TokenRef], lexes: &[&'l Lexicon]) -> (Vec<u16>, Vec<&'l [CompiledPhrase]>) {
    let numbered: Vec<&[CompiledPhrase]> = lexes.iter().map(|l| l.phrases_from("#")).collect();
    let mut flags = Vec::with_capacity(tokens.len());
    let mut phrases = Vec::with_capacity(tokens.len() * lexes.len());
    for t in tokens {
        let mut f = 0;
        for (lex, numbered) in lexes.iter().zip(&numbered) {
            if t.kind == Kind::Number {
                phrases.push(*numbered);
                continue;
            }
            let (flags, starting) = lex.lookup(t.text);
            if f == 0 && t.kind == Kind::Word {
                f = flags;
            }
            phrases.push(starting);
        }
        flags.push(f);
    }
    (flags, phrases)
}

/// The class flags of each token under the given lexicons (first non-zero wins).
pub fn classify(tokens: &[TokenRef], lexes: &[&Lexicon]) -> Vec<u16> {
    tokens
        .iter()
        .map(|t| {
            if t.kind != Kind::Word {
                return 0;
            }
            lexes
                .iter()
                .map(|l| l.classify(t.text))
                .find(|f| *f != 0)
                .unwrap_or(0)
        })
        .collect()
}

fn token_matches(tok: &TokenRef, stem: &Stem) -> bool {
    if stem.is_number() {
        tok.kind == Kind::Number
    } else {
        tok.kind == Kind::Word && stem.matches(tok.text)
    }
}

/// Tries a phrase at `start`; one extra token may sit between phrase words.
/// Returns the end (exclusive) of the match.
fn match_phrase(tokens: &[TokenRef], start: usize, phrase: &CompiledPhrase) -> Option<usize> {
    let mut j = start;
    let mut gap_used = false;
    for (k, stem) in phrase.stems.iter().enumerate() {
        let tok = tokens.get(j)?;
        if token_matches(tok, stem) {
            j += 1;
        } else if k > 0 && !gap_used && tokens.get(j + 1).is_some_and(|t| token_matches(t, stem)) {
            gap_used = true;
            j += 2;
        } else {
            return None;
        }
    }
    Some(j)
}

/// Finds stock phrases; marks covered tokens. Returns (hits, strength, polarity).
fn stock_phrases(
    tokens: &[TokenRef],
    flags: &[u16],
    starting: &[&[CompiledPhrase]],
    adjective_after: bool,
    covered: &mut [bool],
) -> (u32, f32, i32) {
    use lexicon::*;
    let mut hits = 0;
    let mut strength = 0.0;
    let mut polarity = 0;
    let per_token = starting.len() / tokens.len().max(1);
    let mut i = 0;
    while i < tokens.len() {
        if covered[i] {
            i += 1;
            continue;
        }
        let mut found = None;
        'outer: for phrases in &starting[i * per_token..(i + 1) * per_token] {
            for phrase in *phrases {
                if let Some(end) = match_phrase(tokens, i, phrase) {
                    found = Some((end, i32::from(phrase.polarity)));
                    break 'outer;
                }
            }
        }
        // "terrible company", "best shop", "εξαιρετική εταιρεία"; in Persian
        // also "فروشگاه افتضاح" (adjective after the noun).
        if found.is_none() && flags[i] & (POS | NEG) != 0 && flags[i] & MILD == 0 {
            let pol = if flags[i] & POS != 0 { 1 } else { -1 };
            for (j, f) in flags.iter().enumerate().take(i + 3).skip(i + 1) {
                if f & GENERIC != 0 && f & (STOP | FIRST) == 0 {
                    found = Some((j + 1, pol));
                    break;
                }
                if f & (INT | STOP | POS | NEG) == 0 {
                    break;
                }
            }
        }
        if found.is_none() && adjective_after && flags[i] & GENERIC != 0 {
            if let Some(f) = flags.get(i + 1) {
                if f & (POS | NEG) != 0 && f & MILD == 0 {
                    found = Some((i + 2, if f & POS != 0 { 1 } else { -1 }));
                }
            }
        }
        match found {
            Some((end, pol)) => {
                for c in covered.iter_mut().take(end).skip(i) {
                    *c = true;
                }
                hits += 1;
                strength += if pol.abs() >= 2 { 1.0 } else { 0.5 };
                polarity += pol.signum();
                i = end;
            }
            None => i += 1,
        }
    }
    (hits, strength, polarity)
}

/// A fast 64-bit hash of a word (FxHash-style, eight bytes at a time), to
/// count distinct words without comparing strings.
fn word_hash(word: &str) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mix = |h: u64, x: u64| (h.rotate_left(5) ^ x).wrapping_mul(K);
    let bytes = word.as_bytes();
    let mut h = mix(0, bytes.len() as u64);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        h = mix(
            h,
            u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]),
        );
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    mix(h, u64::from_le_bytes(tail))
}

/// How many distinct words there are among `(word_hash(word), word)` pairs:
/// an open-addressing hash set, words compared only when their hashes are
/// equal, so the count is exact even when two words collide.
fn count_distinct(words: &[(u64, &str)]) -> usize {
    let size = (2 * words.len()).next_power_of_two();
    let mask = size - 1;
    let mut table: Vec<Option<(u64, &str)>> = vec![None; size];
    let mut count = 0;
    for &(h, w) in words {
        let mut slot = (h >> 32) as usize & mask;
        loop {
            match table[slot] {
                None => {
                    table[slot] = Some((h, w));
                    count += 1;
                    break;
                }
                Some((h2, w2)) if h2 == h && w2 == w => break,
                Some(_) => slot = (slot + 1) & mask,
            }
        }
    }
    count
}

/// Extracts the signals of tokenised text.
pub fn extract(tokens: &[TokenRef], lexes: &[&Lexicon], lang: Option<Lang>) -> Signals {
    use lexicon::*;
    let (flags, starting) = lookup(tokens, lexes);
    let mut covered = vec![false; tokens.len()];
    let (stock, strength, stock_pol) = stock_phrases(
        tokens,
        &flags,
        &starting,
        lang == Some(Lang::Fa),
        &mut covered,
    );
    let mut s = Signals {
        stock_phrases: stock,
        stock_strength: strength,
        polarity: stock_pol * 2,
        ..Signals::default()
    };
    let mut events: Vec<&str> = Vec::new();
    let mut purchases: Vec<&str> = Vec::new();
    let mut products: Vec<&str> = Vec::new();
    let mut distinct: Vec<(u64, &str)> = Vec::with_capacity(tokens.len());
    let mut covered_words = 0u32;
    for (i, t) in tokens.iter().enumerate() {
        let f = flags[i];
        let next = flags.get(i + 1).copied().unwrap_or(0);
        let next_kind = tokens.get(i + 1).map(|t| t.kind);
        let prev_kind = i.checked_sub(1).map(|p| tokens[p].kind);
        match t.kind {
            Kind::Word => {
                s.words += 1;
                if covered[i] {
                    covered_words += 1;
                }
                distinct.push((word_hash(t.text), t.text));
                if f & (STOP | FIRST | NEGATION) == 0 && t.text.chars().nth(1).is_some() {
                    s.content_words += 1;
                }
                if f & FIRST != 0 {
                    s.first_person += 1;
                }
                if f & (POS | NEG | INT) != 0 {
                    s.evaluative += 1;
                    if !covered[i] {
                        s.polarity += i32::from(f & POS != 0) - i32::from(f & NEG != 0);
                    }
                }
                if covered[i] {
                    continue;
                }
                if f & BUY != 0 {
                    if !purchases.contains(&t.text) {
                        purchases.push(t.text);
                    }
                } else if f & EVENT != 0 && !events.contains(&t.text) {
                    events.push(t.text);
                }
                if f & PROD != 0 && !products.contains(&t.text) {
                    products.push(t.text);
                }
                if f & TIME != 0 {
                    s.times += 1;
                }
                if f & UNIT != 0 && f & PROD == 0 {
                    s.quantities += 1;
                }
            }
            Kind::Number => {
                if covered[i] {
                    continue;
                }
                let after_ref = i
                    .checked_sub(1)
                    .is_some_and(|p| tokens[p].kind == Kind::RefMark || flags[p] & REF != 0)
                    || i.checked_sub(2).is_some_and(|p| flags[p] & REF != 0);
                let rating = (t.text.contains('/') && !t.date && t.digits <= 3) || next & STAR != 0;
                // "Note 13", «Нова 3»: a model name, not a fact.
                let model = i.checked_sub(1).is_some_and(|p| {
                    let pt = &tokens[p];
                    (pt.kind == Kind::Alnum || (pt.capital && !pt.sentence_start))
                        && flags[p] & (TIME | UNIT | REF) == 0
                });
                let year = t.digits == 4
                    && t.text
                        .parse::<u32>()
                        .is_ok_and(|y| (1990..=2040).contains(&y));
                if rating {
                } else if after_ref
                    || t.digits >= 6
                    || (t.digits >= 4 && next & REF != 0 && !t.date)
                {
                    // "10234 тапсырыс", "سفارش ۱۰۲۳۴": a reference before its word too.
                    s.order_refs += 1;
                } else if t.date || t.clock || next & TIME != 0 || year {
                    s.times += 1;
                } else if model {
                    s.models += 1;
                } else if next & UNIT != 0
                    || next_kind == Some(Kind::Money)
                    || prev_kind == Some(Kind::Money)
                {
                    s.quantities += 1;
                } else {
                    s.numbers += 1;
                }
            }
            Kind::Alnum => {
                let digit_first = t.text.starts_with(|c: char| c.is_ascii_digit());
                if t.digits >= 5 {
                    s.order_refs += 1;
                } else if digit_first {
                    s.quantities += 1;
                } else {
                    s.models += 1;
                }
            }
            Kind::Money | Kind::RefMark => {}
        }
    }
    s.events = events.len() as u32;
    s.purchases = purchases.len() as u32;
    s.products = products.len() as u32;
    let distinct = count_distinct(&distinct);
    if s.words > 0 {
        s.stock_coverage = covered_words as f32 / s.words as f32;
        s.diversity = distinct as f32 / s.words as f32;
    } else {
        s.diversity = 1.0;
    }
    if s.content_words > 0 {
        s.evaluative_share = (s.evaluative as f32 / s.content_words as f32).min(1.0);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::detect::normalize::TokenBuf;

    fn sig(text: &str, lang: Lang) -> Signals {
        let lexes = lexicons(Some(lang), None);
        extract(&TokenBuf::new(text).to_vec(), &lexes, Some(lang))
    }

    #[test]
    fn finds_facts() {
        let s = sig(
            "Ordered a kettle on 3 May, order 55120. It arrived 2 weeks late with a cracked lid, paid $45.",
            Lang::En,
        );
        assert_eq!(s.order_refs, 1);
        assert!(s.events >= 3, "{s:?}");
        assert!(s.times >= 2, "{s:?}");
        assert_eq!(s.quantities, 1, "{s:?}");
        assert!(s.products >= 2, "{s:?}");
    }

    #[test]
    fn finds_stock_phrases_robustly() {
        let s = sig(
            "TERRIBLE company!!! do NOT recommend. Never   again",
            Lang::En,
        );
        assert_eq!(s.stock_phrases, 3, "{s:?}");
        assert!(s.polarity < 0);
        let s = sig("Ужаснейший магазинчик, никому не советую", Lang::Ru);
        assert_eq!(s.stock_phrases, 2, "{s:?}");
        let s = sig("Өте жақсы, ұсынамын", Lang::Kk);
        assert_eq!(s.stock_phrases, 1, "{s:?}");
        let s = sig("افتضاح، اصلا توصیه نمی‌کنم", Lang::Fa);
        assert_eq!(s.stock_phrases, 1, "{s:?}");
        let s = sig("Τέλειο, το συνιστώ ανεπιφύλακτα", Lang::El);
        assert!(s.stock_phrases >= 1 && s.polarity > 0, "{s:?}");
        let s = sig("Δεν το συνιστώ", Lang::El);
        assert!(s.stock_phrases == 1 && s.polarity < 0, "{s:?}");
        let s = sig(
            "Sooooo gooood, best shop ever, highly recomend!!!",
            Lang::En,
        );
        assert_eq!(s.stock_phrases, 2, "{s:?}");
    }

    #[test]
    fn counts_distinct_words_exactly() {
        let words: Vec<(u64, &str)> = ["b", "a", "b", "c", "a", "ab", "ba"]
            .iter()
            .map(|w| (word_hash(w), *w))
            .collect();
        assert_eq!(count_distinct(&words), 5);
        // Every word under one hash: still exact.
        let collide: Vec<(u64, &str)> = ["x", "y", "x", "z", "y"].iter().map(|w| (7, *w)).collect();
        assert_eq!(count_distinct(&collide), 3);
        assert_eq!(count_distinct(&[]), 0);
        assert_ne!(word_hash("abcdefgh"), word_hash("abcdefgh\0"));
    }

    #[test]
    fn ratings_are_not_facts() {
        let s = sig("10/10, 5 stars", Lang::En);
        assert_eq!(s.numbers + s.times + s.quantities, 0, "{s:?}");
    }
}
