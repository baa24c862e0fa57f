//! The public corpora in `../shared/data` (see its README), read in place:
//! shared by `examples/calibrate.rs` and `tests/detector_corpora.rs`.
//! Nothing from them is committed.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use candor::core::lang::Lang;

/// Where the corpora are: `CANDOR_DATA`, else `/work/shared/data`.
pub fn data_dir() -> PathBuf {
    std::env::var_os("CANDOR_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/data"))
}

/// Parses CSV text: fields separated by commas, optionally double-quoted;
/// quoted fields may hold commas, newlines and `""` for a quote.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
        } else {
            match c {
                '"' => quoted = true,
                ',' => row.push(std::mem::take(&mut field)),
                '\r' => {}
                '\n' => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                _ => field.push(c),
            }
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// One review to judge.
pub struct Item {
    /// The review text.
    pub text: String,
    /// Stars 1..=5, if the corpus has them.
    pub rating: Option<u8>,
}

/// Maps one CSV row (by a column getter) to a review, or skips it.
type Pick = fn(&dyn Fn(&str) -> String) -> Option<Item>;

/// Reads a CSV with a header, mapping each row through `pick`; empty when
/// the file cannot be read.
fn load(path: &Path, pick: Pick) -> Vec<Item> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let rows = parse_csv(&text);
    let Some((header, body)) = rows.split_first() else {
        return Vec::new();
    };
    body.iter()
        .filter_map(|r| {
            let get = |name: &str| {
                header
                    .iter()
                    .position(|h| h.trim_start_matches('\u{feff}') == name)
                    .and_then(|i| r.get(i))
                    .cloned()
                    .unwrap_or_default()
            };
            pick(&get)
        })
        .collect()
}

/// A Booking.com review: upside and downside joined, 1..10 score → 1..5 stars.
fn booking(get: &dyn Fn(&str) -> String) -> Option<Item> {
    let parts: Vec<String> = ["Upside_Review", "Downside_Review"]
        .iter()
        .map(|c| get(c).trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return None;
    }
    let score: f32 = get("Review_Score").trim().parse().unwrap_or(0.0);
    let stars = ((score / 2.0).ceil() as u8).clamp(1, 5);
    Some(Item {
        text: parts.join("\n"),
        rating: (score > 0.0).then_some(stars),
    })
}

/// A KazSAnDRA review: `text`, `label` = stars − 1.
fn kazsandra(get: &dyn Fn(&str) -> String) -> Option<Item> {
    let text = get("text");
    if text.trim().is_empty() {
        return None;
    }
    let rating = get("label").trim().parse::<u8>().ok().map(|l| l + 1);
    Some(Item { text, rating })
}

/// One corpus: where it is, what it is, and whether its texts are genuine.
pub struct Corpus {
    /// Path under the data directory.
    pub file: &'static str,
    /// A name for tables.
    pub name: &'static str,
    /// Its language.
    pub lang: Lang,
    /// Written by real customers (`false`: machine-generated).
    pub genuine: bool,
    booking: bool,
}

impl Corpus {
    /// Its reviews, read from `dir`; empty when the file is missing.
    pub fn load(&self, dir: &Path) -> Vec<Item> {
        let path = dir.join(self.file);
        load(&path, if self.booking { booking } else { kazsandra })
    }
}

/// The corpora known to the calibration.
pub const CORPORA: [Corpus; 5] = [
    Corpus {
        file: "maide_up/real_English.csv",
        name: "real English (Booking)",
        lang: Lang::En,
        genuine: true,
        booking: true,
    },
    Corpus {
        file: "maide_up/real_Russian.csv",
        name: "real Russian (Booking)",
        lang: Lang::Ru,
        genuine: true,
        booking: true,
    },
    Corpus {
        file: "kazsandra/sample_4000.csv",
        name: "real Kazakh (KazSAnDRA)",
        lang: Lang::Kk,
        genuine: true,
        booking: false,
    },
    Corpus {
        file: "maide_up/generated_English_reviews.csv",
        name: "GPT-generated English",
        lang: Lang::En,
        genuine: false,
        booking: true,
    },
    Corpus {
        file: "maide_up/generated_Russian_reviews.csv",
        name: "GPT-generated Russian",
        lang: Lang::Ru,
        genuine: false,
        booking: true,
    },
];

/// Length bands in words, for false-flag rates by length.
pub const BANDS: [(&str, usize, usize); 4] = [
    ("1-15 words", 1, 15),
    ("16-50", 16, 50),
    ("51-150", 51, 150),
    (">150", 151, usize::MAX),
];

/// The index in [`BANDS`] of a text's length band.
pub fn band(text: &str) -> usize {
    let words = text.split_whitespace().count();
    BANDS
        .iter()
        .position(|(_, lo, hi)| (*lo..=*hi).contains(&words))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::parse_csv;

    #[test]
    fn parses_quotes_commas_and_newlines() {
        let rows = parse_csv("a,b,c\n\"x, y\",\"line\nbreak\",\"say \"\"hi\"\"\"\r\n1,,3");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1], ["x, y", "line\nbreak", "say \"hi\""]);
        assert_eq!(rows[2], ["1", "", "3"]);
    }
}
