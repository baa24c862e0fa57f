//! Per-language lexicons of the reply checker.
//!
//! Patterns use the syntax of [`crate::core::topic::phrase`]: space-separated
//! steps of `|`-separated stems (prefix match; `=` for a whole word; `#` for
//! a number), folded like the text (lower case, no Greek accents, `σ` for
//! `ς`, Persian `ی`/`ک`/`ا`, no ZWNJ, `е` for `ё`, apostrophes dropped:
//! "didn't" is `didnt`). Every language's lexicon is
//! always consulted; the scripts keep them apart.

/// The reply-checking patterns of one language.
pub(super) struct ReplyLexicon {
    /// Stock phrases that show indifference ("we will take it into account").
    pub stock: &'static [&'static str],
    /// Blaming the customer ("you should have read the manual").
    pub blame_customer: &'static [&'static str],
    /// Shifting the blame: "not our fault", "the courier's fault".
    pub blame_courier: &'static [&'static str],
    /// Weaker blame-shifting ("the courier delayed it"): ignored when the
    /// reply also owns the problem.
    pub blame_courier_weak: &'static [&'static str],
    /// Sending the customer to the office or store.
    pub office: &'static [&'static str],
    /// An alternative to the office (courier pickup, delivery, a choice).
    pub office_alt: &'static [&'static str],
    /// Sending the customer to another department, hotline or company.
    pub bounce: &'static [&'static str],
    /// A concrete action by the shop (send, refund, replace, call).
    pub action: &'static [&'static str],
    /// A time expression (today, by Friday, within 2 days).
    pub time: &'static [&'static str],
    /// An apology.
    pub apology: &'static [&'static str],
    /// Owning the mistake ("our mistake").
    pub ownership: &'static [&'static str],
    /// Slang and over-familiar words.
    pub slang: &'static [&'static str],
    /// What introduces a name: "my name is", "regards", "manager".
    pub name_intro: &'static [&'static str],
    /// Words that are not a person's name in a signature (team, support, thanks).
    pub not_name: &'static [&'static str],
}

/// Gaps (tokens skipped between steps) per pattern group.
pub(super) const GAP_STOCK: usize = 2;
pub(super) const GAP_BLAME: usize = 2;
pub(super) const GAP_OFFICE: usize = 4;
pub(super) const GAP_BOUNCE: usize = 4;
pub(super) const GAP_TIGHT: usize = 1;

/// The lexicons of all five languages.
pub(super) const ALL: [&ReplyLexicon; 5] = [&EN, &RU, &KK, &FA, &EL];

