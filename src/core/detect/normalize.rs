//! Text normalisation and tokenising shared by every detector signal.
//!
//! Folding: lower case; Persian (۰-۹) and Arabic-Indic (٠-٩) digits become
//! ASCII; Arabic ي/ك/ى become Persian ی/ک; Arabic diacritics, tatweel, ZWNJ
//! and ZWJ are dropped inside words (so `می‌کنم` reads as `میکنم`); Greek
//! accents, dialytika and final sigma are removed (`ς` → `σ`); Russian `ё` →
//! `е`; apostrophes inside words are dropped (`don't` → `dont`). Runs of one
//! letter are squeezed to a single letter (`sooooo` → `so`, `good` → `god`):
//! lexicon stems are squeezed the same way when compared, so doubled letters
//! and their typos never matter.

/// How many bytes of input are judged at most. Longer texts are cut on a char
/// boundary; the verdict on the first 12 KB is the verdict on the text.
pub const MAX_BYTES: usize = 12 * 1024;

/// The longest prefix of `text` no longer than [`MAX_BYTES`], cut on a char boundary.
pub fn capped(text: &str) -> &str {
    if text.len() <= MAX_BYTES {
        return text;
    }
    let mut end = MAX_BYTES;
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    // `end` is a char boundary; `get` keeps slice-panic formatting out of wasm.
    text.get(..end).unwrap_or_default()
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters only.
    Word,
    /// Digits, maybe with inner `.,:/-` (`48213`, `9.05.2021`, `10:30`, `1,200`).
    Number,
    /// Letters and digits mixed (`15kg`, `a52`, `xl2`).
    Alnum,
    /// A currency sign (`$ € £ ₽ ₸ ﷼ ₺ ₴ ¥`).
    Money,
    /// A reference mark before a number (`#`, `№`).
    RefMark,
}

/// One token of folded text.
#[derive(Debug, Clone)]
pub struct Token {
    /// The folded, squeezed text.
    pub text: String,
    /// What the token is.
    pub kind: Kind,
    /// The original started with an upper-case letter.
    pub capital: bool,
    /// The token starts a sentence (first token, or after `. ! ? …` or a line break).
    pub sentence_start: bool,
    /// For numbers: the number had an inner `:` (a clock time).
    pub clock: bool,
    /// For numbers: the number had two or more inner `.`/`/`/`-` separators (a date).
    pub date: bool,
    /// For numbers: how many digits.
    pub digits: u8,
}

/// Maps one input char to its folded form; `None` drops it inside words.
/// Returns the char unchanged when no folding applies (callers lower-case).
pub fn fold_char(c: char) -> Option<char> {
    let u = c as u32;
    if u < 0x80 {
        return (!matches!(c, '\'' | '`')).then_some(c);
    }
    if (0x0400..0x0500).contains(&u) {
        return Some(if c == 'ё' || c == 'Ё' { 'е' } else { c });
    }
    Some(match c {
        '\u{06F0}'..='\u{06F9}' => digit(c as u32 - 0x06F0),
        '\u{0660}'..='\u{0669}' => digit(c as u32 - 0x0660),
        'ي' | 'ى' | 'ئ' => 'ی',
        'ك' => 'ک',
        'ة' => 'ه',
        'أ' | 'إ' | 'آ' => 'ا',
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => return None,
        '\u{200C}' | '\u{200D}' | '\u{00AD}' | '\u{200B}' | '\u{FEFF}' => return None,
        'ς' => 'σ',
        'ά' | 'Ά' => 'α',
        'έ' | 'Έ' => 'ε',
        'ή' | 'Ή' => 'η',
        'ί' | 'Ί' | 'ϊ' | 'ΐ' | 'Ϊ' => 'ι',
        'ό' | 'Ό' => 'ο',
        'ύ' | 'Ύ' | 'ϋ' | 'ΰ' | 'Ϋ' => 'υ',
        'ώ' | 'Ώ' => 'ω',
        'ё' | 'Ё' => 'е',
        '\'' | '’' | 'ʼ' | '`' => return None,
        _ => c,
    })
}

fn digit(d: u32) -> char {
    char::from_digit(d, 10).unwrap_or('0')
}

fn is_money(c: char) -> bool {
    matches!(
        c,
        '$' | '€' | '£' | '₽' | '₸' | '﷼' | '₺' | '₴' | '¥' | '₹' | '₾'
    )
}

fn is_sentence_end(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '؟' | ';' | '\n' | '\r' | '։' | '۔' | '。'
    )
}

