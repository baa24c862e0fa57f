//! The rules' own errors: what went wrong in terms of the product (an
//! invalid field, a missing review, a state conflict), never an HTTP status.
//! [`crate::server::http::error`] picks the status and renders the message.
//!
//! Every error has an [`ErrorCode`]: the variant *is* the stable snake_case
//! code a client can translate, and it carries its message in all five
//! languages. Details that only English readers would understand (a JSON
//! parser's explanation) appear only in the English message; numbers
//! (`{min}`, `{max}`, `{seconds}`) and field names are filled in everywhere.

use crate::core::i18n::fill;
use crate::core::lang::Lang;
use crate::core::model::TransitionError;
use crate::server::storage::StoreError;

/// Declares [`ErrorCode`]: `Variant = "snake_code" => [en, ru, kk, fa, el]`.
macro_rules! error_codes {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $code:literal => [$en:expr, $ru:expr, $kk:expr, $fa:expr, $el:expr $(,)?]
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
        #[serde(rename_all = "snake_case")]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            /// Every code, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stable snake_case code.
            pub fn code(self) -> &'static str {
                match self { $( $name::$variant => $code, )* }
            }

            /// The message template in `lang` (placeholders unfilled).
            pub fn text(self, lang: Lang) -> &'static str {
                match self {
                    $(
                        $name::$variant => match lang {
                            Lang::En => $en,
                            Lang::Ru => $ru,
                            Lang::Kk => $kk,
                            Lang::Fa => $fa,
                            Lang::El => $el,
                        },
                    )*
                }
            }
        }
    };
}

