//! Strict validation and Unicode hygiene of everything a shopper sends.
//!
//! Text is normalised to NFC; bidi embeddings, overrides and isolates
//! (U+202A–U+202E, U+2066–U+2069) and zero-width characters are removed,
//! except the zero-width non-joiner (U+200C) between two letters, which
//! Persian spelling needs (`می‌خواهم`). Control characters other than line
//! breaks and tabs go too.

use unicode_normalization::UnicodeNormalization;

use crate::server::rules::error::{ErrorCode, RuleError};

const ZWNJ: char = '\u{200C}';

fn is_stripped(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200B}'
            | '\u{200D}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{180E}'
    ) || (c.is_control() && c != '\n' && c != '\t')
}

/// Cleans shopper text: NFC, no bidi controls, no zero-width characters but
/// the ZWNJ inside words, `\n` line breaks, trimmed.
pub fn clean_text(input: &str) -> String {
    let unified = input.replace("\r\n", "\n").replace('\r', "\n");
    let kept: Vec<char> = unified.nfc().filter(|c| !is_stripped(*c)).collect();
    let mut out = String::with_capacity(kept.len());
    for (i, &c) in kept.iter().enumerate() {
        if c == ZWNJ {
            let before = i.checked_sub(1).and_then(|j| kept.get(j));
            let after = kept.get(i + 1);
            let between_letters = before.is_some_and(|b| b.is_alphabetic())
                && after.is_some_and(|a| a.is_alphabetic());
            if !between_letters {
                continue;
            }
        }
        out.push(c);
    }
    out.trim().to_owned()
}

/// Cleans a single-line field (names, references): like [`clean_text`] with
/// line breaks and tabs turned into spaces.
pub fn clean_line(input: &str) -> String {
    clean_text(&input.replace(['\n', '\t'], " "))
}

/// Checks a cleaned text's length in characters.
pub fn check_length(
    field: &'static str,
    value: &str,
    min: usize,
    max: usize,
) -> Result<(), RuleError> {
    let chars = value.chars().count();
    if chars > max {
        return Err(RuleError::too_long(ErrorCode::TextTooLong, field, max));
    }
    if chars < min {
        return Err(RuleError::Invalid {
            code: ErrorCode::TextTooShort,
            field,
            args: vec![("min", min.to_string())],
        });
    }
    Ok(())
}

/// Cleans an optional single-line field; empty becomes `None`.
pub fn optional_line(
    field: &'static str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, RuleError> {
    match value.map(clean_line) {
        Some(v) if v.is_empty() => Ok(None),
        Some(v) => {
            check_length(field, &v, 1, max)?;
            Ok(Some(v))
        }
        None => Ok(None),
    }
}

/// Validates an e-mail's shape (not its existence) and lowercases it.
pub fn email(value: &str) -> Result<String, RuleError> {
    let value = value.trim().to_lowercase();
    let invalid = || RuleError::invalid(ErrorCode::InvalidEmail, "email");
    if value.len() > 254 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid());
    }
    let (local, domain) = value.split_once('@').ok_or_else(invalid)?;
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !domain.contains('@')
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    if local.is_empty() || local.len() > 64 || !domain_ok {
        return Err(invalid());
    }
    Ok(value)
}

/// Validates an order reference: 1–64 of letters, digits and `-_#/.`.
pub fn order_ref(value: &str) -> Result<String, RuleError> {
    let value = value.trim();
    let ok = !value.is_empty()
        && value.chars().count() <= 64
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '#' | '/' | '.'));
    if ok {
        Ok(value.to_owned())
    } else {
        Err(RuleError::invalid(ErrorCode::InvalidOrderRef, "order_ref"))
    }
}

/// Validates a `YYYY-MM-DD` order date that is not in the future.
pub fn order_date(value: &str, today: chrono::NaiveDate) -> Result<String, RuleError> {
    let date = chrono::NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| RuleError::invalid(ErrorCode::InvalidOrderDate, "order_date"))?;
    if value.trim().len() != 10 {
        return Err(RuleError::invalid(
            ErrorCode::InvalidOrderDate,
            "order_date",
        ));
    }
    if date > today + chrono::Days::new(1) {
        return Err(RuleError::invalid(
            ErrorCode::InvalidOrderDate,
            "order_date",
        ));
    }
    Ok(date.format("%Y-%m-%d").to_string())
}

/// SHA-256 hex of a string.
pub fn sha256_hex(value: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(value.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bidi_and_zero_width_but_keeps_persian_zwnj() {
        let spoof = "good\u{202E}doog\u{200B} shop\u{2066}x\u{2069}";
        assert_eq!(clean_text(spoof), "gooddoog shopx");
        let persian = "می\u{200C}خواهم";
        assert_eq!(clean_text(persian), persian);
        assert_eq!(clean_text("a \u{200C} b"), "a  b");
        assert_eq!(clean_text("\u{200C}start"), "start");
    }

    #[test]
    fn normalises_to_nfc_and_line_breaks() {
        assert_eq!(clean_text("e\u{0301}\r\nx"), "\u{00E9}\nx");
        assert_eq!(clean_line("a\nb\tc"), "a b c");
        assert_eq!(clean_text("bell\u{0007}"), "bell");
    }

    #[test]
    fn validates_emails() {
        assert_eq!(email(" Ann@Example.COM ").unwrap(), "ann@example.com");
        for bad in ["ann", "ann@", "@x.com", "a b@x.com", "ann@x", "ann@x..com"] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn validates_order_fields() {
        let today = chrono::NaiveDate::from_ymd_opt(2025, 3, 10).unwrap();
        assert_eq!(order_date("2025-03-01", today).unwrap(), "2025-03-01");
        assert!(order_date("2025-3-1", today).is_err());
        assert!(order_date("2026-01-01", today).is_err());
        assert!(order_date("yesterday", today).is_err());
        assert!(order_ref("A-1001").is_ok());
        assert!(order_ref("<script>").is_err());
    }
}
