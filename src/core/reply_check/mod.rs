//! The reply checker: advice for a merchant's answer to a complaint, live as
//! they type, against the checklist for a good reply.
//!
//! A good public answer shows readiness to help, offers a concrete solution
//! with steps and deadlines (or says honestly why it cannot be solved), admits
//! the shop's mistake, is polite and is signed by a person. It does not blame
//! the customer or the courier/supplier, does not bounce the customer to
//! another department, does not make the office the only option, and does not
//! answer with stock phrases ("Thank you for your feedback, we will take it
//! into account") — they show indifference. No emoji, slang or strings of
//! exclamation marks.
//!
//! [`check_reply`] lists what is missing or wrong as [`ReplyIssue`]s, each
//! with a stable code and a localised, actionable message, plus the
//! [`ReplyStrength`]s it found. It is advice, never a block: the merchant may
//! send anyway. Pure computation with static lexicons in the five languages,
//! no I/O; at most the first 12 KB of a reply are judged.

mod lexicon;

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::core::detect::identify;
use crate::core::detect::normalize::{capped, tokenize, Kind, Token};
use crate::core::lang::Lang;
use crate::core::topic::phrase::PatternSet;

use lexicon::{ReplyLexicon, ALL};

/// Fewer words than this and the reply is [`ReplyIssue::TooShort`].
pub const MIN_WORDS: usize = 8;

