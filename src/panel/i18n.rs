//! The panel's message catalogue: every string a merchant sees, in the five
//! languages. The reply checker's advice comes from the core
//! ([`crate::core::reply_check::ReplyIssue::text`]); placeholders are filled
//! with [`fill`].

crate::catalogue! {
    /// Messages of the moderation panel.
    pub enum Msg {
        /// Heading of the sign-in dialog.
        SignInTitle => ["Shop sign-in", "Вход для магазина", "Дүкенге кіру", "ورود فروشگاه", "Σύνδεση καταστήματος"],
        /// E-mail field.
        Email => ["E-mail", "Эл. почта", "Эл. пошта", "ایمیل", "E-mail"],
        /// Password field.
        Password => ["Password", "Пароль", "Құпиясөз", "گذرواژه", "Κωδικός"],
        /// Sign-in button.
        SignIn => ["Sign in", "Войти", "Кіру", "ورود", "Σύνδεση"],
        /// Cancel button.
        Cancel => ["Cancel", "Отмена", "Болдырмау", "انصراف", "Ακύρωση"],
        /// Wrong credentials.
        LoginFailed => [
            "Wrong e-mail or password.",
            "Неверная почта или пароль.",
            "Пошта немесе құпиясөз қате.",
            "ایمیل یا گذرواژه نادرست است.",
            "Λάθος e-mail ή κωδικός.",
        ],
        /// Too many attempts.
        TooManyAttempts => [
            "Too many attempts. Try again in a few minutes.",
            "Слишком много попыток. Попробуйте через несколько минут.",
            "Әрекет тым көп. Бірнеше минуттан кейін қайталаңыз.",
            "تلاش‌ها بیش از حد است. چند دقیقه‌ی دیگر دوباره امتحان کنید.",
            "Πάρα πολλές προσπάθειες. Δοκιμάστε ξανά σε λίγα λεπτά.",
        ],
        /// The account has no role on this site.
        NotYourSite => [
            "This account cannot moderate this shop's reviews.",
            "У этой учётной записи нет доступа к отзывам этого магазина.",
            "Бұл тіркелгі осы дүкеннің пікірлерін басқара алмайды.",
            "این حساب اجازه‌ی مدیریت نظرهای این فروشگاه را ندارد.",
            "Αυτός ο λογαριασμός δεν μπορεί να διαχειριστεί τις κριτικές αυτού του καταστήματος.",
        ],
        /// The server could not be reached.
        Network => [
            "Could not reach the server. Check the connection and try again.",
            "Не удалось связаться с сервером. Проверьте соединение и повторите.",
            "Серверге қосылу мүмкін болмады. Байланысты тексеріп, қайталаңыз.",
            "اتصال به سرور ممکن نشد. اتصال را بررسی و دوباره تلاش کنید.",
            "Δεν ήταν δυνατή η σύνδεση με τον διακομιστή. Ελέγξτε τη σύνδεση και δοκιμάστε ξανά.",
        ],
        /// An endpoint the server does not offer yet.
        NotSupported => [
            "This server does not support that yet.",
            "Этот сервер пока этого не умеет.",
            "Бұл сервер әзірге мұны қолдамайды.",
            "این سرور هنوز از این کار پشتیبانی نمی‌کند.",
            "Αυτός ο διακομιστής δεν το υποστηρίζει ακόμη.",
        ],
        /// Any other failure; `{reason}` is the server's message or code.
        Failed => ["Failed: {reason}", "Не получилось: {reason}", "Сәтсіз: {reason}", "انجام نشد: {reason}", "Απέτυχε: {reason}"],
        /// Heading of the drawer.
        PanelTitle => ["Moderation", "Модерация", "Модерация", "نظارت", "Εποπτεία"],
        /// Who is signed in.
        SignedInAs => ["Signed in as {name}", "Вы вошли как {name}", "{name} ретінде кірдіңіз", "واردشده با نام {name}", "Συνδεδεμένος ως {name}"],
        /// Sign-out button.
        SignOut => ["Sign out", "Выйти", "Шығу", "خروج", "Αποσύνδεση"],
        /// Close the panel.
        ClosePanel => ["Close the panel", "Закрыть панель", "Панельді жабу", "بستن پنل", "Κλείσιμο πίνακα"],
        /// Queue heading.
        Queue => ["Queue", "Очередь", "Кезек", "صف", "Ουρά"],
        /// Number of items in the queue.
        QueueCount => ["{n} waiting", "Ожидают: {n}", "Күтуде: {n}", "{n} در انتظار", "{n} σε αναμονή"],
        /// Empty queue.
        QueueEmpty => [
            "Nothing is waiting for an answer.",
            "Ничто не ждёт ответа.",
            "Жауап күтіп тұрған ештеңе жоқ.",
            "چیزی در انتظار پاسخ نیست.",
            "Τίποτα δεν περιμένει απάντηση.",
        ],
        /// Loading.
        Loading => ["Loading…", "Загрузка…", "Жүктелуде…", "در حال بارگیری…", "Φόρτωση…"],
        /// The queue could not be loaded.
        QueueFailed => [
            "Could not load the queue.",
            "Не удалось загрузить очередь.",
            "Кезекті жүктеу мүмкін болмады.",
            "بارگیری صف ممکن نشد.",
            "Δεν ήταν δυνατή η φόρτωση της ουράς.",
        ],
        /// Retry button.
        Retry => ["Retry", "Повторить", "Қайталау", "تلاش دوباره", "Δοκιμάστε ξανά"],
        /// Ask for desktop notifications.
        EnableNotifications => [
            "Notify me of new complaints",
            "Уведомлять о новых жалобах",
            "Жаңа шағымдар туралы хабарлау",
            "شکایت‌های تازه را اطلاع بده",
            "Ειδοποίηση για νέα παράπονα",
        ],
        /// Desktop notification title.
        NewComplaint => ["New complaint", "Новая жалоба", "Жаңа шағым", "شکایت تازه", "Νέο παράπονο"],
        /// Desktop notification title for a review.
        NewReview => ["New review", "Новый отзыв", "Жаңа пікір", "نظر تازه", "Νέα κριτική"],
        /// Kind: complaint.
        Complaint => ["Complaint", "Жалоба", "Шағым", "شکایت", "Παράπονο"],
        /// Kind: review.
        Review => ["Review", "Отзыв", "Пікір", "نظر", "Κριτική"],
        /// Star rating.
        Stars => ["{n} of 5 stars", "{n} из 5 звёзд", "5 жұлдыздың {n}", "{n} از ۵ ستاره", "{n} από 5 αστέρια"],
        /// Time left to answer.
        DueIn => ["Answer within {time}", "Ответить за {time}", "{time} ішінде жауап беру", "پاسخ تا {time} دیگر", "Απάντηση σε {time}"],
        /// Promise broken.
        OverdueBy => ["Overdue by {time}", "Просрочено на {time}", "{time} кешікті", "{time} دیر شده", "Καθυστέρηση {time}"],
        /// How many open items broke the promise.
        OverdueCount => ["Overdue: {n}", "Просрочено: {n}", "Кешіккені: {n}", "دیرشده: {n}", "Εκπρόθεσμα: {n}"],
        /// Escalation mark, more than an hour overdue.
        Escalated => ["Escalated", "Эскалация", "Жоғарыға жіберілді", "ارجاع فوری", "Κλιμάκωση"],
        /// The calendar deadline.
        DueAt => ["due {when}", "срок {when}", "мерзімі {when}", "موعد {when}", "προθεσμία {when}"],
        /// Badge: resolved and confirmed.
        ConfirmedByCustomer => [
            "Resolved — confirmed by the customer",
            "Решено — подтверждено покупателем",
            "Шешілді — сатып алушы растады",
            "حل شد — مشتری تأیید کرد",
            "Επιλύθηκε — επιβεβαιώθηκε από τον πελάτη",
        ],
        /// Badge: resolved by the shop.
        ResolvedByShop => ["Resolved by the shop", "Решено магазином", "Дүкен шешті", "فروشگاه حل کرد", "Επιλύθηκε από το κατάστημα"],
        /// Badge: answered.
        Answered => ["Answered", "Есть ответ", "Жауап берілді", "پاسخ داده شد", "Απαντήθηκε"],
        /// Badge: awaiting an answer.
        AwaitingAnswer => ["Awaiting answer", "Ждёт ответа", "Жауап күтуде", "در انتظار پاسخ", "Αναμένει απάντηση"],
        /// Badge: moved to a private conversation.
        MovedPrivate => ["Continued privately", "Продолжено лично", "Жеке жалғасты", "به‌صورت خصوصی ادامه یافت", "Συνεχίστηκε ιδιωτικά"],
        /// Badge: order details requested.
        DetailsRequested => ["Order details requested", "Запрошены данные заказа", "Тапсырыс деректері сұралды", "جزئیات سفارش درخواست شد", "Ζητήθηκαν στοιχεία παραγγελίας"],
        /// Badge: hidden for abuse.
        HiddenFor => ["Hidden: {reason}", "Скрыто: {reason}", "Жасырылды: {reason}", "پنهان شد: {reason}", "Κρυφό: {reason}"],
        /// Badge: held as a campaign.
        Held => ["Held for review", "Задержано для проверки", "Тексеруге ұсталды", "برای بررسی نگه داشته شد", "Σε αναμονή ελέγχου"],
        /// Badge: suspected template text.
        SuspectedTemplate => ["Suspected template", "Похоже на шаблон", "Үлгіге ұқсайды", "مشکوک به متن قالبی", "Πιθανό πρότυπο κείμενο"],
        /// Badge: suspected campaign.
        SuspectedCampaign => ["Suspected campaign", "Похоже на накрутку", "Ұйымдасқан науқанға ұқсайды", "مشکوک به کارزار", "Πιθανή οργανωμένη εκστρατεία"],
        /// Badge: the server's `machine_like` hint (merchant-only, never a hold).
        MachineLike => ["Reads like machine-generated text", "Похоже на текст, написанный нейросетью", "Нейрожелі жазған мәтінге ұқсайды", "به متن تولیدشده با ماشین شبیه است", "Μοιάζει με κείμενο γραμμένο από μηχανή"],
        /// Badge: the shop stopped engaging (trolling).
        NotEngaging => ["Not engaging (trolling)", "Без ответа (троллинг)", "Жауапсыз (троллинг)", "بدون پاسخ (ترول)", "Χωρίς απάντηση (τρολάρισμα)"],
        /// Verified order badge.
        VerifiedOrder => ["Verified order", "Заказ подтверждён", "Тапсырыс расталды", "سفارش تأییدشده", "Επαληθευμένη παραγγελία"],
        /// Author name fallback.
        Anonymous => ["Anonymous", "Аноним", "Аноним", "ناشناس", "Ανώνυμος"],
        /// Back to the queue.
        Back => ["Back to the queue", "Назад к очереди", "Кезекке оралу", "بازگشت به صف", "Πίσω στην ουρά"],
        /// Open one item.
        Open => ["Open", "Открыть", "Ашу", "باز کردن", "Άνοιγμα"],
        /// Reply editor label.
        ReplyLabel => ["Public reply", "Публичный ответ", "Жария жауап", "پاسخ عمومی", "Δημόσια απάντηση"],
        /// Checker: nothing missing.
        CheckerOk => [
            "The reply covers the checklist.",
            "Ответ соответствует чек-листу.",
            "Жауап тізімге сай.",
            "پاسخ همه‌ی موارد فهرست را پوشش می‌دهد.",
            "Η απάντηση καλύπτει τη λίστα ελέγχου.",
        ],
        /// Checker: heading of the issues.
        CheckerIssues => ["Before sending:", "Перед отправкой:", "Жібермес бұрын:", "پیش از ارسال:", "Πριν την αποστολή:"],
        /// Checker: heading of the strengths.
        CheckerGood => ["Good:", "Хорошо:", "Жақсы:", "خوب:", "Καλό:"],
        /// Send a reply.
        SendReply => ["Reply publicly", "Ответить публично", "Жария жауап беру", "پاسخ عمومی بده", "Δημόσια απάντηση"],
        /// Send a reply the checker objects to.
        SendAnyway => ["Send anyway", "Всё равно отправить", "Бәрібір жіберу", "به هر حال ارسال شود", "Αποστολή παρ' όλα αυτά"],
        /// Heading of the actions.
        Actions => ["Actions", "Действия", "Әрекеттер", "اقدام‌ها", "Ενέργειες"],
        /// Action: take private.
        TakePrivate => ["Take private", "Продолжить лично", "Жеке жалғастыру", "ادامه به‌صورت خصوصی", "Ιδιωτική συνέχεια"],
        /// Action: mark resolved.
        MarkResolved => ["Mark resolved", "Отметить решённым", "Шешілді деп белгілеу", "علامت‌گذاری به‌عنوان حل‌شده", "Σήμανση ως επιλυμένο"],
        /// Action: request order details.
        RequestDetails => ["Request order details", "Запросить данные заказа", "Тапсырыс деректерін сұрау", "درخواست جزئیات سفارش", "Αίτηση στοιχείων παραγγελίας"],
        /// Action: order not found.
        OrderNotFound => ["Order not found", "Заказ не найден", "Тапсырыс табылмады", "سفارش پیدا نشد", "Η παραγγελία δεν βρέθηκε"],
        /// Action: stop engaging.
        StopEngaging => ["Stop engaging (troll)", "Не отвечать (тролль)", "Жауап бермеу (тролль)", "توقف تعامل (ترول)", "Διακοπή απαντήσεων (τρολ)"],
        /// Action: hide for abuse.
        Hide => ["Hide for abuse", "Скрыть за оскорбления", "Қорлау үшін жасыру", "پنهان کردن به دلیل توهین", "Απόκρυψη λόγω κατάχρησης"],
        /// Action: ban.
        Ban => ["Ban the author", "Заблокировать автора", "Авторды бұғаттау", "مسدود کردن نویسنده", "Αποκλεισμός συντάκτη"],
        /// Action: reopen.
        Reopen => ["Reopen", "Открыть снова", "Қайта ашу", "بازگشایی", "Επαναφορά"],
        /// Action: publish hidden or held content again.
        Release => ["Publish again", "Опубликовать снова", "Қайта жариялау", "انتشار دوباره", "Επαναδημοσίευση"],
        /// Field: a note.
        Note => ["Note (optional)", "Заметка (необязательно)", "Ескертпе (міндетті емес)", "یادداشت (اختیاری)", "Σημείωση (προαιρετικό)"],
        /// Field: resolution note.
        ResolutionNote => ["What was done (public)", "Что сделано (публично)", "Не істелді (жария)", "چه کاری انجام شد (عمومی)", "Τι έγινε (δημόσιο)"],
        /// Help under the resolution note: it is published.
        ResolutionNoteHelp => [
            "Published under the complaint as the shop's resolution note, for everyone to read. No private details.",
            "Публикуется под жалобой как итог от магазина, его прочитают все. Без личных данных.",
            "Шағымның астында дүкеннің шешім туралы жазбасы ретінде жарияланады, оны бәрі оқиды. Жеке деректерсіз.",
            "زیر شکایت به‌عنوان یادداشت حل مشکل فروشگاه منتشر می‌شود و همه آن را می‌خوانند. بدون اطلاعات خصوصی.",
            "Δημοσιεύεται κάτω από το παράπονο ως σημείωμα επίλυσης του καταστήματος, για να το διαβάσουν όλοι. Χωρίς προσωπικά στοιχεία.",
        ],
        /// Label of the resolution note in the thread.
        ResolutionNoteLabel => ["Resolution note", "Итог", "Шешім туралы жазба", "یادداشت حل مشکل", "Σημείωμα επίλυσης"],
        /// Field: private message.
        PrivateMessage => [
            "Message to the customer by e-mail (optional)",
            "Сообщение покупателю по почте (необязательно)",
            "Сатып алушыға пошта арқылы хабар (міндетті емес)",
            "پیام به مشتری از راه ایمیل (اختیاری)",
            "Μήνυμα στον πελάτη με e-mail (προαιρετικό)",
        ],
        /// Field: reason.
        Reason => ["Reason", "Причина", "Себебі", "دلیل", "Λόγος"],
        /// Field: ban length.
        BanDays => ["Days (empty: permanent)", "Дней (пусто — навсегда)", "Күн (бос — мерзімсіз)", "روز (خالی: دائمی)", "Ημέρες (κενό: μόνιμα)"],
        /// Apply the chosen action.
        Apply => ["Apply", "Применить", "Қолдану", "اعمال", "Εφαρμογή"],
        /// A reason is required.
        ReasonRequired => ["A reason is required.", "Укажите причину.", "Себебін көрсетіңіз.", "دلیل لازم است.", "Απαιτείται λόγος."],
        /// A note is required.
        NoteRequired => ["Write what was done.", "Напишите, что сделано.", "Не істелгенін жазыңыз.", "بنویسید چه کاری انجام شد.", "Γράψτε τι έγινε."],
        /// Hide reason: insult.
        ReasonInsult => ["Insult", "Оскорбление", "Қорлау", "توهین", "Προσβολή"],
        /// Hide reason: slur.
        ReasonSlur => ["Slur", "Дискриминационное оскорбление", "Кемсіту", "ناسزای تبعیض‌آمیز", "Ρατσιστική ύβρις"],
        /// Hide reason: threat.
        ReasonThreat => ["Threat", "Угроза", "Қорқыту", "تهدید", "Απειλή"],
        /// Hide reason: personal data.
        ReasonPersonalData => ["Personal data", "Личные данные", "Жеке деректер", "اطلاعات شخصی", "Προσωπικά δεδομένα"],
        /// Hide reason: harassment.
        ReasonHarassment => ["Harassment", "Преследование", "Қудалау", "آزار", "Παρενόχληση"],
        /// Hide reason: spam.
        ReasonSpam => ["Spam", "Спам", "Спам", "هرزنامه", "Ανεπιθύμητο"],
        /// Toast after an action.
        ActionDone => ["Done: {action}", "Готово: {action}", "Орындалды: {action}", "انجام شد: {action}", "Έγινε: {action}"],
        /// The control that folds the queue's filters on a phone.
        Filters => ["Filters", "Фильтры", "Сүзгілер", "فیلترها", "Φίλτρα"],
        /// Filter label: rating.
        FilterRating => ["Rating", "Оценка", "Баға", "امتیاز", "Βαθμολογία"],
        /// Filter label: the review's language.
        FilterLanguage => ["Language", "Язык", "Тіл", "زبان", "Γλώσσα"],
        /// Filter label: suspected fakes.
        FilterSuspicion => ["Suspected fakes", "Подозрение на фейк", "Жалған деген күдік", "مشکوک به جعلی بودن", "Ύποπτα ψεύτικα"],
        /// Toast after a public reply.
        DoneReply => ["Reply published.", "Ответ опубликован.", "Жауап жарияланды.", "پاسخ منتشر شد.", "Η απάντηση δημοσιεύτηκε."],
        /// Toast after marking resolved.
        DoneResolved => [
            "Marked resolved; the note is published.",
            "Отмечено решённым; итог опубликован.",
            "Шешілді деп белгіленді; жазба жарияланды.",
            "به‌عنوان حل‌شده علامت خورد؛ یادداشت منتشر شد.",
            "Σημειώθηκε ως επιλυμένο· το σημείωμα δημοσιεύτηκε.",
        ],
        /// Toast after hiding for abuse.
        DoneHidden => [
            "Hidden; the reason is in the public moderation log.",
            "Скрыто; причина записана в открытом журнале модерации.",
            "Жасырылды; себебі модерацияның ашық журналында.",
            "پنهان شد؛ دلیل آن در گزارش عمومی نظارت ثبت شد.",
            "Αποκρύφθηκε· η αιτία είναι στο δημόσιο αρχείο εποπτείας.",
        ],
        /// Toast after requesting order details.
        DoneDetails => ["Order details requested from the author.", "Данные заказа запрошены у автора.", "Авторден тапсырыс деректері сұралды.", "جزئیات سفارش از نویسنده درخواست شد.", "Ζητήθηκαν στοιχεία παραγγελίας από τον συντάκτη."],
        /// Toast after taking a conversation private.
        DonePrivate => ["Moved to a private conversation.", "Переведено в личную переписку.", "Жеке хат алмасуға ауыстырылды.", "به گفت‌وگوی خصوصی منتقل شد.", "Μεταφέρθηκε σε ιδιωτική συνομιλία."],
        /// Toast after reopening.
        DoneReopened => ["Reopened.", "Открыто снова.", "Қайта ашылды.", "دوباره باز شد.", "Άνοιξε ξανά."],
        /// Toast after publishing again.
        DoneReleased => ["Published again.", "Опубликовано снова.", "Қайта жарияланды.", "دوباره منتشر شد.", "Δημοσιεύτηκε ξανά."],
        /// Toast after saving topic and priority.
        DoneTriage => ["Topic and priority saved.", "Тема и приоритет сохранены.", "Тақырып пен басымдық сақталды.", "موضوع و اولویت ذخیره شد.", "Το θέμα και η προτεραιότητα αποθηκεύτηκαν."],
        /// Undo button.
        Undo => ["Undo", "Отменить", "Болдырмау", "واگرد", "Αναίρεση"],
        /// Toast after undo.
        Undone => ["Undone.", "Отменено.", "Болдырылмады.", "واگردانده شد.", "Αναιρέθηκε."],
        /// Dismiss a toast.
        Dismiss => ["Dismiss", "Скрыть", "Жабу", "بستن", "Απόρριψη"],
        /// Readers who share a complaint ("Me too").
        MeTooCount => ["Me too: {n}", "У меня тоже: {n}", "Менде де: {n}", "من هم: {n}", "Κι εγώ: {n}"],
        /// Readers who found a review helpful.
        HelpfulCount => ["Helpful: {n}", "Полезно: {n}", "Пайдалы: {n}", "مفید: {n}", "Χρήσιμη: {n}"],
        /// Accessible name of the priority badge.
        PriorityLabel => ["Priority: {p}", "Приоритет: {p}", "Басымдық: {p}", "اولویت: {p}", "Προτεραιότητα: {p}"],
        /// The in-page controls' button.
        Moderate => ["Moderate", "Модерировать", "Модерациялау", "نظارت", "Εποπτεία"],
        /// Accessible name of the in-page controls.
        ModerateReview => ["Moderate this review", "Модерировать этот отзыв", "Бұл пікірді модерациялау", "نظارت بر این نظر", "Εποπτεία αυτής της κριτικής"],
        /// Search field.
        Search => ["Search text, author, order", "Поиск по тексту, автору, заказу", "Мәтін, автор, тапсырыс бойынша іздеу", "جست‌وجو در متن، نویسنده، سفارش", "Αναζήτηση κειμένου, συντάκτη, παραγγελίας"],
        /// Filter: only open items.
        OnlyOpen => ["Only open", "Только открытые", "Тек ашықтары", "فقط باز", "Μόνο ανοιχτά"],
        /// Filter: any priority.
        AnyPriority => ["Any priority", "Любой приоритет", "Кез келген басымдық", "هر اولویتی", "Οποιαδήποτε προτεραιότητα"],
        /// Heading of the author's other reviews.
        History => ["Author's history", "История автора", "Автордың тарихы", "سابقه‌ی نویسنده", "Ιστορικό συντάκτη"],
        /// The author has no other reviews.
        NoHistory => [
            "No other reviews by this author.",
            "Других отзывов у автора нет.",
            "Автордың басқа пікірлері жоқ.",
            "نظر دیگری از این نویسنده نیست.",
            "Δεν υπάρχουν άλλες κριτικές του συντάκτη.",
        ],
        /// Heading of the triage form.
        Triage => ["Topic and priority", "Тема и приоритет", "Тақырып пен басымдық", "موضوع و اولویت", "Θέμα και προτεραιότητα"],
        /// Topic field.
        Topic => ["Topic", "Тема", "Тақырып", "موضوع", "Θέμα"],
        /// Priority field.
        Priority => ["Priority", "Приоритет", "Басымдық", "اولویت", "Προτεραιότητα"],
        /// Save button.
        Save => ["Save", "Сохранить", "Сақтау", "ذخیره", "Αποθήκευση"],
        /// Heading of the export links.
        Export => ["Export", "Экспорт", "Экспорт", "خروجی", "Εξαγωγή"],
        /// Export: reviews.
        ExportReviews => ["Reviews", "Отзывы", "Пікірлер", "نظرها", "Κριτικές"],
        /// Export: replies.
        ExportReplies => ["Replies", "Ответы", "Жауаптар", "پاسخ‌ها", "Απαντήσεις"],
        /// Export: moderation log.
        ExportLog => ["Moderation log", "Журнал модерации", "Модерация журналы", "گزارش نظارت", "Αρχείο εποπτείας"],
        /// Saved replies picker.
        SavedReplies => ["Saved replies", "Сохранённые ответы", "Сақталған жауаптар", "پاسخ‌های ذخیره‌شده", "Αποθηκευμένες απαντήσεις"],
        /// Saved replies picker: nothing chosen.
        InsertSaved => ["Insert a saved reply…", "Вставить сохранённый ответ…", "Сақталған жауапты қою…", "درج پاسخ ذخیره‌شده…", "Εισαγωγή αποθηκευμένης απάντησης…"],
        /// Save the editor's text as a saved reply.
        SaveAsSaved => ["Save as a saved reply", "Сохранить как шаблон ответа", "Жауап үлгісі ретінде сақтау", "ذخیره به‌عنوان پاسخ آماده", "Αποθήκευση ως έτοιμη απάντηση"],
        /// Title of a saved reply.
        SavedTitle => ["Title of the saved reply", "Название ответа", "Жауап атауы", "عنوان پاسخ", "Τίτλος απάντησης"],
        /// Which saved reply was inserted last (its title follows).
        SavedInEditor => [
            "Saved reply in the editor:",
            "В редакторе сохранённый ответ:",
            "Редактордағы сақталған жауап:",
            "پاسخ ذخیره‌شده در ویرایشگر:",
            "Αποθηκευμένη απάντηση στον επεξεργαστή:",
        ],
        /// Overwrite the inserted saved reply with the editor's text and the title field.
        UpdateSaved => [
            "Update the saved reply",
            "Обновить сохранённый ответ",
            "Сақталған жауапты жаңарту",
            "به‌روزرسانی پاسخ ذخیره‌شده",
            "Ενημέρωση αποθηκευμένης απάντησης",
        ],
        /// Start deleting the inserted saved reply (a confirmation follows).
        DeleteSaved => [
            "Delete the saved reply",
            "Удалить сохранённый ответ",
            "Сақталған жауапты жою",
            "حذف پاسخ ذخیره‌شده",
            "Διαγραφή αποθηκευμένης απάντησης",
        ],
        /// The question before deleting a saved reply.
        DeleteSavedConfirm => [
            "Delete this saved reply for everyone in this shop? This cannot be undone.",
            "Удалить этот сохранённый ответ для всех сотрудников магазина? Это нельзя отменить.",
            "Бұл сақталған жауапты дүкеннің барлық қызметкерлері үшін жою керек пе? Мұны қайтару мүмкін емес.",
            "این پاسخ ذخیره‌شده برای همه‌ی کارکنان فروشگاه حذف شود؟ این کار بازگشت‌پذیر نیست.",
            "Να διαγραφεί αυτή η αποθηκευμένη απάντηση για όλους στο κατάστημα; Αυτό δεν αναιρείται.",
        ],
        /// Confirm a deletion.
        Delete => ["Delete", "Удалить", "Жою", "حذف", "Διαγραφή"],
        /// A saved reply was changed.
        SavedUpdated => [
            "Saved reply updated.",
            "Сохранённый ответ обновлён.",
            "Сақталған жауап жаңартылды.",
            "پاسخ ذخیره‌شده به‌روز شد.",
            "Η αποθηκευμένη απάντηση ενημερώθηκε.",
        ],
        /// A saved reply was deleted.
        SavedDeleted => [
            "Saved reply deleted.",
            "Сохранённый ответ удалён.",
            "Сақталған жауап жойылды.",
            "پاسخ ذخیره‌شده حذف شد.",
            "Η αποθηκευμένη απάντηση διαγράφηκε.",
        ],
        /// Tab: the metrics view.
        Metrics => ["Metrics", "Метрики", "Көрсеткіштер", "آمار", "Μετρήσεις"],
        /// Metrics period.
        LastDays => ["Last {n} days", "Последние {n} дн.", "Соңғы {n} күн", "{n} روز گذشته", "Τελευταίες {n} ημέρες"],
        /// Chart: first-answer time distribution.
        FirstAnswer => ["Time to first answer", "Время до первого ответа", "Алғашқы жауапқа дейінгі уақыт", "زمان تا نخستین پاسخ", "Χρόνος έως την πρώτη απάντηση"],
        /// Share answered within the promise.
        WithinPromise => [
            "{pct} answered within the {time} promise",
            "{pct} ответов в пределах обещанных {time}",
            "Жауаптардың {pct} уәде етілген {time} ішінде",
            "{pct} در مهلت وعده‌داده‌شده‌ی {time} پاسخ گرفتند",
            "{pct} απαντήθηκαν εντός της υπόσχεσης των {time}",
        ],
        /// Chart: answer time per day.
        AnswerTrend => ["Answer time per day (median and 80th percentile)", "Время ответа по дням (медиана и 80-й процентиль)", "Күн бойынша жауап уақыты (медиана және 80-процентиль)", "زمان پاسخ روزانه (میانه و صدک ۸۰)", "Χρόνος απάντησης ανά ημέρα (διάμεσος και 80ό εκατοστημόριο)"],
        /// Chart: open complaints by age.
        OpenByAge => ["Open complaints by age", "Открытые жалобы по возрасту", "Ашық шағымдар жасы бойынша", "شکایت‌های باز بر اساس سن", "Ανοιχτά παράπονα ανά ηλικία"],
        /// Chart: complaints per topic per day.
        TopicsPerDay => ["Complaints per topic per day", "Жалобы по темам по дням", "Күн сайынғы тақырыптар бойынша шағымдар", "شکایت‌ها بر اساس موضوع در هر روز", "Παράπονα ανά θέμα ανά ημέρα"],
        /// Resolution numbers.
        Resolution => [
            "{resolved} of {complaints} complaints resolved ({rate}); {confirmed} confirmed by the customer, {reopened} reopened.",
            "Решено {resolved} из {complaints} жалоб ({rate}); подтверждено покупателем: {confirmed}, открыто снова: {reopened}.",
            "{complaints} шағымның {resolved} шешілді ({rate}); сатып алушы растағаны: {confirmed}, қайта ашылғаны: {reopened}.",
            "{resolved} از {complaints} شکایت حل شد ({rate})؛ {confirmed} را مشتری تأیید کرد، {reopened} دوباره باز شد.",
            "Επιλύθηκαν {resolved} από {complaints} παράπονα ({rate})· {confirmed} επιβεβαιώθηκαν από τον πελάτη, {reopened} άνοιξαν ξανά.",
        ],
        /// Heading of the resolution numbers.
        ResolutionTitle => ["Resolution", "Решение жалоб", "Шағымдарды шешу", "حل شکایت‌ها", "Επίλυση"],
        /// Chart: reviews by stars per day.
        StarsPerDay => ["Reviews by stars per day", "Отзывы по оценкам по дням", "Күн сайынғы бағалар бойынша пікірлер", "نظرها بر اساس امتیاز در هر روز", "Κριτικές ανά αστέρια ανά ημέρα"],
        /// Chart bar: at most this long.
        AtMost => ["≤ {time}", "≤ {time}", "≤ {time}", "≤ {time}", "≤ {time}"],
        /// Chart bar: longer than this.
        MoreThan => ["> {time}", "> {time}", "> {time}", "> {time}", "> {time}"],
        /// Chart bar: younger than this.
        Under => ["< {time}", "< {time}", "< {time}", "< {time}", "< {time}"],
        /// No data for a chart.
        NoData => ["No data yet.", "Данных пока нет.", "Әзірге дерек жоқ.", "هنوز داده‌ای نیست.", "Δεν υπάρχουν ακόμη δεδομένα."],
        /// Crisis banner.
        CrisisAlert => [
            "Complaints about “{topic}” are rising: {count} now, usually {baseline}.",
            "Резкий рост жалоб на тему «{topic}»: сейчас {count}, обычно {baseline}.",
            "«{topic}» тақырыбындағы шағымдар күрт өсті: қазір {count}, әдетте {baseline}.",
            "شکایت‌ها درباره‌ی «{topic}» ناگهان زیاد شده: اکنون {count}، معمولاً {baseline}.",
            "Τα παράπονα για «{topic}» αυξάνονται: τώρα {count}, συνήθως {baseline}.",
        ],
        /// Open the incident form.
        PostIncident => ["Post an incident notice", "Опубликовать сообщение об инциденте", "Оқиға туралы хабарлама жариялау", "انتشار اطلاعیه‌ی رخداد", "Δημοσίευση ανακοίνωσης συμβάντος"],
        /// Incident text field.
        IncidentText => [
            "Notice shown to every shopper; it also answers the linked complaints",
            "Сообщение для всех покупателей; оно же станет ответом на связанные жалобы",
            "Барлық сатып алушыға хабарлама; байланысты шағымдарға жауап та болады",
            "اطلاعیه برای همه‌ی خریداران؛ پاسخ شکایت‌های مرتبط هم می‌شود",
            "Ανακοίνωση για όλους τους πελάτες· απαντά και στα συνδεδεμένα παράπονα",
        ],
        /// Text is required.
        TextRequired => ["Write the notice.", "Напишите сообщение.", "Хабарламаны жазыңыз.", "متن اطلاعیه را بنویسید.", "Γράψτε την ανακοίνωση."],
        /// Heading of an open incident notice in the drawer.
        IncidentOpen => [
            "Public notice on “{topic}” (shown to every shopper):",
            "Публичное сообщение по теме «{topic}» (видно всем покупателям):",
            "«{topic}» тақырыбы бойынша жария хабарлама (барлық сатып алушыға көрінеді):",
            "اطلاعیه‌ی عمومی درباره‌ی «{topic}» (برای همه‌ی خریداران نمایش داده می‌شود):",
            "Δημόσια ανακοίνωση για «{topic}» (εμφανίζεται σε όλους τους πελάτες):",
        ],
        /// Close an open incident notice.
        CloseIncident => ["Close notice", "Закрыть сообщение", "Хабарламаны жабу", "بستن اطلاعیه", "Κλείσιμο ανακοίνωσης"],
        /// Reset every filter.
        ClearFilters => ["Clear filters", "Сбросить фильтры", "Сүзгілерді тазалау", "پاک کردن فیلترها", "Καθαρισμός φίλτρων"],
        /// Filter: any topic.
        AnyTopic => ["Any topic", "Любая тема", "Кез келген тақырып", "هر موضوعی", "Οποιοδήποτε θέμα"],
        /// Filter: any rating.
        AnyRating => ["Any rating", "Любая оценка", "Кез келген баға", "هر امتیازی", "Οποιαδήποτε βαθμολογία"],
        /// Filter: suspicion not filtered.
        AnySuspicion => ["Genuine or suspected", "Все, включая подозрительные", "Барлығы, күдіктілерімен", "همه، از جمله مشکوک‌ها", "Όλα, και τα ύποπτα"],
        /// Filter: any suspected.
        SuspectedAny => ["Only suspected", "Только подозрительные", "Тек күдіктілер", "فقط مشکوک‌ها", "Μόνο ύποπτα"],
        /// Filter: any language of the text.
        AnyLanguage => ["Any language", "Любой язык", "Кез келген тіл", "هر زبانی", "Οποιαδήποτε γλώσσα"],
        /// Loads the next page of the queue.
        ShowMore => ["Show more", "Показать ещё", "Тағы көрсету", "نمایش بیشتر", "Εμφάνιση περισσότερων"],
        /// Customer's e-mail and order, private.
        Private => ["Private: {what}", "Лично: {what}", "Жеке: {what}", "خصوصی: {what}", "Ιδιωτικά: {what}"],
    }
}