const EN: ReplyLexicon = ReplyLexicon {
    stock: &[
        "thank|thanks for your|the feedback|review|comment|comments|request|message|enquiry|inquiry|opinion|appeal|letter|email|input",
        "thank|thanks for contacting|reaching|writing|bringing",
        "much for your|the feedback|review|comment|comments|message|opinion|input",
        "take into account|consideration",
        "your opinion|feedback|satisfaction|comment|comments|custom|business important|valuable|matters",
        "value your feedback|opinion|comment|comments|input|business|custom",
        "sorry|regret you faced|experienced|encountered|had|ran|went|got problem|problems|issue|issues|inconvenience|situation|difficulty|difficulties|trouble|experience",
        "apolog|sorry|regret for inconvenience|inconveniences|trouble|discomfort",
        "sorry hear about|of your experience",
        "regret inconvenience",
        "satisfaction our priority|goal",
        "pass feedback|comment|comments|concern|concerns|opinion|wishes",
    ],
    blame_customer: &[
        "you should|shouldve|must|could have read|checked|chosen|ordered|followed|used|noticed|looked|known|contacted|asked",
        "you didnt|did|failed|forgot|neglected read|check|follow|notice|specify|mention|include|tell",
        "your= fault|mistake|error|negligence",
        "you used|use|using|operated|installed|handled incorrectly|improperly|wrongly|wrong|incorrect",
        "been|was|were misused|mishandled",
        "misuse",
        "mishandl",
        "improper use|handling|installation",
        "user error",
        "you to blame=",
        "clearly stated|indicated|written|described|mentioned|specified",
        "to|please|kindly|carefully read description|instructions|manual|terms|conditions|rules|chart|guide|policy",
        "you ordered|chose|selected|picked|entered|gave wrong|incorrect",
        "be more careful|attentive",
    ],
    blame_courier: &[
        "not our fault|mistake|responsibility|error|problem",
        "not responsible|liable|accountable",
        "beyond|outside|out our control|hands",
        "courier|couriers|carrier|supplier|manufacturer|warehouse|postal|post=|logistics|factory|vendor fault|blame|responsibility|responsible",
        "lies|rests with courier|carrier|supplier|manufacturer|delivery|post=|postal|warehouse|logistics",
        "blame courier|carrier|supplier|manufacturer|delivery|post=|postal|warehouse|logistics",
    ],
    blame_courier_weak: &[
        "courier|couriers|carrier|supplier|manufacturer|warehouse|postal|logistics delay|delayed|late|lost|failed|mistake|error|problem|issue|didnt",
        "delivery|shipping service|company|partner|provider delay|delayed|late|lost|failed|mistake|error|fault|responsib",
        "due|because|caused courier|carrier|supplier|manufacturer|warehouse|logistics|postal|delivery",
    ],
    office: &[
        "come|bring|visit|drop|stop|pop|take|return|head office|store|shop|branch|showroom|centre|center|outlet|location|point|desk|premises",
        "in person",
    ],
    office_alt: &[
        "courier|couriers",
        "pickup",
        "pick up",
        "collect|collection",
        "by post=|mail|courier",
        "label",
        "prepaid",
        "online",
        "remotely",
        "your home|door|address|place",
        "come to you",
        "send|ship|mail|post= back|us",
        "prefer",
        "convenient",
        "choose|choice|option|alternatively",
    ],
    bounce: &[
        "please|you|kindly contact|call|write|email|phone|reach|ring|apply|turn|speak|talk|go department|hotline|helpline|manufacturer|courier|carrier|bank|supplier|warranty|centre|center|desk|branch|other|another|separate|relevant|responsible|appropriate|colleagues|customer",
        "another|other|different|separate|relevant|responsible|appropriate department|unit|division|hotline|address",
        "dont|not handle|deal",
        "not our department|area|competence",
    ],
    action: &[
        "send|sent|resend|resent|refund|replace|replacement|repair|fix|call|ring|phone|email|ship|shipped|deliver|dispatch|collect|arrange|exchange|compensat|reimburs|credit|cancel|reship|issued|book|booked|schedul|restore|unblock|reactivat|correct|waive|transfer|courier|tracking|voucher|return|returned",
        "pick up",
        "share|provide",
        "let know",
        "contact|update you",
        "get back",
        "come to you",
    ],
    time: &[
        "today|tonight|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march=|april|june|july|august|september|october|november|december|weekend|morning|afternoon|evening|noon|midnight|immediately|eod=",
        "right away|now",
        "this|next week|month",
        "end day|week|month",
        "# hour|hours|hr|hrs|minute|minutes|min|mins|day|days|week|weeks|business|working|month|months",
        "an|the|one|few hour|minute|day|days|hours",
        "within day|hour|week",
    ],
    apology: &["sorry|apolog"],
    ownership: &[
        "our|my mistake|fault|error|bad|responsibility|oversight|failure",
        "we messed|screwed|dropped|slipped|failed",
        "we made mistake|error",
        "we got wrong",
        "on us=",
        "we take|accept|own responsibility|full",
        "we are responsible",
    ],
    slang: &[
        "lol=|lmao=|rofl=|omg=|btw=|wtf=|gonna=|wanna=|gotta=|dude=|bro=|yo=|ya=|yep=|yeah=|nope=|kinda=|sorta=|thx=|pls=|plz=|u=|ur=|np=|cool=|awesome=|haha|hehe|xd=|buddy=|mate=|hun=|hon=|babe=|chill=|hey=|hiya=",
        "no worries",
    ],
    name_intro: &[
        "my name is",
        "this is",
        "i= am",
        "im=",
        "regards|sincerely|cheers=|wishes",
        "manager|agent|specialist|consultant|representative",
    ],
    not_name: &[
        "the=|a=|an=|your=|our=|from=|of=|at=|and=|with=|on=|behalf=|is=|am=|here=|this=|i=|we=|you=|it=|to=|for=",
        "team|support|service|customer|care|shop|store|company|manager|department|staff|administration|management|helpdesk",
        "thanks|thank|regards|best|kind|warm|sincerely|cheers|wishes|sorry|again|please|have|nice|good|great|day",
        "see=|soon=|bye=|goodbye=|take=|care=|hello=|hi=|dear=|all=|everyone=",
    ],
};

