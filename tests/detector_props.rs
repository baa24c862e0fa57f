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
