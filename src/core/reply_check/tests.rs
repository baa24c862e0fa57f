use super::*;

fn check(text: &str) -> ReplyReport {
    check_reply(text, None, &ReplyContext::default())
}

fn has(text: &str, issue: ReplyIssue) -> bool {
    check(text).issues.contains(&issue)
}

/// Good replies, one per language: apology, ownership, action, deadline, signature.
const GOOD: [(Lang, &str); 5] = [
    (
        Lang::En,
        "I'm sorry — this is our mistake. I've sent a replacement kettle today by courier, \
         tracking 77120, it arrives by Friday. — Anna, Candor Shop support",
    ),
    (
        Lang::Ru,
        "Извините, это наша ошибка. Сегодня я отправила вам новый чайник курьером, \
         трек-номер 77120, он приедет до пятницы. — Анна, поддержка Candor",
    ),
    (
        Lang::Kk,
        "Кешіріңіз, бұл біздің қателігіміз. Бүгін сізге жаңа шәйнекті курьермен жібердім, \
         трек нөмірі 77120, ол жұмаға дейін жетеді. — Анна, Candor қолдау қызметі",
    ),
    (
        Lang::Fa,
        "پوزش می‌خواهیم، اشتباه از ما بود. امروز یک کتری جدید با پیک برایتان ارسال کردم، \
         کد رهگیری ۷۷۱۲۰، تا جمعه می‌رسد. — آنا، پشتیبانی فروشگاه Candor",
    ),
    (
        Lang::El,
        "Ζητούμε συγγνώμη, το λάθος ήταν δικό μας. Σήμερα σας στείλαμε νέο βραστήρα με courier, \
         αριθμός αποστολής 77120, θα φτάσει έως την Παρασκευή. — Άννα, υποστήριξη Candor",
    ),
];

#[test]
fn good_replies_pass_in_every_language() {
    for (lang, text) in GOOD {
        let ctx = ReplyContext {
            complaint_lang: Some(lang),
            ..ReplyContext::default()
        };
        let r = check_reply(text, Some(lang), &ctx);
        assert!(r.issues.is_empty(), "{lang}: {:?}", r.issues);
        assert!(r.ok && r.score == 100, "{lang}");
        assert_eq!(r.lang, Some(lang));
        assert_eq!(
            r.strengths.len(),
            ReplyStrength::ALL.len(),
            "{lang}: {:?}",
            r.strengths
        );
    }
}

#[test]
fn stock_phrases_are_flagged_in_every_language() {
    let stock = [
        "Thank you for your feedback, we will take it into account.",
        "We are sorry you faced this problem.",
        "Your opinion is very important to us.",
        "We apologise for the inconvenience.",
        "Thanks so much for your review! We value your feedback.",
        "Спасибо за обращение, мы учтём ваше мнение.",
        "Нам очень жаль, что вы столкнулись с этой проблемой.",
        "Благодарим вас за отзыв. Ваше мнение очень важно для нас.",
        "Приносим извинения за доставленные неудобства.",
        "Пікіріңізге рахмет, ескереміз.",
        "Осы мәселеге тап болғаныңызға өкінеміз.",
        "Сіздің пікіріңіз біз үшін өте маңызды.",
        "از بازخورد شما سپاسگزاریم.",
        "متاسفیم که با این مشکل مواجه شدید.",
        "نظر شما برای ما بسیار مهم است.",
        "با تشکر از پیام شما، نظر شما را در نظر خواهیم گرفت.",
        "Ευχαριστούμε για το σχόλιό σας.",
        "Λυπούμαστε που αντιμετωπίσατε αυτό το πρόβλημα.",
        "Η γνώμη σας είναι πολύ σημαντική για εμάς.",
        "Ζητάμε συγγνώμη για την ταλαιπωρία, θα το λάβουμε υπόψη.",
        "THANK YOU FOR YOUR FEEDBACK!!!",
        "спасибо  за   ОБРАЩЕНИЕ",
    ];
    for text in stock {
        let r = check(text);
        assert!(
            r.issues.contains(&ReplyIssue::StockPhrase),
            "{text}: {:?}",
            r.issues
        );
        assert!(!r.ok, "{text}");
    }
}

