//! What Candor's mails say and to whom (issue 13): the shopper's receipt,
//! the merchant's answer, private message and details request, the "is it
//! resolved?" question with signed yes/no links, and the team's alerts about
//! new complaints and answer deadlines.
//!
//! Mails are composed here, when the change they announce is written, and
//! queued in the same transaction (`WriteBatch::mails`); the worker in
//! [`crate::server::mailer`] sends them. Each has a plain-text and an HTML
//! part (every shopper- or merchant-written string escaped by maud), is in
//! the review's language (Persian right to left), and carries a one-click
//! unsubscribe link (RFC 8058). Every mail has an idempotency key, so one
//! event never queues two mails.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::core::i18n::fill;
use crate::core::lang::Lang;
use crate::core::model::ReplyKind;
use crate::server::rules::accounts::random_id;
use crate::server::rules::mail_links::{self, Purpose};
use crate::server::rules::validate::sha256_hex;
use crate::server::storage::{NewMail, ReviewRecord, SiteRecord, UserRecord};
use crate::server::AppState;

/// What a mail announces (stored as its `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailKind {
    /// To the author, right after submitting: the private link.
    Receipt,
    /// To the author: the shop's public answer.
    Reply,
    /// To the author: the shop's private message.
    PrivateMessage,
    /// To the author: the shop asks for order number and date.
    DetailsRequest,
    /// To the author: the shop marked the complaint resolved — is it?
    Resolved,
    /// To the team: a new complaint.
    NewComplaint,
    /// To the team: a complaint's answer deadline is near.
    DeadlineNear,
    /// To the team: a complaint's answer deadline passed.
    DeadlineBreached,
    /// To a customer: how was your order? (a review request)
    ReviewRequest,
    /// To a customer: the one reminder of a review request.
    ReviewReminder,
}

impl MailKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Receipt => "receipt",
            MailKind::Reply => "reply",
            MailKind::PrivateMessage => "private_message",
            MailKind::DetailsRequest => "details_request",
            MailKind::Resolved => "resolved",
            MailKind::NewComplaint => "new_complaint",
            MailKind::DeadlineNear => "deadline_near",
            MailKind::DeadlineBreached => "deadline_breached",
            MailKind::ReviewRequest => "review_request",
            MailKind::ReviewReminder => "review_reminder",
        }
    }
}