const RU: ReplyLexicon = ReplyLexicon {
    stock: &[
        "спасибо|благодар за обращен|отзыв|комментар|сообщен|мнени|обратн|письм|вопрос|замечан|оценк",
        "спасибо|благодар что обратил|написал|поделил|оставил",
        "учтем|учтен",
        "прим|принят к|во сведени|внимани",
        "ваш мнени|отзыв|обращен|оценк|обратн важн|ценн",
        "ценим ваш мнени|отзыв|обратн|доверие",
        "жаль|сожалеем|сожалею что вы столкнул|испытал",
        "столкнул с проблем|ситуац|трудност|неудобств|неприятност|такой|этой|данной",
        "извин|прост|сожале за|о неудобств|доставлен|причинен|неприятн",
        "переда ваш отзыв|обращен|пожелан|замечан|мнени",
    ],
    blame_customer: &[
        "вы виноват",
        "сами виноват",
        "ваш вин|ошибк|недосмотр",
        "вы неправильн|неверн|некоректн|ненадлежащ",
        "неправильн|неверн|ненадлежащ эксплуатац|использован|обращени|хранени|установк",
        "нарушени правил эксплуатац|инструкц",
        "вам|вы следовал|стоил|должны прочит|читат|ознаком|провер|посмотр|смотре|выбр|указ|уточн",
        "вам|вы надо|нужно был прочит|читат|ознаком|провер|посмотр|смотре|выбр|указ|уточн",
        "вы не прочит|ознаком|проверил|посмотрел|указал|уточнил",
        "вы невнимательн",
        "вы сломал|повредил|разбил|испортил",
    ],
    blame_courier: &[
        "не наш вин|проблем|ответствен",
        "не несем ответствен",
        "не завис от нас",
        "от нас не завис",
        "вин курьер|поставщ|производител|служб|перевозч|склад|почт|транспортн",
        "курьер|поставщ|производител|перевозч|почт|транспортн|логист виноват|ответствен",
        "ответствен несет курьер|поставщ|производител|служб|перевозч|почт",
    ],
    blame_courier_weak: &[
        "курьер|поставщ|производител|перевозч|почт|склад|логист|доставк задерж|опозд|потерял|ошиб|подвел|перепутал|повредил",
        "ошибк|из курьер|поставщ|производител|перевозч|почт|склад|логист|служб",
    ],
    office: &[
        "приход|приезж|подойд|подъед|обратит|принес|привез|зайд|загляни|посетит в|к офис|магазин|пункт|сервисн|отделени|филиал|салон|склад|точк",
        "лично прийти|приехать|обратит|подойт",
        "личн визит|присутств",
    ],
    office_alt: &[
        "курьер",
        "забер|заберем",
        "вывез",
        "почт",
        "онлайн",
        "дистанционн",
        "удобн",
        "выбор|выбер",
        "на дом",
        "ваш адрес|дом",
        "доставим|отправим",
    ],
    bounce: &[
        "обратит|позвонит|напишит|свяжит|звонит|обращайт|пишит|направьт в|на|к|с отдел|горяч|линию|производител|курьер|служб|банк|сервис|поддержк|колл|друг|перевозч|поставщ|гарант",
        "нужно|надо|следует|необходимо|придется|сможете обрат|позвон|напис|связат отдел|горяч|линию|производител|курьер|служб|банк|сервис|поддержк|колл|друг|перевозч|поставщ|гарант",
        "друг адрес|почт|номер|отдел",
        "не к нам",
        "не наш отдел|компетенц|профил",
        "вопрос|вопросы к курьер|производител|банк|служб|отдел",
    ],
    action: &[
        "отправ|вышл|выслал|вернем|вернул|вернут|возврат|возвращ|замен|почин|отремонт|ремонт|исправ|позвон|перезвон|свяж|напиш|достав|привез|забер|забрал|оформ|компенс|возмест|начисл|отмен|переда|курьер|трек|пришлите|сообщите|укажите|уточните",
    ],
    time: &[
        "сегодня|завтра|послезавтра|понедельник|вторник|среду=|среда=|четверг|пятниц|суббот|воскресен|январ|феврал|марта=|март=|апрел|мая=|май=|июн|июл|август|сентябр|октябр|ноябр|декабр|утром|вечером|днем|немедленно|сейчас|выходн",
        "# час|минут|дн|день|дня|сут|недел|рабоч|месяц",
        "течение час|дн|день|сут|недел|месяц",
        "конц дня|недел",
        "эту|этой|следующ недел",
    ],
    apology: &["извин|простит|прощени|сожалеем|сожалею"],
    ownership: &[
        "наш|моя|мой ошибк|вин|недосмотр|недоработк|промах|оплошн",
        "мы ошиб|виноват|недоглядел|подвел|облажал",
        "я ошиб|виноват",
        "ответствен на нас",
        "берем ответствен",
    ],
    slang: &[
        "лол=|спс=|пжлст|плз=|пж=|блин=|щас=|че=|чо=|капец|жесть=|прикол|чувак|братан|бро=|норм=|ваще=|ок=|окей|кек=|ахах|хаха|хах=|сорян|сори=|сорри=|пасиб|спасибки|збс=|мб=|кста=|дружище",
    ],
    name_intro: &[
        "меня зовут",
        "уважением",
        "менеджер|специалист|консультант|оператор|представитель",
    ],
    not_name: &[
        "ваш|ваша|наш|наша|из=|от=|и=|с=|в=|по=|это=|я=|мы=",
        "поддержк|команд|служб|магазин|компани|администрац|отдел|менеджер|специалист|сотрудник|клиент",
        "спасибо|уважением|извин|хорош|дня=",
    ],
};