#[test]
fn a_stock_reply_misses_the_checklist() {
    let r = check("Thank you for your feedback, we will take it into account.");
    for issue in [
        ReplyIssue::StockPhrase,
        ReplyIssue::NoNextStep,
        ReplyIssue::NoOwnership,
        ReplyIssue::NoName,
    ] {
        assert!(r.issues.contains(&issue), "{issue:?} in {:?}", r.issues);
    }
    assert!(r.score <= 40);
    // Major issues first.
    let first_minor = r
        .issues
        .iter()
        .position(|i| i.severity() == Severity::Minor);
    assert!(r.issues[first_minor.unwrap_or(0)..]
        .iter()
        .all(|i| i.severity() == Severity::Minor));
}

#[test]
fn blaming_the_courier_is_flagged_in_every_language() {
    for text in [
        "Unfortunately the delay was the courier's fault, not ours. Your parcel will arrive on Monday.",
        "This is not our fault: the delivery service delayed your order.",
        "The supplier is responsible for this defect.",
        "Это не наша вина, курьерская служба задержала доставку.",
        "Задержка произошла по вине курьера.",
        "Бұл біздің кінәміз емес, курьер кешікті.",
        "تقصیر ما نیست، پیک دیر آورد.",
        "این موضوع از کنترل ما خارج است.",
        "Δεν φταίμε εμείς, η μεταφορική καθυστέρησε.",
        "Φταίει η εταιρεία courier για την καθυστέρηση.",
    ] {
        assert!(has(text, ReplyIssue::BlamesCourier), "{text}");
    }
}

#[test]
fn owning_a_courier_delay_is_not_blaming() {
    let r = check(
        "I'm sorry, the courier delayed your parcel and that is our responsibility. \
         I have sent a new one today, it arrives tomorrow. — Anna",
    );
    assert!(
        !r.issues.contains(&ReplyIssue::BlamesCourier),
        "{:?}",
        r.issues
    );
    assert!(r.strengths.contains(&ReplyStrength::Ownership));
    // "not our fault" is not ownership.
    let r = check("It is not our fault.");
    assert!(!r.strengths.contains(&ReplyStrength::Ownership));
}

#[test]
fn blaming_the_customer_is_flagged_in_every_language() {
    for text in [
        "You should have read the instructions before using it.",
        "You used it incorrectly, so the warranty does not apply.",
        "It is your fault that the parcel was returned.",
        "Вы сами виноваты, нужно было прочитать инструкцию.",
        "Поломка вызвана неправильной эксплуатацией.",
        "Бұл өз кінәңіз, нұсқаулықты оқымадыңыз.",
        "تقصیر خودتان است، باید دفترچه را میخواندید.",
        "Είναι δικό σας λάθος, δεν διαβάσατε τις οδηγίες.",
    ] {
        assert!(has(text, ReplyIssue::BlamesCustomer), "{text}");
    }
}

#[test]
fn office_only_is_flagged_unless_there_is_a_choice() {
    for text in [
        "Please bring the kettle to our store with the receipt.",
        "Приходите в наш магазин с чеком.",
        "Шәйнекті дүкенге әкеліңіз.",
        "لطفا به فروشگاه ما مراجعه کنید.",
        "Ελάτε στο κατάστημά μας με την απόδειξη.",
    ] {
        assert!(has(text, ReplyIssue::OfficeOnly), "{text}");
    }
    for text in [
        "You can bring it to our store, or if you prefer, our courier will collect it tomorrow.",
        "Приходите в магазин или мы пришлём курьера.",
    ] {
        assert!(!has(text, ReplyIssue::OfficeOnly), "{text}");
    }
}

#[test]
fn bouncing_is_flagged_in_every_language() {
    for text in [
        "Please contact the manufacturer about the warranty.",
        "You need to call our hotline.",
        "This is handled by another department.",
        "Обратитесь в сервисный центр производителя.",
        "Свяжитесь с курьерской службой.",
        "Өндірушіге хабарласыңыз.",
        "لطفا با واحد پشتیبانی تماس بگیرید.",
        "Επικοινωνήστε με τη μεταφορική εταιρεία.",
    ] {
        assert!(has(text, ReplyIssue::Bounces), "{text}");
    }
    assert!(!has(
        "I have contacted the courier myself and will call you today.",
        ReplyIssue::Bounces
    ));
}