crate::catalogue! {
    /// The words of Candor's mails and mail pages.
    pub enum MailText {
        /// Receipt subject.
        ReceiptSubject => [
            "Your review on {site}",
            "Ваш отзыв на {site}",
            "{site} сайтындағы пікіріңіз",
            "نظر شما در {site}",
            "Η κριτική σας στο {site}",
        ],
        /// Receipt opening.
        ReceiptIntro => [
            "Thank you for your review. Your private link shows its status, the shop's answers and messages, and lets you confirm a solution, reopen it or withdraw your review, on any device:",
            "Спасибо за отзыв. По личной ссылке вы увидите его статус, ответы и сообщения магазина, сможете подтвердить решение, открыть вопрос снова или отозвать отзыв — с любого устройства:",
            "Пікіріңіз үшін рахмет. Жеке сілтеме арқылы оның күйін, дүкеннің жауаптары мен хабарларын көріп, шешімді растай, мәселені қайта аша немесе пікірді кері қайтара аласыз — кез келген құрылғыдан:",
            "از نظر شما سپاسگزاریم. پیوند خصوصی شما وضعیت آن، پاسخ‌ها و پیام‌های فروشگاه را نشان می‌دهد و در هر دستگاهی می‌توانید حل شدن مشکل را تأیید کنید، آن را دوباره باز کنید یا نظرتان را پس بگیرید:",
            "Σας ευχαριστούμε για την κριτική σας. Ο προσωπικός σας σύνδεσμος δείχνει την κατάστασή της, τις απαντήσεις και τα μηνύματα του καταστήματος και σας επιτρέπει να επιβεβαιώσετε μια λύση, να ανοίξετε ξανά το θέμα ή να αποσύρετε την κριτική, από οποιαδήποτε συσκευή:",
        ],
        /// Reply subject.
        ReplySubject => [
            "{site} answered your review",
            "{site} ответил на ваш отзыв",
            "{site} пікіріңізге жауап берді",
            "{site} به نظر شما پاسخ داد",
            "Το {site} απάντησε στην κριτική σας",
        ],
        /// Reply opening.
        ReplyIntro => [
            "{name} from {site} answered your review in public:",
            "{name} из {site} публично ответил(а) на ваш отзыв:",
            "{site} атынан {name} пікіріңізге ашық жауап берді:",
            "{name} از {site} به‌صورت عمومی به نظر شما پاسخ داد:",
            "Ο/Η {name} από το {site} απάντησε δημόσια στην κριτική σας:",
        ],
        /// Private message subject.
        PrivateSubject => [
            "A private message from {site}",
            "Личное сообщение от {site}",
            "{site} жіберген жеке хабар",
            "پیام خصوصی از {site}",
            "Ιδιωτικό μήνυμα από το {site}",
        ],
        /// Private message opening.
        PrivateIntro => [
            "{name} from {site} sent you a private message about your review (only you can see it):",
            "{name} из {site} отправил(а) вам личное сообщение о вашем отзыве (его видите только вы):",
            "{site} атынан {name} пікіріңіз туралы сізге жеке хабар жіберді (оны тек сіз көресіз):",
            "{name} از {site} درباره نظر شما پیامی خصوصی فرستاد (فقط شما آن را می‌بینید):",
            "Ο/Η {name} από το {site} σας έστειλε ιδιωτικό μήνυμα για την κριτική σας (μόνο εσείς το βλέπετε):",
        ],
        /// Details request subject.
        DetailsSubject => [
            "{site} asks for your order details",
            "{site} просит данные вашего заказа",
            "{site} тапсырысыңыздың деректерін сұрайды",
            "{site} جزئیات سفارش شما را می‌خواهد",
            "Το {site} ζητά τα στοιχεία της παραγγελίας σας",
        ],
        /// Details request opening.
        DetailsIntro => [
            "{name} from {site} asks for your order number and date, to look into your review. Send them through your private link (they stay private):",
            "{name} из {site} просит номер и дату заказа, чтобы разобраться с вашим отзывом. Отправьте их по личной ссылке (они останутся скрытыми):",
            "{site} атынан {name} пікіріңізді тексеру үшін тапсырыс нөмірі мен күнін сұрайды. Оларды жеке сілтеме арқылы жіберіңіз (олар жария етілмейді):",
            "{name} از {site} برای بررسی نظر شما شماره و تاریخ سفارش را می‌خواهد. آن‌ها را از طریق پیوند خصوصی بفرستید (خصوصی می‌مانند):",
            "Ο/Η {name} από το {site} ζητά τον αριθμό και την ημερομηνία της παραγγελίας για να εξετάσει την κριτική σας. Στείλτε τα μέσω του προσωπικού σας συνδέσμου (παραμένουν ιδιωτικά):",
        ],
        /// Resolution subject.
        ResolvedSubject => [
            "{site} marked your complaint resolved — is it?",
            "{site} отметил вашу жалобу решённой — это так?",
            "{site} шағымыңызды шешілді деп белгіледі — солай ма?",
            "{site} شکایت شما را حل‌شده علامت زد — آیا واقعاً حل شده؟",
            "Το {site} σημείωσε το παράπονό σας ως επιλυμένο — ισχύει;",
        ],
        /// Resolution opening.
        ResolvedIntro => [
            "{name} from {site} marked your complaint resolved, with this note:",
            "{name} из {site} отметил(а) вашу жалобу решённой с такой заметкой:",
            "{site} атынан {name} шағымыңызды мына жазбамен шешілді деп белгіледі:",
            "{name} از {site} شکایت شما را با این یادداشت حل‌شده علامت زد:",
            "Ο/Η {name} από το {site} σημείωσε το παράπονό σας ως επιλυμένο, με αυτή τη σημείωση:",
        ],
        /// Resolution question.
        ResolvedQuestion => [
            "Is your problem solved? Your answer is shown on the review.",
            "Ваша проблема решена? Ваш ответ будет показан в отзыве.",
            "Мәселеңіз шешілді ме? Жауабыңыз пікірде көрсетіледі.",
            "آیا مشکل شما حل شده است؟ پاسخ شما روی نظر نمایش داده می‌شود.",
            "Λύθηκε το πρόβλημά σας; Η απάντησή σας εμφανίζεται στην κριτική.",
        ],
        /// Yes button.
        ResolvedYes => ["Yes, solved", "Да, решено", "Иә, шешілді", "بله، حل شد", "Ναι, λύθηκε"],
        /// No button.
        ResolvedNo => ["No, not yet", "Нет, ещё нет", "Жоқ, әлі емес", "نه، هنوز نه", "Όχι, ακόμα όχι"],
        /// Link to the private page.
        OpenReview => [
            "Open your review",
            "Открыть ваш отзыв",
            "Пікіріңізді ашу",
            "باز کردن نظر شما",
            "Άνοιγμα της κριτικής σας",
        ],
        /// Label before the quoted review.
        YourReview => ["Your review", "Ваш отзыв", "Сіздің пікіріңіз", "نظر شما", "Η κριτική σας"],
        /// Footer of shopper mails.
        ShopperFooter => [
            "You receive this mail because you left a review on {site} with this address.",
            "Вы получили это письмо, потому что оставили отзыв на {site} с этим адресом.",
            "Бұл хатты {site} сайтында осы мекенжаймен пікір қалдырғаныңыз үшін алдыңыз.",
            "این نامه را دریافت می‌کنید چون با این نشانی در {site} نظر گذاشته‌اید.",
            "Λαμβάνετε αυτό το μήνυμα επειδή αφήσατε κριτική στο {site} με αυτή τη διεύθυνση.",
        ],
        /// Footer of team mails.
        TeamFooter => [
            "You receive this mail as a member of the {site} team. Turn it off in the panel's mail settings.",
            "Вы получили это письмо как участник команды {site}. Отключить его можно в настройках почты в панели.",
            "Бұл хатты {site} командасының мүшесі ретінде алдыңыз. Оны панельдің пошта баптауларында өшіруге болады.",
            "این نامه را به‌عنوان عضو تیم {site} دریافت می‌کنید. می‌توانید آن را در تنظیمات ایمیل پنل خاموش کنید.",
            "Λαμβάνετε αυτό το μήνυμα ως μέλος της ομάδας του {site}. Απενεργοποιήστε το στις ρυθμίσεις αλληλογραφίας του πίνακα.",
        ],
        /// Unsubscribe link.
        Unsubscribe => [
            "Unsubscribe",
            "Отписаться",
            "Жазылымнан бас тарту",
            "لغو اشتراک",
            "Διαγραφή από τη λίστα",
        ],
        /// New complaint subject.
        NewComplaintSubject => [
            "New complaint on {site} ({rating}★)",
            "Новая жалоба на {site} ({rating}★)",
            "{site} сайтында жаңа шағым ({rating}★)",
            "شکایت تازه در {site} ({rating}★)",
            "Νέο παράπονο στο {site} ({rating}★)",
        ],
        /// New complaint opening.
        NewComplaintIntro => [
            "A new complaint is waiting for an answer, due {due}:",
            "Новая жалоба ждёт ответа, срок — {due}:",
            "Жаңа шағым жауап күтуде, мерзімі — {due}:",
            "شکایتی تازه منتظر پاسخ است، مهلت: {due}:",
            "Ένα νέο παράπονο περιμένει απάντηση, προθεσμία {due}:",
        ],
        /// Deadline near subject.
        DeadlineNearSubject => [
            "A complaint on {site} is due in {minutes} min",
            "Срок ответа на жалобу на {site} через {minutes} мин",
            "{site} сайтындағы шағымға жауап мерзіміне {minutes} мин қалды",
            "مهلت پاسخ به شکایتی در {site} تا {minutes} دقیقه دیگر",
            "Ένα παράπονο στο {site} λήγει σε {minutes} λεπτά",
        ],
        /// Deadline breached subject.
        DeadlineBreachedSubject => [
            "A complaint on {site} missed its answer deadline",
            "Срок ответа на жалобу на {site} пропущен",
            "{site} сайтындағы шағымға жауап мерзімі өтіп кетті",
            "مهلت پاسخ به شکایتی در {site} گذشت",
            "Ένα παράπονο στο {site} έχασε την προθεσμία απάντησης",
        ],
        /// Deadline opening.
        DeadlineIntro => [
            "This complaint has no answer yet (due {due}):",
            "На эту жалобу ещё нет ответа (срок — {due}):",
            "Бұл шағымға әлі жауап жоқ (мерзімі — {due}):",
            "این شکایت هنوز پاسخی ندارد (مهلت: {due}):",
            "Αυτό το παράπονο δεν έχει ακόμη απάντηση (προθεσμία {due}):",
        ],
        /// Review request subject.
        RequestSubject => [
            "How was your order from {site}?",
            "Как вам заказ в {site}?",
            "{site} дүкеніндегі тапсырысыңыз қалай болды?",
            "سفارش شما از {site} چطور بود؟",
            "Πώς ήταν η παραγγελία σας από το {site};",
        ],
        /// Reminder subject.
        ReminderSubject => [
            "A reminder: how was your order from {site}?",
            "Напоминание: как вам заказ в {site}?",
            "Еске салу: {site} дүкеніндегі тапсырысыңыз қалай болды?",
            "یادآوری: سفارش شما از {site} چطور بود؟",
            "Υπενθύμιση: πώς ήταν η παραγγελία σας από το {site};",
        ],
        /// Review request opening.
        RequestIntro => [
            "You ordered from {site} on {date}. Would you tell other shoppers how it went? Good or bad, every honest review helps; the shop answers complaints in public.",
            "Вы сделали заказ в {site} {date}. Расскажете другим покупателям, как всё прошло? Хороший или плохой — любой честный отзыв помогает; на жалобы магазин отвечает публично.",
            "Сіз {site} дүкенінен {date} тапсырыс бердіңіз. Басқа сатып алушыларға қалай өткенін айтасыз ба? Жақсы болсын, жаман болсын — әр шынайы пікір пайдалы; дүкен шағымдарға ашық жауап береді.",
            "شما در {date} از {site} سفارش دادید. به خریداران دیگر می‌گویید چطور گذشت؟ خوب یا بد، هر نظر صادقانه کمک می‌کند؛ فروشگاه به شکایت‌ها علنی پاسخ می‌دهد.",
            "Παραγγείλατε από το {site} στις {date}. Θα πείτε στους άλλους αγοραστές πώς πήγε; Καλή ή κακή, κάθε ειλικρινής κριτική βοηθά· το κατάστημα απαντά δημόσια στα παράπονα.",
        ],
        /// Review request button.
        WriteReview => [
            "Write a review",
            "Написать отзыв",
            "Пікір жазу",
            "نوشتن نظر",
            "Γράψτε μια κριτική",
        ],
        /// Footer of review requests.
        RequestFooter => [
            "You receive this mail because you ordered from {site}. We ask at most twice, and the link works for one review.",
            "Вы получили это письмо, потому что сделали заказ в {site}. Мы спрашиваем не больше двух раз, ссылка действует для одного отзыва.",
            "Бұл хатты {site} дүкенінен тапсырыс бергеніңіз үшін алдыңыз. Біз ең көбі екі рет сұраймыз, сілтеме бір пікірге жарайды.",
            "این نامه را دریافت می‌کنید چون از {site} سفارش داده‌اید. حداکثر دو بار می‌پرسیم و پیوند برای یک نظر کار می‌کند.",
            "Λαμβάνετε αυτό το μήνυμα επειδή παραγγείλατε από το {site}. Ρωτάμε το πολύ δύο φορές και ο σύνδεσμος ισχύει για μία κριτική.",
        ],
        /// Link to the panel.
        OpenPanel => [
            "Open the panel",
            "Открыть панель",
            "Панельді ашу",
            "باز کردن پنل",
            "Άνοιγμα του πίνακα",
        ],
    }
}