const KK: ReplyLexicon = ReplyLexicon {
    stock: &[
        "пікір|өтініш|хабарлама|сұрау|хат|байланыс рахмет|алғыс|ризамыз",
        "рахмет|алғыс пікір|өтініш|хабарласқан|жазған",
        "ескерем|ескеріл",
        "назар ал|аламыз",
        "тап болған өкін|кешірім|кешір",
        "қолайсыздық|ыңғайсыздық кешірім|кешір|өкін",
        "пікір маңызды|құнды",
        "пікір үшін маңызды|құнды",
        "пікір бағалай",
    ],
    blame_customer: &[
        "кінәңіз|кінәлісіз",
        "кінә сізде",
        "дұрыс пайдаланба|қолданба",
        "дұрыс емес пайдалан|қолдан",
        "оқымад|оқымаған",
        "оқуыңыз|тексеруіңіз|қарауыңыз керек",
        "абай болмад",
        "өзіңіз сындыр|бұзд",
    ],
    blame_courier: &[
        "кінәміз емес",
        "кінә емес",
        "бізге байланысты емес",
        "жауапты емеспіз",
        "жауапкершілік алмаймыз",
        "курьер|жеткізуші|жеткізу|өндіруші|тасымалдаушы|пошта кінә",
    ],
    blame_courier_weak: &[
        "курьер|жеткізуші|өндіруші|тасымалдаушы|пошта|қойма кешік|жоғалт|қате|шатастыр",
        "жеткізу қызмет кешік|жоғалт|қате",
    ],
    office: &[
        "кеңсе|дүкен|филиал|орталық|бөлімше|пункт|сервис|қойма келіңіз|әкеліңіз|келуіңіз|барыңыз|жүгініңіз|келсеңіз|әкелсеңіз",
    ],
    office_alt: &[
        "курьер",
        "жеткіз",
        "алып кет",
        "пошта",
        "онлайн",
        "ыңғайлы",
        "таңда",
        "үйіңіз|мекенжай",
    ],
    bounce: &[
        "бөлім|желі|өндіруші|курьер|банк|орталығ|жеткізу|поддержк|қолдау|тасымалдаушы|басқа хабарласыңыз|хабарласуыңыз|жүгініңіз|жүгінуіңіз|шалыңыз|жазыңыз|барыңыз",
        "басқа бөлім|мекенжай|нөмір",
        "құзырет емес",
    ],
    action: &[
        "жібер|жөнелт|қайтар|ауыстыр|жөнде|түзет|хабарлас|қоңырау|жеткіз|әкел|рәсімде|өтем|курьер|хабарлаңыз|көрсетіңіз",
        "алып кет",
        "төлеп бер",
    ],
    time: &[
        "бүгін|ертең|бүрсігүні|дүйсенбі|сейсенбі|сәрсенбі|бейсенбі|жұма=|жұмада|жұмаға|сенбі|жексенбі|қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан|таңертең|кешке|дереу|қазір",
        "# сағат|минут|күн|апта|жұмыс|ай=",
        "осы|келесі апта",
        "сағат|күн|апта ішінде",
    ],
    apology: &["кешір|өкінем"],
    ownership: &[
        "біздің қате|кінә|олқылық",
        "қате|кінә біздің|бізде",
        "қателест|қателігіміз|кінәліміз|кінәміз|олқылығымыз",
        "біз кінәлі|жауапты",
    ],
    slang: &["сәлем=|жаным|бауырым|братан|бро=|ок=|окей|ахах|хаха|қалайсың"],
    name_intro: &[
        "менің атым|есімім",
        "атым|есімім",
        "құрметпен",
        "менеджер|маман|кеңесші|оператор|өкіл",
    ],
    not_name: &[
        "сіздің|біздің|және=|бен=|мен=|бұл=",
        "қолдау|команда|қызмет|дүкен|компания|әкімшілік|бөлім|менеджер|маман",
        "рахмет|құрметпен|кешір",
    ],
};