crate::catalogue! {
    /// Something missing or wrong in a reply, with an actionable message for
    /// the merchant in every UI language ([`ReplyIssue::text`]) and a stable
    /// snake_case code ([`ReplyIssue::code`]).
    pub enum ReplyIssue {
        /// A stock phrase that shows indifference.
        StockPhrase => [
            "Replace the stock phrase with words about this customer's case: what happened and what you are doing about it.",
            "Замените шаблонную фразу словами о случае этого покупателя: что произошло и что вы делаете.",
            "Дайын сөз тіркесінің орнына осы сатып алушының жағдайы туралы жазыңыз: не болды және сіз не істеп жатырсыз.",
            "عبارت کلیشه‌ای را با توضیحی درباره‌ی مورد همین مشتری جایگزین کنید: چه اتفاقی افتاده و شما چه می‌کنید.",
            "Αντικαταστήστε την τυποποιημένη φράση με λόγια για την περίπτωση αυτού του πελάτη: τι συνέβη και τι κάνετε γι' αυτό.",
        ],
        /// No concrete action by the shop (send, refund, replace, call...).
        NoNextStep => [
            "Say what you will do next: a concrete step such as a replacement, a refund, a repair or a call.",
            "Напишите, что вы сделаете дальше: конкретный шаг — замена, возврат денег, ремонт или звонок.",
            "Келесі қадамды жазыңыз: ауыстыру, ақшаны қайтару, жөндеу немесе қоңырау сияқты нақты әрекет.",
            "بنویسید قدم بعدی چیست: یک اقدام مشخص مثل تعویض، بازپرداخت، تعمیر یا تماس.",
            "Πείτε τι θα κάνετε στη συνέχεια: ένα συγκεκριμένο βήμα, όπως αντικατάσταση, επιστροφή χρημάτων, επισκευή ή τηλεφώνημα.",
        ],
        /// An action but no time: no date, day or time frame.
        NoDeadline => [
            "Add when it will happen: a date, a day or a time frame such as “by Friday” or “within 2 days”.",
            "Укажите срок: дату, день или период, например «до пятницы» или «в течение 2 дней».",
            "Мерзімін көрсетіңіз: күн, апта күні немесе «жұмаға дейін», «2 күн ішінде» сияқты уақыт.",
            "زمانش را بگویید: یک تاریخ، روز یا بازه مثل «تا جمعه» یا «ظرف ۲ روز».",
            "Πείτε πότε θα γίνει: μια ημερομηνία, μια μέρα ή ένα διάστημα, π.χ. «έως την Παρασκευή» ή «μέσα σε 2 ημέρες».",
        ],
        /// Blames the customer ("you should have read the manual").
        BlamesCustomer => [
            "Don't blame the customer. Explain calmly what went wrong and how you will help.",
            "Не обвиняйте покупателя. Спокойно объясните, что пошло не так и как вы поможете.",
            "Сатып алушыны кінәламаңыз. Не дұрыс болмағанын және қалай көмектесетініңізді сабырмен түсіндіріңіз.",
            "مشتری را مقصر ندانید. با آرامش توضیح دهید چه اشکالی پیش آمده و چطور کمک می‌کنید.",
            "Μην κατηγορείτε τον πελάτη. Εξηγήστε ήρεμα τι πήγε στραβά και πώς θα βοηθήσετε.",
        ],
        /// Shifts the blame to the courier or supplier ("not our fault").
        BlamesCourier => [
            "Don't blame the courier or the supplier: to the customer it is your shop. Own the problem and say how you will fix it.",
            "Не перекладывайте вину на курьера или поставщика: для покупателя это ваш магазин. Признайте проблему и скажите, как её решите.",
            "Кінәні курьерге немесе жеткізушіге аудармаңыз: сатып алушы үшін бұл сіздің дүкеніңіз. Мәселені мойындап, қалай шешетініңізді айтыңыз.",
            "تقصیر را گردن پیک یا تأمین‌کننده نیندازید: برای مشتری این فروشگاه شماست. مشکل را بپذیرید و بگویید چطور حلش می‌کنید.",
            "Μη ρίχνετε το φταίξιμο στην εταιρεία courier ή στον προμηθευτή: για τον πελάτη είναι το δικό σας κατάστημα. Αναλάβετε το πρόβλημα και πείτε πώς θα το λύσετε.",
        ],
        /// Makes coming to the office or store the only option.
        OfficeOnly => [
            "Don't make a visit to the office the only option: offer a courier pickup, delivery or another choice.",
            "Не предлагайте визит в офис как единственный вариант: предложите курьера, доставку или другой выбор.",
            "Кеңсеге келуді жалғыз нұсқа етпеңіз: курьер, жеткізу немесе басқа таңдау ұсыныңыз.",
            "مراجعه‌ی حضوری را تنها راه نگذارید: پیک، ارسال یا گزینه‌ی دیگری پیشنهاد دهید.",
            "Μην κάνετε την επίσκεψη στο κατάστημα μοναδική επιλογή: προτείνετε παραλαβή με courier, αποστολή ή άλλη επιλογή.",
        ],
        /// Sends the customer to another department, hotline or company.
        Bounces => [
            "Don't send the customer elsewhere: contact the other department yourself and report back.",
            "Не отправляйте покупателя в другой отдел: свяжитесь с ним сами и сообщите результат.",
            "Сатып алушыны басқа бөлімге жібермеңіз: өзіңіз хабарласып, нәтижесін айтыңыз.",
            "مشتری را به بخش دیگری حواله ندهید: خودتان با آن بخش تماس بگیرید و نتیجه را اطلاع دهید.",
            "Μην παραπέμπετε τον πελάτη αλλού: επικοινωνήστε εσείς με το άλλο τμήμα και ενημερώστε τον.",
        ],
        /// Too short to help.
        TooShort => [
            "The reply is too short to help: acknowledge the problem, offer a solution and say when.",
            "Ответ слишком короткий: признайте проблему, предложите решение и срок.",
            "Жауап тым қысқа: мәселені мойындап, шешім мен мерзімді ұсыныңыз.",
            "پاسخ برای کمک کردن خیلی کوتاه است: مشکل را بپذیرید، راه‌حل و زمان آن را بگویید.",
            "Η απάντηση είναι πολύ σύντομη για να βοηθήσει: αναγνωρίστε το πρόβλημα, προτείνετε λύση και πείτε πότε.",
        ],
        /// Neither an apology nor an admission of the shop's mistake.
        NoOwnership => [
            "If the shop was at fault, say so and apologise in your own words.",
            "Если ошибся магазин, признайте это и извинитесь своими словами.",
            "Қателік дүкенде болса, оны мойындап, өз сөзіңізбен кешірім сұраңыз.",
            "اگر اشتباه از فروشگاه بوده، آن را بپذیرید و با کلمات خودتان عذرخواهی کنید.",
            "Αν έφταιξε το κατάστημα, παραδεχτείτε το και ζητήστε συγγνώμη με δικά σας λόγια.",
        ],
        /// Emoji or emoticons.
        Emoji => [
            "Leave out emoji: keep the reply friendly but professional.",
            "Уберите эмодзи: ответ должен быть дружелюбным, но профессиональным.",
            "Эмодзиді алып тастаңыз: жауап достық, бірақ кәсіби болсын.",
            "از ایموجی استفاده نکنید: پاسخ صمیمی اما حرفه‌ای باشد.",
            "Αφαιρέστε τα emoji: η απάντηση να είναι φιλική αλλά επαγγελματική.",
        ],
        /// Slang or over-familiar words.
        Slang => [
            "Avoid slang and over-familiar words.",
            "Избегайте сленга и фамильярных слов.",
            "Сленг пен тым жақын сөздерден аулақ болыңыз.",
            "از کلمات عامیانه و خودمانی پرهیز کنید.",
            "Αποφύγετε την αργκό και τις υπερβολικά οικείες εκφράσεις.",
        ],
        /// A run of exclamation marks, or three or more in the reply.
        Exclamations => [
            "Avoid strings of exclamation marks: they read as shouting or over-familiar.",
            "Не ставьте несколько восклицательных знаков: это выглядит как крик или фамильярность.",
            "Леп белгілерін қатарынан қоймаңыз: бұл айқай немесе тым жақындық сияқты көрінеді.",
            "چند علامت تعجب پشت سر هم نگذارید: مثل فریاد یا بیش از حد خودمانی به نظر می‌رسد.",
            "Αποφύγετε τα πολλά θαυμαστικά: μοιάζουν με φωνές ή υπερβολική οικειότητα.",
        ],
        /// No person's name: neither the replier's name nor a signature.
        NoName => [
            "Sign the reply with your name so the customer sees a person behind it.",
            "Подпишите ответ своим именем, чтобы покупатель видел живого человека.",
            "Сатып алушы артында адам тұрғанын көруі үшін жауапқа атыңызды жазыңыз.",
            "پاسخ را با نام خودتان امضا کنید تا مشتری ببیند یک انسان پشت آن است.",
            "Υπογράψτε την απάντηση με το όνομά σας, ώστε ο πελάτης να βλέπει έναν άνθρωπο πίσω της.",
        ],
        /// Not in the language of the complaint.
        WrongLanguage => [
            "Reply in the customer's language.",
            "Ответьте на языке покупателя.",
            "Сатып алушының тілінде жауап беріңіз.",
            "به زبان مشتری پاسخ دهید.",
            "Απαντήστε στη γλώσσα του πελάτη.",
        ],
    }
}

