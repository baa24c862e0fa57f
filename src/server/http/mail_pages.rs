//! The pages mails link to: the author's private link `/r/{id}#{token}`,
//! the yes/no answer to a resolution, one-click unsubscribe (RFC 8058) and
//! the demo's mail preview. A GET never changes anything (mail scanners
//! follow links): it shows a button whose POST does.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde::Deserialize;

use crate::core::lang::Lang;
use crate::server::http::{ApiPath, ApiQuery};
use crate::server::rules::mail::{self, MailText};
use crate::server::rules::mail_links::{self, Purpose};
use crate::server::rules::moderation::{author_action, AuthorAction};
use crate::server::{now_ms, AppState};

crate::catalogue! {
    /// The words of the pages mails link to.
    pub enum PageText {
        /// Private page title.
        YourReview => ["Your review", "Ваш отзыв", "Сіздің пікіріңіз", "نظر شما", "Η κριτική σας"],
        /// Loading.
        Loading => ["Loading…", "Загрузка…", "Жүктелуде…", "در حال بارگذاری…", "Φόρτωση…"],
        /// Bad or expired link.
        LinkInvalid => [
            "This link is not valid any more. Open the newest mail about your review, or the review on the shop's page.",
            "Эта ссылка больше не действует. Откройте последнее письмо о вашем отзыве или отзыв на странице магазина.",
            "Бұл сілтеме енді жарамсыз. Пікіріңіз туралы соңғы хатты немесе дүкен бетіндегі пікірді ашыңыз.",
            "این پیوند دیگر معتبر نیست. تازه‌ترین نامه درباره نظرتان یا نظر را در صفحه فروشگاه باز کنید.",
            "Αυτός ο σύνδεσμος δεν ισχύει πια. Ανοίξτε το πιο πρόσφατο μήνυμα για την κριτική σας ή την κριτική στη σελίδα του καταστήματος.",
        ],
        /// Status label.
        Status => ["Status", "Статус", "Күйі", "وضعیت", "Κατάσταση"],
        /// Published.
        Published => ["published", "опубликован", "жарияланды", "منتشر شده", "δημοσιευμένη"],
        /// Held.
        Held => ["held for review by the shop", "на проверке у магазина", "дүкен тексеруінде", "در انتظار بررسی فروشگاه", "σε έλεγχο από το κατάστημα"],
        /// Hidden.
        Hidden => ["hidden by the shop (logged publicly)", "скрыт магазином (записано в публичном журнале)", "дүкен жасырды (жария журналда жазылған)", "پنهان‌شده توسط فروشگاه (در گزارش عمومی ثبت شده)", "κρυμμένη από το κατάστημα (καταγράφεται δημόσια)"],
        /// Withdrawn.
        Withdrawn => ["withdrawn by you", "отозван вами", "сіз кері қайтардыңыз", "پس‌گرفته‌شده توسط شما", "αποσύρθηκε από εσάς"],
        /// Resolved by the merchant.
        ResolvedByMerchant => ["marked resolved by the shop", "отмечен магазином как решённый", "дүкен шешілді деп белгіледі", "فروشگاه آن را حل‌شده علامت زد", "σημειώθηκε ως επιλυμένη από το κατάστημα"],
        /// Confirmed by the author.
        ResolvedConfirmed => ["resolved, confirmed by you", "решён, подтверждено вами", "шешілді, сіз растадыңыз", "حل شد، با تأیید شما", "επιλύθηκε, με επιβεβαίωσή σας"],
        /// Countdown label.
        AnswerDue => ["The shop's answer is due in", "Магазин должен ответить через", "Дүкен жауап беруі керек мерзімге дейін", "مهلت پاسخ فروشگاه:", "Το κατάστημα πρέπει να απαντήσει σε"],
        /// Overdue.
        Overdue => ["The shop's answer is overdue.", "Магазин просрочил ответ.", "Дүкен жауап мерзімін өткізіп алды.", "پاسخ فروشگاه از مهلت گذشته است.", "Η απάντηση του καταστήματος έχει καθυστερήσει."],
        /// Public replies heading.
        Replies => ["Public answers", "Публичные ответы", "Ашық жауаптар", "پاسخ‌های عمومی", "Δημόσιες απαντήσεις"],
        /// No replies yet.
        NoReplies => ["No answer yet.", "Ответа пока нет.", "Әзірге жауап жоқ.", "هنوز پاسخی نیامده است.", "Καμία απάντηση ακόμα."],
        /// Private messages heading.
        PrivateMessages => ["Private messages from the shop (only you see them)", "Личные сообщения магазина (их видите только вы)", "Дүкеннің жеке хабарлары (оларды тек сіз көресіз)", "پیام‌های خصوصی فروشگاه (فقط شما می‌بینید)", "Ιδιωτικά μηνύματα του καταστήματος (μόνο εσείς τα βλέπετε)"],
        /// Confirm button.
        Confirm => ["Yes, my problem is solved", "Да, моя проблема решена", "Иә, мәселем шешілді", "بله، مشکلم حل شد", "Ναι, το πρόβλημά μου λύθηκε"],
        /// Reopen button.
        Reopen => ["No, it is not solved — reopen", "Нет, не решено — открыть снова", "Жоқ, шешілмеді — қайта ашу", "نه، حل نشده — دوباره باز شود", "Όχι, δεν λύθηκε — άνοιγμα ξανά"],
        /// Withdraw button.
        Withdraw => ["Withdraw my review", "Отозвать мой отзыв", "Пікірімді кері қайтару", "پس گرفتن نظرم", "Απόσυρση της κριτικής μου"],
        /// Withdraw confirmation.
        WithdrawAsk => ["Withdraw the review? It leaves the public list for good.", "Отозвать отзыв? Он навсегда исчезнет из публичного списка.", "Пікірді кері қайтарасыз ба? Ол жария тізімнен біржола кетеді.", "نظر پس گرفته شود؟ برای همیشه از فهرست عمومی حذف می‌شود.", "Απόσυρση της κριτικής; Φεύγει οριστικά από τη δημόσια λίστα."],
        /// Details form heading.
        DetailsAsked => ["The shop asks for your order number and date (they stay private):", "Магазин просит номер и дату заказа (они останутся скрытыми):", "Дүкен тапсырыс нөмірі мен күнін сұрайды (олар жария етілмейді):", "فروشگاه شماره و تاریخ سفارش را می‌خواهد (خصوصی می‌مانند):", "Το κατάστημα ζητά τον αριθμό και την ημερομηνία της παραγγελίας (παραμένουν ιδιωτικά):"],
        /// Order number label.
        OrderRef => ["Order number", "Номер заказа", "Тапсырыс нөмірі", "شماره سفارش", "Αριθμός παραγγελίας"],
        /// Order date label.
        OrderDate => ["Order date", "Дата заказа", "Тапсырыс күні", "تاریخ سفارش", "Ημερομηνία παραγγελίας"],
        /// Send button.
        Send => ["Send", "Отправить", "Жіберу", "ارسال", "Αποστολή"],
        /// Done.
        Done => ["Done. The shop has been told.", "Готово. Магазин уведомлён.", "Дайын. Дүкенге хабарланды.", "انجام شد. به فروشگاه اطلاع داده شد.", "Έγινε. Το κατάστημα ενημερώθηκε."],
        /// Something failed.
        Failed => ["That did not work. Please try again.", "Не получилось. Попробуйте ещё раз.", "Орындалмады. Қайта көріңіз.", "انجام نشد. لطفاً دوباره تلاش کنید.", "Δεν έγινε. Δοκιμάστε ξανά."],
        /// Resolve yes page.
        ConfirmYesTitle => ["Confirm that your problem is solved", "Подтвердите, что проблема решена", "Мәселе шешілгенін растаңыз", "تأیید کنید که مشکلتان حل شده است", "Επιβεβαιώστε ότι το πρόβλημά σας λύθηκε"],
        /// Resolve no page.
        ConfirmNoTitle => ["Tell the shop your problem is not solved yet", "Сообщите магазину, что проблема ещё не решена", "Дүкенге мәселе әлі шешілмегенін хабарлаңыз", "به فروشگاه بگویید مشکلتان هنوز حل نشده است", "Πείτε στο κατάστημα ότι το πρόβλημα δεν λύθηκε ακόμα"],
        /// Already answered.
        AlreadyAnswered => ["This was already answered; nothing changed.", "На это уже ответили; ничего не изменилось.", "Бұған жауап берілген; ештеңе өзгермеді.", "به این قبلاً پاسخ داده شده؛ چیزی تغییر نکرد.", "Αυτό έχει ήδη απαντηθεί· τίποτα δεν άλλαξε."],
        /// Write page title.
        WriteTitle => ["Your review", "Ваш отзыв", "Сіздің пікіріңіз", "نظر شما", "Η κριτική σας"],
        /// Product label.
        Product => ["Product", "Товар", "Тауар", "محصول", "Προϊόν"],
        /// Kind: review.
        KindReview => ["A review", "Отзыв", "Пікір", "نظر", "Κριτική"],
        /// Kind: complaint.
        KindComplaint => ["A complaint (the shop must answer)", "Жалоба (магазин обязан ответить)", "Шағым (дүкен жауап беруі тиіс)", "شکایت (فروشگاه باید پاسخ دهد)", "Παράπονο (το κατάστημα πρέπει να απαντήσει)"],
        /// Rating label.
        Rating => ["Stars", "Звёзды", "Жұлдыздар", "ستاره‌ها", "Αστέρια"],
        /// Text label.
        Text => ["What did you order, when, and how did it go?", "Что вы заказали, когда и как всё прошло?", "Не тапсырыс бердіңіз, қашан және қалай өтті?", "چه سفارش دادید، کی، و چطور گذشت؟", "Τι παραγγείλατε, πότε, και πώς πήγε;"],
        /// Name label.
        Name => ["Name to show (optional)", "Имя для показа (необязательно)", "Көрсетілетін есім (міндетті емес)", "نام برای نمایش (اختیاری)", "Όνομα προς εμφάνιση (προαιρετικό)"],
        /// Submit button.
        Publish => ["Publish", "Опубликовать", "Жариялау", "انتشار", "Δημοσίευση"],
        /// After the review was sent.
        Thanks => ["Thank you. Your review is published with the verified-order badge. Follow it on your private link:", "Спасибо. Ваш отзыв опубликован со значком «заказ подтверждён». Следите за ним по личной ссылке:", "Рахмет. Пікіріңіз «тапсырыс расталған» белгісімен жарияланды. Оны жеке сілтеме арқылы бақылаңыз:", "سپاس. نظر شما با نشان «سفارش تأییدشده» منتشر شد. آن را از پیوند خصوصی دنبال کنید:", "Ευχαριστούμε. Η κριτική σας δημοσιεύτηκε με το σήμα «επιβεβαιωμένη παραγγελία». Παρακολουθήστε την στον προσωπικό σας σύνδεσμο:"],
        /// The request's link was used.
        RequestUsed => ["This link was already used for a review: one order, one verified review.", "По этой ссылке уже оставлен отзыв: один заказ — один подтверждённый отзыв.", "Бұл сілтеме арқылы пікір қалдырылған: бір тапсырыс — бір расталған пікір.", "با این پیوند قبلاً نظر داده شده است: هر سفارش، یک نظر تأییدشده.", "Αυτός ο σύνδεσμος χρησιμοποιήθηκε ήδη: μία παραγγελία, μία επιβεβαιωμένη κριτική."],
        /// Unsubscribe page.
        UnsubscribeTitle => ["Stop e-mails from this shop to this address?", "Больше не присылать письма этого магазина на этот адрес?", "Бұл дүкеннің хаттарын осы мекенжайға жібермеу керек пе?", "دیگر از این فروشگاه به این نشانی ایمیل فرستاده نشود؟", "Διακοπή των μηνυμάτων αυτού του καταστήματος σε αυτή τη διεύθυνση;"],
        /// Unsubscribed.
        UnsubscribeDone => ["You will get no more e-mails from this shop.", "Вы больше не будете получать письма этого магазина.", "Сіз бұдан былай бұл дүкеннен хат алмайсыз.", "دیگر ایمیلی از این فروشگاه دریافت نخواهید کرد.", "Δεν θα λαμβάνετε πια μηνύματα από αυτό το κατάστημα."],
    }
}