/// One button-like link of a mail.
#[derive(Debug, Clone)]
pub struct MailLink {
    /// Its label.
    pub label: String,
    /// Its URL.
    pub url: String,
}

/// The words of one mail before rendering; every field is plain text.
#[derive(Debug, Clone, Default)]
pub struct MailContent {
    /// Subject line.
    pub subject: String,
    /// The opening paragraph.
    pub intro: String,
    /// Quoted text (the shop's reply, or the review) with its label.
    pub quote: Option<(Option<String>, String)>,
    /// A second paragraph after the quote.
    pub question: Option<String>,
    /// Links, in order.
    pub links: Vec<MailLink>,
    /// The footer line.
    pub footer: String,
    /// The unsubscribe URL.
    pub unsubscribe_url: Option<String>,
}

/// The plain-text part.
pub fn render_text(content: &MailContent, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(&content.intro);
    out.push_str("\n\n");
    if let Some((label, text)) = &content.quote {
        if let Some(label) = label {
            out.push_str(label);
            out.push_str(":\n");
        }
        for line in text.lines() {
            out.push_str("> ");
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    if let Some(question) = &content.question {
        out.push_str(question);
        out.push_str("\n\n");
    }
    for link in &content.links {
        out.push_str(&link.label);
        out.push_str(": ");
        out.push_str(&link.url);
        out.push('\n');
    }
    out.push_str("\n-- \n");
    out.push_str(&content.footer);
    out.push('\n');
    if let Some(url) = &content.unsubscribe_url {
        out.push_str(MailText::Unsubscribe.text(lang));
        out.push_str(": ");
        out.push_str(url);
        out.push('\n');
    }
    out
}

/// The HTML part: every text goes through maud, which escapes it.
pub fn render_html(content: &MailContent, lang: Lang) -> String {
    let dir = if lang.is_rtl() { "rtl" } else { "ltr" };
    let page: Markup = html! {
        (DOCTYPE)
        html lang=(lang.code()) dir=(dir) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (content.subject) }
            }
            body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a; max-width: 36em; margin: 1em auto; padding: 0 1em" {
                p { (content.intro) }
                @if let Some((label, text)) = &content.quote {
                    @if let Some(label) = label { p style="margin-bottom: 0.25em; color: #555" { (label) } }
                    blockquote style="margin: 0 0 1em; padding: 0.5em 1em; border-inline-start: 3px solid #888; background: #f4f4f4; white-space: pre-wrap" { (text) }
                }
                @if let Some(question) = &content.question { p { (question) } }
                p {
                    @for link in &content.links {
                        a href=(link.url) style="display: inline-block; margin: 0.25em 0.5em 0.25em 0; padding: 0.5em 1em; border-radius: 4px; background: #1d4ed8; color: #fff; text-decoration: none" { (link.label) }
                        (PreEscaped(" "))
                    }
                }
                hr style="border: 0; border-top: 1px solid #ddd";
                p style="font-size: 0.85em; color: #666" {
                    (content.footer)
                    @if let Some(url) = &content.unsubscribe_url {
                        " " a href=(url) { (MailText::Unsubscribe.text(lang)) }
                    }
                }
            }
        }
    };
    page.into_string()
}

