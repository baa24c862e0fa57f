use super::*;

fn topics(text: &str) -> Vec<Topic> {
    classify(text, None).topics
}

#[test]
fn safety_gets_product_safety_priority_in_every_language() {
    for (lang, text) in [
        (
            Lang::En,
            "The kettle caught fire and the kitchen filled with smoke.",
        ),
        (
            Lang::En,
            "My son got an allergic reaction and a rash from the toy.",
        ),
        (Lang::En, "The charger gave me an electric shock."),
        (Lang::Ru, "Чайник загорелся, пошёл дым."),
        (Lang::Ru, "Меня ударило током от зарядки."),
        (Lang::Ru, "У ребёнка аллергия на этот крем."),
        (Lang::Kk, "Шәйнек өртеніп кетті, түтін шықты."),
        (Lang::Kk, "Зарядтағыштан ток ұрды."),
        (Lang::Fa, "کتری آتش گرفت و دود از آن بلند شد."),
        (Lang::Fa, "شارژر برق گرفت و دستم سوخت."),
        (Lang::Fa, "بعد از استفاده از کرم حساسیت پیدا کردم."),
        (Lang::El, "Ο βραστήρας έπιασε φωτιά και έβγαλε καπνό."),
        (
            Lang::El,
            "Με χτύπησε ρεύμα, πήρα ηλεκτροπληξία από τον φορτιστή.",
        ),
        (Lang::El, "Το παιδί έπαθε αλλεργία από το παιχνίδι."),
    ] {
        let c = classify(text, Some(lang));
        assert_eq!(
            c.priority,
            Priority::ProductSafety,
            "{text}: {:?}",
            c.topics
        );
        assert!(c.topics.contains(&Topic::ProductSafety));
        assert_eq!(c.lang, Some(lang));
        assert!(!c.is_suggestion());
    }
}

#[test]
fn no_false_safety_alarms() {
    for text in [
        "I was shocked by the rude service.",
        "Great hospitality, but the parcel was late.",
        "Искренне жаль, но заказ опоздал.",
        "Οι κάψουλες καφέ ήρθαν με καθυστέρηση.",
    ] {
        assert_ne!(
            classify(text, None).priority,
            Priority::ProductSafety,
            "{text}"
        );
    }
}

#[test]
fn site_failures() {
    for text in [
        "Your website is down, checkout gives error 500.",
        "I can't log in to my account.",
        "Сайт не работает, не могу оплатить заказ.",
        "Сайт ашылмайды, төлей алмадым.",
        "سایت باز نمیشه و نمیتونم پرداخت کنم.",
        "Η σελίδα δεν φορτώνει, δεν μπορώ να πληρώσω.",
    ] {
        let c = classify(text, None);
        assert_eq!(c.priority, Priority::SiteFailure, "{text}: {:?}", c.topics);
    }
}

#[test]
fn delivery_topics_and_urgency() {
    let c = classify(
        "My order hasn't arrived and I need it tomorrow for a birthday.",
        None,
    );
    assert_eq!(c.primary(), Topic::DeliveryLate);
    assert!(c.urgent);
    assert_eq!(c.priority, Priority::UrgentDelivery);

    let c = classify("My order is two weeks late.", None);
    assert_eq!(c.priority, Priority::Normal);
    assert_eq!(c.primary(), Topic::DeliveryLate);

    for (text, topic) in [
        (
            "Заказ до сих пор не пришёл, жду уже две недели.",
            Topic::DeliveryLate,
        ),
        (
            "Срочно! Посылка задерживается, а это подарок на день рождения.",
            Topic::DeliveryLate,
        ),
        ("Тапсырысым әлі келген жоқ, кешікті.", Topic::DeliveryLate),
        ("سفارشم هنوز نرسیده، تاخیر دارد.", Topic::DeliveryLate),
        (
            "Η παραγγελία μου έχει καθυστέρηση και δεν έχει φτάσει.",
            Topic::DeliveryLate,
        ),
        ("They sent me the wrong size.", Topic::DeliveryWrong),
        ("Прислали не тот цвет.", Topic::DeliveryWrong),
        ("Басқа тауар жіберді.", Topic::DeliveryWrong),
        ("رنگ اشتباه ارسال شد.", Topic::DeliveryWrong),
        ("Μου έστειλαν λάθος μέγεθος.", Topic::DeliveryWrong),
    ] {
        assert_eq!(
            topics(text).first(),
            Some(&topic),
            "{text}: {:?}",
            topics(text)
        );
    }
    let c = classify(
        "Срочно! Посылка задерживается, а это подарок на день рождения.",
        None,
    );
    assert_eq!(c.priority, Priority::UrgentDelivery);
}