/// An HTML page that is never cached, indexed or sent as a `Referer`.
fn page(status: StatusCode, lang: Lang, title: &str, body: Markup) -> Response {
    let dir = if lang.is_rtl() { "rtl" } else { "ltr" };
    let markup = html! {
        (DOCTYPE)
        html lang=(lang.code()) dir=(dir) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                meta name="robots" content="noindex";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body { main { h1 { (title) } (body) } }
        }
    };
    let mut response = (status, markup.into_string()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    response
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;\
max-width:40em;margin:1em auto;padding:0 1em}button{font:inherit;padding:.5em 1em;margin:.25em 0;\
cursor:pointer}blockquote{margin:0 0 1em;padding:.5em 1em;border-inline-start:3px solid #888;\
background:#f4f4f4;white-space:pre-wrap}.reply{border-inline-start:3px solid #1d4ed8;\
padding:.25em .75em;margin:.5em 0}.private{border-inline-start-color:#b45309}\
.muted{color:#555;font-size:.9em}label{display:block;margin:.5em 0}";

/// The review's language, when the review exists.
async fn review_language(state: &AppState, review_id: &str) -> Option<Lang> {
    let review = state.store.review(review_id).await.ok()??;
    let site = state.store.site(&review.site).await.ok()??;
    Some(mail::review_lang(&review, &site))
}

fn not_found(lang: Lang) -> Response {
    page(
        StatusCode::NOT_FOUND,
        lang,
        PageText::YourReview.text(lang),
        html! { p { (PageText::LinkInvalid.text(lang)) } },
    )
}

/// `GET /r/{id}`: the author's private page. The token stays in the URL's
/// fragment; the page's script sends it as `X-Candor-Token` to the author
/// endpoints, so it reaches no log and no `Referer`.
pub async fn private_page(State(state): State<AppState>, ApiPath(id): ApiPath<String>) -> Response {
    let Some(lang) = review_language(&state, &id).await else {
        return not_found(Lang::En);
    };
    let words: serde_json::Map<String, serde_json::Value> = PageText::ALL
        .iter()
        .map(|t| (format!("{t:?}"), serde_json::Value::from(t.text(lang))))
        .collect();
    // `<` is escaped so no text can close the script element.
    let words = serde_json::Value::Object(words)
        .to_string()
        .replace('<', "\\u003c");
    let id_json = serde_json::Value::from(id.as_str())
        .to_string()
        .replace('<', "\\u003c");
    let script = format!(
        "const WORDS = {words};\nconst REVIEW_ID = {id_json};\nconst LANG = \"{}\";\n{PRIVATE_PAGE_JS}",
        lang.code()
    );
    page(
        StatusCode::OK,
        lang,
        PageText::YourReview.text(lang),
        html! {
            div id="candor-private" aria-live="polite" { p { (PageText::Loading.text(lang)) } }
            script { (PreEscaped(script)) }
        },
    )
}

/// The private page's script: reads the token from the fragment, loads the
/// author's view and renders it with `textContent` only (never HTML).
const PRIVATE_PAGE_JS: &str = include_str!("private_page.js");

/// Query of the yes/no links.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ResolveQuery {
    /// `yes` or `no`.
    pub answer: String,
    /// The signed single-purpose token.
    pub t: String,
}

fn resolve_purpose(answer: &str) -> Option<Purpose> {
    match answer {
        "yes" => Some(Purpose::ResolveYes),
        "no" => Some(Purpose::ResolveNo),
        _ => None,
    }
}

/// `GET /mail/resolve/{id}?answer=yes|no&t=…`: only shows the button.
pub async fn resolve_form(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<ResolveQuery>,
) -> Response {
    let lang = review_language(&state, &id).await.unwrap_or(Lang::En);
    let valid = resolve_purpose(&query.answer).is_some_and(|purpose| {
        mail_links::verify(&state.mail_key, purpose, &id, &query.t, now_ms() / 1000)
    });
    if !valid {
        return page(
            StatusCode::FORBIDDEN,
            lang,
            PageText::YourReview.text(lang),
            html! { p { (PageText::LinkInvalid.text(lang)) } },
        );
    }
    let yes = query.answer == "yes";
    let (title, button) = if yes {
        (PageText::ConfirmYesTitle, MailText::ResolvedYes)
    } else {
        (PageText::ConfirmNoTitle, MailText::ResolvedNo)
    };
    page(
        StatusCode::OK,
        lang,
        title.text(lang),
        html! {
            form method="post" {
                button type="submit" { (button.text(lang)) }
            }
        },
    )
}

/// `POST /mail/resolve/{id}?answer=yes|no&t=…`: confirms or reopens.
pub async fn resolve_submit(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<ResolveQuery>,
) -> Response {
    let lang = review_language(&state, &id).await.unwrap_or(Lang::En);
    let now = now_ms();
    let Some(purpose) = resolve_purpose(&query.answer)
        .filter(|p| mail_links::verify(&state.mail_key, *p, &id, &query.t, now / 1000))
    else {
        return page(
            StatusCode::FORBIDDEN,
            lang,
            PageText::YourReview.text(lang),
            html! { p { (PageText::LinkInvalid.text(lang)) } },
        );
    };
    let action = if purpose == Purpose::ResolveYes {
        AuthorAction::Confirm
    } else {
        AuthorAction::Reopen
    };
    // The single-purpose token was checked: act as the author for this one
    // action.
    let token = mail::author_token(&state, &id, now);
    let (status, text) = match author_action(&state, &id, &token, action).await {
        Ok(_) => (StatusCode::OK, PageText::Done),
        Err(err) => {
            let status = crate::server::http::error::AppError::from(err).status();
            if status == StatusCode::CONFLICT {
                (status, PageText::AlreadyAnswered)
            } else {
                (status, PageText::Failed)
            }
        }
    };
    let link = mail::author_link(&state, &id, now);
    page(
        status,
        lang,
        PageText::YourReview.text(lang),
        html! {
            p { (text.text(lang)) }
            p { a href=(link) { (MailText::OpenReview.text(lang)) } }
        },
    )
}

/// Query of a review request's link.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct WriteQuery {
    /// The order.
    pub order: String,
    /// The signed single-use token.
    pub t: String,
}