/// The language of mails about a review: the review's, else the site's
/// first, else English.
pub fn review_lang(review: &ReviewRecord, site: &SiteRecord) -> Lang {
    review
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .or_else(|| site.languages.first().and_then(|l| Lang::parse(l)))
        .unwrap_or(Lang::En)
}

/// The site's first language (team mails).
pub fn site_lang(site: &SiteRecord) -> Lang {
    site.languages
        .first()
        .and_then(|l| Lang::parse(l))
        .unwrap_or(Lang::En)
}

/// The author's private link with a signed token in the fragment (never
/// sent to a server, so never in a log or a `Referer`).
pub fn author_link(state: &AppState, review_id: &str, now: i64) -> String {
    let expires = now / 1000 + mail_links::AUTHOR_LINK_DAYS * 86_400;
    let token = mail_links::sign(&state.mail_key, Purpose::Author, review_id, expires);
    format!("{}/r/{review_id}#{token}", state.config.link_base())
}

/// An author token for a review, as a signed mail link carries it (for
/// acting on the author's behalf after a verified single-purpose link).
pub fn author_token(state: &AppState, review_id: &str, now: i64) -> String {
    mail_links::sign(
        &state.mail_key,
        Purpose::Author,
        review_id,
        now / 1000 + 3600,
    )
}

