//! The template-likeness detector: tells a real shopper's review from text
//! written from a template.
//!
//! A real customer says what they ordered, when, and what happened; template
//! text is stock praise or condemnation with no facts. [`check`] measures
//! [`Signals`] — concreteness (numbers, dates, durations, money, sizes,
//! products, events), stock phrases, evaluative padding, repetition — and
//! turns them into a score and a [`Verdict`]:
//!
//! - `specific`: carries facts, fine as it is (score `< 0.35`);
//! - `vague`: looks genuine but says nothing concrete, nudge the writer
//!   (`0.35 ..< 0.6`);
//! - `template`: stock phrases or template shape with no facts about what
//!   happened, flag for the merchant (`>= 0.6`).
//!
//! Tone never decides: exclamation marks, capitals and anger are ignored, and
//! a text with facts about what happened (an event plus a date, amount or
//! product, or several events) is never `template`. [`signature`] and
//! [`TemplateIndex`] compare texts by template shape to find campaigns.
//!
//! Pure computation, no I/O; at most the first 12 KB of a text are judged.

pub mod langid;
pub mod lexicon;
mod lowercase;
pub mod minhash;
pub mod normalize;
pub mod reasons;
pub mod signals;

use serde::Serialize;

use crate::core::lang::Lang;

pub use langid::identify;
pub use minhash::{
    cluster_campaigns, signature, Signature, Sketch, TemplateIndex, MIN_CAMPAIGN_SHINGLES,
    SHORT_SHAPE_SHINGLES, SHORT_TEMPLATE_SIMILARITY, TEMPLATE_SIMILARITY,
};
pub use reasons::ReasonCode;
pub use signals::Signals;

/// The concreteness that makes a story of a long text (see `has_story`).
const LONG_STORY_FACTS: f32 = 3.0;
/// Beyond this many words facts no longer thin out: the counts behind
/// concreteness are capped, so a long, detailed review would otherwise look
/// as empty as padding.
const LONG_WORDS: u32 = 120;

/// Scores at or above this are `template`.
pub const TEMPLATE_THRESHOLD: f32 = 0.6;
/// Scores at or above this (and below [`TEMPLATE_THRESHOLD`]) are `vague`.
pub const VAGUE_THRESHOLD: f32 = 0.35;

/// What the detector concluded about a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Carries facts: fine as it is.
    Specific,
    /// Looks genuine but says nothing concrete: nudge the writer for details.
    Vague,
    /// Looks written from a template or stock phrases: flag for the merchant.
    Template,
}

impl Verdict {
    /// The stable lowercase name used in JSON and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Specific => "specific",
            Verdict::Vague => "vague",
            Verdict::Template => "template",
        }
    }

    /// The verdict a score falls in (see [`TEMPLATE_THRESHOLD`], [`VAGUE_THRESHOLD`]).
    pub fn from_score(score: f32) -> Verdict {
        if score >= TEMPLATE_THRESHOLD {
            Verdict::Template
        } else if score >= VAGUE_THRESHOLD {
            Verdict::Vague
        } else {
            Verdict::Specific
        }
    }
}

/// The detector's judgement of one text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The language of the text: the declared one, else detected; `None` when
    /// the text is in none of the five languages.
    pub lang: Option<Lang>,
    /// 0..=1, higher means more template-like; the verdict is its band.
    pub score: f32,
    /// The verdict derived from the score (always `Verdict::from_score(score)`).
    pub verdict: Verdict,
    /// Why, most important first; each has a localized actionable message.
    pub reasons: Vec<ReasonCode>,
    /// The measurements behind the verdict.
    pub signals: Signals,
}

/// Judges one review text. `rating` is the star rating 1..=5 if any (it only
/// picks which nudge to give and spots a rating/text mismatch); `declared` is
/// the language the writer chose, used in preference to detection. Never
/// panics; at most the first 12 KB are judged.
pub fn check(text: &str, rating: Option<u8>, declared: Option<Lang>) -> Report {
    judge(text, rating, declared, None)
}