/// `GET /write/{site}?order=…&t=…`: the review request's form, for the
/// order's one verified review. Its script posts the review with the
/// token; the submission marks the link used in its transaction.
pub async fn write_page(
    State(state): State<AppState>,
    ApiPath(site_id): ApiPath<String>,
    ApiQuery(query): ApiQuery<WriteQuery>,
) -> Response {
    let Ok(Some(site)) = state.store.site(&site_id).await else {
        return not_found(Lang::En);
    };
    let request = state
        .store
        .review_request(&site.id, &query.order)
        .await
        .ok()
        .flatten();
    let lang = request
        .as_ref()
        .and_then(|r| r.lang.as_deref())
        .and_then(Lang::parse)
        .unwrap_or_else(|| mail::site_lang(&site));
    let valid = request.is_some()
        && mail_links::verify(
            &state.mail_key,
            Purpose::ReviewRequest,
            &format!("{}|{}", site.id, query.order),
            &query.t,
            now_ms() / 1000,
        );
    let Some(request) = request.filter(|_| valid) else {
        return not_found(lang);
    };
    if request.used_at.is_some() {
        return page(
            StatusCode::CONFLICT,
            lang,
            PageText::WriteTitle.text(lang),
            html! { p { (PageText::RequestUsed.text(lang)) } },
        );
    }
    let config = serde_json::json!({
        "site": site.id,
        "order": query.order,
        "token": query.t,
        "lang": lang.code(),
        "thanks": PageText::Thanks.text(lang),
        "used": PageText::RequestUsed.text(lang),
        "failed": PageText::Failed.text(lang),
    })
    .to_string()
    .replace('<', "\\u003c");
    let t = |text: PageText| text.text(lang);
    page(
        StatusCode::OK,
        lang,
        &format!("{} — {}", t(PageText::WriteTitle), site.name),
        html! {
            form id="candor-write" {
                @if !request.products.is_empty() {
                    label { (t(PageText::Product)) " "
                        select name="product" {
                            @for p in &request.products { option value=(p) { (p) } }
                        }
                    }
                }
                fieldset {
                    label { input type="radio" name="kind" value="review" checked; " " (t(PageText::KindReview)) }
                    label { input type="radio" name="kind" value="complaint"; " " (t(PageText::KindComplaint)) }
                }
                label { (t(PageText::Rating)) " "
                    select name="rating" {
                        @for n in (1..=5).rev() { option value=(n) { (format!("{n} ★")) } }
                    }
                }
                label { (t(PageText::Text)) br; textarea name="text" rows="6" cols="50" required minlength="3" maxlength="5000" dir="auto" {} }
                label { (t(PageText::Name)) " " input name="author_name" maxlength="80"; }
                button type="submit" { (t(PageText::Publish)) }
            }
            div id="candor-write-result" aria-live="polite" {}
            script { (PreEscaped(format!("const WRITE = {config};\n{WRITE_PAGE_JS}"))) }
        },
    )
}