/// Whether `c` is dropped inside a word rather than splitting it.
fn is_joiner(c: char) -> bool {
    fold_char(c).is_none()
}

/// A token of folded text borrowed from a [`TokenBuf`]: like [`Token`],
/// without a `String` of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenRef<'a> {
    /// The folded, squeezed text.
    pub text: &'a str,
    /// What the token is.
    pub kind: Kind,
    /// The original started with an upper-case letter.
    pub capital: bool,
    /// The token starts a sentence (first token, or after `. ! ? …` or a line break).
    pub sentence_start: bool,
    /// For numbers: the number had an inner `:` (a clock time).
    pub clock: bool,
    /// For numbers: the number had two or more inner `.`/`/`/`-` separators (a date).
    pub date: bool,
    /// For numbers: how many digits.
    pub digits: u8,
}

impl TokenRef<'_> {
    /// An owned copy.
    pub fn to_token(&self) -> Token {
        Token {
            text: self.text.to_string(),
            kind: self.kind,
            capital: self.capital,
            sentence_start: self.sentence_start,
            clock: self.clock,
            date: self.date,
            digits: self.digits,
        }
    }
}

/// Where a token's text lies in [`TokenBuf`]'s buffer, and its attributes.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    kind: Kind,
    capital: bool,
    sentence_start: bool,
    clock: bool,
    date: bool,
    digits: u8,
}

/// The tokens of one text with their folded texts in one buffer: two
/// allocations per text rather than one per token. [`tokenize`] gives the
/// same tokens as owned [`Token`]s.
#[derive(Debug, Clone, Default)]
pub struct TokenBuf {
    folded: String,
    spans: Vec<Span>,
}

impl TokenBuf {
    /// Splits folded text into tokens (see [`tokenize`]).
    pub fn new(text: &str) -> TokenBuf {
        let text = capped(text);
        let mut buf = TokenBuf {
            folded: String::with_capacity(text.len()),
            spans: Vec::with_capacity(text.len() / 5 + 1),
        };
        buf.split(text);
        buf
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The tokens in text order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = TokenRef<'_>> + '_ {
        self.spans.iter().map(|s| TokenRef {
            text: self.folded.get(s.start..s.end).unwrap_or_default(),
            kind: s.kind,
            capital: s.capital,
            sentence_start: s.sentence_start,
            clock: s.clock,
            date: s.date,
            digits: s.digits,
        })
    }

    /// The tokens in text order, collected.
    pub fn to_vec(&self) -> Vec<TokenRef<'_>> {
        self.iter().collect()
    }

    fn split(&mut self, text: &str) {
        let out = &mut self.folded;
        let tokens = &mut self.spans;
        let mut chars = text.char_indices().peekable();
        let mut sentence_start = true;
        let mut join_next = false;
        while let Some((_, c)) = chars.next() {
            if is_word_char(c) {
                let start = out.len();
                let mut tok = Span {
                    start,
                    end: start,
                    kind: Kind::Word,
                    capital: is_capital(c),
                    sentence_start,
                    clock: false,
                    date: false,
                    digits: 0,
                };
                let mut st = FoldState::default();
                push_folded(out, c, &mut st);
                while let Some(&(_, n)) = chars.peek() {
                    if is_word_char(n) {
                        chars.next();
                        push_folded(out, n, &mut st);
                    } else if is_joiner(n) {
                        chars.next();
                    } else if matches!(n, '.' | ',' | ':' | '/' | '-')
                        && st.digits > 0
                        && !st.letters
                    {
                        // Inner separator of a number, kept only when a digit follows.
                        let mut look = chars.clone();
                        look.next();
                        match look.peek() {
                            Some(&(_, d)) if fold_char(d).is_some_and(|f| f.is_ascii_digit()) => {
                                chars.next();
                                if n == ':' {
                                    tok.clock = true;
                                } else if n != ',' {
                                    st.seps += 1;
                                }
                                out.push(n);
                                st.last = Some(n);
                            }
                            _ => break,
                        }
                    } else {
                        break;
                    }
                }
                tok.end = out.len();
                tok.kind = match (st.letters, st.digits > 0) {
                    (true, true) => Kind::Alnum,
                    (false, true) => Kind::Number,
                    _ => Kind::Word,
                };
                tok.date = st.seps >= 2;
                tok.digits = st.digits.min(255) as u8;
                sentence_start = false;
                if join_next && tok.kind == Kind::Word {
                    // The word's text follows the previous token's in the buffer.
                    if let Some(prev) = tokens.last_mut() {
                        prev.end = tok.end;
                        join_next = false;
                        continue;
                    }
                }
                let word = out.as_bytes().get(tok.start..tok.end).unwrap_or_default();
                join_next =
                    tok.kind == Kind::Word && (word == "می".as_bytes() || word == "نمی".as_bytes());
                tokens.push(tok);
            } else {
                if !c.is_whitespace() {
                    join_next = false;
                }
                let kind = if is_money(c) {
                    Some(Kind::Money)
                } else if c == '#' || c == '№' {
                    Some(Kind::RefMark)
                } else {
                    None
                };
                if let Some(kind) = kind {
                    let start = out.len();
                    out.push(c);
                    tokens.push(Span {
                        start,
                        end: out.len(),
                        kind,
                        capital: false,
                        sentence_start,
                        clock: false,
                        date: false,
                        digits: 0,
                    });
                    sentence_start = false;
                } else if is_sentence_end(c) {
                    sentence_start = true;
                }
            }
        }
    }
}