/// Like [`check`], but also compares the text's template shape with known
/// signatures (e.g. earlier submissions, excluding this one). A match from
/// the same template ([`Signature::same_template`]) adds
/// [`ReasonCode::NearDuplicate`] and,
/// unless the text carries facts about what happened (or is a long verbatim
/// copy), makes it `template`.
pub fn check_against(
    text: &str,
    rating: Option<u8>,
    declared: Option<Lang>,
    known: &TemplateIndex,
) -> Report {
    let sig = shape(text, declared);
    let near = known.same_template(&sig).map(|(_, sim)| sim);
    check_compared(text, rating, declared, &sig, near)
}

/// The template signature [`check_against`] compares: of the text's shape in
/// the declared language, else the identified one.
pub fn shape(text: &str, declared: Option<Lang>) -> Signature {
    signature(text, declared.or_else(|| identify(text)))
}

/// [`check_against`] when the caller compared [`shape`]'s `sig` with the
/// known signatures itself: `near` is the similarity of the most similar
/// one from the same template ([`Signature::same_template`]), if any.
pub fn check_compared(
    text: &str,
    rating: Option<u8>,
    declared: Option<Lang>,
    sig: &Signature,
    near: Option<f32>,
) -> Report {
    judge(
        text,
        rating,
        declared,
        near.map(|sim| (sim, sig.shingles())),
    )
}

/// How concrete a text is: events weigh most, then dates/durations and
/// amounts, then product nouns. A purchase, a model name or an order number
/// alone count for little.
fn concreteness(s: &Signals) -> f32 {
    s.events.min(3) as f32
        + 0.3 * s.purchases.min(1) as f32
        + 0.8 * s.times.min(2) as f32
        + 0.8 * (s.numbers + s.quantities).min(2) as f32
        + 0.4 * s.products.min(3) as f32
        + 0.2 * s.models.min(1) as f32
        + if s.order_refs > 0 { 0.2 } else { 0.0 }
}

/// Facts about what happened — something happened and there is a detail
/// (when, how much, which parts) — dense enough for the text's length. A text
/// with a story is never `template` on its own.
fn has_story(s: &Signals, c: f32) -> bool {
    let detail = s.times + s.numbers + s.quantities;
    let story = (s.events >= 1 && detail >= 1)
        || s.events >= 2
        || (s.events >= 1 && s.products >= 2)
        || (detail >= 2 && s.products >= 1);
    // Dense enough for the length; a long review's facts saturate (the
    // counts are capped), so the bar stops rising at three facts' worth.
    story && c >= (s.words as f32 / 30.0).min(LONG_STORY_FACTS)
}

fn clamp01(x: f32) -> f32 {
    if x.is_nan() {
        0.0
    } else {
        x.clamp(0.0, 1.0)
    }
}

