//! Language identification by script and letters, for the five languages.
//!
//! Greek script → Greek. Cyrillic → Kazakh when the Kazakh letters
//! `ә ғ қ ң ө ұ ү һ` appear (or `і` in a short text), Russian when no
//! Kazakh or Ukrainian letter does. Arabic script → Persian unless it looks
//! Arabic (ة or Arabic ي/ك with no Persian letter). Latin → English when
//! common English words appear. Anything else → `None`.

use crate::core::lang::Lang;

use super::normalize::capped;

/// Identifies the language of a text among the five, or `None` when it is in
/// none of them (or has no letters). Looks at the first 12 KB at most.
pub fn identify(text: &str) -> Option<Lang> {
    let text = capped(text);
    let mut cyr = 0usize;
    let mut kk = 0usize;
    let mut kk_i = 0usize;
    let mut uk = 0usize;
    let mut arabic = 0usize;
    let mut persian = 0usize;
    let mut arabic_only = 0usize;
    let mut greek = 0usize;
    // ASCII letters in one pass over the bytes; other chars decoded only when
    // there are any.
    let mut latin = ascii_letters(text.as_bytes());
    let others = if text.is_ascii() { "" } else { text };
    for c in others.chars() {
        if c.is_ascii() {
            continue;
        }
        match c {
            '\u{00C0}'..='\u{024F}' => latin += 1,
            // Plain Russian letters, the bulk of Cyrillic text.
            '\u{0410}'..='\u{044F}' => cyr += 1,
            'ә' | 'Ә' | 'ғ' | 'Ғ' | 'қ' | 'Қ' | 'ң' | 'Ң' | 'ө' | 'Ө' | 'ұ' | 'Ұ' | 'ү' | 'Ү'
            | 'һ' | 'Һ' => {
                cyr += 1;
                kk += 1;
            }
            'і' | 'І' => {
                cyr += 1;
                kk_i += 1;
            }
            'ї' | 'Ї' | 'є' | 'Є' | 'ґ' | 'Ґ' | 'ў' | 'Ў' => {
                cyr += 1;
                uk += 1;
            }
            '\u{0400}'..='\u{04FF}' => cyr += 1,
            'پ' | 'چ' | 'ژ' | 'گ' | 'ک' | 'ی' => {
                arabic += 1;
                persian += 1;
            }
            'ة' | 'ي' | 'ك' => {
                arabic += 1;
                arabic_only += 1;
            }
            '\u{0621}'..='\u{064A}'
            | '\u{0671}'..='\u{06D3}'
            | '\u{FB50}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFC}' => arabic += 1,
            '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}' => greek += 1,
            _ => {}
        }
    }
    let best = latin.max(cyr).max(arabic).max(greek);
    if best == 0 {
        return None;
    }
    if greek == best {
        Some(Lang::El)
    } else if cyr == best {
        if kk > 0 {
            Some(Lang::Kk)
        } else if uk > 0 {
            None
        } else if kk_i > 0 {
            // `і` alone: Kazakh in short texts, else likely Ukrainian/Belarusian.
            (cyr < 40).then_some(Lang::Kk)
        } else {
            Some(Lang::Ru)
        }
    } else if arabic == best {
        if persian > 0 || arabic_only == 0 {
            Some(Lang::Fa)
        } else {
            None
        }
    } else if looks_english(text) {
        Some(Lang::En)
    } else {
        None
    }
}

/// How many ASCII letters `bytes` holds. Counts in `u8` lanes over chunks
/// of 255 bytes, which the compiler turns into SIMD.
fn ascii_letters(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| {
            let n = chunk
                .iter()
                .fold(0u8, |n, b| n + u8::from((b | 0x20).wrapping_sub(b'a') < 26));
            usize::from(n)
        })
        .sum()
}

/// Common English words, sorted (for binary search) and lower case; a
/// Latin-script text with none of them is not English.
const ENGLISH: &[&str] = &[
    "a",
    "again",
    "all",
    "amazing",
    "and",
    "are",
    "at",
    "awful",
    "bad",
    "be",
    "best",
    "but",
    "delivery",
    "did",
    "didn't",
    "don't",
    "dont",
    "excellent",
    "for",
    "from",
    "good",
    "great",
    "had",
    "have",
    "i",
    "in",
    "is",
    "it",
    "location",
    "love",
    "my",
    "never",
    "nice",
    "no",
    "not",
    "of",
    "ok",
    "on",
    "order",
    "perfect",
    "price",
    "product",
    "quality",
    "recommend",
    "room",
    "service",
    "so",
    "staff",
    "terrible",
    "thank",
    "thanks",
    "the",
    "they",
    "this",
    "to",
    "very",
    "was",
    "we",
    "were",
    "will",
    "with",
    "worst",
    "would",
    "you",
];