/// The write page's script: posts the review with the request's token.
const WRITE_PAGE_JS: &str = r##"(function () {
  "use strict";
  const form = document.getElementById("candor-write");
  const result = document.getElementById("candor-write-result");
  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const data = new FormData(form);
    const body = {
      kind: data.get("kind"), rating: Number(data.get("rating")), text: data.get("text"),
      order_ref: WRITE.order, request_token: WRITE.token, lang: WRITE.lang,
    };
    if (data.get("product")) body.product = data.get("product");
    if (data.get("author_name")) body.author_name = data.get("author_name");
    form.querySelector("button").disabled = true;
    const response = await fetch("/api/v1/sites/" + encodeURIComponent(WRITE.site) + "/reviews", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    if (response.status === 201) {
      const made = await response.json();
      const p = document.createElement("p");
      p.textContent = WRITE.thanks + " ";
      const a = document.createElement("a");
      a.href = "/r/" + encodeURIComponent(made.id) + "#" + made.author_token;
      a.textContent = location.origin + a.getAttribute("href").split("#")[0];
      p.append(a);
      form.remove();
      result.replaceChildren(p);
    } else {
      form.querySelector("button").disabled = false;
      const p = document.createElement("p");
      p.textContent = response.status === 409 ? WRITE.used : WRITE.failed;
      result.replaceChildren(p);
    }
  });
})();"##;

