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
    let mut latin = 0usize;
    let mut cyr = 0usize;
    let mut kk = 0usize;
    let mut kk_i = 0usize;
    let mut uk = 0usize;
    let mut arabic = 0usize;
    let mut persian = 0usize;
    let mut arabic_only = 0usize;
    let mut greek = 0usize;
    for c in text.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' => latin += 1,
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

/// Common English words; a Latin-script text with none of them is not English.
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "is",
    "was",
    "it",
    "i",
    "my",
    "to",
    "of",
    "a",
    "not",
    "very",
    "this",
    "for",
    "with",
    "they",
    "we",
    "you",
    "in",
    "on",
    "great",
    "good",
    "bad",
    "but",
    "are",
    "were",
    "have",
    "had",
    "so",
    "no",
    "never",
    "best",
    "nice",
    "love",
    "ok",
    "thanks",
    "thank",
    "order",
    "service",
    "recommend",
    "terrible",
    "awful",
    "worst",
    "excellent",
    "amazing",
    "perfect",
    "staff",
    "room",
    "location",
    "did",
    "didn't",
    "don't",
    "dont",
    "again",
    "all",
    "be",
    "at",
    "from",
    "will",
    "would",
    "product",
    "quality",
    "price",
    "delivery",
];

fn looks_english(text: &str) -> bool {
    let mut words = 0usize;
    let mut hits = 0usize;
    for w in text
        .split(|c: char| !(c.is_alphabetic() || c == '\''))
        .filter(|w| !w.is_empty())
        .take(400)
    {
        words += 1;
        let lower = w.to_ascii_lowercase();
        if ENGLISH.contains(&lower.as_str()) {
            hits += 1;
        }
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
