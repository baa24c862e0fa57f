//! The writer's message catalogue: the strings only the form, the star input
//! and the complaint tracking cards show, in the five languages. A separate
//! enum from [`crate::widget::i18n::Msg`] so the reader's wasm (which never
//! renders these) does not carry them: `text` matches every variant, so a
//! module keeps every string of each catalogue it uses. Messages both halves
//! show stay in `Msg`.

use crate::core::lang::Lang;
use crate::widget::i18n::Msg;

crate::catalogue! {
    /// Messages of the writer (form, star input, tracking cards).
    pub enum WMsg {
        /// Heading of the form.
        FormTitle => ["Write a review", "Написать отзыв", "Пікір жазу", "نوشتن نظر", "Γράψτε κριτική"],
        /// Heading of the form once "complaint" is chosen.
        FormTitleComplaint => ["Report a problem", "Сообщить о проблеме", "Мәселе туралы хабарлау", "گزارش مشکل", "Αναφορά προβλήματος"],
        /// The review/complaint choice.
        KindLabel => ["What would you like to do?", "Что вы хотите сделать?", "Не істегіңіз келеді?", "چه کاری می‌خواهید انجام دهید؟", "Τι θέλετε να κάνετε;"],
        /// Choice: review.
        KindReview => ["Share a review", "Оставить отзыв", "Пікір қалдыру", "ثبت نظر", "Να γράψω κριτική"],
        /// Choice: complaint.
        KindComplaint => ["Report a problem (the shop answers)", "Сообщить о проблеме (магазин ответит)", "Мәселе туралы хабарлау (дүкен жауап береді)", "گزارش مشکل (فروشگاه پاسخ می‌دهد)", "Αναφορά προβλήματος (το κατάστημα απαντά)"],
        /// Star input legend.
        RatingLabel => ["Your rating", "Ваша оценка", "Сіздің бағаңыз", "امتیاز شما", "Η βαθμολογία σας"],
        /// One star radio button.
        StarOption => ["{n} of 5 stars", "{n} из 5 звёзд", "5 жұлдыздан {n}", "{n} از ۵ ستاره", "{n} από 5 αστέρια"],
        /// Text field label for reviews.
        TextLabel => ["Your review", "Ваш отзыв", "Сіздің пікіріңіз", "نظر شما", "Η κριτική σας"],
        /// Text field label for complaints.
        TextLabelComplaint => ["What went wrong?", "Что случилось?", "Не болды?", "چه مشکلی پیش آمد؟", "Τι πήγε στραβά;"],
        /// Help under the text field.
        TextHelp => [
            "Say what you ordered, when, and what happened.",
            "Напишите, что вы заказали, когда и что произошло.",
            "Не тапсырыс бергеніңізді, қашан және не болғанын жазыңыз.",
            "بنویسید چه چیزی، چه زمانی سفارش دادید و چه اتفاقی افتاد.",
            "Γράψτε τι παραγγείλατε, πότε και τι συνέβη.",
        ],
        /// Name field.
        NameLabel => ["Name shown with your review (optional)", "Имя для отзыва (необязательно)", "Пікірде көрсетілетін атыңыз (міндетті емес)", "نامی که کنار نظر نمایش داده می‌شود (اختیاری)", "Όνομα που θα εμφανίζεται με την κριτική (προαιρετικό)"],
        /// Name field of a complaint.
        NameLabelComplaint => ["Name shown with your complaint (optional)", "Имя для жалобы (необязательно)", "Шағымда көрсетілетін атыңыз (міндетті емес)", "نامی که کنار شکایت نمایش داده می‌شود (اختیاری)", "Όνομα που θα εμφανίζεται με το παράπονο (προαιρετικό)"],
        /// E-mail field.
        EmailLabel => [
            "E-mail (optional, never published): the shop's answers and a private link to your review are mailed here; unsubscribe in any mail",
            "E-mail (необязательно, не публикуется): сюда придут ответы магазина и личная ссылка на ваш отзыв; отписаться можно в любом письме",
            "E-mail (міндетті емес, жарияланбайды): дүкеннің жауаптары мен пікіріңізге жеке сілтеме осында келеді; кез келген хаттан жазылымнан бас тартуға болады",
            "ایمیل (اختیاری، هرگز منتشر نمی‌شود): پاسخ‌های فروشگاه و پیوند خصوصی نظرتان به این نشانی فرستاده می‌شود؛ در هر نامه می‌توانید لغو اشتراک کنید",
            "E-mail (προαιρετικό, δεν δημοσιεύεται): εδώ στέλνονται οι απαντήσεις του καταστήματος και ένας προσωπικός σύνδεσμος για την κριτική σας· διαγραφή από κάθε μήνυμα",
        ],
        /// Order number field.
        OrderLabel => ["Order number (optional, never published)", "Номер заказа (необязательно, не публикуется)", "Тапсырыс нөмірі (міндетті емес, жарияланбайды)", "شمارهٔ سفارش (اختیاری، منتشر نمی‌شود)", "Αριθμός παραγγελίας (προαιρετικό, δεν δημοσιεύεται)"],
        /// Order date field.
        OrderDateLabel => ["Order date (optional)", "Дата заказа (необязательно)", "Тапсырыс күні (міндетті емес)", "تاریخ سفارش (اختیاری)", "Ημερομηνία παραγγελίας (προαιρετικό)"],
        /// Submit a review.
        SubmitReview => ["Publish review", "Опубликовать отзыв", "Пікірді жариялау", "انتشار نظر", "Δημοσίευση κριτικής"],
        /// Submit a complaint.
        SubmitComplaint => ["Send complaint", "Отправить жалобу", "Шағымды жіберу", "ارسال شکایت", "Αποστολή παραπόνου"],
        /// While sending.
        Sending => ["Sending…", "Отправляем…", "Жіберілуде…", "در حال ارسال…", "Αποστολή…"],
        /// Heading of the live hints.
        HintsTitle => ["How to make it useful", "Как сделать отзыв полезнее", "Пікірді қалай пайдалы ету керек", "چطور نظرتان را مفیدتر کنید", "Πώς να γίνει πιο χρήσιμη"],
        /// The checker found nothing to improve.
        HintSpecific => [
            "Thank you — that is specific and helpful.",
            "Спасибо — конкретно и полезно.",
            "Рахмет — нақты әрі пайдалы.",
            "سپاس — دقیق و مفید است.",
            "Ευχαριστούμε — συγκεκριμένο και χρήσιμο.",
        ],
        /// Asked once before sending a template-like text.
        TemplateConfirm => [
            "Your text reads like a template, so the shop may not be able to help. Add what you ordered, when and what happened — or press send again to publish it as it is.",
            "Текст похож на шаблон, и магазину будет трудно помочь. Добавьте, что вы заказали, когда и что произошло, — или нажмите «Отправить» ещё раз, чтобы опубликовать как есть.",
            "Мәтін үлгіге ұқсайды, дүкенге көмектесу қиын болады. Не тапсырыс бергеніңізді, қашан және не болғанын қосыңыз — немесе дәл осылай жариялау үшін қайта жіберіңіз.",
            "متن شما شبیه یک متن کلیشه‌ای است و فروشگاه شاید نتواند کمک کند. بنویسید چه چیزی، چه زمانی سفارش دادید و چه اتفاقی افتاد — یا برای انتشار همین متن دوباره ارسال را بزنید.",
            "Το κείμενο μοιάζει με πρότυπο και το κατάστημα ίσως δεν μπορεί να βοηθήσει. Προσθέστε τι παραγγείλατε, πότε και τι συνέβη — ή πατήστε ξανά αποστολή για να δημοσιευτεί όπως είναι.",
        ],
        /// No rating chosen.
        NeedRating => ["Please choose a rating.", "Пожалуйста, выберите оценку.", "Бағаны таңдаңыз.", "لطفاً امتیاز را انتخاب کنید.", "Επιλέξτε βαθμολογία."],
        /// Text too short.
        NeedText => ["Please write a few words.", "Напишите хотя бы несколько слов.", "Бірнеше сөз жазыңыз.", "لطفاً چند کلمه بنویسید.", "Γράψτε μερικές λέξεις."],
        /// A review was published.
        SentReview => ["Thank you! Your review is published.", "Спасибо! Ваш отзыв опубликован.", "Рахмет! Пікіріңіз жарияланды.", "سپاس! نظر شما منتشر شد.", "Ευχαριστούμε! Η κριτική σας δημοσιεύτηκε."],
        /// A complaint was registered.
        SentComplaint => [
            "Your complaint is registered. Follow it in “Your complaint” above the reviews: the shop's answer appears there.",
            "Жалоба зарегистрирована. Следите за ней в блоке «Ваша жалоба» над отзывами: там появится ответ магазина.",
            "Шағымыңыз тіркелді. Оны пікірлердің үстіндегі «Сіздің шағымыңыз» бөлімінде бақылаңыз: дүкеннің жауабы сонда шығады.",
            "شکایت شما ثبت شد. آن را در بخش «شکایت شما» بالای نظرها دنبال کنید: پاسخ فروشگاه همان‌جا نمایش داده می‌شود.",
            "Το παράπονό σας καταχωρίστηκε. Παρακολουθήστε το στο «Το παράπονό σας» πάνω από τις κριτικές: εκεί θα εμφανιστεί η απάντηση του καταστήματος.",
        ],
        /// A complaint held for a check (it resembles other recent texts).
        SentHeld => [
            "Your complaint is registered, but it is not in the public list yet: it closely resembles other texts sent recently, so the shop checks it first. Its card “Your complaint” above says what happens next.",
            "Жалоба зарегистрирована, но пока не видна в общем списке: она очень похожа на другие недавние тексты, поэтому магазин сначала её проверит. Что будет дальше — в блоке «Ваша жалоба» выше.",
            "Шағымыңыз тіркелді, бірақ жалпы тізімде әзірге жоқ: ол жақында жіберілген басқа мәтіндерге қатты ұқсайды, сондықтан дүкен алдымен оны тексереді. Әрі қарай не болатынын жоғарыдағы «Сіздің шағымыңыз» бөлімінен көріңіз.",
            "شکایت شما ثبت شد، اما هنوز در فهرست عمومی نیست: بسیار شبیه متن‌های دیگری است که اخیراً فرستاده شده‌اند، پس فروشگاه اول آن را بررسی می‌کند. مراحل بعد را در بخش «شکایت شما» در بالا ببینید.",
            "Το παράπονό σας καταχωρίστηκε, αλλά δεν εμφανίζεται ακόμη στη δημόσια λίστα: μοιάζει πολύ με άλλα πρόσφατα κείμενα, οπότε το κατάστημα το ελέγχει πρώτα. Τι ακολουθεί θα δείτε στο «Το παράπονό σας» παραπάνω.",
        ],
        /// On the card of a held complaint: why, what happens next, what helps.
        HeldExplain => [
            "Being checked: your complaint closely resembles other texts sent recently, so it is not in the public list yet. A person at the shop reads it and either publishes it or tells you why not, here. Order details help the check: if the shop asks for your order number and date, send them here.",
            "На проверке: жалоба очень похожа на другие недавние тексты, поэтому её пока нет в общем списке. Сотрудник магазина прочитает её и опубликует или объяснит здесь, почему нет. Данные заказа помогают проверке: если магазин попросит номер и дату заказа, отправьте их здесь.",
            "Тексерілуде: шағымыңыз жақында жіберілген басқа мәтіндерге қатты ұқсайды, сондықтан ол әзірге жалпы тізімде жоқ. Дүкен қызметкері оны оқып, жариялайды немесе неге жарияланбайтынын осында түсіндіреді. Тапсырыс деректері тексеруге көмектеседі: дүкен тапсырыс нөмірі мен күнін сұраса, оларды осында жіберіңіз.",
            "در حال بررسی: شکایت شما بسیار شبیه متن‌های دیگری است که اخیراً فرستاده شده‌اند، پس هنوز در فهرست عمومی نیست. یکی از کارکنان فروشگاه آن را می‌خواند و یا منتشرش می‌کند یا همین‌جا دلیلش را می‌گوید. جزئیات سفارش به بررسی کمک می‌کند: اگر فروشگاه شماره و تاریخ سفارش را خواست، آن‌ها را همین‌جا بفرستید.",
            "Σε έλεγχο: το παράπονό σας μοιάζει πολύ με άλλα πρόσφατα κείμενα, γι' αυτό δεν εμφανίζεται ακόμη στη δημόσια λίστα. Ένας άνθρωπος του καταστήματος θα το διαβάσει και είτε θα το δημοσιεύσει είτε θα σας εξηγήσει εδώ γιατί όχι. Τα στοιχεία παραγγελίας βοηθούν τον έλεγχο: αν το κατάστημα ζητήσει αριθμό και ημερομηνία παραγγελίας, στείλτε τα εδώ.",
        ],
        /// On the card of a complaint sent while support is closed.
        OpensAnswerBy => [
            "Support opens at {open} your time; you will have an answer by {due}.",
            "Поддержка начнёт работу в {open} по вашему времени; ответ придёт до {due}.",
            "Қолдау қызметі сіздің уақытыңыз бойынша {open} ашылады; жауап {due} дейін келеді.",
            "پشتیبانی ساعت {open} به وقت شما باز می‌شود؛ تا {due} پاسخ خواهید گرفت.",
            "Η υποστήριξη ανοίγει στις {open} (η δική σας ώρα)· θα έχετε απάντηση έως τις {due}.",
        ],
        /// Submission failed for lack of network; the text is kept.
        NetworkSaved => [
            "We could not reach the shop. Your text is saved on this device and we will try again automatically.",
            "Не удалось связаться с магазином. Текст сохранён на этом устройстве, мы повторим отправку автоматически.",
            "Дүкенмен байланысу мүмкін болмады. Мәтін осы құрылғыда сақталды, біз қайта жіберуге автоматты түрде тырысамыз.",
            "ارتباط با فروشگاه برقرار نشد. متن شما روی همین دستگاه ذخیره شد و دوباره به‌طور خودکار ارسال می‌شود.",
            "Δεν ήταν δυνατή η σύνδεση με το κατάστημα. Το κείμενό σας αποθηκεύτηκε σε αυτή τη συσκευή και θα ξαναπροσπαθήσουμε αυτόματα.",
        ],
        /// Button sending a saved submission now.
        SendNow => ["Try again now", "Повторить сейчас", "Қазір қайталау", "همین حالا دوباره تلاش کنید", "Δοκιμάστε τώρα"],
        /// Heading of the tracking card.
        TrackTitle => ["Your complaint", "Ваша жалоба", "Сіздің шағымыңыз", "شکایت شما", "Το παράπονό σας"],
        /// Countdown to the answer deadline.
        DueIn => ["The shop will answer within {time}", "Магазин ответит в течение {time}", "Дүкен {time} ішінде жауап береді", "فروشگاه ظرف {time} پاسخ می‌دهد", "Το κατάστημα θα απαντήσει μέσα σε {time}"],
        /// The deadline has passed.
        Overdue => ["The answer is late by {time}", "Ответ задерживается на {time}", "Жауап {time} кешікті", "پاسخ {time} تأخیر دارد", "Η απάντηση καθυστερεί {time}"],
        /// The merchant marked it resolved; ask the author.
        ResolvedAsk => [
            "The shop says the problem is solved. Is it?",
            "Магазин сообщает, что проблема решена. Это так?",
            "Дүкен мәселе шешілді дейді. Солай ма?",
            "فروشگاه می‌گوید مشکل حل شده است. درست است؟",
            "Το κατάστημα λέει ότι το πρόβλημα λύθηκε. Ισχύει;",
        ],
        /// Confirm the resolution.
        Confirm => ["Yes, it is solved", "Да, решено", "Иә, шешілді", "بله، حل شد", "Ναι, λύθηκε"],
        /// Reopen the complaint.
        Reopen => ["No, it is not solved", "Нет, не решено", "Жоқ, шешілмеді", "نه، حل نشده است", "Όχι, δεν λύθηκε"],
        /// The shop asked for order details.
        DetailsAsk => [
            "The shop asks for your order number and date to find your order.",
            "Магазин просит номер и дату заказа, чтобы найти его.",
            "Дүкен тапсырысыңызды табу үшін оның нөмірі мен күнін сұрайды.",
            "فروشگاه برای پیدا کردن سفارش، شماره و تاریخ آن را می‌خواهد.",
            "Το κατάστημα ζητά τον αριθμό και την ημερομηνία της παραγγελίας για να τη βρει.",
        ],
        /// Send order details.
        SendDetails => ["Send order details", "Отправить данные заказа", "Тапсырыс деректерін жіберу", "ارسال جزئیات سفارش", "Αποστολή στοιχείων"],
        /// Withdraw the review.
        Withdraw => ["Withdraw my complaint", "Отозвать мою жалобу", "Шағымымды қайтарып алу", "پس گرفتن شکایتم", "Απόσυρση του παραπόνου μου"],
        /// Second step of withdrawing.
        WithdrawSure => [
            "Withdraw for good? The complaint will no longer be shown.",
            "Отозвать окончательно? Жалоба больше не будет показана.",
            "Біржола қайтарып аласыз ба? Шағым енді көрсетілмейді.",
            "برای همیشه پس گرفته شود؟ این شکایت دیگر نمایش داده نمی‌شود.",
            "Οριστική απόσυρση; Το παράπονο δεν θα εμφανίζεται πια.",
        ],
        /// The review was withdrawn.
        Withdrawn => ["You withdrew this complaint.", "Вы отозвали эту жалобу.", "Сіз бұл шағымды қайтарып алдыңыз.", "شما این شکایت را پس گرفتید.", "Αποσύρατε αυτό το παράπονο."],
        /// The author's own steps on their tracking card ("Customer" in the
        /// public list).
        You => ["You", "Вы", "Сіз", "شما", "Εσείς"],
        /// Above the reopen button once the author confirmed the resolution.
        ConfirmedReopenAsk => [
            "You confirmed that the problem is solved. If it comes back, you can reopen the complaint.",
            "Вы подтвердили, что проблема решена. Если она вернётся, жалобу можно открыть снова.",
            "Сіз мәселенің шешілгенін растадыңыз. Ол қайталанса, шағымды қайта ашуға болады.",
            "شما تأیید کردید که مشکل حل شده است. اگر دوباره پیش آمد، می‌توانید شکایت را دوباره باز کنید.",
            "Επιβεβαιώσατε ότι το πρόβλημα λύθηκε. Αν εμφανιστεί ξανά, μπορείτε να ανοίξετε ξανά το παράπονο.",
        ],
        /// Reopen once the author had confirmed.
        ReopenAgain => ["Reopen the complaint", "Открыть жалобу снова", "Шағымды қайта ашу", "بازکردن دوبارهٔ شکایت", "Άνοιγμα ξανά του παραπόνου"],
        /// Stop following a complaint on this device.
        Forget => ["Stop following on this device", "Не следить на этом устройстве", "Бұл құрылғыда бақыламау", "دنبال نکردن در این دستگاه", "Διακοπή παρακολούθησης σε αυτή τη συσκευή"],
        /// Title of a followed plain review's card.
        TrackReviewTitle => ["Your review", "Ваш отзыв", "Сіздің пікіріңіз", "نظر شما", "Η κριτική σας"],
        /// Heading over the shop's private messages (only the author sees them).
        PrivateMessages => ["Private messages from the shop (only you see them)", "Личные сообщения магазина (их видите только вы)", "Дүкеннің жеке хабарлары (оларды тек сіз көресіз)", "پیام‌های خصوصی فروشگاه (فقط شما می‌بینید)", "Ιδιωτικά μηνύματα του καταστήματος (μόνο εσείς τα βλέπετε)"],
        /// The private link that works on any device.
        OpenAnywhere => ["Private link (any device)", "Личная ссылка (с любого устройства)", "Жеке сілтеме (кез келген құрылғыдан)", "پیوند خصوصی (در هر دستگاه)", "Προσωπικός σύνδεσμος (από κάθε συσκευή)"],
        /// An author action failed.
        ActionFailed => ["That did not work. Please try again.", "Не получилось. Попробуйте ещё раз.", "Болмады. Қайта көріңіз.", "انجام نشد. لطفاً دوباره تلاش کنید.", "Δεν έγινε. Δοκιμάστε ξανά."],
    }
}

/// A message of either catalogue: what [`super::Ctx::t`] looks up.
pub trait Text: Copy {
    /// The message in `lang`.
    fn text(self, lang: Lang) -> &'static str;
}

impl Text for Msg {
    fn text(self, lang: Lang) -> &'static str {
        Msg::text(self, lang)
    }
}

impl Text for WMsg {
    fn text(self, lang: Lang) -> &'static str {
        WMsg::text(self, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_five_non_empty_languages_with_the_same_placeholders() {
        let holes = |s: &str| {
            let mut out: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(k, _)| k.to_owned()))
                .collect();
            out.sort();
            out
        };
        for msg in WMsg::ALL {
            let en = msg.text(Lang::En);
            for lang in Lang::ALL {
                let text = msg.text(lang);
                assert!(!text.trim().is_empty(), "{msg:?} in {lang:?}");
                assert_eq!(holes(text), holes(en), "{msg:?} in {lang:?}");
            }
        }
    }

    #[test]
    fn no_message_is_in_both_catalogues() {
        let names: Vec<String> = Msg::ALL.iter().map(|m| format!("{m:?}")).collect();
        for msg in WMsg::ALL {
            assert!(!names.contains(&format!("{msg:?}")), "{msg:?} twice");
        }
    }
}