/// Query of the unsubscribe link.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UnsubscribeQuery {
    /// The site.
    pub site: String,
    /// SHA-256 hex of the address.
    pub e: String,
    /// The signed token.
    pub t: String,
}

async fn unsubscribe_lang(state: &AppState, site: &str) -> Lang {
    match state.store.site(site).await {
        Ok(Some(site)) => mail::site_lang(&site),
        _ => Lang::En,
    }
}

fn unsubscribe_valid(state: &AppState, query: &UnsubscribeQuery) -> bool {
    mail_links::verify(
        &state.mail_key,
        Purpose::Unsubscribe,
        &format!("{}|{}", query.site, query.e),
        &query.t,
        now_ms() / 1000,
    )
}

/// `GET /mail/unsubscribe?…`: shows the button (a scanner's GET changes
/// nothing).
pub async fn unsubscribe_form(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<UnsubscribeQuery>,
) -> Response {
    let lang = unsubscribe_lang(&state, &query.site).await;
    if !unsubscribe_valid(&state, &query) {
        return not_found(lang);
    }
    page(
        StatusCode::OK,
        lang,
        PageText::UnsubscribeTitle.text(lang),
        html! {
            form method="post" {
                input type="hidden" name="List-Unsubscribe" value="One-Click";
                button type="submit" { (MailText::Unsubscribe.text(lang)) }
            }
        },
    )
}

