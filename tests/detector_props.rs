//! Property tests: the detector never panics and keeps its invariants on any input.

use candor::core::detect::{check, signature, Verdict};
use candor::core::lang::Lang;
use proptest::prelude::*;

/// Strings mixing the five scripts, digits, emoji, control and bidi characters.
fn nasty() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        any::<String>(),
        Just("\u{202E}".to_string()),
        Just("\u{200C}".to_string()),
        Just("\u{0000}\u{0007}\r\n\t".to_string()),
        Just("🙂👍🏽🇰🇿".to_string()),
        Just("Terrible company, never again!!! ".to_string()),
        Just("Заказ №48213 пришёл через 3 дня. ".to_string()),
        Just("Өте жақсы, ұсынамын ".to_string()),
        Just("سفارش ۴۸۲۱۳ دیر رسید؛ پیشنهاد می‌کنم ".to_string()),
        Just("Απαράδεκτη εταιρεία, δεν συνιστώ ς ".to_string()),
        "[0-9.,:/#№$€-]{1,12}",
        "\\PC{0,40}",
    ];
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

fn lang() -> impl Strategy<Value = Option<Lang>> {
    prop_oneof![
        Just(None),
        prop::sample::select(Lang::ALL.to_vec()).prop_map(Some)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn check_never_panics_and_is_consistent(text in nasty(), rating in prop::option::of(0u8..=9), declared in lang()) {
        let r = check(&text, rating, declared);
        prop_assert!(r.score.is_finite());
        prop_assert!((0.0..=1.0).contains(&r.score));
        prop_assert_eq!(r.verdict, Verdict::from_score(r.score));
        if declared.is_some() {
            prop_assert_eq!(r.lang, declared);
        }
    }

    #[test]
    fn similarity_is_symmetric_and_bounded(a in nasty(), b in nasty(), la in lang()) {
        let (sa, sb) = (signature(&a, la), signature(&b, la));
        let (x, y) = (sa.similarity(&sb), sb.similarity(&sa));
        prop_assert_eq!(x, y);
        prop_assert!((0.0..=1.0).contains(&x));
        prop_assert_eq!(sa.similarity(&signature(&a, la)), 1.0);
        prop_assert_eq!(sa.same_template(&sb), sb.same_template(&sa));
    }
}

/// Two texts from one word list, the second the first with some words
/// changed, dropped or added: pairs on both sides of the template line.
fn near_pair() -> impl Strategy<Value = (String, String)> {
    let word = prop::sample::select(vec![
        "great",
        "shop",
        "fast",
        "delivery",
        "never",
        "again",
        "order",
        "arrived",
        "broken",
        "refund",
        "support",
        "best",
        "quality",
        "price",
        "recommend",
        "everyone",
        "terrible",
        "service",
        "5",
        "48213",
        "!!!",
        "очень",
        "хороший",
        "магазин",
        "өте",
        "жақсы",
        "عالی",
    ]);
    let edit = (0usize..40, prop::option::of(word.clone()));
    (
        prop::collection::vec(word, 1..30),
        prop::collection::vec(edit, 0..12),
    )
        .prop_map(|(words, edits)| {
            let mut other = words.clone();
            for (at, with) in edits {
                let at = at % (other.len() + 1);
                match with {
                    Some(w) if at < other.len() => other[at] = w,
                    Some(w) => other.push(w),
                    None if at < other.len() && other.len() > 1 => {
                        other.remove(at);
                    }
                    None => {}
                }
            }
            (words.join(" "), other.join(" "))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// The sketch only ever rules out pairs that are not one template, so
    /// the campaign check that filters with it gives the same answers.
    #[test]
    fn sketch_never_rules_out_a_template_pair((a, b) in near_pair(), la in lang()) {
        let (sa, sb) = (signature(&a, la), signature(&b, la));
        if sa.same_template(&sb) {
            prop_assert!(sa.sketch().may_match(&sb.sketch()));
        }
        prop_assert_eq!(sa.sketch().may_match(&sb.sketch()), sb.sketch().may_match(&sa.sketch()));
    }
}

#[test]
fn huge_inputs_are_judged() {
    for unit in ["ж", "a ", "۱", "🙂", "ά", "\u{202E}x"] {
        let text = unit.repeat(100_000 / unit.len() + 1);
        let r = check(&text, Some(3), None);
        assert!((0.0..=1.0).contains(&r.score));
        assert_eq!(
            signature(&text, None).similarity(&signature(&text, None)),
            1.0
        );
    }
}