/// The length of the longest word in [`ENGLISH`]: longer words are no match.
const ENGLISH_MAX: usize = 9;

/// A word of at most 16 bytes as one integer, its bytes big-endian and
/// zero-padded: for words without NUL bytes the integers sort like the words.
const fn pack(word: &[u8]) -> u128 {
    let mut key = 0u128;
    let mut i = 0;
    while i < word.len() && i < 16 {
        key |= (word[i].to_ascii_lowercase() as u128) << (8 * (15 - i));
        i += 1;
    }
    key
}

/// [`ENGLISH`] packed, in the same (sorted) order.
const ENGLISH_KEYS: [u128; ENGLISH.len()] = {
    let mut out = [0u128; ENGLISH.len()];
    let mut i = 0;
    while i < ENGLISH.len() {
        out[i] = pack(ENGLISH[i].as_bytes());
        i += 1;
    }
    out
};

/// Whether `word` is in [`ENGLISH`], ignoring ASCII case, without allocating.
fn is_english_word(word: &str) -> bool {
    let w = word.as_bytes();
    if w.len() > ENGLISH_MAX || !w.is_ascii() {
        return false;
    }
    // What `pack` computes, a whole buffer at a time.
    let mut buf = [0u8; 16];
    buf[..w.len()].copy_from_slice(w);
    buf.make_ascii_lowercase();
    ENGLISH_KEYS
        .binary_search(&u128::from_be_bytes(buf))
        .is_ok()
}

/// Whether a Latin-script text reads as English: among its first 400 words
/// (runs of letters and apostrophes) at least one in ten is in [`ENGLISH`]
/// (any one in texts under six words).
fn looks_english(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Whether the char at `i` is part of a word, and its length in bytes.
    let letter_at = |i: usize| match bytes[i] {
        b if b.is_ascii() => (b.is_ascii_alphabetic() || b == b'\'', 1),
        _ => text
            .get(i..)
            .and_then(|t| t.chars().next())
            .map_or((false, 1), |c| (c.is_alphabetic(), c.len_utf8())),
    };
    let mut words = 0usize;
    let mut hits = 0usize;
    let mut i = 0;
    while i < bytes.len() && words < 400 {
        // Skip to the next word, then to its end.
        let (letter, len) = letter_at(i);
        if !letter {
            i += len;
            continue;
        }
        let start = i;
        i += len;
        while i < bytes.len() {
            let (letter, len) = letter_at(i);
            if !letter {
                break;
            }
            i += len;
        }
        words += 1;
        hits += usize::from(is_english_word(text.get(start..i).unwrap_or_default()));
    }
    hits > 0 && (words < 6 || hits * 10 >= words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_the_five_apart() {
        assert_eq!(
            identify("Terrible company, do not recommend"),
            Some(Lang::En)
        );
        assert_eq!(identify("Ужасный магазин, не рекомендую"), Some(Lang::Ru));
        assert_eq!(identify("Өте жақсы, ұсынамын"), Some(Lang::Kk));
        assert_eq!(identify("عالی بود، پیشنهاد می‌کنم"), Some(Lang::Fa));
        assert_eq!(identify("Απαράδεκτη εταιρεία, δεν συνιστώ"), Some(Lang::El));
    }

    #[test]
    fn counts_ascii_letters() {
        let text = "Hello, World! @[`{ ё 123 ".repeat(40);
        let slow = text.bytes().filter(u8::is_ascii_alphabetic).count();
        assert_eq!(ascii_letters(text.as_bytes()), slow);
    }

    #[test]
    fn english_words_are_sorted_and_short() {
        assert!(ENGLISH.windows(2).all(|w| w[0] < w[1]));
        assert!(ENGLISH_KEYS.windows(2).all(|w| w[0] < w[1]));
        assert!(ENGLISH
            .iter()
            .all(|w| w.len() <= ENGLISH_MAX && *w == w.to_lowercase()));
        assert!(is_english_word("THE") && is_english_word("Didn't"));
        assert!(!is_english_word("théé") && !is_english_word("recommendation"));
    }

    #[test]
    fn others_fall_back_to_none() {
        assert_eq!(identify(""), None);
        assert_eq!(identify("12345 !!! 🙂"), None);
        assert_eq!(identify("Das Hotel war wirklich schön und sauber"), None);
        assert_eq!(
            identify("Дуже гарний магазин, швидка доставка, дякую їм"),
            None
        );
        assert_eq!(identify("هذه الخدمة ممتازة جدا في المدينة"), None);
        assert_eq!(identify("这是一个很好的商店"), None);
    }
}