/// The one-click unsubscribe URL for an address on a site.
pub fn unsubscribe_link(state: &AppState, site: &str, email_sha256: &str) -> String {
    let token = mail_links::sign(
        &state.mail_key,
        Purpose::Unsubscribe,
        &format!("{site}|{email_sha256}"),
        0,
    );
    format!(
        "{}/mail/unsubscribe?site={site}&e={email_sha256}&t={token}",
        state.config.link_base()
    )
}

/// The yes/no link answering a resolution.
fn resolve_link(state: &AppState, review_id: &str, yes: bool, now: i64) -> String {
    let expires = now / 1000 + mail_links::RESOLVE_LINK_DAYS * 86_400;
    let purpose = if yes {
        Purpose::ResolveYes
    } else {
        Purpose::ResolveNo
    };
    let token = mail_links::sign(&state.mail_key, purpose, review_id, expires);
    let answer = if yes { "yes" } else { "no" };
    format!(
        "{}/mail/resolve/{review_id}?answer={answer}&t={token}",
        state.config.link_base()
    )
}

/// Renders and addresses a mail.
#[allow(clippy::too_many_arguments)]
fn build(
    state: &AppState,
    site: &SiteRecord,
    kind: MailKind,
    key: String,
    review_id: Option<&str>,
    to: &str,
    lang: Lang,
    mut content: MailContent,
    now: i64,
    not_before: i64,
) -> NewMail {
    let to_sha256 = sha256_hex(&to.trim().to_lowercase());
    let unsubscribe = unsubscribe_link(state, &site.id, &to_sha256);
    content.unsubscribe_url = Some(unsubscribe.clone());
    NewMail {
        id: random_id("m_"),
        site: site.id.clone(),
        kind: kind.as_str().to_owned(),
        idempotency_key: key,
        review_id: review_id.map(str::to_owned),
        to_addr: to.to_owned(),
        to_sha256,
        lang: lang.code().to_owned(),
        subject: content.subject.clone(),
        text_body: render_text(&content, lang),
        html_body: render_html(&content, lang),
        unsubscribe_url: Some(unsubscribe),
        created_at: now,
        not_before,
    }
}

