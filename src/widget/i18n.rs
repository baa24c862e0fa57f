//! The widget's message catalogue: every string a shopper sees, in the five
//! languages. Placeholders (`{n}`, `{time}`, ...) are filled with
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
        HistogramRow => ["{stars} stars: {count}", "{stars} зв.: {count}", "{stars} жұлдыз: {count}", "{stars} ستاره: {count}", "{stars} αστέρια: {count}"],
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
        /// Star filter label.
        FilterLabel => ["Show", "Показать", "Көрсету", "نمایش", "Εμφάνιση"],
        /// Star filter: everything.
        FilterAll => ["All ratings", "Все оценки", "Барлық бағалар", "همهٔ امتیازها", "Όλες οι βαθμολογίες"],
        /// Star filter option.
        FilterStars => ["{n} stars only", "Только {n} зв.", "Тек {n} жұлдыз", "فقط {n} ستاره", "Μόνο {n} αστέρια"],
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
        AnsweredIn => ["answered in {time}", "ответ через {time}", "{time} ішінде жауап берді", "پاسخ پس از {time}", "απάντηση σε {time}"],
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
        /// The shopper's own time, after a shop-local time.
        YourTime => ["(your time {time})", "(по вашему времени {time})", "(сіздің уақытыңыз бойынша {time})", "(به وقت شما {time})", "(η δική σας ώρα {time})"],
        /// Live status: closed, no next opening known.
        StatusClosed => ["Support is offline", "Поддержка не работает", "Қолдау қызметі жұмыс істемейді", "پشتیبانی آفلاین است", "Η υποστήριξη είναι εκτός σύνδεσης"],
        /// Live status before the first answer.
        StatusChecking => ["Checking whether support is online…", "Проверяем, на связи ли поддержка…", "Қолдау қызметінің желіде екенін тексерудеміз…", "در حال بررسی وضعیت پشتیبانی…", "Ελέγχουμε αν η υποστήριξη είναι διαθέσιμη…"],
        /// Heading of the working hours list.
        HoursTitle => ["Support hours (your time)", "Часы работы поддержки (по вашему времени)", "Қолдау қызметінің жұмыс уақыты (сіздің уақытыңыз)", "ساعات کاری پشتیبانی (به وقت شما)", "Ώρες υποστήριξης (η δική σας ώρα)"],
        /// Heading of the form.
        FormTitle => ["Write a review", "Написать отзыв", "Пікір жазу", "نوشتن نظر", "Γράψτε κριτική"],
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
        NameLabel => ["Name shown with your review (optional)", "Имя для отзыва (необязательно)", "Пікірде көрсетілетін атыңыз (міндетті емес)", "نامی که کنار نظر نمایش داده می‌شود (اختیاری)", "Όνομα που θα εμφανίζεται (προαιρετικό)"],
        /// E-mail field.
        EmailLabel => [
            "E-mail (optional, never published; only for the shop to contact you)",
            "E-mail (необязательно, не публикуется; только чтобы магазин связался с вами)",
            "E-mail (міндетті емес, жарияланбайды; дүкен сізбен байланысуы үшін ғана)",
            "ایمیل (اختیاری، هرگز منتشر نمی‌شود؛ فقط برای تماس فروشگاه با شما)",
            "E-mail (προαιρετικό, δεν δημοσιεύεται· μόνο για να επικοινωνήσει μαζί σας το κατάστημα)",
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
            "Your complaint is registered. You can follow it below.",
            "Жалоба зарегистрирована. Следите за ней ниже.",
            "Шағымыңыз тіркелді. Оны төменде бақылай аласыз.",
            "شکایت شما ثبت شد. می‌توانید وضعیت آن را در پایین دنبال کنید.",
            "Το παράπονό σας καταχωρίστηκε. Μπορείτε να το παρακολουθείτε παρακάτω.",
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
        Withdraw => ["Withdraw my review", "Отозвать мой отзыв", "Пікірімді қайтарып алу", "پس گرفتن نظرم", "Απόσυρση της κριτικής μου"],
        /// Second step of withdrawing.
        WithdrawSure => [
            "Withdraw for good? The review will no longer be shown.",
            "Отозвать окончательно? Отзыв больше не будет показан.",
            "Біржола қайтарып аласыз ба? Пікір енді көрсетілмейді.",
            "برای همیشه پس گرفته شود؟ این نظر دیگر نمایش داده نمی‌شود.",
            "Οριστική απόσυρση; Η κριτική δεν θα εμφανίζεται πια.",
        ],
        /// The review was withdrawn.
        Withdrawn => ["You withdrew this review.", "Вы отозвали этот отзыв.", "Сіз бұл пікірді қайтарып алдыңыз.", "شما این نظر را پس گرفتید.", "Αποσύρατε αυτή την κριτική."],
        /// Stop following a complaint on this device.
        Forget => ["Stop following on this device", "Не следить на этом устройстве", "Бұл құрылғыда бақыламау", "دنبال نکردن در این دستگاه", "Διακοπή παρακολούθησης σε αυτή τη συσκευή"],
        /// An author action failed.
        ActionFailed => ["That did not work. Please try again.", "Не получилось. Попробуйте ещё раз.", "Болмады. Қайта көріңіз.", "انجام نشد. لطفاً دوباره تلاش کنید.", "Δεν έγινε. Δοκιμάστε ξανά."],
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