const FA: ReplyLexicon = ReplyLexicon {
    stock: &[
        "بازخورد|نظر|نظرات|پیام|تماس|درخواست|انتقاد|دیدگاه شما سپاس|ممنون|متشکر|تشکر",
        "سپاس|ممنون|متشکر|تشکر از|بابت بازخورد|نظر|نظرات|پیام|تماس|انتقاد|دیدگاه",
        "مشکل|مشکلی|مسیله|مساله|وضعیت مواجه|روبرو شد",
        "بابت|برای|از ناراحتی|ناخوشایندی|زحمت|نارضایتی|اختلال عذرخواه|پوزش",
        "پیش امده عذرخواه|پوزش",
        "نظر|نظرات|بازخورد|دیدگاه شما ما مهم|ارزشمند|ارزش",
        "در نظر میگیر|خواهیم|گرفته",
        "لحاظ",
        "واحد|بخش مربوط منتقل|ارسال",
    ],
    blame_customer: &[
        "تقصیر|اشتباه|مقصر|کوتاهی خودتان|شما|خود",
        "شما|خودتان مقصر|مقصرید",
        "اشتباه کردید|نمودید",
        "اشتباه استفاده",
        "درست|صحیح استفاده نکردید|نکرده",
        "نخواندید",
        "مطالعه|دقت|توجه نکردید",
        "میخواندید",
        "دقت میکردید",
    ],
    blame_courier: &[
        "تقصیر|اشتباه|مشکل|مقصر ما نیست|نبود|نمیباشد",
        "مسیول|مسیولیتی نیستیم|نداریم|نمیباشیم|نیست",
        "کنترل|اختیار ما خارج",
        "خارج کنترل|اختیار",
        "ربطی ما",
        "ما مربوط نیست|نمیشود",
        "تقصیر|مقصر|کوتاهی پیک|پست|تامین|تولیدکننده|تولید|باربری|انبار",
        "پیک|پست|تامین|تولیدکننده|باربری|انبار مقصر|تقصیر",
    ],
    blame_courier_weak: &[
        "پیک|پست|تامین|تولیدکننده|باربری|انبار تاخیر|دیر|گم|اشتباه|خراب",
        "اشتباه پیک|پست|تامین|انبار",
    ],
    office: &[
        "دفتر|فروشگاه|شعبه|نمایندگی|مرکز|انبار مراجعه|بیاورید|بیایید|تشریف|بیارید|اورده",
        "حضوری",
    ],
    office_alt: &[
        "پیک",
        "پست",
        "ارسال",
        "انلاین",
        "اینترنتی",
        "منزل",
        "ادرس",
        "انتخاب",
        "راحت",
        "مایل",
        "ترجیح",
    ],
    bounce: &[
        "واحد|بخش|دپارتمان|تولیدکننده|پیک|بانک|مرکز|خط|شرکت|تامین|پشتیبانی|گارانتی تماس|مراجعه|پیام|ایمیل بگیرید|کنید|بزنید|دهید|بدهید|بفرمایید|بگیرین|بزنین",
        "بخش|واحد|دپارتمان دیگر|مربوطه|مربوط",
    ],
    action: &[
        "ارسال|فرستاد|میفرست|بفرست|بازپرداخت|برمیگردان|برگرداند|برگردان|عودت|تعویض|تعمیر|اصلاح|جایگزین|پیک|تحویل|جبران|واریز|لغو|رهگیری|اعلام",
        "تماس میگیر|خواهیم|گرفت",
    ],
    time: &[
        "امروز|امشب|فردا|پسفردا|شنبه|یکشنبه|دوشنبه|سهشنبه|چهارشنبه|پنجشنبه|جمعه|فروردین|اردیبهشت|خرداد|مرداد|شهریور|ابان|اذر|بهمن|اسفند|صبح|عصر|ظهر|فورا|فوری",
        "همین الان",
        "# ساعت|دقیقه|روز|هفته|ماه|کاری",
        "ظرف ساعت|روز|هفته",
        "تا پایان|اخر روز|هفته|امروز",
        "هفته اینده|بعد",
    ],
    apology: &["عذرخواه|پوزش|ببخشید|متاسف|شرمنده|معذرت"],
    ownership: &[
        "اشتباه|تقصیر|کوتاهی|خطا|قصور ما=|ماست|خودمان|خودمانه",
        "ما مقصر|اشتباه|کوتاهی",
        "اشتباه|کوتاهی|خطا کردیم",
    ],
    slang: &["داداش|عزیزم=|فدات|قربون|حله=|باحال|خفن|اوکی|ابجی|رفیق="],
    name_intro: &[
        "نام|اسم من",
        "اینجانب",
        "احترام|ارادتمند|سپاس",
        "کارشناس|مشاور|اپراتور|مدیر",
    ],
    not_name: &[
        "با=|از=|و=|شما=|ما=|من=|این=|هستم=|هستیم=|است=",
        "تیم|فروشگاه|پشتیبانی|شرکت|واحد|خدمات|مدیریت|مشتریان|کارشناس",
        "احترام|سپاس|ممنون|فراوان|تشکر|ارادتمند",
    ],
};