#[test]
fn next_step_and_deadline() {
    assert!(has("We are looking into it.", ReplyIssue::NoNextStep));
    let r = check("I'm sorry, we will refund the full amount to your card. — Anna");
    assert!(!r.issues.contains(&ReplyIssue::NoNextStep));
    assert!(r.issues.contains(&ReplyIssue::NoDeadline), "{:?}", r.issues);
    for text in [
        "We will refund the money within 2 days.",
        "We will refund the money by 12.05.2025.",
        "We will call you at 10:30.",
        "We will call you at 5pm.",
        "Мы вернём деньги в течение трёх дней.",
        "Ақшаны 3 күн ішінде қайтарамыз.",
        "پول را ظرف ۲ روز کاری بازپرداخت میکنیم.",
        "Θα σας επιστρέψουμε τα χρήματα εντός 2 ημερών.",
    ] {
        let r = check(text);
        assert!(r.strengths.contains(&ReplyStrength::NextStep), "{text}");
        assert!(r.strengths.contains(&ReplyStrength::Deadline), "{text}");
    }
}

#[test]
fn tone_issues() {
    assert!(has(
        "Sorry 😊 we will send it today. — Anna",
        ReplyIssue::Emoji
    ));
    assert!(has(
        "Sorry :) we will send it today. — Anna",
        ReplyIssue::Emoji
    ));
    assert!(has(
        "Извините)) отправим сегодня. — Анна",
        ReplyIssue::Emoji
    ));
    assert!(!has(
        "We will send it today (order 123). — Anna",
        ReplyIssue::Emoji
    ));
    assert!(!has("Rating: 1★ noted, sorry.", ReplyIssue::Emoji));
    assert!(has(
        "No worries dude, we gonna send it today lol",
        ReplyIssue::Slang
    ));
    assert!(has("Блин, сорян, отправим завтра", ReplyIssue::Slang));
    assert!(has("داداش حله، فردا ارسال میکنیم", ReplyIssue::Slang));
    assert!(has("Ρε φίλε, θα το στείλουμε αύριο", ReplyIssue::Slang));
    assert!(has("We will send it today!!", ReplyIssue::Exclamations));
    assert!(has("Sorry! Sent! Today!", ReplyIssue::Exclamations));
    assert!(has("Really?!", ReplyIssue::Exclamations));
    assert!(!has("Sorry! We sent it today.", ReplyIssue::Exclamations));
}

#[test]
fn names_and_signatures() {
    let body =
        "I'm sorry, this is our mistake. I have sent a new kettle today, it arrives on Friday.";
    assert!(has(body, ReplyIssue::NoName));
    for signed in [
        format!("{body} — Anna, Candor Shop support"),
        format!("{body}\nBest regards,\nAnna"),
        format!("{body}\nAnna Petrova"),
        format!("My name is Anna. {body}"),
    ] {
        assert!(!has(&signed, ReplyIssue::NoName), "{signed}");
    }
    // A team is not a person.
    let ctx = ReplyContext {
        shop_name: Some("Candor Shop".into()),
        ..ReplyContext::default()
    };
    for unsigned in [
        format!("{body} — Candor Shop support team"),
        format!("{body}\nThank you"),
        format!("{body} — thanks again"),
    ] {
        let r = check_reply(&unsigned, None, &ctx);
        assert!(r.issues.contains(&ReplyIssue::NoName), "{unsigned}");
    }
    // The replier's own name anywhere counts.
    let ctx = ReplyContext {
        replier_name: Some("Anna Petrova".into()),
        ..ReplyContext::default()
    };
    let r = check_reply(&format!("Anna here. {body}"), None, &ctx);
    assert!(!r.issues.contains(&ReplyIssue::NoName));
    assert!(!has(
        &format!("{body}\nС уважением, Анна"),
        ReplyIssue::NoName
    ));
    assert!(!has(&format!("{body}\nبا احترام، آنا"), ReplyIssue::NoName));
    assert!(!has(
        &format!("{body}\nΜε εκτίμηση, Άννα"),
        ReplyIssue::NoName
    ));
}