/// The receipt right after a submission, with the private link (the
/// random author token just issued, in the fragment).
pub fn receipt(
    state: &AppState,
    site: &SiteRecord,
    review: &ReviewRecord,
    token: &str,
    now: i64,
) -> Option<NewMail> {
    let to = review.email.as_deref()?;
    if !state.config.mail_enabled() {
        return None;
    }
    let lang = review_lang(review, site);
    let args = [("site", site.name.as_str())];
    let content = MailContent {
        subject: fill(MailText::ReceiptSubject.text(lang), &args),
        intro: MailText::ReceiptIntro.text(lang).to_owned(),
        quote: Some((
            Some(MailText::YourReview.text(lang).to_owned()),
            review.text.clone(),
        )),
        links: vec![MailLink {
            label: MailText::OpenReview.text(lang).to_owned(),
            url: format!("{}/r/{}#{token}", state.config.link_base(), review.id),
        }],
        footer: fill(MailText::ShopperFooter.text(lang), &args),
        ..MailContent::default()
    };
    Some(build(
        state,
        site,
        MailKind::Receipt,
        format!("receipt:{}", review.id),
        Some(&review.id),
        to,
        lang,
        content,
        now,
        now,
    ))
}

/// The mail telling the author about a merchant's reply, private message,
/// details request or resolution, sent once the action can no longer be
/// undone. `None` for other replies, or without an e-mail.
pub fn for_merchant_reply(
    state: &AppState,
    site: &SiteRecord,
    review: &ReviewRecord,
    reply: Option<(ReplyKind, &str)>,
    private_message: Option<&str>,
    replier: &str,
    now: i64,
) -> Option<NewMail> {
    let to = review.email.as_deref()?;
    if !state.config.mail_enabled() {
        return None;
    }
    let lang = review_lang(review, site);
    let args = [("site", site.name.as_str()), ("name", replier)];
    let open = MailLink {
        label: MailText::OpenReview.text(lang).to_owned(),
        url: author_link(state, &review.id, now),
    };
    let (kind, subject, intro, text, question, links) = match (private_message, reply) {
        (Some(message), _) => (
            MailKind::PrivateMessage,
            MailText::PrivateSubject,
            MailText::PrivateIntro,
            message,
            None,
            vec![open],
        ),
        (None, Some((ReplyKind::Answer, text))) => (
            MailKind::Reply,
            MailText::ReplySubject,
            MailText::ReplyIntro,
            text,
            None,
            vec![open],
        ),
        (None, Some((ReplyKind::DetailsRequest, text))) => (
            MailKind::DetailsRequest,
            MailText::DetailsSubject,
            MailText::DetailsIntro,
            text,
            None,
            vec![open],
        ),
        (None, Some((ReplyKind::Resolution, text))) => (
            MailKind::Resolved,
            MailText::ResolvedSubject,
            MailText::ResolvedIntro,
            text,
            Some(MailText::ResolvedQuestion.text(lang).to_owned()),
            vec![
                MailLink {
                    label: MailText::ResolvedYes.text(lang).to_owned(),
                    url: resolve_link(state, &review.id, true, now),
                },
                MailLink {
                    label: MailText::ResolvedNo.text(lang).to_owned(),
                    url: resolve_link(state, &review.id, false, now),
                },
                open,
            ],
        ),
        _ => return None,
    };
    let content = MailContent {
        subject: fill(subject.text(lang), &args),
        intro: fill(intro.text(lang), &args),
        quote: Some((None, text.to_owned())),
        question,
        links,
        footer: fill(MailText::ShopperFooter.text(lang), &args),
        unsubscribe_url: None,
    };
    Some(build(
        state,
        site,
        kind,
        format!("{}:{}:{now}", kind.as_str(), review.id),
        Some(&review.id),
        to,
        lang,
        content,
        now,
        now + state.config.undo_window_ms.max(0),
    ))
}