/// How much a [`ReplyIssue`] matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Against the checklist's "do not"s or missing its core (a next step):
    /// the reply is not `ok`, but the merchant may still send it.
    Major,
    /// Worth fixing; the reply can still be `ok`.
    Minor,
}

impl ReplyIssue {
    /// The stable snake_case code used in JSON and the API.
    pub fn code(self) -> &'static str {
        match self {
            ReplyIssue::StockPhrase => "stock_phrase",
            ReplyIssue::NoNextStep => "no_next_step",
            ReplyIssue::NoDeadline => "no_deadline",
            ReplyIssue::BlamesCustomer => "blames_customer",
            ReplyIssue::BlamesCourier => "blames_courier",
            ReplyIssue::OfficeOnly => "office_only",
            ReplyIssue::Bounces => "bounces",
            ReplyIssue::TooShort => "too_short",
            ReplyIssue::NoOwnership => "no_ownership",
            ReplyIssue::Emoji => "emoji",
            ReplyIssue::Slang => "slang",
            ReplyIssue::Exclamations => "exclamations",
            ReplyIssue::NoName => "no_name",
            ReplyIssue::WrongLanguage => "wrong_language",
        }
    }

    /// The issue with this stable code, if any.
    pub fn from_code(code: &str) -> Option<ReplyIssue> {
        ReplyIssue::ALL.iter().copied().find(|r| r.code() == code)
    }

    /// How much the issue matters.
    pub fn severity(self) -> Severity {
        match self {
            ReplyIssue::StockPhrase
            | ReplyIssue::NoNextStep
            | ReplyIssue::BlamesCustomer
            | ReplyIssue::BlamesCourier
            | ReplyIssue::OfficeOnly
            | ReplyIssue::Bounces
            | ReplyIssue::TooShort => Severity::Major,
            ReplyIssue::NoDeadline
            | ReplyIssue::NoOwnership
            | ReplyIssue::Emoji
            | ReplyIssue::Slang
            | ReplyIssue::Exclamations
            | ReplyIssue::NoName
            | ReplyIssue::WrongLanguage => Severity::Minor,
        }
    }

    /// Points the issue takes off the 100-point score.
    fn weight(self) -> u8 {
        match self {
            ReplyIssue::BlamesCustomer => 30,
            ReplyIssue::StockPhrase | ReplyIssue::NoNextStep | ReplyIssue::BlamesCourier => 25,
            ReplyIssue::OfficeOnly | ReplyIssue::Bounces | ReplyIssue::TooShort => 20,
            ReplyIssue::Exclamations => 5,
            _ => 10,
        }
    }
}