/// Splits folded text into tokens. Persian `می`/`نمی` written as a separate
/// word is joined to the verb that follows, as it is when written with ZWNJ.
pub fn tokenize(text: &str) -> Vec<Token> {
    TokenBuf::new(text).iter().map(|t| t.to_token()).collect()
}

/// What [`push_folded`] tracks while a token is being built.
#[derive(Default)]
struct FoldState {
    /// The last char pushed (runs of one letter are squeezed).
    last: Option<char>,
    /// A letter was pushed.
    letters: bool,
    /// How many ASCII digits were pushed.
    digits: u32,
    /// Inner date separators (`.`, `/`, `-`) seen.
    seps: u8,
}

/// Appends the folded, lower-cased form of `c` to `out`, squeezing runs of
/// one letter.
#[inline(always)]
fn push_folded(out: &mut String, c: char, st: &mut FoldState) {
    // Fast paths, inlined into the tokeniser, for ASCII, plain Russian letters
    // (А-я without Ё/ё) and plain Persian letters, which fold to their lower
    // case and nothing else: the bulk of most texts.
    let u = c as u32;
    if c.is_ascii_alphanumeric() {
        push_lower(out, c.to_ascii_lowercase(), st);
    } else if (0x0410..=0x044F).contains(&u) {
        let l = if u < 0x0430 { u + 0x20 } else { u };
        push_lower(out, char::from_u32(l).unwrap_or(c), st);
    } else if plain_arabic(u) {
        push_lower(out, c, st);
    } else {
        push_folded_general(out, c, st);
    }
}

/// [`push_folded`] for any char.
fn push_folded_general(out: &mut String, c: char, st: &mut FoldState) {
    let Some(f) = fold_char(c) else { return };
    match fast_lower(f) {
        Some(l) => push_lower(out, l, st),
        None => {
            super::lowercase::to_lowercase(f, |l| push_lower(out, fold_char(l).unwrap_or(l), st))
        }
    }
}

/// Arabic-script letters that [`fold_char`] leaves as they are (no
/// diacritics, digits or Arabic forms of Persian letters): most Persian text.
fn plain_arabic(u: u32) -> bool {
    matches!(
        u,
        0x0621 | 0x0624 | 0x0627 | 0x0628 | 0x062A..=0x063A | 0x0641 | 0x0642 | 0x0644..=0x0648 | 0x0671..=0x06D3
    )
}

/// Appends one folded, lower-case char, squeezing runs of one letter
/// (digits are never squeezed).
#[inline(always)]
fn push_lower(out: &mut String, l: char, st: &mut FoldState) {
    if l.is_ascii_digit() {
        st.digits += 1;
    } else {
        st.letters = true;
        if st.last == Some(l) {
            return;
        }
    }
    out.push(l);
    st.last = Some(l);
}

/// Lower case without table lookups for ASCII, Cyrillic (with Kazakh
/// letters) and Greek; `None` when the general Unicode mapping is needed.
fn fast_lower(c: char) -> Option<char> {
    let u = c as u32;
    // The ranges are disjoint; the most common come first.
    let l = match c {
        _ if c.is_ascii() => return Some(c.to_ascii_lowercase()),
        'а'..='я' | 'ѐ'..='џ' | 'α'..='ω' => u,
        '\u{0600}'..='\u{06FF}' => u,
        'А'..='Я' | 'Α'..='Ρ' | 'Σ'..='Ϋ' => u + 0x20,
        'Ѐ'..='Џ' => u + 0x50,
        '\u{0460}'..='\u{0481}' | '\u{048A}'..='\u{04BF}' | '\u{04D0}'..='\u{04FF}' => u | 1,
        _ => return None,
    };
    char::from_u32(l)
}