#[test]
fn complaint_kinds_in_every_language() {
    for (text, topic) in [
        (
            "I was on hold for two hours and nobody answered.",
            Topic::LongWait,
        ),
        ("Полчаса висел на линии, никто не ответил.", Topic::LongWait),
        ("Two hours waiting, no answer at all.", Topic::LongWait),
        (
            "The jacket was out of stock after I paid.",
            Topic::OutOfStock,
        ),
        ("Товара не оказалось в наличии.", Topic::OutOfStock),
        ("Тауар қоймада жоқ болып шықты.", Topic::OutOfStock),
        ("کالا ناموجود بود.", Topic::OutOfStock),
        ("Το προϊόν ήταν εκτός αποθέματος.", Topic::OutOfStock),
        (
            "I had to explain everything again, for the third time.",
            Topic::RepeatProblem,
        ),
        (
            "Каждый раз приходится заново объяснять одно и то же.",
            Topic::RepeatProblem,
        ),
        (
            "The agent was rude and hung up on me.",
            Topic::IndifferentAgent,
        ),
        ("Оператор нахамил и бросил трубку.", Topic::IndifferentAgent),
        ("Оператор дөрекі сөйледі.", Topic::IndifferentAgent),
        ("کارمند خیلی بی ادب بود.", Topic::IndifferentAgent),
        ("Ο υπάλληλος ήταν αγενής.", Topic::IndifferentAgent),
        (
            "The blender is broken, it stopped working after a day.",
            Topic::BrokenProduct,
        ),
        ("Блендер сломался через день.", Topic::BrokenProduct),
        ("Блендер бір күннен кейін бұзылды.", Topic::BrokenProduct),
        ("مخلوط کن خراب شد و کار نمیکند.", Topic::BrokenProduct),
        (
            "Το μπλέντερ χάλασε μετά από μια μέρα.",
            Topic::BrokenProduct,
        ),
        ("I want a refund.", Topic::RefundReturn),
        ("Верните деньги.", Topic::RefundReturn),
        ("Ақшаны қайтарыңыз.", Topic::RefundReturn),
        (
            "لطفا پولم را پس بدهید، مرجوعی میخواهم.",
            Topic::RefundReturn,
        ),
        ("Θέλω επιστροφή χρημάτων.", Topic::RefundReturn),
        ("I was charged twice for one order.", Topic::Billing),
        ("С карты списали деньги дважды.", Topic::Billing),
        ("Картадан екі рет ақша алынды.", Topic::Billing),
        ("دوبار از کارتم پول کسر شد.", Topic::Billing),
        ("Με χρέωσαν δύο φορές.", Topic::Billing),
        (
            "Still not resolved, nobody helped.",
            Topic::NotSolvedFirstContact,
        ),
        ("Проблема так и не решена.", Topic::NotSolvedFirstContact),
        ("Мәселе шешілмеді.", Topic::NotSolvedFirstContact),
        ("مشکل حل نشد.", Topic::NotSolvedFirstContact),
        ("Το πρόβλημα δεν λύθηκε.", Topic::NotSolvedFirstContact),
        (
            "They promised to call back but nobody called.",
            Topic::UnclearFollowUp,
        ),
        ("Обещали перезвонить и тишина.", Topic::UnclearFollowUp),
        (
            "Қоңырау шалмады, ешқандай ақпарат жоқ.",
            Topic::UnclearFollowUp,
        ),
        (
            "قول دادند تماس بگیرند ولی خبری نشد.",
            Topic::UnclearFollowUp,
        ),
        (
            "Υποσχέθηκαν να με πάρουν τηλέφωνο, καμία ενημέρωση.",
            Topic::UnclearFollowUp,
        ),
    ] {
        assert!(topics(text).contains(&topic), "{text}: {:?}", topics(text));
    }
}