/// How long a review request's link works after the mail.
pub const REQUEST_LINK_DAYS: i64 = 90;

/// The review request's link: the write page with the order's single-use
/// token.
pub fn request_link(state: &AppState, site: &str, order_ref: &str, now: i64) -> String {
    let expires = now / 1000 + REQUEST_LINK_DAYS * 86_400;
    let token = mail_links::sign(
        &state.mail_key,
        Purpose::ReviewRequest,
        &format!("{site}|{order_ref}"),
        expires,
    );
    let order = url_encode(order_ref);
    format!(
        "{}/write/{site}?order={order}&t={token}",
        state.config.link_base()
    )
}

/// Percent-encodes a query value (order numbers allow `#` and `/`).
fn url_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A review request (or its one reminder) for an order. Never depends on a
/// rating: every customer with an order is asked the same way (asking only
/// happy customers is review gating, FTC 16 CFR 465).
pub fn review_request(
    state: &AppState,
    site: &SiteRecord,
    request: &crate::server::storage::mail::ReviewRequestRecord,
    to: &str,
    now: i64,
) -> NewMail {
    let lang = request
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(|| site_lang(site));
    let date = crate::server::rules::hours::from_ms(request.order_at)
        .date_naive()
        .to_string();
    let args = [("site", site.name.as_str()), ("date", date.as_str())];
    let (kind, subject) = if request.sent == 0 {
        (MailKind::ReviewRequest, MailText::RequestSubject)
    } else {
        (MailKind::ReviewReminder, MailText::ReminderSubject)
    };
    let content = MailContent {
        subject: fill(subject.text(lang), &args),
        intro: fill(MailText::RequestIntro.text(lang), &args),
        links: vec![MailLink {
            label: MailText::WriteReview.text(lang).to_owned(),
            url: request_link(state, &site.id, &request.order_ref, now),
        }],
        footer: fill(MailText::RequestFooter.text(lang), &args),
        ..MailContent::default()
    };
    build(
        state,
        site,
        kind,
        format!("{}:{}:{}", kind.as_str(), site.id, request.order_ref),
        None,
        to,
        lang,
        content,
        now,
        now,
    )
}

