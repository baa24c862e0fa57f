//! Precision, recall and AUC of the `template` verdict on the labelled dev
//! set (`tests/data/devset.jsonl`) and the held-out test set
//! (`tests/data/testset.jsonl`, never tuned on), per language, with floors.
//! Run with `--nocapture` to see the tables; set `DEVSET_VERBOSE=1` to list
//! every miss.

use std::collections::BTreeMap;

use candor::core::detect::{
    check, check_against, cluster_campaigns, identify, signature, Report, TemplateIndex, Verdict,
};
use candor::core::lang::Lang;

struct Row {
    id: String,
    lang: Lang,
    template: bool,
    kind: String,
    rating: Option<u8>,
    text: String,
    group: Option<String>,
}

/// The rows of `tests/data/<file>`.
fn load(file: &str) -> Vec<Row> {
    let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
    let data = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    data.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("valid JSON line");
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            Row {
                id: s("id"),
                lang: Lang::parse(&s("lang")).expect("known language"),
                template: s("label") == "template",
                kind: s("kind"),
                rating: v["rating"].as_u64().and_then(|r| u8::try_from(r).ok()),
                text: s("text"),
                group: v["group"].as_str().map(str::to_string),
            }
        })
        .collect()
}

fn rows() -> Vec<Row> {
    load("devset.jsonl")
}

/// Judges every row alone (`server == false`, as the widget does) or, as the
/// server does, against the signatures of every other row.
fn verdicts(rows: &[Row], server: bool) -> Vec<Report> {
    let sigs: Vec<_> = rows
        .iter()
        .map(|r| signature(&r.text, Some(r.lang)))
        .collect();
    rows.iter()
        .enumerate()
        .map(|(i, r)| {
            if !server {
                return check(&r.text, r.rating, Some(r.lang));
            }
            let mut idx = TemplateIndex::new();
            for (j, s) in sigs.iter().enumerate() {
                if j != i {
                    idx.add(j as u64, s.clone());
                }
            }
            check_against(&r.text, r.rating, Some(r.lang), &idx)
        })
        .collect()
}

/// Per-language counts and the scores of both classes (for the AUC).
#[derive(Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
    genuine: usize,
    vague_genuine: usize,
    template_scores: Vec<f32>,
    genuine_scores: Vec<f32>,
}

impl Counts {
    fn precision(&self) -> f32 {
        self.tp as f32 / (self.tp + self.fp).max(1) as f32
    }

    fn recall(&self) -> f32 {
        self.tp as f32 / (self.tp + self.fn_).max(1) as f32
    }

    /// The chance that a random template text scores above a random genuine
    /// one (ties count half): the ROC AUC of the score.
    fn auc(&self) -> f32 {
        let mut wins = 0.0f64;
        for t in &self.template_scores {
            for g in &self.genuine_scores {
                wins += if t > g {
                    1.0
                } else if t == g {
                    0.5
                } else {
                    0.0
                };
            }
        }
        let pairs = (self.template_scores.len() * self.genuine_scores.len()).max(1);
        (wins / pairs as f64) as f32
    }
}

/// The least each language must reach: (recall on the dev set alone, recall
/// on the test set, AUC on both). Precision must be 1.000 everywhere: a
/// genuine shopper flagged to the merchant is the worst error. Kept within
/// 0.03 of the measured figures (README, "How well it works").
const FLOORS: [(Lang, f32, f32, f32); 5] = [
    (Lang::En, 0.89, 0.93, 0.96),
    (Lang::Ru, 0.94, 0.77, 0.95),
    (Lang::Kk, 0.86, 0.72, 0.95),
    (Lang::Fa, 0.83, 0.82, 0.94),
    (Lang::El, 0.80, 0.80, 0.94),
];

#[test]
fn devset_precision_recall_per_language() {
    table("dev set, each text alone (widget)", &rows(), false, |f| f.1);
}

#[test]
fn devset_precision_recall_with_submission_comparison() {
    table(
        "dev set, compared with the other submissions (server)",
        &rows(),
        true,
        |f| f.1,
    );
}

#[test]
fn testset_precision_recall_per_language() {
    let rows = load("testset.jsonl");
    assert!(rows.len() >= 600, "test set has {} lines", rows.len());
    table(
        "held-out test set, each text alone (widget)",
        &rows,
        false,
        |f| f.2,
    );
}