/// A message with `{name}` placeholders filled.
pub fn fill(msg: Msg, lang: crate::core::lang::Lang, args: &[(&str, &str)]) -> String {
    crate::core::i18n::fill(msg.text(lang), args)
}

/// The hide-for-abuse reasons the server accepts, with their labels.
pub const HIDE_REASONS: [(&str, Msg); 6] = [
    ("insult", Msg::ReasonInsult),
    ("slur", Msg::ReasonSlur),
    ("threat", Msg::ReasonThreat),
    ("personal_data", Msg::ReasonPersonalData),
    ("harassment", Msg::ReasonHarassment),
    ("spam", Msg::ReasonSpam),
];

/// The label of a hide reason code.
pub fn hide_reason(code: &str) -> Option<Msg> {
    HIDE_REASONS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, msg)| *msg)
}

/// What a toast says after the action labelled `label` succeeded: the
/// action's result in words ("Reply published."), or "Done: …" for the rest.
pub fn done_text(label: Msg, lang: crate::core::lang::Lang) -> String {
    let done = match label {
        Msg::SendReply => Msg::DoneReply,
        Msg::MarkResolved => Msg::DoneResolved,
        Msg::Hide => Msg::DoneHidden,
        Msg::RequestDetails => Msg::DoneDetails,
        Msg::TakePrivate => Msg::DonePrivate,
        Msg::Reopen => Msg::DoneReopened,
        Msg::Release => Msg::DoneReleased,
        Msg::Triage => Msg::DoneTriage,
        other => return fill(Msg::ActionDone, lang, &[("action", other.text(lang))]),
    };
    done.text(lang).to_owned()
}

/// "1 other review by this author", "5 other reviews…", by the language's
/// CLDR plural category (see [`crate::widget::i18n::count`]).
pub const OTHER_REVIEWS: crate::widget::i18n::PluralForms = [
    [
        "{n} other review by this author",
        "{n} other reviews by this author",
        "{n} other reviews by this author",
        "{n} other reviews by this author",
    ],
    [
        "Других отзывов автора: {n}",
        "Других отзывов автора: {n}",
        "Других отзывов автора: {n}",
        "Других отзывов автора: {n}",
    ],
    [
        "Автордың басқа пікірлері: {n}",
        "Автордың басқа пікірлері: {n}",
        "Автордың басқа пікірлері: {n}",
        "Автордың басқа пікірлері: {n}",
    ],
    [
        "{n} نظر دیگر از این نویسنده",
        "{n} نظر دیگر از این نویسنده",
        "{n} نظر دیگر از این نویسنده",
        "{n} نظر دیگر از این نویسنده",
    ],
    [
        "{n} άλλη κριτική του συντάκτη",
        "{n} άλλες κριτικές του συντάκτη",
        "{n} άλλες κριτικές του συντάκτη",
        "{n} άλλες κριτικές του συντάκτη",
    ],
];