fn judge(
    text: &str,
    rating: Option<u8>,
    declared: Option<Lang>,
    near: Option<(f32, u16)>,
) -> Report {
    let text = normalize::capped(text);
    let detected = identify(text);
    let lang = declared.or(detected);
    let buf = normalize::TokenBuf::new(text);
    let tokens = buf.to_vec();
    let lexes = signals::lexicons(declared, detected);
    let s = signals::extract(&tokens, &lexes, lang);

    let c = concreteness(&s);
    let detail = s.times + s.numbers + s.quantities;
    // A long text of stock phrases and evaluation where a stray time word or
    // number looks like a fact: the facts are too thin for its padding.
    let padded_story = s.words >= 60
        && s.stock_strength >= 3.0
        && s.evaluative_share >= 0.35
        && c * (30.0 / s.words as f32) < 1.2;
    let story = has_story(&s, c) && !padded_story;
    // Facts weigh by density: a few facts lost in 100 words of praise count less.
    let c_dense = c * (30.0 / s.words.clamp(30, LONG_WORDS) as f32);

    // Template-likeness before facts are weighed in.
    let mut t = 0.0f32;
    if s.stock_strength > 0.0 {
        t += 0.25 + 0.2 * s.stock_strength.min(2.5);
    }
    t += 0.3 * s.stock_coverage;
    let padding = clamp01((s.evaluative_share - 0.25) / 0.35);
    let padded = s.content_words >= 3 && padding > 0.5;
    t += 0.35 * padding * if s.content_words >= 3 { 1.0 } else { 0.5 };
    let repetitive = s.words >= 12 && s.diversity < 0.5;
    if s.words >= 12 {
        t += 0.25 * clamp01((0.6 - s.diversity) / 0.3);
    }
    if s.words > 0 && s.first_person as f32 / s.words as f32 >= 0.1 && s.events == 0 {
        t += 0.05;
    }
    // Condemnation with nothing behind it: two formulaic phrases ("scammers",
    // "do not buy here"), no date, number or amount, one product at most.
    let bare_condemnation = s.polarity < 0
        && s.stock_strength >= 2.0
        && detail == 0
        && s.products <= 1
        && s.words <= 25;
    if bare_condemnation && !story {
        t += 0.2;
    }
    let ref_only = s.order_refs > 0 && s.events == 0;
    if ref_only {
        t += 0.15;
    }
    t -= 0.22 * c_dense;

    // One formulaic phrase (or two weak ones) at least, or long padding:
    // "Everything was great" alone is a short genuine review, not a template.
    let formulaic = s.stock_strength >= 1.0
        || (s.stock_strength > 0.0 && s.evaluative >= 3 && padding > 0.2)
        || (s.words >= 30 && padded);
    let mut template = t >= 0.5 && !story && formulaic;
    if let Some((sim, shingles)) = near {
        t += 0.5;
        if !story || (sim >= 0.95 && shingles >= 10) {
            template = true;
        }
    }

    let score = if template {
        TEMPLATE_THRESHOLD + 0.4 * clamp01((t - 0.5) / 0.5)
    } else if c < 1.0 {
        VAGUE_THRESHOLD + 0.24 * clamp01(t / 0.6)
    } else {
        0.34 * clamp01((t + 0.5) / 1.05)
    };
    let score = (score * 1000.0).round() / 1000.0;
    let verdict = Verdict::from_score(score);

    // Polarity: the words, else the rating.
    let negative = s.polarity < 0 || (s.polarity == 0 && rating.is_some_and(|r| r <= 2));
    let positive = s.polarity > 0 || (s.polarity == 0 && rating.is_some_and(|r| r >= 4));

    let mut reasons = Vec::new();
    if near.is_some() {
        reasons.push(ReasonCode::NearDuplicate);
    }
    if verdict != Verdict::Specific {
        if s.stock_phrases > 0 {
            reasons.push(ReasonCode::StockPhrases);
        }
        if ref_only {
            reasons.push(ReasonCode::OrderNumberOnly);
        }
        if padded {
            reasons.push(ReasonCode::EvaluativePadding);
        }
        if repetitive {
            reasons.push(ReasonCode::Repetitive);
        }
        if s.words < 4 && verdict == Verdict::Vague {
            reasons.push(ReasonCode::TooShort);
        }
        if negative && s.events == 0 {
            reasons.push(ReasonCode::WhatWentWrong);
        } else if positive && s.products == 0 {
            reasons.push(ReasonCode::DescribeProduct);
        } else if c < 1.0 {
            reasons.push(ReasonCode::NoFacts);
        }
        if s.times == 0 && negative {
            reasons.push(ReasonCode::NoWhen);
        }
    }
    let mismatch = match rating {
        Some(r) if r <= 2 => s.polarity >= 2,
        Some(r) if r >= 4 => s.polarity <= -2,
        _ => false,
    };
    if mismatch {
        reasons.push(ReasonCode::RatingMismatch);
    }

    Report {
        lang,
        score,
        verdict,
        reasons,
        signals: s,
    }
}