crate::catalogue! {
    /// Something a reply does well, with a short localised label for the
    /// panel ([`ReplyStrength::text`]) and a stable code ([`ReplyStrength::code`]).
    pub enum ReplyStrength {
        /// Apologises.
        Apology => ["Apologises", "Есть извинение", "Кешірім сұралған", "عذرخواهی شده", "Ζητά συγγνώμη"],
        /// Admits the shop's mistake.
        Ownership => ["Owns the mistake", "Признаёт ошибку", "Қатені мойындайды", "اشتباه را می‌پذیرد", "Αναλαμβάνει το λάθος"],
        /// States a concrete action.
        NextStep => ["Concrete next step", "Конкретный следующий шаг", "Нақты келесі қадам", "قدم بعدی مشخص", "Συγκεκριμένο επόμενο βήμα"],
        /// Says when.
        Deadline => ["Says when", "Указан срок", "Мерзімі көрсетілген", "زمان مشخص شده", "Λέει πότε"],
        /// Signed by a person.
        Signed => ["Signed by a person", "Подписан сотрудником", "Қызметкер қол қойған", "با نام یک شخص امضا شده", "Υπογράφεται από άνθρωπο"],
    }
}

impl ReplyStrength {
    /// The stable snake_case code used in JSON and the API.
    pub fn code(self) -> &'static str {
        match self {
            ReplyStrength::Apology => "apology",
            ReplyStrength::Ownership => "ownership",
            ReplyStrength::NextStep => "next_step",
            ReplyStrength::Deadline => "deadline",
            ReplyStrength::Signed => "signed",
        }
    }

    /// The strength with this stable code, if any.
    pub fn from_code(code: &str) -> Option<ReplyStrength> {
        ReplyStrength::ALL
            .iter()
            .copied()
            .find(|r| r.code() == code)
    }
}

crate::core::serde_by_code!(ReplyIssue, "reply issue");
crate::core::serde_by_code!(ReplyStrength, "reply strength");

/// What the checker knows about the conversation besides the reply text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReplyContext {
    /// The replying staff member's display name ("Anna"); when it appears in
    /// the reply, the reply counts as signed.
    pub replier_name: Option<String>,
    /// The shop's name: in a signature it is not a person's name
    /// ("— Candor Shop support" is not signed by a person).
    pub shop_name: Option<String>,
    /// The language of the complaint being answered.
    pub complaint_lang: Option<Lang>,
}