/// Prints the per-language table and asserts the floors (`recall_floor`
/// picks the recall column of [`FLOORS`]).
fn table(title: &str, rows: &[Row], server: bool, recall_floor: fn(&(Lang, f32, f32, f32)) -> f32) {
    let reports = verdicts(rows, server);
    println!("\n== {title} ==");
    assert!(rows.len() >= 300, "set has {} lines", rows.len());
    let verbose = std::env::var_os("DEVSET_VERBOSE").is_some();
    let mut per: BTreeMap<Lang, Counts> = BTreeMap::new();
    let mut angry_flagged = Vec::new();
    let mut per_kind: BTreeMap<(String, bool), (usize, usize)> = BTreeMap::new();
    for (r, rep) in rows.iter().zip(&reports) {
        let flagged = rep.verdict == Verdict::Template;
        let c = per.entry(r.lang).or_default();
        let k = per_kind.entry((r.kind.clone(), r.template)).or_default();
        k.1 += 1;
        if flagged {
            k.0 += 1;
        }
        match (r.template, flagged) {
            (true, true) => c.tp += 1,
            (false, true) => c.fp += 1,
            (true, false) => c.fn_ += 1,
            (false, false) => {}
        }
        if r.template {
            c.template_scores.push(rep.score);
        } else {
            c.genuine_scores.push(rep.score);
            c.genuine += 1;
            if rep.verdict == Verdict::Vague {
                c.vague_genuine += 1;
            }
        }
        if !r.template && flagged && r.kind == "angry_factual" {
            angry_flagged.push(r.id.clone());
        }
        if verbose && r.template != flagged {
            println!(
                "MISS {} [{}] {:?} score {}: {}\n    {:?}",
                r.id, r.kind, rep.verdict, rep.score, r.text, rep.signals
            );
        }
    }
    println!("\nlang  precision  recall    AUC  flagged-genuine  vague-genuine");
    let mut failures = Vec::new();
    for (lang, c) in &per {
        let (precision, recall, auc) = (c.precision(), c.recall(), c.auc());
        println!(
            "{:<4}  {:>9.3}  {:>6.3}  {:>5.3}  {:>7}/{:<7}  {:>6}/{}",
            lang.code(),
            precision,
            recall,
            auc,
            c.fp,
            c.genuine,
            c.vague_genuine,
            c.genuine
        );
        let floor = FLOORS
            .iter()
            .find(|f| f.0 == *lang)
            .expect("a floor for every language");
        let min_recall = if server { 0.7 } else { recall_floor(floor) };
        if precision < 1.0 || recall < min_recall || (!server && auc < floor.3) {
            failures.push(format!(
                "{lang}: precision {precision:.3}, recall {recall:.3} (floor {min_recall}), AUC {auc:.3} (floor {})",
                floor.3
            ));
        }
    }
    println!("\nkind (label)                     flagged template");
    for ((kind, template), (f, n)) in &per_kind {
        let label = if *template { "template" } else { "genuine" };
        println!("{:<32} {f:>3}/{n}", format!("{kind} ({label})"));
    }
    assert!(
        angry_flagged.is_empty(),
        "angry factual genuine texts flagged template: {angry_flagged:?}"
    );
    assert!(failures.is_empty(), "below floors: {failures:?}");
}

#[test]
fn devset_language_identification() {
    let rows = rows();
    let right = rows
        .iter()
        .filter(|r| identify(&r.text) == Some(r.lang))
        .count();
    let wrong: Vec<&str> = rows
        .iter()
        .filter(|r| identify(&r.text) != Some(r.lang))
        .map(|r| r.id.as_str())
        .collect();
    println!(
        "language identification: {right}/{} ({wrong:?})",
        rows.len()
    );
    assert!(right * 100 >= rows.len() * 97, "misidentified: {wrong:?}");
}

#[test]
fn devset_campaign_variants_cluster_together() {
    let rows = rows();
    let sigs: Vec<_> = rows
        .iter()
        .map(|r| signature(&r.text, Some(r.lang)))
        .collect();
    let clusters = cluster_campaigns(&sigs);
    let mut groups: BTreeMap<&str, Vec<Option<usize>>> = BTreeMap::new();
    let mut genuine_in_campaign = Vec::new();
    for (r, c) in rows.iter().zip(&clusters) {
        match &r.group {
            Some(g) => groups.entry(g.as_str()).or_default().push(*c),
            None if !r.template && c.is_some() => genuine_in_campaign.push(r.id.as_str()),
            None => {}
        }
    }
    let lines: usize = groups.values().map(Vec::len).sum();
    let clustered: usize = groups.values().flatten().filter(|c| c.is_some()).count();
    let whole = groups
        .values()
        .filter(|cs| cs[0].is_some() && cs.iter().all(|c| *c == cs[0]))
        .count();
    println!(
        "campaign groups found whole: {whole}/{}; campaign lines in a campaign: {clustered}/{lines}; \
         genuine texts put in a campaign: {genuine_in_campaign:?}",
        groups.len()
    );
    assert!(
        whole * 3 >= groups.len() * 2,
        "only {whole}/{} groups whole",
        groups.len()
    );
    assert!(
        clustered * 4 >= lines * 3,
        "only {clustered}/{lines} lines clustered"
    );
    assert!(
        genuine_in_campaign.len() * 100 <= rows.len(),
        "genuine texts clustered: {genuine_in_campaign:?}"
    );
}
