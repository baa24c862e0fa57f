//! Numbers, durations, dates and text direction for server-rendered
//! markup: what the widget leaves to the browser's `Intl`, done here in the
//! five languages (Persian digits and separators in `fa`, a decimal comma
//! in `ru`, `kk` and `el`).

use crate::core::i18n::fill;
use crate::core::lang::Lang;

crate::catalogue! {
    /// Units of the server-rendered answer times.
    pub enum Unit {
        /// Minutes.
        Minutes => ["{n} min", "{n} мин", "{n} мин", "{n} دقیقه", "{n} λεπτά"],
        /// Hours.
        Hours => ["{n} h", "{n} ч", "{n} сағ", "{n} ساعت", "{n} ώρ."],
        /// Days.
        Days => ["{n} d", "{n} дн.", "{n} күн", "{n} روز", "{n} ημ."],
    }
}

/// Writes ASCII digits and a `.` decimal point the way `lang` does.
fn localise_digits(ascii: &str, lang: Lang) -> String {
    match lang {
        Lang::En => ascii.to_owned(),
        Lang::Ru | Lang::Kk | Lang::El => ascii.replace('.', ","),
        Lang::Fa => ascii
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(0x06F0 + (c as u32 - '0' as u32)).unwrap_or(c),
                '.' => '٫',
                other => other,
            })
            .collect(),
    }
}

/// A number with at most `decimals` fraction digits (trailing zeros
/// dropped), in `lang`'s digits.
pub fn number(value: f64, lang: Lang, decimals: usize) -> String {
    // Half away from zero, as the browser's `Intl.NumberFormat` rounds.
    let scale = 10f64.powi(decimals as i32);
    let rounded = (value * scale).round() / scale;
    let mut text = format!("{rounded:.decimals$}");
    if text.contains('.') {
        text = text.trim_end_matches('0').trim_end_matches('.').to_owned();
    }
    localise_digits(&text, lang)
}

/// A whole number in `lang`'s digits.
pub fn integer(value: i64, lang: Lang) -> String {
    localise_digits(&value.to_string(), lang)
}

/// A share (0..=1) as a whole percentage.
pub fn percent(share: f64, lang: Lang) -> String {
    let n = integer((share * 100.0).round() as i64, lang);
    match lang {
        Lang::Fa => format!("{n}٪"),
        Lang::Ru => format!("{n}\u{a0}%"),
        _ => format!("{n}%"),
    }
}

/// A duration in minutes, in the largest unit that keeps it readable.
pub fn duration_minutes(minutes: i64, lang: Lang) -> String {
    let (unit, n) = if minutes < 120 {
        (Unit::Minutes, minutes.max(0))
    } else if minutes < 48 * 60 {
        (Unit::Hours, (minutes + 30) / 60)
    } else {
        (Unit::Days, (minutes + 720) / 1440)
    };
    fill(unit.text(lang), &[("n", &integer(n, lang))])
}

/// The calendar date (`YYYY-MM-DD`) of an RFC 3339 time, in `lang`'s
/// digits: unambiguous in every language and stable in a cached page.
pub fn date(rfc3339: &str, lang: Lang) -> String {
    localise_digits(rfc3339.get(..10).unwrap_or(rfc3339), lang)
}

/// The direction of a text: `rtl` when its first strongly directional
/// letter is Hebrew or Arabic script (Persian), `ltr` otherwise.
pub fn direction(text: &str) -> &'static str {
    for c in text.chars() {
        let code = c as u32;
        if matches!(code, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF) {
            return "rtl";
        }
        if c.is_alphabetic() {
            return "ltr";
        }
    }
    "ltr"
}

/// The direction of a review: from its declared language when that is one
/// of ours, else from its text.
pub fn review_direction(lang: Option<&str>, text: &str) -> &'static str {
    match lang.and_then(Lang::parse) {
        Some(lang) if lang.is_rtl() => "rtl",
        Some(_) if direction(text) == "ltr" => "ltr",
        _ => direction(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(number(4.25, Lang::En, 1), "4.3");
        assert_eq!(number(4.0, Lang::Ru, 1), "4");
        assert_eq!(number(3.5, Lang::El, 1), "3,5");
        assert_eq!(number(3.5, Lang::Fa, 1), "۳٫۵");
        assert_eq!(percent(0.667, Lang::Fa), "۶۷٪");
        assert_eq!(percent(0.5, Lang::En), "50%");
    }

    #[test]
    fn durations_and_dates() {
        assert_eq!(duration_minutes(6, Lang::En), "6 min");
        assert_eq!(duration_minutes(180, Lang::Ru), "3 ч");
        assert_eq!(duration_minutes(3 * 1440, Lang::Kk), "3 күн");
        assert_eq!(date("2026-12-07T10:00:00Z", Lang::Fa), "۲۰۲۶-۱۲-۰۷");
    }

    #[test]
    fn directions() {
        assert_eq!(direction("«کتری» خراب بود"), "rtl");
        assert_eq!(direction("123 Kettle"), "ltr");
        assert_eq!(review_direction(Some("fa"), "OK"), "rtl");
        assert_eq!(review_direction(Some("en"), "کتری"), "rtl");
        assert_eq!(review_direction(None, "Чайник"), "ltr");
    }
}
