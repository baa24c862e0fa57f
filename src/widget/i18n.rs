//! The widget's message catalogue: every string a shopper sees, in the five
//! languages. The server's rendered reviews use the same catalogue (this file
//! is compiled into it too), so anything needing the browser stays behind
//! `#[cfg(feature = "widget")]`. Placeholders (`{n}`, `{time}`, ...) are filled with
//! [`crate::core::i18n::fill`]; numbers and dates are formatted by
//! [`super::intl`] so digits follow the locale (Persian digits in `fa`).

crate::catalogue! {
    /// Messages of the shopper widget.
    pub enum Msg {
        /// Heading of the whole widget.
        Title => ["Customer reviews", "Отзывы покупателей", "Сатып алушылардың пікірлері", "نظرات مشتریان", "Κριτικές πελατών"],
        /// Count of published reviews.
        ReviewCount => ["Reviews: {n}", "Отзывов: {n}", "Пікірлер: {n}", "تعداد نظرها: {n}", "Κριτικές: {n}"],
        /// Accessible name of a star rating shown read-only.
        RatedOutOf => ["Rated {n} out of 5", "Оценка {n} из 5", "Бағасы: 5-тен {n}", "امتیاز {n} از ۵", "Βαθμολογία {n} από 5"],
        /// Heading of the star histogram.
        Histogram => ["Ratings", "Оценки", "Бағалар", "امتیازها", "Βαθμολογίες"],
        /// One histogram row, read by screen readers.
        HistogramRow => ["{stars}: {count}", "{stars}: {count}", "{stars}: {count}", "{stars}: {count}", "{stars}: {count}"],
        /// Share of complaints resolved.
        ResolvedShare => [
            "{pct} of complaints resolved",
            "Решено {pct} жалоб",
            "Шағымдардың {pct} шешілді",
            "{pct} از شکایت‌ها حل شده است",
            "Επιλύθηκε το {pct} των παραπόνων",
        ],
        /// Typical first-answer time.
        TypicalAnswer => [
            "Typical answer time: {time}",
            "Обычное время ответа: {time}",
            "Әдетте жауап беру уақыты: {time}",
            "زمان معمول پاسخ: {time}",
            "Συνήθης χρόνος απάντησης: {time}",
        ],
        /// The shop's promise never to hide negative reviews.
        PublishesEvery => [
            "This shop publishes every review, including negative ones.",
            "Этот магазин публикует все отзывы, в том числе отрицательные.",
            "Бұл дүкен барлық пікірді, соның ішінде жағымсыздарын да жариялайды.",
            "این فروشگاه همهٔ نظرها، از جمله نظرهای منفی را منتشر می‌کند.",
            "Αυτό το κατάστημα δημοσιεύει κάθε κριτική, και τις αρνητικές.",
        ],
        /// Link to the public moderation log.
        ModerationLog => ["Public moderation log", "Открытый журнал модерации", "Модерацияның ашық журналы", "گزارش عمومی نظارت", "Δημόσιο αρχείο εποπτείας"],
        /// Sort control label.
        SortLabel => ["Sort", "Сортировка", "Сұрыптау", "مرتب‌سازی", "Ταξινόμηση"],
        /// Sort: newest first.
        SortNewest => ["Newest first", "Сначала новые", "Алдымен жаңалары", "جدیدترین", "Νεότερες πρώτα"],
        /// Sort: lowest rating first.
        SortLowest => ["Lowest rating first", "Сначала низкие оценки", "Алдымен төмен бағалар", "کمترین امتیاز", "Χαμηλότερη βαθμολογία πρώτα"],
        /// Sort: highest rating first.
        SortHighest => ["Highest rating first", "Сначала высокие оценки", "Алдымен жоғары бағалар", "بیشترین امتیاز", "Υψηλότερη βαθμολογία πρώτα"],
        /// Sort: most "me too"s and "helpful"s first.
        SortHelpful => ["Most helpful first", "Сначала полезные", "Алдымен пайдалылары", "مفیدترین", "Πιο χρήσιμες πρώτα"],
        /// The button a reader presses on a complaint they share.
        MeToo => ["Me too", "У меня тоже", "Менде де", "من هم", "Κι εγώ"],
        /// The button a reader presses on a review that helped them.
        Helpful => ["Helpful", "Полезно", "Пайдалы", "مفید بود", "Χρήσιμη"],
        /// Star filter label.
        FilterLabel => ["Show", "Показать", "Көрсету", "نمایش", "Εμφάνιση"],
        /// Star filter: everything.
        FilterAll => ["All ratings", "Все оценки", "Барлық бағалар", "همهٔ امتیازها", "Όλες οι βαθμολογίες"],
        /// Star filter option.
        FilterStars => ["{stars} only", "Только {stars}", "Тек {stars}", "فقط {stars}", "Μόνο {stars}"],
        /// Button loading the next page.
        ShowMore => ["Show more reviews", "Показать ещё", "Тағы көрсету", "نمایش نظرهای بیشتر", "Περισσότερες κριτικές"],
        /// Shown while the list loads.
        Loading => ["Loading reviews…", "Загружаем отзывы…", "Пікірлер жүктелуде…", "در حال بارگیری نظرها…", "Φόρτωση κριτικών…"],
        /// The list could not be loaded.
        LoadFailed => [
            "Could not load reviews.",
            "Не удалось загрузить отзывы.",
            "Пікірлерді жүктеу мүмкін болмады.",
            "بارگیری نظرها ممکن نشد.",
            "Δεν ήταν δυνατή η φόρτωση των κριτικών.",
        ],
        /// Retry button.
        Retry => ["Retry", "Повторить", "Қайталау", "تلاش دوباره", "Δοκιμάστε ξανά"],
        /// Empty list.
        NoReviews => [
            "No reviews yet. Be the first to write one.",
            "Отзывов пока нет. Напишите первый.",
            "Әзірге пікір жоқ. Алғашқысын жазыңыз.",
            "هنوز نظری ثبت نشده است. اولین نفر باشید.",
            "Δεν υπάρχουν ακόμη κριτικές. Γράψτε την πρώτη.",
        ],
        /// Name shown when the author left none.
        Anonymous => ["Customer", "Покупатель", "Сатып алушы", "مشتری", "Πελάτης"],
        /// Label of a complaint in the list.
        Complaint => ["Complaint", "Жалоба", "Шағым", "شکایت", "Παράπονο"],
        /// Badge: the order was matched.
        BadgeVerified => ["Verified order", "Подтверждённый заказ", "Расталған тапсырыс", "سفارش تأییدشده", "Επιβεβαιωμένη παραγγελία"],
        /// Badge: the customer confirmed the resolution.
        BadgeResolvedConfirmed => [
            "Resolved (confirmed by the customer)",
            "Решено (подтвердил покупатель)",
            "Шешілді (сатып алушы растады)",
            "حل شد (تأیید مشتری)",
            "Επιλύθηκε (επιβεβαίωσε ο πελάτης)",
        ],
        /// Badge: the shop marked it resolved.
        BadgeResolvedByShop => [
            "Resolved (marked by the shop)",
            "Решено (по словам магазина)",
            "Шешілді (дүкен белгіледі)",
            "حل شد (به اعلام فروشگاه)",
            "Επιλύθηκε (σύμφωνα με το κατάστημα)",
        ],
        /// Badge: the shop answered.
        BadgeAnswered => ["Answered", "Есть ответ", "Жауап берілді", "پاسخ داده شد", "Απαντήθηκε"],
        /// Badge: a complaint without an answer yet.
        BadgeAwaiting => ["Awaiting answer", "Ждёт ответа", "Жауап күтуде", "در انتظار پاسخ", "Αναμένει απάντηση"],
        /// Badge: conversation moved to a private channel.
        BadgeMovedPrivate => ["Continued privately", "Продолжено в личной переписке", "Жеке хат алмасуда жалғасты", "در گفت‌وگوی خصوصی ادامه یافت", "Συνεχίζεται ιδιωτικά"],
        /// Badge: the shop asked for order details.
        BadgeDetailsRequested => ["Order details requested", "Запрошены данные заказа", "Тапсырыс деректері сұралды", "جزئیات سفارش درخواست شد", "Ζητήθηκαν στοιχεία παραγγελίας"],
        /// Placeholder of a review hidden for abuse.
        HiddenPlaceholder => [
            "Hidden by the shop. Reason: {reason}. The action is recorded in the public moderation log.",
            "Скрыто магазином. Причина: {reason}. Это действие записано в открытом журнале модерации.",
            "Дүкен жасырды. Себебі: {reason}. Бұл әрекет модерацияның ашық журналына жазылды.",
            "فروشگاه این نظر را پنهان کرد. دلیل: {reason}. این اقدام در گزارش عمومی نظارت ثبت شده است.",
            "Αποκρύφθηκε από το κατάστημα. Αιτία: {reason}. Η ενέργεια καταγράφεται στο δημόσιο αρχείο εποπτείας.",
        ],
        /// Hidden-for-abuse reason `insult`.
        HiddenInsult => ["insults", "оскорбления", "қорлау", "توهین", "προσβολές"],
        /// Hidden-for-abuse reason `slur`.
        HiddenSlur => ["hate speech", "язык вражды", "өшпенділік тілі", "سخن نفرت‌آمیز", "ρητορική μίσους"],
        /// Hidden-for-abuse reason `threat`.
        HiddenThreat => ["threats", "угрозы", "қоқан-лоққы", "تهدید", "απειλές"],
        /// Hidden-for-abuse reason `personal_data`.
        HiddenPersonalData => ["personal data", "персональные данные", "жеке деректер", "اطلاعات شخصی", "προσωπικά δεδομένα"],
        /// Hidden-for-abuse reason `harassment`.
        HiddenHarassment => ["harassment", "травля", "қудалау", "آزار و اذیت", "παρενόχληση"],
        /// Hidden-for-abuse reason `spam`.
        HiddenSpam => ["spam", "спам", "спам", "هرزنامه", "ανεπιθύμητα μηνύματα (spam)"],
        /// Hidden-for-abuse reason missing or unknown to this widget.
        HiddenOther => ["a breach of the rules", "нарушение правил", "ережені бұзу", "نقض قوانین", "παραβίαση των κανόνων"],
        /// Heading of the shop's incident notice above the list.
        IncidentTitle => ["Notice from the shop", "Сообщение магазина", "Дүкеннің хабарламасы", "اطلاعیهٔ فروشگاه", "Ανακοίνωση του καταστήματος"],
        /// Time since a complaint was filed.
        WaitingFor => ["waiting {time}", "ждёт {time}", "{time} күтуде", "{time} در انتظار", "σε αναμονή {time}"],
        /// Label of a shop reply.
        AnsweredIn => ["answered in {time}", "время ответа: {time}", "жауап уақыты: {time}", "زمان پاسخ: {time}", "απάντηση σε {time}"],
        /// A duration shorter than a minute (instead of "0 minutes").
        UnderAMinute => ["under a minute", "меньше минуты", "бір минуттан аз", "کمتر از یک دقیقه", "λιγότερο από ένα λεπτό"],
        /// The label of the note the shop published when marking a complaint
        /// resolved (not another reply).
        ResolutionNote => ["Resolution note from the shop", "Итог от магазина", "Дүкеннің шешім туралы жазбасы", "یادداشت فروشگاه دربارهٔ حل مشکل", "Σημείωμα επίλυσης από το κατάστημα"],
        /// The shop's reply heading.
        ShopReply => ["Reply from the shop", "Ответ магазина", "Дүкеннің жауабы", "پاسخ فروشگاه", "Απάντηση καταστήματος"],
        /// Live status: someone is online.
        StatusOnline => [
            "Support online — we answer within {promise}",
            "Поддержка на связи — отвечаем в течение {promise}",
            "Қолдау қызметі желіде — {promise} ішінде жауап береміз",
            "پشتیبانی آنلاین است — حداکثر ظرف {promise} پاسخ می‌دهیم",
            "Η υποστήριξη είναι συνδεδεμένη — απαντάμε μέσα σε {promise}",
        ],
        /// Live status: open hours, nobody active right now.
        StatusOpen => [
            "Support is open — we answer within {promise}",
            "Поддержка работает — отвечаем в течение {promise}",
            "Қолдау қызметі жұмыс істейді — {promise} ішінде жауап береміз",
            "پشتیبانی فعال است — حداکثر ظرف {promise} پاسخ می‌دهیم",
            "Η υποστήριξη λειτουργεί — απαντάμε μέσα σε {promise}",
        ],
        /// Live status: typical time today, appended to the above.
        StatusTypical => ["(typical today: {time})", "(сегодня обычно: {time})", "(бүгін әдетте: {time})", "(معمولاً امروز: {time})", "(συνήθως σήμερα: {time})"],
        /// Live status: closed, with the next opening.
        StatusOffline => [
            "Support is offline — back {when}",
            "Поддержка не работает — вернёмся {when}",
            "Қолдау қызметі жұмыс істемейді — {when} ораламыз",
            "پشتیبانی آفلاین است — بازگشت: {when}",
            "Η υποστήριξη είναι εκτός σύνδεσης — επιστρέφουμε {when}",
        ],
        /// After a time in the shopper's own zone: the same moment at the shop.
        ShopTime => ["(your time; {time} at the shop)", "(по вашему времени; {time} по времени магазина)", "(сіздің уақытыңыз бойынша; дүкенде {time})", "(به وقت شما؛ {time} به وقت فروشگاه)", "(η δική σας ώρα· {time} στο κατάστημα)"],
        /// Live status: closed, no next opening known.
        StatusClosed => ["Support is offline", "Поддержка не работает", "Қолдау қызметі жұмыс істемейді", "پشتیبانی آفلاین است", "Η υποστήριξη είναι εκτός σύνδεσης"],
        /// Live status before the first answer.
        StatusChecking => ["Checking whether support is online…", "Проверяем, на связи ли поддержка…", "Қолдау қызметінің желіде екенін тексерудеміз…", "در حال بررسی وضعیت پشتیبانی…", "Ελέγχουμε αν η υποστήριξη είναι διαθέσιμη…"],
        /// Heading of the working hours list.
        HoursTitle => ["Support hours (your time)", "Часы работы поддержки (по вашему времени)", "Қолдау қызметінің жұмыс уақыты (сіздің уақытыңыз)", "ساعات کاری پشتیبانی (به وقت شما)", "Ώρες υποστήριξης (η δική σας ώρα)"],
        /// Link for merchants: opens the moderation panel.
        ShopSignIn => ["Shop sign-in", "Вход для магазина", "Дүкенге кіру", "ورود فروشگاه", "Σύνδεση καταστήματος"],
        /// The moderation panel's bundle could not be loaded.
        PanelUnavailable => [
            "The shop panel could not be loaded. Please try again later.",
            "Не удалось загрузить панель магазина. Попробуйте позже.",
            "Дүкен панелін жүктеу мүмкін болмады. Кейінірек қайталап көріңіз.",
            "پنل فروشگاه بارگیری نشد. لطفاً بعداً دوباره تلاش کنید.",
            "Δεν ήταν δυνατή η φόρτωση του πίνακα του καταστήματος. Δοκιμάστε ξανά αργότερα.",
        ],
        /// Opens the form (the writer module loads on this click).
        WriteButton => ["Write a review or complaint", "Написать отзыв или жалобу", "Пікір немесе шағым жазу", "نوشتن نظر یا شکایت", "Γράψτε κριτική ή παράπονο"],
        /// The form's module could not be loaded.
        WriteUnavailable => [
            "The form could not be loaded. Please try again.",
            "Не удалось загрузить форму. Попробуйте ещё раз.",
            "Пішінді жүктеу мүмкін болмады. Қайталап көріңіз.",
            "بارگیری فرم ممکن نشد. لطفاً دوباره تلاش کنید.",
            "Δεν ήταν δυνατή η φόρτωση της φόρμας. Δοκιμάστε ξανά.",
        ],
    }
}