/// The one thing to ask a writer whose text is `vague`: what happened (a
/// complaint that does not say), else when (a complaint without a date or a
/// wait), else which product (praise that names nothing). `None` for other
/// verdicts, and as soon as the text has the thing asked for — a nudge on
/// nearly every short review would stop being read, so it asks for one
/// concrete thing and then goes quiet. `rating` as given to [`check`].
pub fn nudge(report: &Report, rating: Option<u8>) -> Option<ReasonCode> {
    if report.verdict != Verdict::Vague {
        return None;
    }
    let s = &report.signals;
    // The stars the writer chose say more than the words ("not happy").
    let negative = rating.map_or(s.polarity < 0, |r| r <= 2);
    if negative {
        if s.events == 0 {
            Some(ReasonCode::WhatWentWrong)
        } else if s.times == 0 {
            Some(ReasonCode::NoWhen)
        } else {
            None
        }
    } else if s.products + s.models + s.events + s.purchases == 0 {
        Some(ReasonCode::DescribeProduct)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(text: &str) -> Verdict {
        check(text, None, None).verdict
    }

    #[test]
    fn stock_condemnation_and_praise_are_template() {
        for t in [
            "Terrible company, do not recommend to anyone! Worst service ever, avoid!",
            "Best shop ever, highly recommend!!!",
            "Ужасный магазин, не рекомендую",
            "Лучший магазин, всем советую!",
            "Өте жақсы, ұсынамын",
            "عالی بود، پیشنهاد می‌کنم",
            "افتضاح، اصلا توصیه نمی‌کنم",
            "Απαράδεκτη εταιρεία, δεν συνιστώ",
            "Τέλειο, το συνιστώ ανεπιφύλακτα",
            "Order 48213. Terrible. Never again.",
        ] {
            assert_eq!(
                verdict(t),
                Verdict::Template,
                "{t}: {:?}",
                check(t, None, None)
            );
        }
    }

    #[test]
    fn angry_factual_complaints_are_specific() {
        for t in [
            "Ordered a kettle on 3 May, order 55120. It arrived on 19 May with a cracked lid \
             and support hung up on me twice. I want my 45 EUR back!!!",
            "TERRIBLE!!! The sofa came 3 weeks late and the leg was broken. NEVER AGAIN!!!",
            "Заказал куртку 5 марта, привезли через две недели, молния сломана. Ужасный магазин, не рекомендую!!!",
            "سفارشم ۱۰ روز دیر رسید و گوشی شکسته بود. افتضاح!",
            "Παρήγγειλα παπούτσια στις 3 Μαΐου, ήρθαν σπασμένα. Απαράδεκτη εταιρεία!",
            "Тапсырысты 2 апта күттім, телефон сынған келді. Ұсынбаймын!",
        ] {
            let r = check(t, Some(1), None);
            assert_eq!(r.verdict, Verdict::Specific, "{t}: {r:?}");
        }
    }

    #[test]
    fn short_genuine_is_vague_not_template() {
        for t in [
            "Location",
            "Staff were friendly.",
            "Маған ұнады",
            "Хороший отель",
            "ok",
        ] {
            assert_eq!(
                verdict(t),
                Verdict::Vague,
                "{t}: {:?}",
                check(t, None, None)
            );
        }
    }

    #[test]
    fn reasons_are_actionable_and_localised() {
        let r = check("Terrible company, never again", Some(1), None);
        assert!(r.reasons.contains(&ReasonCode::StockPhrases));
        assert!(r.reasons.contains(&ReasonCode::WhatWentWrong));
        assert!(ReasonCode::WhatWentWrong.text(Lang::Fa).contains('؟'));
        let r = check("Best shop ever, highly recommend", Some(1), None);
        assert!(r.reasons.contains(&ReasonCode::RatingMismatch), "{r:?}");
    }

    #[test]
    fn near_duplicates_are_flagged() {
        let mut idx = TemplateIndex::new();
        idx.add(
            7,
            signature(
                "Just a wonderful store, they are so polite and kind, I am always happy here",
                None,
            ),
        );
        let r = check_against(
            "Just a wonderful shop, they are so polite and kind, I am always happy there",
            None,
            None,
            &idx,
        );
        assert!(r.reasons.contains(&ReasonCode::NearDuplicate), "{r:?}");
        assert_eq!(r.verdict, Verdict::Template);
        let r = check_against("The hotel pool was closed all week.", None, None, &idx);
        assert!(!r.reasons.contains(&ReasonCode::NearDuplicate));
    }

    #[test]
    fn vague_nudge_asks_one_thing_and_goes_once_it_is_there() {
        // (text without the thing, what is asked, the same text with it) per language.
        let cases = [
            (
                "Not happy at all.",
                Some(1),
                ReasonCode::WhatWentWrong,
                "Not happy at all, the parcel arrived broken.",
            ),
            (
                "Very nice, happy.",
                Some(5),
                ReasonCode::DescribeProduct,
                "Very nice jacket, happy.",
            ),
            (
                "Совсем не понравилось.",
                Some(1),
                ReasonCode::WhatWentWrong,
                "Совсем не понравилось, посылка пришла сломанная.",
            ),
            (
                "Пользуюсь, нормально.",
                Some(5),
                ReasonCode::DescribeProduct,
                "Пользуюсь курткой, нормально.",
            ),
            (
                "Маған ұнамады.",
                Some(1),
                ReasonCode::WhatWentWrong,
                "Маған ұнамады, сәлемдеме сынған келді.",
            ),
            (
                "Жақсы екен.",
                Some(5),
                ReasonCode::DescribeProduct,
                "Телефон жақсы екен.",
            ),
            (
                "اصلا راضی نبودم.",
                Some(1),
                ReasonCode::WhatWentWrong,
                "اصلا راضی نبودم، بسته شکسته رسید.",
            ),
            (
                "خیلی خوب بود.",
                Some(5),
                ReasonCode::DescribeProduct,
                "گوشی خیلی خوب بود.",
            ),
            (
                "Δεν μου άρεσε καθόλου.",
                Some(1),
                ReasonCode::WhatWentWrong,
                "Δεν μου άρεσε καθόλου, το δέμα ήρθε σπασμένο.",
            ),
            (
                "Καλό είναι.",
                Some(5),
                ReasonCode::DescribeProduct,
                "Καλό φόρεμα είναι.",
            ),
        ];
        for (without, rating, asked, with) in cases {
            let r = check(without, rating, None);
            assert_eq!(nudge(&r, rating), Some(asked), "{without}: {r:?}");
            let r = check(with, rating, None);
            assert_ne!(nudge(&r, rating), Some(asked), "{with}: {r:?}");
        }
        // Never on a specific or template text.
        let r = check("Terrible company, do not recommend!", Some(1), None);
        assert_eq!(nudge(&r, Some(1)), None);
        let r = check(
            "The kettle arrived on 3 May with a cracked lid.",
            Some(1),
            None,
        );
        assert_eq!(nudge(&r, Some(1)), None);
    }

    #[test]
    fn empty_and_odd_input() {
        for t in ["", " ", "\u{202E}abc", "🙂🙂🙂", "\0\0", "12345"] {
            let r = check(t, None, None);
            assert!(r.score.is_finite() && (0.0..=1.0).contains(&r.score));
            assert_eq!(r.verdict, Verdict::from_score(r.score));
        }
    }

    #[test]
    fn declared_language_wins() {
        assert_eq!(check("ok", None, Some(Lang::Kk)).lang, Some(Lang::Kk));
        assert_eq!(check("Всё хорошо", None, None).lang, Some(Lang::Ru));
    }
}
