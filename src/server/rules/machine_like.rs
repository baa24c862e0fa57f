//! `machine_like`: how much a review reads like text written by a language
//! model — a hint for the merchant, never public and never a hold by itself.
//!
//! Template-made fakes are what the core detector catches; the fakes of 2026
//! are mostly fluent, balanced, "specific-sounding" model output, which it
//! was not built to see. This is a separate, server-only signal: logistic
//! regression over hashed character 2–4-grams and words, trained by
//! `scripts/train_machine_like.py` on MAiDE-up (real vs GPT-written
//! Booking.com reviews, English and Russian) and compiled in with
//! `include_bytes!` (512 KB, no runtime download). It is not in the
//! widget's bundle: this module exists only with the `server` feature.
//!
//! It was trained on English and Russian hotel reviews only, so it flags
//! only those two languages; for Kazakh, Persian and Greek the score is
//! computed but never flagged. Short texts are judged less well (see the
//! README's detector section for the figures).

use std::sync::OnceLock;

use crate::core::lang::Lang;

/// The trained weights (format written by `scripts/train_machine_like.py`:
/// `CML1`, bucket count, scale, bias, the English and Russian thresholds,
/// then one little-endian i16 weight per bucket).
static MODEL_BYTES: &[u8] = include_bytes!("machine_like.bin");

/// Below this many words a text is not flagged: the held-out figures drop
/// for short texts, and a nudge-sized review says too little to judge.
pub const MIN_WORDS: usize = 12;

/// The model, parsed once.
struct Model {
    scale: f32,
    bias: f32,
    threshold_en: f32,
    threshold_ru: f32,
    weights: Vec<i16>,
}

impl Model {
    fn parse(bytes: &[u8]) -> Option<Model> {
        let rest = bytes.strip_prefix(b"CML1")?;
        let word = |i: usize| -> Option<[u8; 4]> { rest.get(i * 4..i * 4 + 4)?.try_into().ok() };
        let buckets = u32::from_le_bytes(word(0)?) as usize;
        let f = |i: usize| word(i).map(f32::from_le_bytes);
        let (scale, bias, threshold_en, threshold_ru) = (f(1)?, f(2)?, f(3)?, f(4)?);
        let body = rest.get(20..)?;
        if body.len() != buckets * 2 || !buckets.is_power_of_two() {
            return None;
        }
        let weights = body
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect();
        Some(Model {
            scale,
            bias,
            threshold_en,
            threshold_ru,
            weights,
        })
    }

    fn get() -> Option<&'static Model> {
        static MODEL: OnceLock<Option<Model>> = OnceLock::new();
        MODEL.get_or_init(|| Model::parse(MODEL_BYTES)).as_ref()
    }
}

/// FNV-1a, 32 bits: the hash the training script uses.
fn fnv1a(prefix: &[u8], data: &[u8]) -> u32 {
    let mut h: u32 = 0x811C_9DC5;
    for b in prefix.iter().chain(data) {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Lower case, ASCII digits as `0`, whitespace runs as one space (as the
/// training script's `normalise`).
fn normalise(text: &str) -> String {
    let lower: String = text
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .collect();
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The features of a text: bucket → 1 + ln(count) of char 2..4-grams and
/// words, L2-normalised (as the training script's `features`).
fn features(text: &str, buckets: usize) -> Vec<(usize, f32)> {
    let t = normalise(text);
    let padded: Vec<char> = format!(" {t} ").chars().collect();
    let mut counts: std::collections::HashMap<usize, u32> = std::collections::HashMap::new();
    let mask = buckets - 1;
    let mut gram = String::new();
    for n in 2..=4usize {
        for w in padded.windows(n) {
            gram.clear();
            gram.extend(w);
            let b = fnv1a(&[n as u8], gram.as_bytes()) as usize & mask;
            *counts.entry(b).or_default() += 1;
        }
    }
    for w in t.split(' ').filter(|w| !w.is_empty()) {
        let b = fnv1a(b"w", w.as_bytes()) as usize & mask;
        *counts.entry(b).or_default() += 1;
    }
    let mut vals: Vec<(usize, f32)> = counts
        .into_iter()
        .map(|(b, c)| (b, 1.0 + (c as f32).ln()))
        .collect();
    let norm = vals
        .iter()
        .map(|(_, v)| v * v)
        .sum::<f32>()
        .sqrt()
        .max(1e-9);
    for (_, v) in &mut vals {
        *v /= norm;
    }
    vals
}

/// 0..=1: how much `text` reads like machine-generated text (the model's
/// probability). 0 when the model cannot be read. At most the first 12 KB
/// are judged, as by the template detector.
pub fn score(text: &str) -> f32 {
    let Some(model) = Model::get() else {
        return 0.0;
    };
    let text = crate::core::detect::normalize::capped(text);
    let z = model.bias
        + features(text, model.weights.len())
            .iter()
            .map(|(b, v)| f32::from(model.weights[*b]) * model.scale * v)
            .sum::<f32>();
    1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp())
}

/// The signal for one review: its score, and whether to show the merchant
/// the hint ("reads like machine-generated text").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MachineLike {
    /// See [`score`].
    pub score: f32,
    /// At or above the language's threshold (2% of held-out real reviews
    /// reach it), in a language the model was trained on, and long enough.
    pub flagged: bool,
}

/// Judges a review in `lang` (its declared or detected language).
pub fn judge(text: &str, lang: Option<Lang>) -> MachineLike {
    let score = score(text);
    let threshold = Model::get().and_then(|m| match lang {
        Some(Lang::En) => Some(m.threshold_en),
        Some(Lang::Ru) => Some(m.threshold_ru),
        _ => None,
    });
    let long_enough = text.split_whitespace().nth(MIN_WORDS - 1).is_some();
    MachineLike {
        score,
        flagged: long_enough && threshold.is_some_and(|t| score >= t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_loads_and_is_small() {
        assert!(MODEL_BYTES.len() <= 2 * 1024 * 1024);
        let m = Model::get().expect("the compiled-in model parses");
        assert!(m.threshold_en > 0.0 && m.threshold_en < 1.0);
        assert!(m.threshold_ru > 0.0 && m.threshold_ru < 1.0);
    }

    #[test]
    fn scores_match_the_training_script() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/machine_like_expected.jsonl"
        );
        let data = std::fs::read_to_string(path).expect("expected scores");
        for line in data.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("JSON");
            let text = v["text"].as_str().expect("text");
            let expected = v["score"].as_f64().expect("score") as f32;
            let got = score(text);
            assert!((got - expected).abs() < 2e-3, "{text}: {got} vs {expected}");
        }
    }

    #[test]
    fn flags_only_trained_languages_and_long_enough_texts() {
        let fluent = "The hotel was located in a convenient area, and the staff were friendly \
                      and attentive. The room was spacious and clean, offering a comfortable stay.";
        assert!(judge(fluent, Some(Lang::En)).flagged);
        assert!(
            !judge(fluent, Some(Lang::El)).flagged,
            "no Greek training data"
        );
        assert!(!judge("The room was spacious and clean.", Some(Lang::En)).flagged);
        let genuine = "Ordered a kettle on 3 May, it came on the 19th with a cracked lid and \
                       support hung up on me twice. I want my 45 EUR back.";
        assert!(!judge(genuine, Some(Lang::En)).flagged);
        for odd in ["", " ", "\u{202E}", "🙂🙂"] {
            let s = score(odd);
            assert!(s.is_finite() && (0.0..=1.0).contains(&s));
        }
    }
}
