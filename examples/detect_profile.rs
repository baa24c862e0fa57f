//! Detector profiling and behaviour fingerprints.
//!
//! - `detect_profile en|ru|fa|sig [N]` judges (or, for `sig`, fingerprints) the
//!   benchmark's fixed 1,000-character text N times (default 1,000): run it
//!   under `valgrind --tool=callgrind` to count instructions per call.
//! - `detect_profile dump FILE.jsonl` prints, for every `{"text", "lang"?,
//!   "rating"?}` line and for prefixes of it, the full [`Report`] (signals
//!   included) and the signature, with and without the language: diff the
//!   output before and after a change to prove behaviour did not move.
//!
//! ```text
//! cargo build --release --no-default-features --features cli --example detect_profile
//! valgrind --tool=callgrind target/release/examples/detect_profile en 200
//! ```
//!
//! [`Report`]: candor::core::detect::Report

use std::hint::black_box;

use candor::core::detect::{check, signature};
use candor::core::lang::Lang;

// The texts of benches/detector.rs.
const EN: &str = "Ordered a kettle on 3 May, order 55120. It arrived on 19 May with a cracked lid \
and support hung up on me twice. Terrible company, never again! I want my 45 EUR back. ";
const RU: &str =
    "Заказал куртку 5 марта, привезли через две недели, молния сломана, размер не тот. \
Ужасный магазин, не рекомендую! Деньги вернули только после трёх звонков. ";
const FA: &str =
    "سفارشم ۱۰ روز دیر رسید و گوشی شکسته بود. با پشتیبانی تماس گرفتم ولی جواب ندادند. \
افتضاح، اصلا توصیه نمی‌کنم. ";

/// Repeats `seed` up to `chars` characters.
fn sized(seed: &str, chars: usize) -> String {
    seed.chars().cycle().take(chars).collect()
}

fn dump(path: &str) {
    let data = std::fs::read_to_string(path).expect("the input file is readable");
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("valid JSON line");
        let text = v["text"].as_str().unwrap_or_default();
        let lang = v["lang"].as_str().and_then(Lang::parse);
        let rating = v["rating"].as_u64().and_then(|r| u8::try_from(r).ok());
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        // The whole text and prefixes of it, cut anywhere (even inside words).
        let cuts = (1..chars.len()).step_by(17).map(|i| chars[i].0);
        for end in cuts.chain([text.len()]) {
            let t = &text[..end];
            println!("{:?}", check(t, rating, lang));
            println!("{:?}", check(t, None, None));
            println!("{}", signature(t, lang).to_hex());
            println!("{}", signature(t, None).to_hex());
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).map_or("en", String::as_str);
    if what == "dump" {
        dump(
            args.get(2)
                .map_or("tests/data/devset.jsonl", String::as_str),
        );
        return;
    }
    let n: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(1000);
    let seed = match what {
        "ru" => RU,
        "fa" => FA,
        _ => EN,
    };
    let text = sized(seed, 1000);
    let mut acc = 0u64;
    for _ in 0..n {
        if what == "sig" {
            acc += u64::from(signature(black_box(&text), None).shingles());
        } else {
            acc += black_box(check(black_box(&text), Some(1), None))
                .reasons
                .len() as u64;
        }
    }
    println!("{what} x{n}: {acc}");
}