const EL: ReplyLexicon = ReplyLexicon {
    stock: &[
        "ευχαριστ για|που σχολι|κριτικ|μηνυμα|επικοινων|αξιολογ|παρατηρησ|γνωμ|αποψ|σχολιασμ|feedback",
        "λυπ που|οτι|για αντιμετωπ|βιωσ|ειχατε",
        "αντιμετωπισατε|αντιμετωπισετε αυτο|αυτη|τετοι|προβλημ|δυσκολ|ταλαιπωρ",
        "συγγνωμ|λυπ|ζηταμε για ταλαιπωρ|αναστατωσ|ενοχλησ|δυσαρεσκ",
        "γνωμη|αποψη|σχολιο|κριτικη σασ σημαντικ|πολυτιμ",
        "λαβ|ληφθ|παιρν υποψ|σοβαρα",
        "εκτιμουμε|εκτιμαμε σχολι|γνωμ|αποψ|κριτικ",
        "προωθ|μεταφερ σχολι|παρατηρησ|παραπον",
    ],
    blame_customer: &[
        "δικο σασ λαθ|φταιξ",
        "φταιτε|φταιξατε",
        "δεν διαβασατε|προσεξατε|ελεγξατε|ακολουθησατε",
        "επρεπε να διαβασετε|ελεγξετε|προσεξετε|επιλεξετε|ακολουθησετε|διαβαζατε",
        "λαθοσ|κακη|λανθασμεν|ακαταλληλ χρησ|χειρισμ|εγκαταστασ|συνδεσ",
        "χρησιμοποιησατε λαθ|λανθασμ|εσφαλμ",
    ],
    blame_courier: &[
        "δεν φταιμε|ευθυνομαστε|ευθυν|φερουμε",
        "δεν δικο μασ λαθ|ευθυν|φταιξ|σφαλμα",
        "δεν ειμαστε υπευθυν",
        "εκτοσ ελεγχ",
        "φταιει|ευθυνεται|ευθυνη κουριερ|courier|μεταφορικ|προμηθευτ|ταχυδρομ|κατασκευαστ|αποθηκ",
        "κουριερ|courier|μεταφορικ|προμηθευτ|ταχυδρομ|κατασκευαστ φταιει|ευθυνεται|ευθυνη",
    ],
    blame_courier_weak: &[
        "κουριερ|courier|μεταφορικ|προμηθευτ|ταχυδρομ|κατασκευαστ|αποθηκ καθυστερ|εχασ|λαθ",
    ],
    office: &[
        "ελατε|φερτε|περαστε|επισκεφθειτε|επισκεφτειτε|προσελθετε|επιστρεψτε καταστημ|γραφει|υποκαταστημ|service|σημειο|αποθηκ|εκθεσ|σερβισ",
        "αυτοπροσωπωσ",
    ],
    office_alt: &[
        "κουριερ|courier|παραλαβ|αποστολ|στειλ|ταχυδρομ|online|ηλεκτρονικ|διαδικτυ|σπιτι|διευθυνσ|προτιμ|επιλογ|βολευ|εναλλακτικ",
    ],
    bounce: &[
        "επικοινωνηστε|απευθυνθειτε|καλεστε|τηλεφωνηστε|γραψτε|απευθυνθητε|επικοινωνησετε αλλο|αλλη|τμημα|κατασκευαστ|κουριερ|courier|μεταφορικ|τραπεζ|γραμμη|κεντρο|αρμοδι|service|προμηθευτ|εξυπηρετ",
        "αλλο|αλλη|αρμοδιο|αρμοδια τμημα|υπηρεσια",
    ],
    action: &[
        "στειλ|εστειλ|αποστολ|αποστειλ|επιστρεψ|επιστροφ|αντικατα|αλλαξ|επισκευ|διορθ|τηλεφων|καλεσ|επικοινων|παραδοσ|παραδωσ|παραλαβ|αποζημιωσ|πιστωσ|πιστωθ|ακυρωσ|κουριερ|courier|σταλθ|σταλει|στελν|αποσταλ|ενημερ",
    ],
    time: &[
        "σημερα|αποψε|αυριο|μεθαυριο|δευτερα|τριτη|τεταρτη|πεμπτη|παρασκευη|σαββατο|κυριακη|ιανουαρ|φεβρουαρ|μαρτιου|απριλ|μαιου|ιουνι|ιουλι|αυγουστ|σεπτεμβρ|οκτωβρ|νοεμβρ|δεκεμβρ|πρωι|απογευμα|βραδυ|αμεσωσ|αμεσα",
        "# ωρ|λεπτ|ημερ|μερ|εβδομαδ|εργασιμ|μην",
        "εντοσ ωρ|ημερ|εβδομαδ|τησ",
        "αυτη|επομενη εβδομαδα",
    ],
    apology: &["συγγνωμ|λυπαμαι|λυπουμαστε|λυπαμε|λυπουμαι"],
    ownership: &[
        "δικο μασ λαθ|σφαλμα|φταιξ",
        "λαθοσ|σφαλμα|ευθυνη μασ",
        "φταιμε|φταιξαμε",
        "καναμε|εκανα λαθ|σφαλμα",
        "αναλαμβανουμε ευθυν",
    ],
    slang: &["ρε=|φιλε=|φιλαρακ|χαχα|λολ=|οκ=|μεγαλε=|αδερφε=|κουκλα=|ελα="],
    name_intro: &[
        "ονομαζομαι",
        "με λενε",
        "ονομα μου",
        "εκτιμηση|φιλικα|φιλικοτατα|σεβασμο",
        "με τιμη",
        "υπευθυνη|υπευθυνοσ|συμβουλοσ|εκπροσωποσ",
    ],
    not_name: &[
        "η=|ο=|το=|τησ=|του=|σασ=|μασ=|απο=|και=|ειναι=|με=",
        "υποστηριξ|ομαδα|εξυπηρετ|καταστημ|εταιρ|τμημα|πελατ",
        "ευχαριστ|εκτιμηση|φιλικα|τιμη",
    ],
};