#[test]
fn too_short_and_empty() {
    assert_eq!(check("").issues, vec![ReplyIssue::TooShort]);
    assert_eq!(check("   ...  ").issues, vec![ReplyIssue::TooShort]);
    assert!(has("Sorry, sent today. Anna", ReplyIssue::TooShort));
    assert!(!check("").ok);
}

#[test]
fn wrong_language() {
    let ctx = ReplyContext {
        complaint_lang: Some(Lang::Fa),
        ..ReplyContext::default()
    };
    let r = check_reply(GOOD[0].1, Some(Lang::En), &ctx);
    assert_eq!(r.issues, vec![ReplyIssue::WrongLanguage]);
    assert!(r.ok, "a minor issue keeps the reply ok");
}

#[test]
fn codes_messages_and_serde() {
    for issue in ReplyIssue::ALL {
        assert!(issue
            .code()
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '_'));
        assert_eq!(ReplyIssue::from_code(issue.code()), Some(*issue));
        for lang in Lang::ALL {
            assert!(!issue.text(lang).is_empty());
        }
        let json = serde_json::to_string(issue).unwrap_or_default();
        assert_eq!(json, format!("\"{}\"", issue.code()));
        assert_eq!(serde_json::from_str::<ReplyIssue>(&json).ok(), Some(*issue));
    }
    for s in ReplyStrength::ALL {
        assert_eq!(ReplyStrength::from_code(s.code()), Some(*s));
        for lang in Lang::ALL {
            assert!(!s.text(lang).is_empty());
        }
    }
    let r = check(GOOD[0].1);
    let json = serde_json::to_value(&r).unwrap_or_default();
    assert_eq!(json["ok"], true);
    assert_eq!(json["lang"], "en");
    let back: Option<ReplyReport> = serde_json::from_value(json).ok();
    assert_eq!(back, Some(r));
    let ctx: Option<ReplyContext> = serde_json::from_str(r#"{"replier_name":"Anna"}"#).ok();
    assert_eq!(ctx.and_then(|c| c.replier_name).as_deref(), Some("Anna"));
}

#[test]
fn lexicon_stems_are_clean() {
    for l in ALL {
        for list in [
            l.stock,
            l.blame_customer,
            l.blame_courier,
            l.blame_courier_weak,
            l.office,
            l.office_alt,
            l.bounce,
            l.action,
            l.time,
            l.apology,
            l.ownership,
            l.slang,
            l.name_intro,
            l.not_name,
        ] {
            crate::core::topic::phrase::assert_clean(list);
        }
    }
}

#[test]
fn huge_input_is_capped() {
    let huge = "Thank you for your feedback! ".repeat(100_000);
    let r = check(&huge);
    assert!(r.issues.contains(&ReplyIssue::StockPhrase));
    let cyr = "ж".repeat(1_000_000);
    let _ = check(&cyr);
}

#[cfg(not(target_arch = "wasm32"))]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn never_panics_and_is_consistent(text in any::<String>(), name in proptest::option::of(any::<String>())) {
            let ctx = ReplyContext { replier_name: name, shop_name: None, complaint_lang: Some(Lang::Ru) };
            let r = check_reply(&text, None, &ctx);
            prop_assert!(r.score <= 100);
            prop_assert_eq!(r.ok, !r.issues.iter().any(|i| i.severity() == Severity::Major));
            let mut codes: Vec<_> = r.issues.iter().map(|i| i.code()).collect();
            codes.dedup();
            prop_assert_eq!(codes.len(), r.issues.len());
        }

        #[test]
        fn never_panics_on_mixed_scripts(text in "[a-zA-Zа-яәқөүұіА-Яا-ی\u{200c}α-ωά-ώ0-9 .,!?:;()—\\-\n😊]{0,400}") {
            let r = check_reply(&text, Some(Lang::Fa), &ReplyContext::default());
            prop_assert!(r.score <= 100);
        }
    }
}
