//! Calibration: how often the detector flags real, genuine reviews as
//! `template` (the false-flag rate), per corpus and per length band.
//!
//! ```text
//! cargo run --release --example calibrate --no-default-features -- [DATA_DIR] [--show N]
//! ```
//!
//! `DATA_DIR` defaults to `CANDOR_DATA` or `/work/shared/data` (see its
//! README): MAiDE-up real and GPT-generated Booking.com reviews (English,
//! Russian) and KazSAnDRA Kazakh reviews. The files are read in place, never
//! copied. `--show N` prints up to N flagged texts per corpus. Built with
//! the server (the default features) it also reports the server's
//! `machine_like` hint per corpus and the time both checks take per 1,000
//! characters, measured in the same run.
//! `tests/detector_corpora.rs` asserts the same rates stay under 1%.

#[path = "../tests/corpora/mod.rs"]
mod corpora;

use std::path::PathBuf;

use candor::core::detect::{check, cluster_campaigns, signature, Verdict};

use corpora::{band, BANDS, CORPORA};

/// The server's `machine_like` hint over a corpus: (flagged, n, µs per
/// 1,000 chars for `check`, µs per 1,000 chars for `machine_like`).
#[cfg(feature = "server")]
fn machine_like(
    items: &[corpora::Item],
    lang: candor::core::lang::Lang,
) -> (usize, usize, f64, f64) {
    use candor::server::rules::machine_like::judge;
    let chars: usize = items.iter().map(|it| it.text.chars().count()).sum();
    let start = std::time::Instant::now();
    for it in items {
        std::hint::black_box(check(&it.text, it.rating, None));
    }
    let check_time = start.elapsed();
    let start = std::time::Instant::now();
    let flagged = items
        .iter()
        .filter(|it| judge(&it.text, Some(lang)).flagged)
        .count();
    let machine_time = start.elapsed();
    let per_k = |d: std::time::Duration| d.as_secs_f64() * 1e6 * 1000.0 / chars.max(1) as f64;
    (flagged, items.len(), per_k(check_time), per_k(machine_time))
}

#[cfg(not(feature = "server"))]
fn machine_like(_: &[corpora::Item], _: candor::core::lang::Lang) {}

fn main() {
    let mut dir = corpora::data_dir();
    let mut show = 0usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--show" {
            show = args.next().and_then(|n| n.parse().ok()).unwrap_or(10);
        } else {
            dir = PathBuf::from(a);
        }
    }
    println!(
        "{:<28} {:>6} {:>10} {:>8} {:>9}  {:>9}  {:>10}",
        "corpus", "n", "template%", "vague%", "specific%", "langid-ok%", "campaign%"
    );
    let mut by_band = Vec::new();
    let mut machine = Vec::new();
    for corpus in &CORPORA {
        let items = corpus.load(&dir);
        if items.is_empty() {
            eprintln!("skipping {}: cannot read", dir.join(corpus.file).display());
            continue;
        }
        let mut counts = [0usize; 3];
        let mut bands = [(0usize, 0usize); BANDS.len()];
        let mut lang_ok = 0usize;
        let mut shown = Vec::new();
        for it in &items {
            let r = check(&it.text, it.rating, None);
            if r.lang == Some(corpus.lang) {
                lang_ok += 1;
            }
            let k = match r.verdict {
                Verdict::Template => 0,
                Verdict::Vague => 1,
                Verdict::Specific => 2,
            };
            counts[k] += 1;
            let b = &mut bands[band(&it.text)];
            b.1 += 1;
            if r.verdict == Verdict::Template {
                b.0 += 1;
                if shown.len() < show {
                    shown.push(format!(
                        "  [{:.2} {:?}] {}",
                        r.score,
                        r.reasons.iter().map(|x| x.code()).collect::<Vec<_>>(),
                        it.text.replace('\n', " / ")
                    ));
                }
            }
        }
        let sigs: Vec<_> = items.iter().map(|it| signature(&it.text, None)).collect();
        let clusters = cluster_campaigns(&sigs);
        let in_campaign = clusters.iter().filter(|c| c.is_some()).count();
        let pct = |x: usize| 100.0 * x as f32 / items.len() as f32;
        println!(
            "{:<28} {:>6} {:>9.2}% {:>7.1}% {:>8.1}%  {:>9.1}%  {:>9.1}%",
            corpus.name,
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
        by_band.push((corpus.name, bands));
        machine.push((corpus.name, machine_like(&items, corpus.lang)));
    }
    #[cfg(feature = "server")]
    {
        println!("\nmachine_like hint (server only; en/ru only; MAiDE-up rows include the training data):");
        println!(
            "{:<28} {:>9} {:>16} {:>16}",
            "corpus", "flagged%", "check µs/1k chars", "machine µs/1k chars"
        );
        for (name, (flagged, n, check_us, machine_us)) in &machine {
            println!(
                "{name:<28} {:>8.2}% {check_us:>16.1} {machine_us:>16.1}",
                100.0 * *flagged as f32 / (*n).max(1) as f32
            );
        }
    }
    println!("\n`template` by length band (flagged/n):");
    print!("{:<28}", "corpus");
    for (name, _, _) in BANDS {
        print!(" {name:>16}");
    }
    println!();
    for (name, bands) in by_band {
        print!("{name:<28}");
        for (f, n) in bands {
            let cell = if n == 0 {
                "-".to_string()
            } else {
                format!("{f}/{n} {:.1}%", 100.0 * f as f32 / n as f32)
            };
            print!(" {cell:>16}");
        }
        println!();
    }
}