/// The link that opens the merchant's panel on the storefront at a review
/// (`#candor-admin=<review id>`; the widget opens the panel, the panel the
/// review).
fn panel_link(state: &AppState, site: &SiteRecord, review_id: &str) -> String {
    let base = site
        .origins
        .first()
        .cloned()
        .unwrap_or_else(|| state.config.link_base());
    format!("{}/#candor-admin={review_id}", base.trim_end_matches('/'))
}

/// Team mails about a complaint (new, deadline near or broken) to each
/// member who has that notification on.
pub fn for_team(
    state: &AppState,
    site: &SiteRecord,
    review: &ReviewRecord,
    kind: MailKind,
    team: &[(UserRecord, crate::server::storage::mail::UserMailSettings)],
    now: i64,
) -> Vec<NewMail> {
    if !state.config.mail_enabled() {
        return Vec::new();
    }
    let lang = site_lang(site);
    let due = review
        .answer_due_at
        .map(crate::server::rules::hours::rfc3339)
        .unwrap_or_default();
    let minutes = review
        .answer_due_at
        .map(|d| ((d - now) / 60_000).max(0).to_string())
        .unwrap_or_default();
    let rating = review.rating.to_string();
    let args = [
        ("site", site.name.as_str()),
        ("due", due.as_str()),
        ("minutes", minutes.as_str()),
        ("rating", rating.as_str()),
    ];
    let (subject, intro) = match kind {
        MailKind::NewComplaint => (MailText::NewComplaintSubject, MailText::NewComplaintIntro),
        MailKind::DeadlineNear => (MailText::DeadlineNearSubject, MailText::DeadlineIntro),
        MailKind::DeadlineBreached => (MailText::DeadlineBreachedSubject, MailText::DeadlineIntro),
        _ => return Vec::new(),
    };
    team.iter()
        .filter(|(_, settings)| match kind {
            MailKind::NewComplaint => settings.new_complaint,
            _ => settings.deadline,
        })
        .map(|(user, _)| {
            let content = MailContent {
                subject: fill(subject.text(lang), &args),
                intro: fill(intro.text(lang), &args),
                quote: Some((Some(review.id.clone()), review.text.clone())),
                links: vec![MailLink {
                    label: MailText::OpenPanel.text(lang).to_owned(),
                    url: panel_link(state, site, &review.id),
                }],
                footer: fill(MailText::TeamFooter.text(lang), &args),
                ..MailContent::default()
            };
            build(
                state,
                site,
                kind,
                format!("{}:{}:{}", kind.as_str(), review.id, user.id),
                Some(&review.id),
                &user.email,
                lang,
                content,
                now,
                now,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_and_text_quotes() {
        let content = MailContent {
            subject: "S <b>".into(),
            intro: "Ann & <script>alert(1)</script>".into(),
            quote: Some((None, "line 1\n<img src=x onerror=alert(1)>".into())),
            links: vec![MailLink {
                label: "Open".into(),
                url: "https://x.example/r/1#a\"b".into(),
            }],
            footer: "f".into(),
            ..MailContent::default()
        };
        let html = render_html(&content, Lang::Fa);
        assert!(html.contains("dir=\"rtl\"") && html.contains("lang=\"fa\""));
        assert!(!html.contains("<script>") && !html.contains("<img"));
        assert!(html.contains("&lt;script&gt;") && html.contains("&quot;"));
        let text = render_text(&content, Lang::En);
        assert!(text.contains("> line 1\n> <img src=x onerror=alert(1)>\n"));
        assert!(text.contains("Open: https://x.example/r/1#a\"b"));
    }
}
