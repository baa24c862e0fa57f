//! Calibration: how often the detector flags real, genuine reviews as
//! `template` (the false-flag rate), per dataset.
//!
//! ```text
//! cargo run --release --example calibrate --no-default-features -- [DATA_DIR] [--show N]
//! ```
//!
//! `DATA_DIR` defaults to `/work/shared/data` (see its README): MAiDE-up real
//! and GPT-generated Booking.com reviews (English, Russian) and KazSAnDRA
//! Kazakh reviews. The files are read in place, never copied. `--show N`
//! prints up to N flagged texts per dataset.

use std::path::Path;

use candor::core::detect::{check, cluster_campaigns, signature, Verdict};
use candor::core::lang::Lang;

/// Parses CSV text: fields separated by commas, optionally double-quoted;
/// quoted fields may hold commas, newlines and `""` for a quote.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
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
struct Item {
    text: String,
    rating: Option<u8>,
}

/// Reads a CSV with a header, mapping each row through `pick`.
fn load(path: &Path, pick: impl Fn(&dyn Fn(&str) -> String) -> Option<Item>) -> Vec<Item> {
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipping {}: cannot read", path.display());
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

fn main() {
    let mut dir = String::from("/work/shared/data");
    let mut show = 0usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--show" {
            show = args.next().and_then(|n| n.parse().ok()).unwrap_or(10);
        } else {
            dir = a;
        }
    }
    let dir = Path::new(&dir);
    let sets: [(&str, &str, Lang, bool); 5] = [
        (
            "maide_up/real_English.csv",
            "real English (Booking)",
            Lang::En,
            true,
        ),
        (
            "maide_up/real_Russian.csv",
            "real Russian (Booking)",
            Lang::Ru,
            true,
        ),
        (
            "kazsandra/sample_4000.csv",
            "real Kazakh (KazSAnDRA)",
            Lang::Kk,
            false,
        ),
        (
            "maide_up/generated_English_reviews.csv",
            "GPT-generated English",
            Lang::En,
            true,
        ),
        (
            "maide_up/generated_Russian_reviews.csv",
            "GPT-generated Russian",
            Lang::Ru,
            true,
        ),
    ];
    println!(
        "{:<28} {:>6} {:>10} {:>8} {:>9}  {:>9}  {:>10}",
        "dataset", "n", "template%", "vague%", "specific%", "langid-ok%", "campaign%"
    );
    for (file, name, lang, is_booking) in sets {
        let path = dir.join(file);
        let items = if is_booking {
            load(&path, booking)
        } else {
            load(&path, kazsandra)
        };
        if items.is_empty() {
            continue;
        }
        let mut counts = [0usize; 3];
        let mut lang_ok = 0usize;
        let mut shown = Vec::new();
        for it in &items {
            let r = check(&it.text, it.rating, None);
            if r.lang == Some(lang) {
                lang_ok += 1;
            }
            let k = match r.verdict {
                Verdict::Template => 0,
                Verdict::Vague => 1,
                Verdict::Specific => 2,
            };
            counts[k] += 1;
            if r.verdict == Verdict::Template && shown.len() < show {
                shown.push(format!(
                    "  [{:.2} {:?}] {}",
                    r.score,
                    r.reasons.iter().map(|x| x.code()).collect::<Vec<_>>(),
                    it.text.replace('\n', " / ")
                ));
            }
        }
        let sigs: Vec<_> = items.iter().map(|it| signature(&it.text, None)).collect();
        let clusters = cluster_campaigns(&sigs);
        let in_campaign = clusters.iter().filter(|c| c.is_some()).count();
        if show > 0 {
            for k in 0..3 {
                let members: Vec<&str> = items
                    .iter()
                    .zip(&clusters)
                    .filter(|(_, c)| **c == Some(k))
                    .map(|(it, _)| it.text.as_str())
                    .collect();
                if !members.is_empty() {
                    println!("  campaign {k}: {members:?}");
                }
            }
        }
        let pct = |x: usize| 100.0 * x as f32 / items.len() as f32;
        println!(
            "{:<28} {:>6} {:>9.2}% {:>7.1}% {:>8.1}%  {:>9.1}%  {:>9.1}%",
            name,
            items.len(),
            pct(counts[0]),
            pct(counts[1]),
            pct(counts[2]),
            pct(lang_ok),
            pct(in_campaign)
        );
        for s in shown {
            println!("{s}");
        }
    }
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
