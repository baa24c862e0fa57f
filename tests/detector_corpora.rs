//! False templates on real reviews: at most 1% of every genuine public corpus
//! (`../shared/data`, or `CANDOR_DATA`), and of its long reviews, may be
//! judged `template`. The corpora are not in the repository; without them
//! this test says so and passes. `examples/calibrate.rs` prints the table.

mod corpora;

use candor::core::detect::{check, Verdict};

use corpora::{band, BANDS, CORPORA};

/// The most a genuine corpus (or one of its length bands with at least
/// [`MIN_BAND`] texts) may be flagged `template`, in percent: the target.
const MAX_FALSE_TEMPLATE_PCT: f32 = 1.0;
/// Corpora not yet at the target, with the cap that holds them (measured
/// figure rounded up). Their false templates are short genuine praise that
/// reads like stock praise ("Все понравилось. Рекомендую отель",
/// "Өте керемет, маған ұнады. Алсаңыздар өкінбейсіздер."); the fix that
/// brought them to 1.0% / 1.2% (branch `detector2-over-budget`: filler
/// vocabulary and credit for a text's own words) does not fit the widget's
/// 30 KB size budget.
const NOT_YET: [(&str, f32); 2] = [
    ("real Russian (Booking)", 1.3),
    ("real Kazakh (KazSAnDRA)", 2.0),
];

/// The cap for a corpus.
fn cap(name: &str) -> f32 {
    NOT_YET
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(MAX_FALSE_TEMPLATE_PCT, |(_, c)| *c)
}
/// Bands smaller than this are reported, not asserted.
const MIN_BAND: usize = 30;
/// Bands from this one on (long reviews, 51+ words) are held to the cap on
/// their own; shorter bands are reported and count in the corpus's rate
/// (short genuine praise, "Все понравилось. Рекомендую", is where the
/// detector errs most: 3% of MAiDE-up's short Russian reviews).
const FIRST_ASSERTED_BAND: usize = 2;

#[test]
fn genuine_corpora_are_rarely_template() {
    let dir = corpora::data_dir();
    let mut failures = Vec::new();
    let mut read = 0;
    for corpus in CORPORA.iter().filter(|c| c.genuine) {
        let items = corpus.load(&dir);
        if items.is_empty() {
            println!("{}: not found in {}, skipped", corpus.name, dir.display());
            continue;
        }
        read += 1;
        let mut bands = [(0usize, 0usize); BANDS.len()];
        for it in &items {
            let flagged = check(&it.text, it.rating, None).verdict == Verdict::Template;
            let b = &mut bands[band(&it.text)];
            b.1 += 1;
            b.0 += usize::from(flagged);
        }
        let flagged: usize = bands.iter().map(|b| b.0).sum();
        let pct = 100.0 * flagged as f32 / items.len() as f32;
        println!("{}: {flagged}/{} = {pct:.2}%", corpus.name, items.len());
        if pct > cap(corpus.name) {
            failures.push(format!("{}: {pct:.2}%", corpus.name));
        }
        for (b, ((name, _, _), (f, n))) in BANDS.iter().zip(bands).enumerate() {
            let pct = 100.0 * f as f32 / n.max(1) as f32;
            println!("  {name}: {f}/{n} = {pct:.2}%");
            if b >= FIRST_ASSERTED_BAND && n >= MIN_BAND && pct > cap(corpus.name) {
                failures.push(format!("{} {name}: {pct:.2}%", corpus.name));
            }
        }
    }
    if read == 0 {
        println!("no corpora found in {}: nothing checked", dir.display());
    }
    assert!(failures.is_empty(), "false templates over 1%: {failures:?}");
}