#[test]
fn suggestions_go_to_the_suggestions_list() {
    for text in [
        "It would be nice if you added a dark mode.",
        "Было бы удобно, если бы вы добавили оплату картой при получении.",
        "Жеткізуді сенбіде де жасасаңыз жақсы болар еді.",
        "کاش امکان پرداخت در محل را اضافه کنید.",
        "Θα ήταν καλό να προσθέσετε πληρωμή με αντικαταβολή.",
    ] {
        let c = classify(text, None);
        assert_eq!(c.primary(), Topic::Suggestion, "{text}: {:?}", c.topics);
        assert!(c.is_suggestion(), "{text}");
    }
    // A suggestion inside a safety complaint is a complaint.
    let c = classify(
        "The kettle caught fire. It would be nice to add an auto shut-off.",
        None,
    );
    assert!(!c.is_suggestion());
}

#[test]
fn nothing_found_is_other() {
    for text in ["", "Hello", "12345", "🙂", "Lorem ipsum dolor"] {
        let c = classify(text, None);
        assert_eq!(c.topics, vec![Topic::Other], "{text}");
        assert_eq!(c.priority, Priority::Normal);
    }
}

#[test]
fn prominence_needs_readers() {
    let normal = classify("My order is late.", None);
    assert_eq!(priority_with(&normal, 0, 0), Priority::Normal);
    assert_eq!(
        priority_with(&normal, PROMINENT_ME_TOO, 0),
        Priority::Prominent
    );
    assert_eq!(
        priority_with(&normal, 0, PROMINENT_VIEWS),
        Priority::Prominent
    );
    let safety = classify("It exploded.", None);
    assert_eq!(priority_with(&safety, 50, 5000), Priority::ProductSafety);
}

#[test]
fn priority_order_rank_codes_and_serde() {
    assert!(Priority::ProductSafety > Priority::SiteFailure);
    assert!(Priority::SiteFailure > Priority::UrgentDelivery);
    assert!(Priority::UrgentDelivery > Priority::Prominent);
    assert!(Priority::Prominent > Priority::Normal);
    for p in Priority::ALL {
        assert_eq!(Priority::from_code(p.code()), Some(*p));
        assert_eq!(
            usize::from(p.rank()),
            Priority::ALL.len() - 1 - Priority::ALL.iter().position(|x| x == p).unwrap_or(0)
        );
        let json = serde_json::to_string(p).unwrap_or_default();
        assert_eq!(json, format!("\"{}\"", p.code()));
        assert_eq!(serde_json::from_str::<Priority>(&json).ok(), Some(*p));
        for lang in Lang::ALL {
            assert!(!p.text(lang).is_empty());
        }
    }
    for t in Topic::ALL {
        assert!(t.code().chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        assert_eq!(Topic::from_code(t.code()), Some(*t));
        let json = serde_json::to_string(t).unwrap_or_default();
        assert_eq!(serde_json::from_str::<Topic>(&json).ok(), Some(*t));
        for lang in Lang::ALL {
            assert!(!t.text(lang).is_empty());
        }
    }
    assert!(serde_json::from_str::<Topic>("\"nope\"").is_err());
    let c = classify("The kettle exploded and the order was late.", None);
    let json = serde_json::to_value(&c).unwrap_or_default();
    assert_eq!(json["priority"], "product_safety");
    assert_eq!(json["topics"][0], "product_safety");
}

#[test]
fn lexicon_stems_are_clean() {
    for l in lexicon::ALL {
        for (_, patterns) in l.topics {
            phrase::assert_clean(patterns);
        }
        phrase::assert_clean(l.urgency);
    }
}

#[test]
fn huge_input_is_capped() {
    let huge = "The kettle caught fire. ".repeat(100_000);
    assert_eq!(classify(&huge, None).priority, Priority::ProductSafety);
}

#[cfg(not(target_arch = "wasm32"))]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn never_panics_and_always_has_a_topic(text in any::<String>()) {
            let c = classify(&text, None);
            prop_assert!(!c.topics.is_empty());
            prop_assert!(c.priority != Priority::Prominent);
            let mut t = c.topics.clone();
            t.sort_by_key(|x| x.code());
            t.dedup();
            prop_assert_eq!(t.len(), c.topics.len());
        }

        #[test]
        fn never_panics_on_mixed_scripts(text in "[a-zA-Zа-яәқөүұіА-Яا-ی\u{200c}α-ωά-ώ0-9 .,!?:;()\n]{0,400}") {
            let c = classify(&text, Some(Lang::El));
            prop_assert!(priority_with(&c, 10, 10) >= Priority::Prominent);
        }
    }
}