/// `POST /mail/unsubscribe?…`: the RFC 8058 one-click unsubscribe (the mail
/// client posts `List-Unsubscribe=One-Click`), and the page's button.
pub async fn unsubscribe(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<UnsubscribeQuery>,
) -> Response {
    let lang = unsubscribe_lang(&state, &query.site).await;
    if !unsubscribe_valid(&state, &query) {
        return not_found(lang);
    }
    if let Err(err) = state
        .store
        .suppress(&query.site, &query.e, "unsubscribe", now_ms())
        .await
    {
        tracing::warn!(error = %err, "unsubscribe failed");
        return page(
            StatusCode::SERVICE_UNAVAILABLE,
            lang,
            PageText::UnsubscribeTitle.text(lang),
            html! { p { (PageText::Failed.text(lang)) } },
        );
    }
    page(
        StatusCode::OK,
        lang,
        PageText::UnsubscribeTitle.text(lang),
        html! { p { (PageText::UnsubscribeDone.text(lang)) } },
    )
}

/// `GET /demo/mail`: the demo's outgoing mail, newest first (404 unless the
/// local preview is on).
pub async fn demo_mail(State(state): State<AppState>) -> Response {
    if !state.config.mail_preview {
        return not_found(Lang::En);
    }
    let mails = state.store.mails(None, 200).await.unwrap_or_default();
    page(
        StatusCode::OK,
        Lang::En,
        "Mail preview (demo)",
        html! {
            p class="muted" { "Every mail the demo would send. Nothing leaves this machine; set --smtp to send for real." }
            @if mails.is_empty() { p { "No mail yet: leave a review with an e-mail address on the storefront, then answer it in the panel." } }
            table {
                thead { tr { th { "when" } th { "to" } th { "kind" } th { "status" } th { "subject" } } }
                tbody {
                    @for m in &mails {
                        tr {
                            td { (crate::server::rules::hours::rfc3339(m.mail.created_at)) }
                            td { (m.mail.to_addr) }
                            td { (m.mail.kind) }
                            td { (m.status) }
                            td { a href={ "/demo/mail/" (m.mail.id) } { (m.mail.subject) } }
                        }
                    }
                }
            }
        },
    )
}

/// `GET /demo/mail/{id}`: one previewed mail, its HTML part and its text.
pub async fn demo_mail_one(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Response {
    if !state.config.mail_preview {
        return not_found(Lang::En);
    }
    let Ok(Some(m)) = state.store.mail(&id).await else {
        return not_found(Lang::En);
    };
    page(
        StatusCode::OK,
        Lang::En,
        "Mail preview (demo)",
        html! {
            p { a href="/demo/mail" { "← all mails" } }
            p { "To: " (m.mail.to_addr) " · " (m.mail.kind) " · " (m.status) }
            h2 { (m.mail.subject) }
            // The stored HTML part is our own rendering, every text in it
            // escaped; a sandboxed frame keeps its links from running code.
            iframe sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation" srcdoc=(m.mail.html_body) style="width:100%;height:32em;border:1px solid #ccc" title="HTML part" {}
            h2 { "Plain text" }
            pre style="white-space:pre-wrap" { (m.mail.text_body) }
        },
    )
}