/// Looks a message up and fills its `{name}` placeholders.
pub fn fill(msg: Msg, lang: crate::core::lang::Lang, args: &[(&str, &str)]) -> String {
    crate::core::i18n::fill(msg.text(lang), args)
}

/// The message naming why a review was hidden for abuse (`hidden_reason` in
/// the API); an unknown or missing code reads "a breach of the rules".
pub fn hidden_reason(code: Option<&str>) -> Msg {
    match code.unwrap_or_default() {
        "insult" => Msg::HiddenInsult,
        "slur" => Msg::HiddenSlur,
        "threat" => Msg::HiddenThreat,
        "personal_data" => Msg::HiddenPersonalData,
        "harassment" => Msg::HiddenHarassment,
        "spam" => Msg::HiddenSpam,
        _ => Msg::HiddenOther,
    }
}

/// Word forms of a counted noun per CLDR plural category, `[one, few, many,
/// other]` for each language in the catalogue's order (en, ru, kk, fa, el);
/// `{n}` is the formatted number.
pub type PluralForms = [[&'static str; 4]; 5];

/// "1 star", "2 звезды", "5 звёзд", "1 αστέρι".
pub const STARS: PluralForms = [
    ["{n} star", "{n} stars", "{n} stars", "{n} stars"],
    ["{n} звезда", "{n} звезды", "{n} звёзд", "{n} звезды"],
    ["{n} жұлдыз", "{n} жұлдыз", "{n} жұлдыз", "{n} жұлдыз"],
    ["{n} ستاره", "{n} ستاره", "{n} ستاره", "{n} ستاره"],
    ["{n} αστέρι", "{n} αστέρια", "{n} αστέρια", "{n} αστέρια"],
];

/// `n` with its noun in the form the language's plural rules pick (the
/// number in the language's digits). Browser-only: this file is also
/// compiled into the server (`src/server/seo/mod.rs`), which has no `Intl`.
#[cfg(feature = "widget")]
pub fn count(forms: &PluralForms, n: f64, lang: crate::core::lang::Lang) -> String {
    use crate::widget::intl::{self, Plural};
    let by_lang = &forms[lang as usize];
    let form = match intl::plural(n, lang) {
        Plural::One => by_lang[0],
        Plural::Few => by_lang[1],
        Plural::Many => by_lang[2],
        Plural::Other => by_lang[3],
    };
    crate::core::i18n::fill(form, &[("n", &intl::number(n, lang, 1))])
}