/// The checker's advice on one reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyReport {
    /// The language of the reply: detected, else the declared one.
    pub lang: Option<Lang>,
    /// What is missing or wrong: major issues first, each code at most once.
    pub issues: Vec<ReplyIssue>,
    /// What the reply does well.
    pub strengths: Vec<ReplyStrength>,
    /// No major issue. Advice only: the merchant may send either way.
    pub ok: bool,
    /// 0..=100, higher is better: 100 minus a weight per issue.
    pub score: u8,
}

/// Checks a merchant's reply to a complaint against the checklist. `lang` is
/// the language the merchant declared for the reply (used when detection
/// fails). Never panics; judges at most the first 12 KB.
pub fn check_reply(text: &str, lang: Option<Lang>, ctx: &ReplyContext) -> ReplyReport {
    let text = capped(text);
    let tokens = tokenize(text);
    let reply_lang = identify(text).or(lang);
    let words = tokens.iter().filter(|t| t.kind == Kind::Word).count();
    if words == 0 {
        return report(reply_lang, vec![ReplyIssue::TooShort], Vec::new());
    }

    let sets = sets();

    let mut issues = Vec::new();
    let mut strengths = Vec::new();

    // Blame first: its spans keep "not our fault" from counting as ownership.
    let blame_spans = sets.blame_courier.find_all(&tokens);
    let ownership = sets
        .ownership
        .find_all(&tokens)
        .into_iter()
        .any(|(s, e)| !blame_spans.iter().any(|&(bs, be)| s < be && bs < e));
    let apology = sets.apology.any(&tokens);
    let action = sets.action.any(&tokens);
    let time = sets.time.any(&tokens) || tokens.iter().any(is_time_token);
    let signed = is_signed(text, &tokens, ctx, sets);

    if sets.stock.any(&tokens) {
        issues.push(ReplyIssue::StockPhrase);
    }
    if sets.blame_customer.any(&tokens) {
        issues.push(ReplyIssue::BlamesCustomer);
    }
    if !blame_spans.is_empty() || (!ownership && sets.blame_courier_weak.any(&tokens)) {
        issues.push(ReplyIssue::BlamesCourier);
    }
    if sets.office.any(&tokens) && !sets.office_alt.any(&tokens) {
        issues.push(ReplyIssue::OfficeOnly);
    }
    if sets.bounce.any(&tokens) {
        issues.push(ReplyIssue::Bounces);
    }
    if !action {
        issues.push(ReplyIssue::NoNextStep);
    }
    if words < MIN_WORDS {
        issues.push(ReplyIssue::TooShort);
    }
    if action && !time {
        issues.push(ReplyIssue::NoDeadline);
    }
    if !apology && !ownership {
        issues.push(ReplyIssue::NoOwnership);
    }
    if has_emoji(text) {
        issues.push(ReplyIssue::Emoji);
    }
    if sets.slang.any(&tokens) {
        issues.push(ReplyIssue::Slang);
    }
    if too_many_exclamations(text) {
        issues.push(ReplyIssue::Exclamations);
    }
    if !signed {
        issues.push(ReplyIssue::NoName);
    }
    if let (Some(complaint), Some(detected)) = (ctx.complaint_lang, identify(text)) {
        if complaint != detected {
            issues.push(ReplyIssue::WrongLanguage);
        }
    }

    for (has, strength) in [
        (apology, ReplyStrength::Apology),
        (ownership, ReplyStrength::Ownership),
        (action, ReplyStrength::NextStep),
        (time, ReplyStrength::Deadline),
        (signed, ReplyStrength::Signed),
    ] {
        if has {
            strengths.push(strength);
        }
    }
    report(reply_lang, issues, strengths)
}

/// The lexicons of all five languages, compiled on first use.
struct Sets {
    stock: PatternSet,
    blame_customer: PatternSet,
    blame_courier: PatternSet,
    blame_courier_weak: PatternSet,
    office: PatternSet,
    office_alt: PatternSet,
    bounce: PatternSet,
    action: PatternSet,
    time: PatternSet,
    apology: PatternSet,
    ownership: PatternSet,
    slang: PatternSet,
    name_intro: PatternSet,
    not_name: PatternSet,
}