error_codes! {
    /// Every error code the server sends, with its message.
    pub enum ErrorCode {
        /// The body is not valid JSON or has the wrong shape.
        MalformedJson = "malformed_json" => [
            "The request body is not valid JSON for this endpoint: {detail}",
            "Тело запроса не является корректным JSON для этого метода.",
            "Сұраныс денесі бұл әдіс үшін дұрыс JSON емес.",
            "بدنهٔ درخواست برای این نشانی JSON معتبری نیست.",
            "Το σώμα του αιτήματος δεν είναι έγκυρο JSON για αυτό το σημείο.",
        ],
        /// The body could not be read.
        UnreadableBody = "unreadable_body" => [
            "The request body could not be read: {detail}",
            "Не удалось прочитать тело запроса.",
            "Сұраныс денесін оқу мүмкін болмады.",
            "بدنهٔ درخواست خوانده نشد.",
            "Δεν ήταν δυνατή η ανάγνωση του σώματος του αιτήματος.",
        ],
        /// The body is not declared as JSON.
        UnsupportedMediaType = "unsupported_media_type" => [
            "Send the body as JSON with Content-Type: application/json.",
            "Отправьте тело в формате JSON с Content-Type: application/json.",
            "Денені Content-Type: application/json арқылы JSON түрінде жіберіңіз.",
            "بدنه را به‌صورت JSON با Content-Type: application/json بفرستید.",
            "Στείλτε το σώμα ως JSON με Content-Type: application/json.",
        ],
        /// A query parameter is malformed.
        InvalidQuery = "invalid_query" => [
            "A parameter of the address is not valid: {detail}",
            "Параметр адреса некорректен.",
            "Мекенжай параметрі дұрыс емес.",
            "یکی از پارامترهای نشانی معتبر نیست.",
            "Μια παράμετρος της διεύθυνσης δεν είναι έγκυρη.",
        ],
        /// A path parameter is malformed.
        InvalidPath = "invalid_path" => [
            "A part of the address is not valid: {detail}",
            "Часть адреса некорректна.",
            "Мекенжайдың бір бөлігі дұрыс емес.",
            "بخشی از نشانی معتبر نیست.",
            "Ένα μέρος της διεύθυνσης δεν είναι έγκυρο.",
        ],
        /// No such endpoint.
        NotFound = "not_found" => [
            "No such endpoint.",
            "Такого метода нет.",
            "Мұндай әдіс жоқ.",
            "چنین نشانی‌ای وجود ندارد.",
            "Δεν υπάρχει τέτοιο σημείο.",
        ],
        /// The method is not allowed on this path.
        MethodNotAllowed = "method_not_allowed" => [
            "This method is not allowed here.",
            "Этот метод здесь не разрешён.",
            "Бұл әдіске мұнда рұқсат жоқ.",
            "این روش اینجا مجاز نیست.",
            "Αυτή η μέθοδος δεν επιτρέπεται εδώ.",
        ],
        /// A request took too long.
        Timeout = "timeout" => [
            "The request took too long.",
            "Запрос выполнялся слишком долго.",
            "Сұраныс тым ұзаққа созылды.",
            "درخواست بیش از حد طول کشید.",
            "Το αίτημα άργησε πολύ.",
        ],
        /// The body is larger than the limit.
        PayloadTooLarge = "payload_too_large" => [
            "The request body is too large.",
            "Тело запроса слишком большое.",
            "Сұраныс денесі тым үлкен.",
            "بدنهٔ درخواست بیش از حد بزرگ است.",
            "Το σώμα του αιτήματος είναι πολύ μεγάλο.",
        ],
        /// A failure on the server's side (logged, never shown).
        Internal = "internal" => [
            "Something went wrong on the server; it has been logged.",
            "На сервере произошла ошибка; она записана в журнал.",
            "Серверде қате болды; ол журналға жазылды.",
            "مشکلی در سرور رخ داد؛ ثبت شد.",
            "Κάτι πήγε στραβά στον διακομιστή· καταγράφηκε.",
        ],
        /// A field of the body is missing or has the wrong type.
        InvalidField = "invalid_field" => [
            "The field \"{field}\" is missing or has the wrong type: {detail}",
            "Поле «{field}» отсутствует или имеет неверный тип.",
            "«{field}» өрісі жоқ немесе түрі қате.",
            "فیلد «{field}» وجود ندارد یا نوع آن نادرست است.",
            "Το πεδίο «{field}» λείπει ή έχει λάθος τύπο.",
        ],
        /// A text is longer than allowed.
        TextTooLong = "text_too_long" => [
            "The field \\\"{field}\\\" is too long: at most {max} characters.",
            "Поле «{field}» слишком длинное: не более {max} символов.",
            "«{field}» өрісі тым ұзын: ең көбі {max} таңба.",
            "فیلد «{field}» بیش از حد طولانی است: حداکثر {max} نویسه.",
            "Το πεδίο «{field}» είναι πολύ μεγάλο: έως {max} χαρακτήρες.",
        ],
        /// A text is empty or too short.
        TextTooShort = "text_too_short" => [
            "The field \\\"{field}\\\" is too short: at least {min} characters.",
            "Поле «{field}» слишком короткое: не менее {min} символов.",
            "«{field}» өрісі тым қысқа: кемінде {min} таңба.",
            "فیلد «{field}» بیش از حد کوتاه است: دست‌کم {min} نویسه.",
            "Το πεδίο «{field}» είναι πολύ μικρό: τουλάχιστον {min} χαρακτήρες.",
        ],
        /// The honeypot field was filled in.
        SpamDetected = "spam_detected" => [
            "This submission looks automated and was not accepted.",
            "Эта отправка похожа на автоматическую и не принята.",
            "Бұл жіберу автоматты сияқты, сондықтан қабылданбады.",
            "این ارسال خودکار به نظر می‌رسد و پذیرفته نشد.",
            "Αυτή η υποβολή μοιάζει αυτοματοποιημένη και δεν έγινε δεκτή.",
        ],
        /// The rating is not 1..=5.
        InvalidRating = "invalid_rating" => [
            "The rating must be a whole number from 1 to 5.",
            "Оценка должна быть целым числом от 1 до 5.",
            "Баға 1-ден 5-ке дейінгі бүтін сан болуы керек.",
            "امتیاز باید عددی صحیح از ۱ تا ۵ باشد.",
            "Η βαθμολογία πρέπει να είναι ακέραιος από 1 έως 5.",
        ],
        /// The kind is not review or complaint.
        InvalidKind = "invalid_kind" => [
            "The kind must be \"review\" or \"complaint\".",
            "Тип должен быть «review» или «complaint».",
            "Түрі «review» немесе «complaint» болуы керек.",
            "نوع باید «review» یا «complaint» باشد.",
            "Το είδος πρέπει να είναι «review» ή «complaint».",
        ],
        /// The language is not one of the five.
        InvalidLang = "invalid_lang" => [
            "The language must be one of en, ru, kk, fa, el.",
            "Язык должен быть одним из: en, ru, kk, fa, el.",
            "Тіл мыналардың бірі болуы керек: en, ru, kk, fa, el.",
            "زبان باید یکی از en، ru، kk، fa یا el باشد.",
            "Η γλώσσα πρέπει να είναι μία από: en, ru, kk, fa, el.",
        ],
        /// A number of days is out of range.
        InvalidDays = "invalid_days" => [
            "The field \"{field}\" must be a whole number from {min} to {max}.",
            "Поле «{field}» должно быть целым числом от {min} до {max}.",
            "«{field}» өрісі {min} мен {max} аралығындағы бүтін сан болуы керек.",
            "فیلد «{field}» باید عددی صحیح از {min} تا {max} باشد.",
            "Το πεδίο «{field}» πρέπει να είναι ακέραιος από {min} έως {max}.",
        ],
        /// A page number is out of range.
        InvalidPage = "invalid_page" => [
            "The field \"{field}\" must be a whole number from {min} to {max}.",
            "Поле «{field}» должно быть целым числом от {min} до {max}.",
            "«{field}» өрісі {min} мен {max} аралығындағы бүтін сан болуы керек.",
            "فیلد «{field}» باید عددی صحیح از {min} تا {max} باشد.",
            "Το πεδίο «{field}» πρέπει να είναι ακέραιος από {min} έως {max}.",
        ],
        /// A limit is out of range.
        InvalidLimit = "invalid_limit" => [
            "The field \"{field}\" must be a whole number from {min} to {max}.",
            "Поле «{field}» должно быть целым числом от {min} до {max}.",
            "«{field}» өрісі {min} мен {max} аралығындағы бүтін сан болуы керек.",
            "فیلد «{field}» باید عددی صحیح از {min} تا {max} باشد.",
            "Το πεδίο «{field}» πρέπει να είναι ακέραιος από {min} έως {max}.",
        ],
        /// An e-mail address is malformed.
        InvalidEmail = "invalid_email" => [
            "Enter an e-mail address like name@example.com.",
            "Укажите e-mail в виде name@example.com.",
            "E-mail мекенжайын name@example.com түрінде жазыңыз.",
            "نشانی ایمیل را به شکل name@example.com وارد کنید.",
            "Γράψτε μια διεύθυνση e-mail όπως name@example.com.",
        ],
        /// An e-mail hash is not 64 hex digits.
        InvalidEmailSha256 = "invalid_email_sha256" => [
            "\"email_sha256\" must be 64 hexadecimal digits.",
            "«email_sha256» должно состоять из 64 шестнадцатеричных цифр.",
            "«email_sha256» 64 оналтылық цифрдан тұруы керек.",
            "«email_sha256» باید ۶۴ رقم شانزده‌دهی باشد.",
            "Το «email_sha256» πρέπει να έχει 64 δεκαεξαδικά ψηφία.",
        ],
        /// An order number has characters or a length not allowed.
        InvalidOrderRef = "invalid_order_ref" => [
            "The order number may have 1 to 64 letters, digits or - _ # / .",
            "Номер заказа: от 1 до 64 букв, цифр или символов - _ # / .",
            "Тапсырыс нөмірі: 1–64 әріп, цифр немесе - _ # / . таңбалары.",
            "شمارهٔ سفارش باید ۱ تا ۶۴ حرف، رقم یا نویسه‌های - _ # / . باشد.",
            "Ο αριθμός παραγγελίας έχει 1 έως 64 γράμματα, ψηφία ή - _ # / .",
        ],
        /// An order date is malformed or in the future.
        InvalidOrderDate = "invalid_order_date" => [
            "The order date must be today or earlier, as YYYY-MM-DD.",
            "Дата заказа должна быть не позже сегодняшней, в формате YYYY-MM-DD.",
            "Тапсырыс күні бүгін немесе одан бұрын болуы керек, YYYY-MM-DD түрінде.",
            "تاریخ سفارش باید امروز یا پیش از آن و به شکل YYYY-MM-DD باشد.",
            "Η ημερομηνία παραγγελίας πρέπει να είναι σήμερα ή νωρίτερα, ως YYYY-MM-DD.",
        ],
        /// A status filter is unknown.
        InvalidStatus = "invalid_status" => [
            "The status must be published, held, hidden or withdrawn.",
            "Статус должен быть published, held, hidden или withdrawn.",
            "Күйі published, held, hidden немесе withdrawn болуы керек.",
            "وضعیت باید published، held، hidden یا withdrawn باشد.",
            "Η κατάσταση πρέπει να είναι published, held, hidden ή withdrawn.",
        ],
        /// A suspected filter is unknown.
        InvalidSuspected = "invalid_suspected" => [
            "\"suspected\" must be template, campaign or any.",
            "«suspected» должно быть template, campaign или any.",
            "«suspected» мәні template, campaign немесе any болуы керек.",
            "«suspected» باید template، campaign یا any باشد.",
            "Το «suspected» πρέπει να είναι template, campaign ή any.",
        ],
        /// A search text is too long.
        InvalidQ = "invalid_q" => [
            "The search text is too long: at most {max} characters.",
            "Текст поиска слишком длинный: не более {max} символов.",
            "Іздеу мәтіні тым ұзын: ең көбі {max} таңба.",
            "متن جست‌وجو بیش از حد طولانی است: حداکثر {max} نویسه.",
            "Το κείμενο αναζήτησης είναι πολύ μεγάλο: έως {max} χαρακτήρες.",
        ],
        /// An abuse reason is unknown.
        InvalidReason = "invalid_reason" => [
            "The reason must be insult, slur, threat, personal_data, harassment or spam.",
            "Причина должна быть одной из: insult, slur, threat, personal_data, harassment, spam.",
            "Себеп мыналардың бірі болуы керек: insult, slur, threat, personal_data, harassment, spam.",
            "دلیل باید یکی از insult، slur، threat، personal_data، harassment یا spam باشد.",
            "Ο λόγος πρέπει να είναι ένας από: insult, slur, threat, personal_data, harassment, spam.",
        ],
        /// A sort order is unknown.
        InvalidSort = "invalid_sort" => [
            "The order must be newest, oldest, highest or lowest.",
            "Сортировка должна быть newest, oldest, highest или lowest.",
            "Сұрыптау newest, oldest, highest немесе lowest болуы керек.",
            "ترتیب باید newest، oldest، highest یا lowest باشد.",
            "Η ταξινόμηση πρέπει να είναι newest, oldest, highest ή lowest.",
        ],
        /// A topic code is unknown.
        InvalidTopic = "invalid_topic" => [
            "Unknown topic: send a topic code such as delivery_late or product_safety.",
            "Неизвестная тема: укажите код темы, например delivery_late или product_safety.",
            "Белгісіз тақырып: delivery_late немесе product_safety сияқты тақырып кодын жіберіңіз.",
            "موضوع ناشناخته است: کد موضوعی مانند delivery_late یا product_safety بفرستید.",
            "Άγνωστο θέμα: στείλτε κωδικό θέματος όπως delivery_late ή product_safety.",
        ],
        /// A triage change names neither a topic nor a priority.
        NothingToChange = "nothing_to_change" => [
            "Send a topic, a priority or both.",
            "Укажите тему, приоритет или и то и другое.",
            "Тақырыпты, басымдықты немесе екеуін де жіберіңіз.",
            "موضوع، اولویت یا هر دو را بفرستید.",
            "Στείλτε θέμα, προτεραιότητα ή και τα δύο.",
        ],
        /// A priority code is unknown.
        InvalidPriority = "invalid_priority" => [
            "The priority must be product_safety, site_failure, urgent_delivery, prominent or normal.",
            "Приоритет должен быть product_safety, site_failure, urgent_delivery, prominent или normal.",
            "Басымдық product_safety, site_failure, urgent_delivery, prominent немесе normal болуы керек.",
            "اولویت باید product_safety، site_failure، urgent_delivery، prominent یا normal باشد.",
            "Η προτεραιότητα πρέπει να είναι product_safety, site_failure, urgent_delivery, prominent ή normal.",
        ],
        /// A webhook address is not acceptable.
        InvalidUrl = "invalid_url" => [
            "The webhook address must be an absolute http(s) URL with a host, without a user name or password, at most 2,000 characters.",
            "Адрес вебхука должен быть полным http(s)-адресом с хостом, без имени пользователя и пароля, не длиннее 2000 символов.",
            "Вебхук мекенжайы хосты бар толық http(s) URL болуы керек, пайдаланушы аты мен құпиясөзсіз, ең көбі 2000 таңба.",
            "نشانی وب‌هوک باید یک URL کامل http(s) با میزبان، بدون نام کاربری و گذرواژه و حداکثر ۲۰۰۰ نویسه باشد.",
            "Η διεύθυνση webhook πρέπει να είναι πλήρες URL http(s) με όνομα διακομιστή, χωρίς όνομα χρήστη ή κωδικό, έως 2.000 χαρακτήρες.",
        ],
        /// A webhook test without a webhook address.
        NoWebhookUrl = "no_webhook_url" => [
            "Set a webhook address first.",
            "Сначала укажите адрес вебхука.",
            "Алдымен вебхук мекенжайын орнатыңыз.",
            "ابتدا نشانی وب‌هوک را تنظیم کنید.",
            "Ορίστε πρώτα μια διεύθυνση webhook.",
        ],
        /// An export format is unknown.
        InvalidFormat = "invalid_format" => [
            "The format must be csv or json.",
            "Формат должен быть csv или json.",
            "Пішім csv немесе json болуы керек.",
            "قالب باید csv یا json باشد.",
            "Η μορφή πρέπει να είναι csv ή json.",
        ],
        /// An export subject is unknown.
        InvalidWhat = "invalid_what" => [
            "What to export must be reviews, replies or moderation-log.",
            "Что выгружать: reviews, replies или moderation-log.",
            "Экспортталатын нәрсе: reviews, replies немесе moderation-log.",
            "مورد خروجی باید reviews، replies یا moderation-log باشد.",
            "Η εξαγωγή πρέπει να είναι reviews, replies ή moderation-log.",
        ],
        /// A private message to an author without an e-mail address.
        NoEmail = "no_email" => [
            "The author left no e-mail address.",
            "Автор не оставил адрес e-mail.",
            "Автор e-mail мекенжайын қалдырмады.",
            "نویسنده نشانی ایمیلی نگذاشته است.",
            "Ο συντάκτης δεν άφησε διεύθυνση e-mail.",
        ],
        /// One client holds too many live-event streams.
        TooManyConnections = "too_many_connections" => [
            "Too many live connections from your address. Close a tab and try again.",
            "Слишком много активных подключений с вашего адреса. Закройте вкладку и повторите.",
            "Сіздің мекенжайыңыздан тым көп тікелей қосылым бар. Бір қойындыны жауып, қайталаңыз.",
            "اتصال‌های زندهٔ زیادی از نشانی شما باز است. یک زبانه را ببندید و دوباره تلاش کنید.",
            "Πάρα πολλές ζωντανές συνδέσεις από τη διεύθυνσή σας. Κλείστε μια καρτέλα και δοκιμάστε ξανά.",
        ],
        /// An order lists too many products.
        TooManyProducts = "too_many_products" => [
            "An order may list at most {max} products.",
            "В заказе может быть не более {max} товаров.",
            "Тапсырыста ең көбі {max} тауар болуы мүмкін.",
            "یک سفارش حداکثر می‌تواند {max} کالا داشته باشد.",
            "Μια παραγγελία μπορεί να έχει έως {max} προϊόντα.",
        ],
        /// Too many reviews linked to one incident notice.
        TooManyReviews = "too_many_reviews" => [
            "Link at most {max} reviews to one notice.",
            "К одному сообщению можно привязать не более {max} отзывов.",
            "Бір хабарламаға ең көбі {max} пікір байланыстыруға болады.",
            "حداکثر {max} نظر را می‌توان به یک اطلاعیه پیوند داد.",
            "Συνδέστε έως {max} κριτικές σε μία ανακοίνωση.",
        ],
        /// A linked review is not one of this site's.
        InvalidReviewIds = "invalid_review_ids" => [
            "Every linked review must be a review of this site.",
            "Все привязанные отзывы должны относиться к этому сайту.",
            "Байланыстырылған әр пікір осы сайттікі болуы керек.",
            "همهٔ نظرهای پیوندشده باید از همین سایت باشند.",
            "Κάθε συνδεδεμένη κριτική πρέπει να ανήκει σε αυτόν τον ιστότοπο.",
        ],
        /// Too many product ids in one star-badge request.
        TooManyProductIds = "too_many_product_ids" => [
            "Ask for at most {max} products in one request.",
            "В одном запросе можно запросить не более {max} товаров.",
            "Бір сұраныста ең көбі {max} тауар сұрауға болады.",
            "در هر درخواست حداکثر {max} محصول را می‌توان خواست.",
            "Ζητήστε έως {max} προϊόντα σε ένα αίτημα.",
        ],
        /// The product list is empty or has an id that is too long.
        InvalidProducts = "invalid_products" => [
            "List product ids separated by commas, each at most {max} characters.",
            "Перечислите id товаров через запятую, каждый не длиннее {max} символов.",
            "Тауар id-терін үтір арқылы жазыңыз, әрқайсысы {max} таңбадан аспауы керек.",
            "شناسه‌های محصول را با ویرگول جدا کنید، هر کدام حداکثر {max} نویسه.",
            "Γράψτε τα αναγνωριστικά προϊόντων χωρισμένα με κόμμα, το καθένα έως {max} χαρακτήρες.",
        ],
        /// The layout of the server-rendered reviews is unknown.
        InvalidLayout = "invalid_layout" => [
            "The layout must be \"fragment\" or \"page\".",
            "Вид должен быть «fragment» или «page».",
            "Пішім «fragment» немесе «page» болуы керек.",
            "قالب باید «fragment» یا «page» باشد.",
            "Η διάταξη πρέπει να είναι «fragment» ή «page».",
        ],
        /// A crisis threshold is out of range.
        InvalidCrisisSigma = "invalid_crisis_sigma" => [
            "The alert threshold must be between {min} and {max} standard deviations.",
            "Порог оповещения должен быть от {min} до {max} стандартных отклонений.",
            "Ескерту шегі {min} мен {max} стандартты ауытқу аралығында болуы керек.",
            "آستانهٔ هشدار باید بین {min} تا {max} انحراف معیار باشد.",
            "Το όριο ειδοποίησης πρέπει να είναι από {min} έως {max} τυπικές αποκλίσεις.",
        ],
        /// A crisis floor is out of range.
        InvalidCrisisFloor = "invalid_crisis_floor" => [
            "The alert floor must be a whole number from {min} to {max}.",
            "Минимум для оповещения должен быть целым числом от {min} до {max}.",
            "Ескертудің ең аз шегі {min} мен {max} аралығындағы бүтін сан болуы керек.",
            "حداقل هشدار باید عددی صحیح از {min} تا {max} باشد.",
            "Το ελάχιστο για ειδοποίηση πρέπει να είναι ακέραιος από {min} έως {max}.",
        ],
        /// Too many requests.
        RateLimited = "rate_limited" => [
            "Too many requests. Try again in {seconds} seconds.",
            "Слишком много запросов. Повторите через {seconds} с.",
            "Сұраныстар тым көп. {seconds} секундтан кейін қайталаңыз.",
            "درخواست‌ها بیش از حد زیاد است. {seconds} ثانیهٔ دیگر دوباره تلاش کنید.",
            "Πάρα πολλά αιτήματα. Δοκιμάστε ξανά σε {seconds} δευτερόλεπτα.",
        ],
        /// Too many failed sign-ins.
        TooManyLoginAttempts = "too_many_login_attempts" => [
            "Too many requests. Try again in {seconds} seconds.",
            "Слишком много запросов. Повторите через {seconds} с.",
            "Сұраныстар тым көп. {seconds} секундтан кейін қайталаңыз.",
            "درخواست‌ها بیش از حد زیاد است. {seconds} ثانیهٔ دیگر دوباره تلاش کنید.",
            "Πάρα πολλά αιτήματα. Δοκιμάστε ξανά σε {seconds} δευτερόλεπτα.",
        ],
        /// No valid session.
        Unauthenticated = "unauthenticated" => [
            "Sign in first.",
            "Сначала войдите.",
            "Алдымен кіріңіз.",
            "ابتدا وارد شوید.",
            "Συνδεθείτε πρώτα.",
        ],
        /// Wrong e-mail or password.
        InvalidCredentials = "invalid_credentials" => [
            "The e-mail or password is wrong.",
            "Неверный e-mail или пароль.",
            "E-mail немесе құпиясөз қате.",
            "ایمیل یا گذرواژه نادرست است.",
            "Λάθος e-mail ή κωδικός.",
        ],
        /// A signed request's signature did not verify.
        InvalidSignature = "invalid_signature" => [
            "The request signature is missing or wrong.",
            "Подпись запроса отсутствует или неверна.",
            "Сұраныс қолтаңбасы жоқ немесе қате.",
            "امضای درخواست وجود ندارد یا نادرست است.",
            "Η υπογραφή του αιτήματος λείπει ή είναι λάθος.",
        ],
        /// The merchant has no role on this site.
        NotYourSite = "not_your_site" => [
            "Your account has no access to this site.",
            "У вашей учётной записи нет доступа к этому сайту.",
            "Тіркелгіңіздің бұл сайтқа қолжетімділігі жоқ.",
            "حساب شما به این سایت دسترسی ندارد.",
            "Ο λογαριασμός σας δεν έχει πρόσβαση σε αυτόν τον ιστότοπο.",
        ],
        /// Only an owner may do this.
        OwnerOnly = "owner_only" => [
            "Only the site's owner may do this.",
            "Это может сделать только владелец сайта.",
            "Мұны тек сайт иесі жасай алады.",
            "فقط مالک سایت می‌تواند این کار را انجام دهد.",
            "Μόνο ο ιδιοκτήτης του ιστότοπου μπορεί να το κάνει αυτό.",
        ],
        /// A cookie-authenticated change without the anti-CSRF header.
        CsrfFailed = "csrf_failed" => [
            "Missing X-Candor-CSRF header or foreign Origin.",
            "Нет заголовка X-Candor-CSRF или чужой Origin.",
            "X-Candor-CSRF тақырыбы жоқ немесе Origin бөгде.",
            "سرایند X-Candor-CSRF وجود ندارد یا Origin بیگانه است.",
            "Λείπει η κεφαλίδα X-Candor-CSRF ή το Origin είναι ξένο.",
        ],
        /// An author action without the author token.
        MissingToken = "missing_token" => [
            "This link is not valid for this review.",
            "Эта ссылка недействительна для этого отзыва.",
            "Бұл сілтеме осы пікір үшін жарамсыз.",
            "این پیوند برای این نظر معتبر نیست.",
            "Αυτός ο σύνδεσμος δεν ισχύει για αυτή την κριτική.",
        ],
        /// The author token came in the URL (`?token=`), which ends up in
        /// logs; it must come in the `X-Candor-Token` header.
        TokenInUrl = "token_in_url" => [
            "The author token must be sent in the X-Candor-Token header, not in the address: addresses end up in logs.",
            "Токен автора нужно передавать в заголовке X-Candor-Token, а не в адресе: адреса попадают в журналы.",
            "Автор токенін адресте емес, X-Candor-Token тақырыбында жіберу керек: адрестер журналдарға түседі.",
            "توکن نویسنده باید در سرایند X-Candor-Token فرستاده شود، نه در نشانی: نشانی‌ها در گزارش‌ها ثبت می‌شوند.",
            "Το διακριτικό του συντάκτη πρέπει να αποστέλλεται στην κεφαλίδα X-Candor-Token, όχι στη διεύθυνση: οι διευθύνσεις καταγράφονται.",
        ],
        /// The author token does not match.
        InvalidToken = "invalid_token" => [
            "This link is not valid for this review.",
            "Эта ссылка недействительна для этого отзыва.",
            "Бұл сілтеме осы пікір үшін жарамсыз.",
            "این پیوند برای این نظر معتبر نیست.",
            "Αυτός ο σύνδεσμος δεν ισχύει για αυτή την κριτική.",
        ],
        /// The author is banned on this site.
        Banned = "banned" => [
            "You can no longer post on this site.",
            "Вы больше не можете публиковать отзывы на этом сайте.",
            "Сіз бұл сайтта енді жаза алмайсыз.",
            "شما دیگر نمی‌توانید در این سایت بنویسید.",
            "Δεν μπορείτε πλέον να δημοσιεύετε σε αυτόν τον ιστότοπο.",
        ],
        /// No such site.
        SiteNotFound = "site_not_found" => [
            "No such site.",
            "Такого сайта нет.",
            "Мұндай сайт жоқ.",
            "چنین سایتی وجود ندارد.",
            "Δεν υπάρχει τέτοιος ιστότοπος.",
        ],
        /// No such review.
        ReviewNotFound = "review_not_found" => [
            "No such review.",
            "Такого отзыва нет.",
            "Мұндай пікір жоқ.",
            "چنین نظری وجود ندارد.",
            "Δεν υπάρχει τέτοια κριτική.",
        ],
        /// A vote without a valid voter id (the `X-Candor-Voter` header:
        /// 16 to 64 letters, digits, `-` or `_`).
        InvalidVoter = "invalid_voter" => [
            "The voter id is missing or not valid: send 16 to 64 letters, digits, - or _ in the X-Candor-Voter header.",
            "Идентификатор голосующего отсутствует или неверен: передайте от 16 до 64 букв, цифр, - или _ в заголовке X-Candor-Voter.",
            "Дауыс берушінің идентификаторы жоқ немесе жарамсыз: X-Candor-Voter тақырыбында 16–64 әріп, цифр, - немесе _ жіберіңіз.",
            "شناسه‌ی رأی‌دهنده وجود ندارد یا معتبر نیست: ۱۶ تا ۶۴ حرف، رقم، - یا _ را در سرایند X-Candor-Voter بفرستید.",
            "Το αναγνωριστικό ψηφοφόρου λείπει ή δεν είναι έγκυρο: στείλτε 16 έως 64 γράμματα, ψηφία, - ή _ στην κεφαλίδα X-Candor-Voter.",
        ],
        /// A reader pressed "Me too" or "Helpful" on their own review.
        OwnReview = "own_review" => [
            "You cannot vote on your own review.",
            "Нельзя голосовать за собственный отзыв.",
            "Өз пікіріңізге дауыс бере алмайсыз.",
            "نمی‌توانید به نظر خودتان رأی بدهید.",
            "Δεν μπορείτε να ψηφίσετε τη δική σας κριτική.",
        ],
        /// Someone at this address already voted on the review from
        /// another browser.
        AlreadyVoted = "already_voted" => [
            "Someone at your address has already counted themselves here.",
            "С вашего адреса здесь уже проголосовали.",
            "Сіздің мекенжайыңыздан мұнда дауыс берілген.",
            "از نشانی شما پیش‌تر اینجا رأی داده شده است.",
            "Από τη διεύθυνσή σας έχει ήδη δοθεί ψήφος εδώ.",
        ],
        /// No such open incident notice.
        IncidentNotFound = "incident_not_found" => [
            "No such open incident notice.",
            "Такого открытого сообщения об инциденте нет.",
            "Мұндай ашық оқиға хабарламасы жоқ.",
            "چنین اطلاعیه‌ی باز حادثه‌ای وجود ندارد.",
            "Δεν υπάρχει τέτοια ανοιχτή ανακοίνωση συμβάντος.",
        ],
        /// No such saved reply.
        SavedReplyNotFound = "saved_reply_not_found" => [
            "No such saved reply.",
            "Такого шаблона ответа нет.",
            "Мұндай сақталған жауап жоқ.",
            "چنین پاسخ ذخیره‌شده‌ای وجود ندارد.",
            "Δεν υπάρχει τέτοια αποθηκευμένη απάντηση.",
        ],
        /// No such action.
        ActionNotFound = "action_not_found" => [
            "No such action.",
            "Такого действия нет.",
            "Мұндай әрекет жоқ.",
            "چنین کاری وجود ندارد.",
            "Δεν υπάρχει τέτοια ενέργεια.",
        ],
        /// The thing to create already exists.
        AlreadyExists = "already_exists" => [
            "It already exists.",
            "Уже существует.",
            "Бұрыннан бар.",
            "از پیش وجود دارد.",
            "Υπάρχει ήδη.",
        ],
        /// Someone else changed the review at the same time.
        ConcurrentUpdate = "concurrent_update" => [
            "The review changed meanwhile; reload and try again.",
            "Отзыв изменился; обновите и повторите.",
            "Пікір өзгерді; жаңартып, қайталаңыз.",
            "نظر در این فاصله تغییر کرد؛ دوباره بارگیری و تلاش کنید.",
            "Η κριτική άλλαξε στο μεταξύ· ανανεώστε και δοκιμάστε ξανά.",
        ],
        /// The undo window has passed.
        UndoExpired = "undo_expired" => [
            "Too late to undo this action.",
            "Отменить это действие уже поздно.",
            "Бұл әрекетті болдырмауға кеш.",
            "برای واگرد این کار دیر شده است.",
            "Είναι αργά για αναίρεση αυτής της ενέργειας.",
        ],
        /// A review request's link is not valid (forged, expired, or for
        /// another order or product).
        InvalidRequestToken = "invalid_request_token" => [
            "This review link is not valid for this order.",
            "Эта ссылка для отзыва недействительна для этого заказа.",
            "Бұл пікір сілтемесі осы тапсырыс үшін жарамсыз.",
            "این پیوند نظر برای این سفارش معتبر نیست.",
            "Αυτός ο σύνδεσμος κριτικής δεν ισχύει για αυτή την παραγγελία.",
        ],
        /// A review request's link was used for a review already.
        RequestUsed = "request_used" => [
            "This review link was already used: one order, one verified review.",
            "Эта ссылка для отзыва уже использована: один заказ — один подтверждённый отзыв.",
            "Бұл пікір сілтемесі қолданылған: бір тапсырыс — бір расталған пікір.",
            "این پیوند نظر قبلاً استفاده شده است: هر سفارش، یک نظر تأییدشده.",
            "Αυτός ο σύνδεσμος κριτικής χρησιμοποιήθηκε ήδη: μία παραγγελία, μία επιβεβαιωμένη κριτική.",
        ],
        /// The action was undone already.
        AlreadyUndone = "already_undone" => [
            "This action was already undone.",
            "Это действие уже отменено.",
            "Бұл әрекет бұрын болдырылмаған.",
            "این کار پیش‌تر واگرد شده است.",
            "Αυτή η ενέργεια έχει ήδη αναιρεθεί.",
        ],
        /// Only the merchant who acted may undo.
        NotYourAction = "not_your_action" => [
            "Only the person who took this action can undo it.",
            "Отменить действие может только тот, кто его выполнил.",
            "Әрекетті тек оны жасаған адам болдырмай алады.",
            "فقط کسی که این کار را انجام داده می‌تواند آن را واگرد کند.",
            "Μόνο όποιος έκανε την ενέργεια μπορεί να την αναιρέσει.",
        ],
        /// The review changed after the action.
        UndoSuperseded = "undo_superseded" => [
            "The review changed after this action; it can no longer be undone.",
            "Отзыв изменился после этого действия; отменить его уже нельзя.",
            "Бұл әрекеттен кейін пікір өзгерді; оны енді болдырмау мүмкін емес.",
            "نظر پس از این کار تغییر کرد؛ دیگر نمی‌توان آن را واگرد کرد.",
            "Η κριτική άλλαξε μετά από αυτή την ενέργεια· δεν αναιρείται πια.",
        ],
        /// This kind of log entry cannot be undone.
        NotUndoable = "not_undoable" => [
            "This entry cannot be undone.",
            "Эту запись нельзя отменить.",
            "Бұл жазбаны болдырмау мүмкін емес.",
            "این مورد قابل واگرد نیست.",
            "Αυτή η εγγραφή δεν αναιρείται.",
        ],
        /// The thread is already marked as trolling.
        AlreadyStopped = "already_stopped" => [
            "This thread is already marked: no reply expected.",
            "Эта ветка уже отмечена: ответ не требуется.",
            "Бұл тақырып бұрын белгіленген: жауап күтілмейді.",
            "این گفتگو از پیش علامت خورده است: پاسخی لازم نیست.",
            "Αυτό το νήμα έχει ήδη σημανθεί: δεν αναμένεται απάντηση.",
        ],
        /// The author withdrew the review.
        ReviewWithdrawn = "review_withdrawn" => [
            "The author withdrew this review; nothing more can be done with it.",
            "Автор отозвал этот отзыв; с ним больше ничего нельзя сделать.",
            "Автор бұл пікірді қайтарып алды; онымен енді ештеңе істеуге болмайды.",
            "نویسنده این نظر را پس گرفته است؛ دیگر کاری با آن نمی‌توان کرد.",
            "Ο συντάκτης απέσυρε αυτή την κριτική· δεν γίνεται τίποτε άλλο με αυτήν.",
        ],
        /// Confirming or reopening needs a resolution first.
        NotResolved = "not_resolved" => [
            "The review is not resolved yet.",
            "Отзыв ещё не решён.",
            "Пікір әлі шешілмеген.",
            "این نظر هنوز حل نشده است.",
            "Η κριτική δεν έχει επιλυθεί ακόμη.",
        ],
        /// The review is already resolved.
        AlreadyResolved = "already_resolved" => [
            "The review is already resolved.",
            "Отзыв уже решён.",
            "Пікір бұрын шешілген.",
            "این نظر پیش‌تر حل شده است.",
            "Η κριτική έχει ήδη επιλυθεί.",
        ],
        /// No order details were requested.
        DetailsNotRequested = "details_not_requested" => [
            "No order details were requested.",
            "Данные заказа не запрашивались.",
            "Тапсырыс деректері сұралмаған.",
            "جزئیات سفارش درخواست نشده است.",
            "Δεν ζητήθηκαν στοιχεία παραγγελίας.",
        ],
        /// The author already answered the details request.
        DetailsAlreadyAnswered = "details_already_answered" => [
            "The author already answered the request for order details.",
            "Автор уже ответил на запрос данных заказа.",
            "Автор тапсырыс деректері сұрауына бұрын жауап берген.",
            "نویسنده پیش‌تر به درخواست جزئیات سفارش پاسخ داده است.",
            "Ο συντάκτης έχει ήδη απαντήσει στο αίτημα για στοιχεία παραγγελίας.",
        ],
        /// The waiting time after a details request has not passed.
        TooEarly = "too_early" => [
            "The author still has time to answer the request for order details.",
            "У автора ещё есть время ответить на запрос данных заказа.",
            "Автордың тапсырыс деректері сұрауына жауап беруге әлі уақыты бар.",
            "نویسنده هنوز برای پاسخ به درخواست جزئیات سفارش فرصت دارد.",
            "Ο συντάκτης έχει ακόμη χρόνο να απαντήσει στο αίτημα για στοιχεία παραγγελίας.",
        ],
        /// Only hidden or held reviews can be released.
        NotHidden = "not_hidden" => [
            "The review is already published.",
            "Отзыв уже опубликован.",
            "Пікір бұрын жарияланған.",
            "این نظر پیش‌تر منتشر شده است.",
            "Η κριτική έχει ήδη δημοσιευτεί.",
        ],
        /// The review is already hidden.
        AlreadyHidden = "already_hidden" => [
            "The review is already hidden.",
            "Отзыв уже скрыт.",
            "Пікір бұрын жасырылған.",
            "این نظر پیش‌تر پنهان شده است.",
            "Η κριτική είναι ήδη κρυφή.",
        ],
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl ErrorCode {
    /// The code of a state-machine conflict.
    pub fn of_transition(err: TransitionError) -> ErrorCode {
        match err {
            TransitionError::Withdrawn => ErrorCode::ReviewWithdrawn,
            TransitionError::NotResolved => ErrorCode::NotResolved,
            TransitionError::AlreadyResolved => ErrorCode::AlreadyResolved,
            TransitionError::DetailsNotRequested => ErrorCode::DetailsNotRequested,
            TransitionError::DetailsAlreadyAnswered => ErrorCode::DetailsAlreadyAnswered,
            TransitionError::TooEarly => ErrorCode::TooEarly,
            TransitionError::NotHidden => ErrorCode::NotHidden,
            TransitionError::AlreadyHidden => ErrorCode::AlreadyHidden,
        }
    }

    /// The message in `lang` with its placeholders filled. `{detail}` (an
    /// untranslated explanation) only ever appears in English templates.
    pub fn message(self, lang: Lang, args: &[(&str, &str)]) -> String {
        fill(self.text(lang), args)
    }
}

/// Values filled into a message: numbers and field names only.
pub type Args = Vec<(&'static str, String)>;

/// Every way a rule can refuse.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// A field is well-formed but not acceptable.
    #[error("invalid field {field}: {code}")]
    Invalid {
        /// Which rule the value broke.
        code: ErrorCode,
        /// The field's name as in the API.
        field: &'static str,
        /// Numbers for the message (`min`, `max`).
        args: Args,
    },
    /// No valid credentials.
    #[error("unauthenticated: {0}")]
    Unauthorized(ErrorCode),
    /// Authenticated but not allowed.
    #[error("forbidden: {0}")]
    Forbidden(ErrorCode),
    /// No such thing.
    #[error("not found: {0}")]
    NotFound(ErrorCode),
    /// A conflict with a stable code of its own (undo and panel rules).
    #[error("conflict: {0}")]
    Conflict(ErrorCode),
    /// The action conflicts with the review's state.
    #[error("conflict: {0}")]
    Transition(#[from] TransitionError),
    /// The thing to create already exists.
    #[error("already exists: {0}")]
    AlreadyExists(String),
    /// A concurrent change won.
    #[error("concurrent update")]
    ConcurrentUpdate,
    /// Too many attempts: try again later.
    #[error("rate limited for {retry_after_secs}s")]
    RateLimited {
        /// Which limit.
        code: ErrorCode,
        /// Seconds until a retry may succeed.
        retry_after_secs: u64,
    },
    /// A storage or other server failure (logged, never shown).
    #[error("internal error: {0}")]
    Internal(String),
}

impl RuleError {
    /// A field with an invalid value whose message needs no numbers.
    pub fn invalid(code: ErrorCode, field: &'static str) -> Self {
        RuleError::Invalid {
            code,
            field,
            args: Vec::new(),
        }
    }

    /// A number outside `min..=max`.
    pub fn out_of_range(
        code: ErrorCode,
        field: &'static str,
        min: impl ToString,
        max: impl ToString,
    ) -> Self {
        RuleError::Invalid {
            code,
            field,
            args: vec![("min", min.to_string()), ("max", max.to_string())],
        }
    }

    /// A value longer than `max`.
    pub fn too_long(code: ErrorCode, field: &'static str, max: impl ToString) -> Self {
        RuleError::Invalid {
            code,
            field,
            args: vec![("max", max.to_string())],
        }
    }

    /// An unknown site.
    pub fn site_not_found() -> Self {
        RuleError::NotFound(ErrorCode::SiteNotFound)
    }

    /// An unknown review.
    pub fn review_not_found() -> Self {
        RuleError::NotFound(ErrorCode::ReviewNotFound)
    }

    /// A missing or expired session.
    pub fn unauthenticated() -> Self {
        RuleError::Unauthorized(ErrorCode::Unauthenticated)
    }

    /// An incident notice that does not exist or is closed.
    pub fn incident_not_found() -> Self {
        RuleError::NotFound(ErrorCode::IncidentNotFound)
    }

    /// A merchant of another site.
    pub fn not_your_site() -> Self {
        RuleError::Forbidden(ErrorCode::NotYourSite)
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        match self {
            RuleError::Invalid { code, .. }
            | RuleError::RateLimited { code, .. }
            | RuleError::Unauthorized(code)
            | RuleError::Forbidden(code)
            | RuleError::NotFound(code)
            | RuleError::Conflict(code) => *code,
            RuleError::Transition(err) => ErrorCode::of_transition(*err),
            RuleError::AlreadyExists(_) => ErrorCode::AlreadyExists,
            RuleError::ConcurrentUpdate => ErrorCode::ConcurrentUpdate,
            RuleError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The human message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let mut args: Vec<(&str, &str)> = Vec::new();
        match self {
            RuleError::Invalid {
                field, args: own, ..
            } => {
                args.push(("field", field));
                args.extend(own.iter().map(|(k, v)| (*k, v.as_str())));
                self.code().message(lang, &args)
            }
            RuleError::RateLimited {
                retry_after_secs, ..
            } => self
                .code()
                .message(lang, &[("seconds", &retry_after_secs.to_string())]),
            _ => self.code().message(lang, &args),
        }
    }

    /// The offending field, for validation errors.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            RuleError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl From<StoreError> for RuleError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Conflict(what) => RuleError::AlreadyExists(what),
            StoreError::StaleVersion => RuleError::ConcurrentUpdate,
            StoreError::NotFound => RuleError::review_not_found(),
            other => RuleError::Internal(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case_and_serialise_as_themselves() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            let text = code.code();
            assert!(seen.insert(text), "duplicate code {text}");
            assert!(
                text.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{text}"
            );
            assert_eq!(serde_json::to_value(code).unwrap(), serde_json::json!(text));
        }
    }

    #[test]
    fn translated_messages_carry_no_english_detail_and_fill_every_placeholder() {
        for code in ErrorCode::ALL {
            let english = code.text(Lang::En);
            for lang in [Lang::Ru, Lang::Kk, Lang::Fa, Lang::El] {
                let text = code.text(lang);
                assert_ne!(text, english, "{code} is not translated into {lang:?}");
                assert!(
                    !text.contains("{detail}"),
                    "{code} pastes English into {lang:?}"
                );
                for key in ["{field}", "{min}", "{max}", "{seconds}"] {
                    assert_eq!(
                        english.contains(key),
                        text.contains(key),
                        "{code}: {key} differs between English and {lang:?}"
                    );
                }
            }
        }
        let err = RuleError::out_of_range(ErrorCode::InvalidDays, "days", 1, 365);
        assert_eq!(
            err.message(Lang::Ru),
            "Поле «days» должно быть целым числом от 1 до 365."
        );
        let rating = RuleError::invalid(ErrorCode::InvalidRating, "rating");
        assert!(!rating.message(Lang::Ru).contains(" to "));
    }
}