/// Whether `c` starts a capitalised word (upper case differs from its lower case).
fn is_capital(c: char) -> bool {
    match fast_lower(c) {
        Some(l) => l != c,
        None => c.is_uppercase(),
    }
}

/// Letters and digits, with a fast path for ASCII.
fn is_word_char(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        0x0400..=0x0481 | 0x048A..=0x04FF => true,
        0x0388..=0x03F5 => true,
        0x0620..=0x064A | 0x0660..=0x0669 | 0x066E..=0x06D3 | 0x06F0..=0x06FF => true,
        // Arabic comma, ZWNJ, dashes, quotes: neither letters nor digits.
        0x060C | 0x2000..=0x206F => false,
        _ => c.is_alphanumeric(),
    }
}

/// Whether the squeezed token `word` starts with `stem` (squeezed on the fly).
/// A stem ending in `=` must match the whole word.
pub fn stem_matches(word: &str, stem: &str) -> bool {
    let (stem, exact) = match stem.strip_suffix('=') {
        Some(s) => (s, true),
        None => (stem, false),
    };
    let mut w = word.chars();
    let mut prev: Option<char> = None;
    for s in stem.chars() {
        if prev == Some(s) && !s.is_ascii_digit() {
            continue;
        }
        prev = Some(s);
        if w.next() != Some(s) {
            return false;
        }
    }
    !exact || w.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn folds_digits_scripts_and_accents() {
        assert_eq!(
            texts("سفارش ۴۸۲۱۳ و ٣ روز"),
            ["سفارش", "48213", "و", "3", "روز"]
        );
        assert_eq!(texts("پیشنهاد می‌کنم"), ["پیشنهاد", "میکنم"]);
        assert_eq!(texts("پیشنهاد می کنم"), ["پیشنهاد", "میکنم"]);
        assert_eq!(texts("كتاب يك"), ["کتاب", "یک"]);
        assert_eq!(texts("Τέλειος ΠΡΟΪΟΝ"), ["τελειοσ", "προιον"]);
        assert_eq!(texts("Всё"), ["все"]);
        assert_eq!(texts("Sooooo gooood, don't"), ["so", "god", "dont"]);
    }

    #[test]
    fn keeps_dates_times_and_marks() {
        let t = tokenize("On 9.05.2021 at 10:30, order #48213 for $45.");
        assert!(t[1].date && t[1].kind == Kind::Number);
        assert!(t[3].clock);
        assert_eq!(t[5].kind, Kind::RefMark);
        assert_eq!(t[6].digits, 5);
        assert_eq!(t[8].kind, Kind::Money);
        assert_eq!(t[9].text, "45");
        assert_eq!(tokenize("15kg")[0].kind, Kind::Alnum);
    }

    #[test]
    fn marks_sentences_and_capitals() {
        let t = tokenize("Great. Serkan helped");
        assert!(t[0].sentence_start && t[1].sentence_start && !t[2].sentence_start);
        assert!(t[1].capital);
    }

    #[test]
    fn stems_match_squeezed_and_exact() {
        assert!(stem_matches("recomend", "recommend"));
        assert!(stem_matches("recomended", "recommend"));
        assert!(!stem_matches("it", "i="));
        assert!(stem_matches("i", "i="));
        assert!(stem_matches("συνιστω", "συνιστ"));
    }

    #[test]
    fn fast_paths_fold_like_the_general_path() {
        for u in 0..0x0800 {
            let Some(c) = char::from_u32(u) else { continue };
            if !is_word_char(c) {
                continue;
            }
            let mut fast = String::new();
            push_folded(&mut fast, c, &mut FoldState::default());
            let mut general = String::new();
            if let Some(f) = fold_char(c) {
                match fast_lower(f) {
                    Some(l) => general.push(l),
                    None => f
                        .to_lowercase()
                        .for_each(|l| general.push(fold_char(l).unwrap_or(l))),
                }
            }
            assert_eq!(fast, general, "U+{u:04X}");
        }
    }

    #[test]
    fn punctuation_fast_path_agrees_with_unicode() {
        for u in [0x060C].into_iter().chain(0x2000..=0x206F) {
            let c = char::from_u32(u).unwrap_or('a');
            assert!(!c.is_alphanumeric(), "U+{u:04X}");
        }
    }

    #[test]
    fn caps_on_char_boundary() {
        let s = "ж".repeat(MAX_BYTES);
        let c = capped(&s);
        assert!(c.len() <= MAX_BYTES && s.is_char_boundary(c.len()));
    }
}