fn sets() -> &'static Sets {
    static SETS: OnceLock<Sets> = OnceLock::new();
    SETS.get_or_init(|| {
        let set = |f: fn(&ReplyLexicon) -> &'static [&'static str], gap: usize| {
            let lists: Vec<&'static [&'static str]> = ALL.iter().map(|l| f(l)).collect();
            PatternSet::new(&lists, gap)
        };
        use lexicon::{GAP_BLAME, GAP_BOUNCE, GAP_OFFICE, GAP_STOCK, GAP_TIGHT};
        Sets {
            stock: set(|l| l.stock, GAP_STOCK),
            blame_customer: set(|l| l.blame_customer, GAP_BLAME),
            blame_courier: set(|l| l.blame_courier, GAP_BLAME),
            blame_courier_weak: set(|l| l.blame_courier_weak, GAP_BLAME),
            office: set(|l| l.office, GAP_OFFICE),
            office_alt: set(|l| l.office_alt, GAP_TIGHT),
            bounce: set(|l| l.bounce, GAP_BOUNCE),
            action: set(|l| l.action, GAP_TIGHT),
            time: set(|l| l.time, GAP_TIGHT),
            apology: set(|l| l.apology, 0),
            ownership: set(|l| l.ownership, GAP_BLAME),
            slang: set(|l| l.slang, 0),
            name_intro: set(|l| l.name_intro, GAP_TIGHT),
            not_name: set(|l| l.not_name, 0),
        }
    })
}

fn report(
    lang: Option<Lang>,
    mut issues: Vec<ReplyIssue>,
    strengths: Vec<ReplyStrength>,
) -> ReplyReport {
    issues.sort_by_key(|i| i.severity());
    issues.dedup();
    let lost: u32 = issues.iter().map(|i| u32::from(i.weight())).sum();
    ReplyReport {
        lang,
        ok: !issues.iter().any(|i| i.severity() == Severity::Major),
        score: 100u32.saturating_sub(lost) as u8,
        issues,
        strengths,
    }
}

/// A date (`12.05.2024`), a clock time (`10:30`) or `5pm`, `2h`.
fn is_time_token(t: &Token) -> bool {
    match t.kind {
        Kind::Number => t.date || t.clock,
        Kind::Alnum => {
            let letters = t.text.trim_start_matches(|c: char| c.is_ascii_digit());
            t.text.starts_with(|c: char| c.is_ascii_digit())
                && matches!(
                    letters,
                    "am" | "pm" | "h" | "hr" | "hrs" | "min" | "ч" | "мин"
                )
        }
        _ => false,
    }
}

/// Pictographic emoji, or an ASCII emoticon (`:)`, `;-)`, `:D`, `<3`, `))`).
fn has_emoji(text: &str) -> bool {
    let pictograph = text.chars().any(|c| {
        matches!(c as u32,
            0x1F000..=0x1FAFF | 0x2600..=0x2604 | 0x2607..=0x2712 | 0x2715..=0x27BF
            | 0x2B50 | 0x2B55)
    });
    if pictograph {
        return true;
    }
    const EMOTICONS: &[&str] = &[
        ":)", ":-)", ";)", ";-)", ":(", ":-(", ":D", ":-D", ":P", ":p", ":-P", "^_^", ":-*", ":*",
    ];
    let emoticon = EMOTICONS.iter().any(|e| {
        text.match_indices(e).any(|(i, _)| {
            let after = text[i + e.len()..].chars().next();
            let before = text[..i].chars().next_back();
            !after.is_some_and(char::is_alphanumeric) && !before.is_some_and(char::is_alphanumeric)
        })
    });
    // Russian-style smileys: "))" with more closing than opening brackets.
    let brackets =
        text.contains("))") && text.matches(')').count() >= text.matches('(').count() + 2;
    emoticon || brackets
}

/// A run of `!!` (or `!?`/`?!`), or three or more `!` in all.
fn too_many_exclamations(text: &str) -> bool {
    let mut prev = ' ';
    let mut total = 0;
    for c in text.chars() {
        let bang = c == '!' || c == '！';
        if bang {
            total += 1;
        }
        let q = matches!(c, '?' | '؟');
        if (bang && (prev == '!' || prev == '?' || prev == '؟')) || (q && prev == '!') {
            return true;
        }
        prev = if c == '！' { '!' } else { c };
    }
    total >= 3
}

/// Whether a script has letter case (Latin, Cyrillic, Greek) as opposed to
/// Persian, where a name cannot be told by a capital.
fn cased(t: &Token) -> bool {
    t.text
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || c.is_uppercase())
}

/// Whether the reply shows a person: the replier's name, an introduction
/// ("my name is Anna", "Regards, Anna"), a dash signature ("— Anna, support")
/// or a short last sentence or line with a name ("... Thanks, Anna").
fn is_signed(text: &str, tokens: &[Token], ctx: &ReplyContext, sets: &Sets) -> bool {
    let words_of = |s: &str| -> Vec<String> {
        tokenize(s)
            .into_iter()
            .filter(|t| t.kind == Kind::Word && t.text.chars().count() >= 2)
            .map(|t| t.text)
            .collect()
    };
    if let Some(name) = ctx.replier_name.as_deref() {
        let names = words_of(name);
        if names.iter().any(|n| tokens.iter().any(|t| &t.text == n)) {
            return true;
        }
    }
    let shop = ctx.shop_name.as_deref().map(words_of).unwrap_or_default();
    let filler = |t: &Token| {
        t.kind != Kind::Word
            || t.text.chars().count() < 2
            || shop.contains(&t.text)
            || sets.not_name.any(std::slice::from_ref(t))
    };
    let is_name = |t: &Token| !filler(t) && (t.capital || !cased(t));
    // The first word that is not "support", "team", "thanks"... is a name.
    let names_someone = |sig: &[Token]| sig.iter().find(|t| !filler(t)).is_some_and(is_name);
    // "My name is Anna", "Best regards, Anna", "manager Anna".
    for (_, end) in sets.name_intro.find_all(tokens) {
        if names_someone(&tokens[end..tokens.len().min(end + 3)]) {
            return true;
        }
    }
    let text = text.trim_end();
    let tail_start = (text.len().saturating_sub(240)..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    let tail = &text[tail_start..];
    // "— Anna, Candor Shop support" near the end.
    let dash = tail.char_indices().rev().find(|&(i, c)| {
        matches!(c, '—' | '–' | '―')
            || (c == '-'
                && tail[..i]
                    .chars()
                    .next_back()
                    .is_none_or(char::is_whitespace))
    });
    if let Some((i, c)) = dash {
        if signature_tokens(&tail[i + c.len_utf8()..], 6).is_some_and(|sig| names_someone(&sig)) {
            return true;
        }
    }
    // A short last sentence or line: "... Sorry for the wait. Anna",
    // "Thanks,\nAnna Petrova".
    let body = tail.trim_end_matches(['.', '!']);
    let last = body
        .rfind(['.', '!', '?', '؟', '\n'])
        .map_or(body, |i| &body[i + 1..]);
    if signature_tokens(last, 4).is_some_and(|sig| names_someone(&sig)) {
        return true;
    }
    false
}

/// The word tokens of a would-be signature: 1..=`max` words, no sentence inside.
fn signature_tokens(s: &str, max: usize) -> Option<Vec<Token>> {
    let body = s.trim().trim_end_matches(['.', '!']);
    if body.contains(['.', '!', '?', '؟', '\n']) {
        return None;
    }
    let words: Vec<Token> = tokenize(body)
        .into_iter()
        .filter(|t| t.kind == Kind::Word)
        .collect();
    (1..=max).contains(&words.len()).then_some(words)
}

#[cfg(test)]
mod tests;
