//! One error type for the HTTP layer: every failure becomes
//! `{"error": "snake_case_code", "message": "human text"}` with the right
//! status, in English or in the language of `Accept-Language`.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use crate::core::i18n::fill;
use crate::core::lang::Lang;
use crate::core::model::TransitionError;
use crate::server::storage::StoreError;

crate::catalogue! {
    /// Messages of API errors. `{field}`, `{max}` and `{seconds}` are filled in.
    pub enum ApiErrorMsg {
        /// The body is not valid JSON or has the wrong shape.
        MalformedJson => [
            "The request body is not valid JSON for this endpoint: {field}",
            "Тело запроса не является корректным JSON для этого метода: {field}",
            "Сұраныс денесі бұл әдіс үшін дұрыс JSON емес: {field}",
            "بدنهٔ درخواست برای این نشانی JSON معتبری نیست: {field}",
            "Το σώμα του αιτήματος δεν είναι έγκυρο JSON για αυτό το σημείο: {field}",
        ],
        /// The body is not declared as JSON.
        NotJson => [
            "Send the body as JSON with Content-Type: application/json.",
            "Отправьте тело в формате JSON с Content-Type: application/json.",
            "Денені Content-Type: application/json арқылы JSON түрінде жіберіңіз.",
            "بدنه را به‌صورت JSON با Content-Type: application/json بفرستید.",
            "Στείλτε το σώμα ως JSON με Content-Type: application/json.",
        ],
        /// A query string or path parameter is malformed.
        BadParameter => [
            "A parameter of the address is not valid: {field}",
            "Параметр адреса некорректен: {field}",
            "Мекенжай параметрі дұрыс емес: {field}",
            "یکی از پارامترهای نشانی معتبر نیست: {field}",
            "Μια παράμετρος της διεύθυνσης δεν είναι έγκυρη: {field}",
        ],
        /// A field has an invalid value.
        InvalidField => [
            "The field \"{field}\" is not valid: {max}",
            "Поле «{field}» заполнено неверно: {max}",
            "«{field}» өрісі дұрыс емес: {max}",
            "فیلد «{field}» معتبر نیست: {max}",
            "Το πεδίο «{field}» δεν είναι έγκυρο: {max}",
        ],
        /// The text is longer than allowed.
        TextTooLong => [
            "The field \"{field}\" is too long: at most {max} characters.",
            "Поле «{field}» слишком длинное: не более {max} символов.",
            "«{field}» өрісі тым ұзын: ең көбі {max} таңба.",
            "فیلد «{field}» بیش از حد طولانی است: حداکثر {max} نویسه.",
            "Το πεδίο «{field}» είναι πολύ μεγάλο: έως {max} χαρακτήρες.",
        ],
        /// The text is empty or too short.
        TextTooShort => [
            "The field \"{field}\" is too short: at least {max} characters.",
            "Поле «{field}» слишком короткое: не менее {max} символов.",
            "«{field}» өрісі тым қысқа: кемінде {max} таңба.",
            "فیلد «{field}» بیش از حد کوتاه است: دست‌کم {max} نویسه.",
            "Το πεδίο «{field}» είναι πολύ μικρό: τουλάχιστον {max} χαρακτήρες.",
        ],
        /// The honeypot field was filled in.
        SpamDetected => [
            "This submission looks automated and was not accepted.",
            "Эта отправка похожа на автоматическую и не принята.",
            "Бұл жіберу автоматты сияқты, сондықтан қабылданбады.",
            "این ارسال خودکار به نظر می‌رسد و پذیرفته نشد.",
            "Αυτή η υποβολή μοιάζει αυτοματοποιημένη και δεν έγινε δεκτή.",
        ],
        /// The body is larger than the limit.
        PayloadTooLarge => [
            "The request body is too large.",
            "Тело запроса слишком большое.",
            "Сұраныс денесі тым үлкен.",
            "بدنهٔ درخواست بیش از حد بزرگ است.",
            "Το σώμα του αιτήματος είναι πολύ μεγάλο.",
        ],
        /// Too many requests.
        RateLimited => [
            "Too many requests. Try again in {seconds} seconds.",
            "Слишком много запросов. Повторите через {seconds} с.",
            "Сұраныстар тым көп. {seconds} секундтан кейін қайталаңыз.",
            "درخواست‌ها بیش از حد زیاد است. {seconds} ثانیهٔ دیگر دوباره تلاش کنید.",
            "Πάρα πολλά αιτήματα. Δοκιμάστε ξανά σε {seconds} δευτερόλεπτα.",
        ],
        /// No valid session or token.
        Unauthenticated => [
            "Sign in first.",
            "Сначала войдите.",
            "Алдымен кіріңіз.",
            "ابتدا وارد شوید.",
            "Συνδεθείτε πρώτα.",
        ],
        /// Wrong e-mail or password.
        InvalidCredentials => [
            "The e-mail or password is wrong.",
            "Неверный e-mail или пароль.",
            "E-mail немесе құпиясөз қате.",
            "ایمیل یا گذرواژه نادرست است.",
            "Λάθος e-mail ή κωδικός.",
        ],
        /// The order registration's signature did not verify.
        InvalidSignature => [
            "The request signature is missing or wrong.",
            "Подпись запроса отсутствует или неверна.",
            "Сұраныс қолтаңбасы жоқ немесе қате.",
            "امضای درخواست وجود ندارد یا نادرست است.",
            "Η υπογραφή του αιτήματος λείπει ή είναι λάθος.",
        ],
        /// The signed-in merchant has no rights on this site.
        NotYourSite => [
            "Your account has no access to this site.",
            "У вашей учётной записи нет доступа к этому сайту.",
            "Тіркелгіңіздің бұл сайтқа қолжетімділігі жоқ.",
            "حساب شما به این سایت دسترسی ندارد.",
            "Ο λογαριασμός σας δεν έχει πρόσβαση σε αυτόν τον ιστότοπο.",
        ],
        /// Only an owner may do this.
        OwnerOnly => [
            "Only the site's owner may do this.",
            "Это может сделать только владелец сайта.",
            "Мұны тек сайт иесі жасай алады.",
            "فقط مالک سایت می‌تواند این کار را انجام دهد.",
            "Μόνο ο ιδιοκτήτης του ιστότοπου μπορεί να το κάνει αυτό.",
        ],
        /// A cookie-authenticated change without the anti-CSRF header.
        CsrfFailed => [
            "Missing X-Candor-CSRF header or foreign Origin.",
            "Нет заголовка X-Candor-CSRF или чужой Origin.",
            "X-Candor-CSRF тақырыбы жоқ немесе Origin бөгде.",
            "سرایند X-Candor-CSRF وجود ندارد یا Origin بیگانه است.",
            "Λείπει η κεφαλίδα X-Candor-CSRF ή το Origin είναι ξένο.",
        ],
        /// The author token does not match.
        InvalidToken => [
            "This link is not valid for this review.",
            "Эта ссылка недействительна для этого отзыва.",
            "Бұл сілтеме осы пікір үшін жарамсыз.",
            "این پیوند برای این نظر معتبر نیست.",
            "Αυτός ο σύνδεσμος δεν ισχύει για αυτή την κριτική.",
        ],
        /// The author is banned on this site.
        Banned => [
            "You can no longer post on this site.",
            "Вы больше не можете публиковать отзывы на этом сайте.",
            "Сіз бұл сайтта енді жаза алмайсыз.",
            "شما دیگر نمی‌توانید در این سایت بنویسید.",
            "Δεν μπορείτε πλέον να δημοσιεύετε σε αυτόν τον ιστότοπο.",
        ],
        /// No such site.
        SiteNotFound => [
            "No such site.",
            "Такого сайта нет.",
            "Мұндай сайт жоқ.",
            "چنین سایتی وجود ندارد.",
            "Δεν υπάρχει τέτοιος ιστότοπος.",
        ],
        /// No such review.
        ReviewNotFound => [
            "No such review.",
            "Такого отзыва нет.",
            "Мұндай пікір жоқ.",
            "چنین نظری وجود ندارد.",
            "Δεν υπάρχει τέτοια κριτική.",
        ],
        /// No such open incident notice.
        IncidentNotFound => [
            "No such open incident notice.",
            "Такого открытого сообщения об инциденте нет.",
            "Мұндай ашық оқиға хабарламасы жоқ.",
            "چنین اطلاعیه‌ی باز حادثه‌ای وجود ندارد.",
            "Δεν υπάρχει τέτοια ανοιχτή ανακοίνωση συμβάντος.",
        ],
        /// No such endpoint.
        RouteNotFound => [
            "No such endpoint.",
            "Такого метода нет.",
            "Мұндай әдіс жоқ.",
            "چنین نشانی‌ای وجود ندارد.",
            "Δεν υπάρχει τέτοιο σημείο.",
        ],
        /// The method is not allowed on this path.
        MethodNotAllowed => [
            "This method is not allowed here.",
            "Этот метод здесь не разрешён.",
            "Бұл әдіске мұнда рұқсат жоқ.",
            "این روش اینجا مجاز نیست.",
            "Αυτή η μέθοδος δεν επιτρέπεται εδώ.",
        ],
        /// The action conflicts with the review's state.
        StateConflict => [
            "Not possible now: {field}.",
            "Сейчас это невозможно: {field}.",
            "Қазір мүмкін емес: {field}.",
            "اکنون ممکن نیست: {field}.",
            "Δεν είναι δυνατό τώρα: {field}.",
        ],
        /// The thing to create already exists.
        AlreadyExists => [
            "It already exists: {field}.",
            "Уже существует: {field}.",
            "Бұрыннан бар: {field}.",
            "از پیش وجود دارد: {field}.",
            "Υπάρχει ήδη: {field}.",
        ],
        /// Someone else changed the review at the same time.
        ConcurrentUpdate => [
            "The review changed meanwhile; reload and try again.",
            "Отзыв изменился; обновите и повторите.",
            "Пікір өзгерді; жаңартып, қайталаңыз.",
            "نظر در این فاصله تغییر کرد؛ دوباره بارگیری و تلاش کنید.",
            "Η κριτική άλλαξε στο μεταξύ· ανανεώστε και δοκιμάστε ξανά.",
        ],
        /// The undo window of an action has passed.
        UndoExpired => [
            "Too late to undo this action.",
            "Отменить это действие уже поздно.",
            "Бұл әрекетті болдырмауға кеш.",
            "برای واگرد این کار دیر شده است.",
            "Είναι αργά για αναίρεση αυτής της ενέργειας.",
        ],
        /// The action was undone already.
        AlreadyUndone => [
            "This action was already undone.",
            "Это действие уже отменено.",
            "Бұл әрекет бұрын болдырылмаған.",
            "این کار پیش‌تر واگرد شده است.",
            "Αυτή η ενέργεια έχει ήδη αναιρεθεί.",
        ],
        /// Only the merchant who acted may undo.
        NotYourAction => [
            "Only the person who took this action can undo it.",
            "Отменить действие может только тот, кто его выполнил.",
            "Әрекетті тек оны жасаған адам болдырмай алады.",
            "فقط کسی که این کار را انجام داده می‌تواند آن را واگرد کند.",
            "Μόνο όποιος έκανε την ενέργεια μπορεί να την αναιρέσει.",
        ],
        /// The review changed after the action, so it cannot be undone.
        UndoSuperseded => [
            "The review changed after this action; it can no longer be undone.",
            "Отзыв изменился после этого действия; отменить его уже нельзя.",
            "Бұл әрекеттен кейін пікір өзгерді; оны енді болдырмау мүмкін емес.",
            "نظر پس از این کار تغییر کرد؛ دیگر نمی‌توان آن را واگرد کرد.",
            "Η κριτική άλλαξε μετά από αυτή την ενέργεια· δεν αναιρείται πια.",
        ],
        /// This kind of log entry cannot be undone.
        NotUndoable => [
            "This entry cannot be undone.",
            "Эту запись нельзя отменить.",
            "Бұл жазбаны болдырмау мүмкін емес.",
            "این مورد قابل واگرد نیست.",
            "Αυτή η εγγραφή δεν αναιρείται.",
        ],
        /// No such action on this site.
        ActionNotFound => [
            "No such action.",
            "Такого действия нет.",
            "Мұндай әрекет жоқ.",
            "چنین کاری وجود ندارد.",
            "Δεν υπάρχει τέτοια ενέργεια.",
        ],
        /// The thread is already marked as trolling.
        AlreadyStopped => [
            "This thread is already marked: no reply expected.",
            "Эта ветка уже отмечена: ответ не требуется.",
            "Бұл тақырып бұрын белгіленген: жауап күтілмейді.",
            "این گفتگو از پیش علامت خورده است: پاسخی لازم نیست.",
            "Αυτό το νήμα έχει ήδη σημανθεί: δεν αναμένεται απάντηση.",
        ],
        /// No such saved reply on this site.
        SavedReplyNotFound => [
            "No such saved reply.",
            "Такого шаблона ответа нет.",
            "Мұндай сақталған жауап жоқ.",
            "چنین پاسخ ذخیره‌شده‌ای وجود ندارد.",
            "Δεν υπάρχει τέτοια αποθηκευμένη απάντηση.",
        ],
        /// A request took too long.
        Timeout => [
            "The request took too long.",
            "Запрос выполнялся слишком долго.",
            "Сұраныс тым ұзаққа созылды.",
            "درخواست بیش از حد طول کشید.",
            "Το αίτημα άργησε πολύ.",
        ],
        /// A failure on the server's side.
        Internal => [
            "Something went wrong on the server; it has been logged.",
            "На сервере произошла ошибка; она записана в журнал.",
            "Серверде қате болды; ол журналға жазылды.",
            "مشکلی در سرور رخ داد؛ ثبت شد.",
            "Κάτι πήγε στραβά στον διακομιστή· καταγράφηκε.",
        ],
    }
}

/// Every way an API request can fail.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 400: the body or a parameter cannot be parsed.
    #[error("bad request: {detail}")]
    BadRequest {
        /// snake_case code.
        code: &'static str,
        /// Which message.
        msg: ApiErrorMsg,
        /// What exactly was wrong (not translated: it names fields).
        detail: String,
    },
    /// 415: the body is not JSON.
    #[error("body is not JSON")]
    NotJson,
    /// 401: no valid credentials.
    #[error("unauthenticated: {code}")]
    Unauthorized {
        /// snake_case code.
        code: &'static str,
        /// Which message.
        msg: ApiErrorMsg,
    },
    /// 403: authenticated but not allowed.
    #[error("forbidden: {code}")]
    Forbidden {
        /// snake_case code.
        code: &'static str,
        /// Which message.
        msg: ApiErrorMsg,
    },
    /// 404: no such thing.
    #[error("not found: {code}")]
    NotFound {
        /// snake_case code.
        code: &'static str,
        /// Which message.
        msg: ApiErrorMsg,
    },
    /// 409: the action conflicts with the review's state.
    #[error("conflict: {0}")]
    Transition(#[from] TransitionError),
    /// 409: a conflict with a stable code of its own (undo and panel rules).
    #[error("conflict: {code}")]
    Conflict {
        /// snake_case code.
        code: &'static str,
        /// Which message.
        msg: ApiErrorMsg,
    },
    /// 409: the thing already exists.
    #[error("already exists: {0}")]
    AlreadyExists(String),
    /// 409: a concurrent change won.
    #[error("concurrent update")]
    ConcurrentUpdate,
    /// 413: the body is too large.
    #[error("payload too large")]
    PayloadTooLarge,
    /// 422: a field is well-formed JSON but not acceptable.
    #[error("invalid field {field}: {detail}")]
    Invalid {
        /// snake_case code.
        code: &'static str,
        /// Which message.
        msg: ApiErrorMsg,
        /// The field's name as in the API.
        field: &'static str,
        /// The limit or the problem, filled into `{max}`.
        detail: String,
    },
    /// 429: slow down.
    #[error("rate limited for {retry_after_secs}s")]
    RateLimited {
        /// snake_case code.
        code: &'static str,
        /// Seconds until a retry may succeed.
        retry_after_secs: u64,
    },
    /// 500: a storage or other server failure (logged, never shown).
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// 422 for a field with an invalid value.
    pub fn invalid(code: &'static str, field: &'static str, detail: impl Into<String>) -> Self {
        AppError::Invalid {
            code,
            msg: ApiErrorMsg::InvalidField,
            field,
            detail: detail.into(),
        }
    }

    /// 404 for an unknown site.
    pub fn site_not_found() -> Self {
        AppError::NotFound {
            code: "site_not_found",
            msg: ApiErrorMsg::SiteNotFound,
        }
    }

    /// 404 for an unknown review.
    pub fn review_not_found() -> Self {
        AppError::NotFound {
            code: "review_not_found",
            msg: ApiErrorMsg::ReviewNotFound,
        }
    }

    /// 401 for a missing or expired session.
    pub fn unauthenticated() -> Self {
        AppError::Unauthorized {
            code: "unauthenticated",
            msg: ApiErrorMsg::Unauthenticated,
        }
    }

    /// 404 for an incident notice that does not exist or is closed.
    pub fn incident_not_found() -> Self {
        AppError::NotFound {
            code: "incident_not_found",
            msg: ApiErrorMsg::IncidentNotFound,
        }
    }

    /// 403 for a merchant of another site.
    pub fn not_your_site() -> Self {
        AppError::Forbidden {
            code: "not_your_site",
            msg: ApiErrorMsg::NotYourSite,
        }
    }

    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::NotJson => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            AppError::Forbidden { .. } => StatusCode::FORBIDDEN,
            AppError::NotFound { .. } => StatusCode::NOT_FOUND,
            AppError::Transition(_)
            | AppError::Conflict { .. }
            | AppError::AlreadyExists(_)
            | AppError::ConcurrentUpdate => StatusCode::CONFLICT,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::BadRequest { code, .. }
            | AppError::Unauthorized { code, .. }
            | AppError::Forbidden { code, .. }
            | AppError::NotFound { code, .. }
            | AppError::Conflict { code, .. }
            | AppError::Invalid { code, .. }
            | AppError::RateLimited { code, .. } => code,
            AppError::NotJson => "unsupported_media_type",
            AppError::Transition(err) => err.code(),
            AppError::AlreadyExists(_) => "already_exists",
            AppError::ConcurrentUpdate => "concurrent_update",
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::Internal(_) => "internal",
        }
    }

    /// The human message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AppError::BadRequest { msg, detail, .. } => {
                fill(msg.text(lang), &[("field", detail.as_str())])
            }
            AppError::NotJson => ApiErrorMsg::NotJson.text(lang).to_owned(),
            AppError::Unauthorized { msg, .. }
            | AppError::Forbidden { msg, .. }
            | AppError::NotFound { msg, .. }
            | AppError::Conflict { msg, .. } => msg.text(lang).to_owned(),
            AppError::Transition(err) => fill(
                ApiErrorMsg::StateConflict.text(lang),
                &[("field", &err.to_string())],
            ),
            AppError::AlreadyExists(what) => {
                fill(ApiErrorMsg::AlreadyExists.text(lang), &[("field", what)])
            }
            AppError::ConcurrentUpdate => ApiErrorMsg::ConcurrentUpdate.text(lang).to_owned(),
            AppError::PayloadTooLarge => ApiErrorMsg::PayloadTooLarge.text(lang).to_owned(),
            AppError::Invalid {
                msg, field, detail, ..
            } => fill(msg.text(lang), &[("field", field), ("max", detail)]),
            AppError::RateLimited {
                retry_after_secs, ..
            } => fill(
                ApiErrorMsg::RateLimited.text(lang),
                &[("seconds", &retry_after_secs.to_string())],
            ),
            AppError::Internal(_) => ApiErrorMsg::Internal.text(lang).to_owned(),
        }
    }

    fn field(&self) -> Option<&'static str> {
        match self {
            AppError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }
}

/// The JSON shape of every error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable snake_case code the UI can translate.
    pub error: String,
    /// Human text, in English or the `Accept-Language` language.
    pub message: String,
    /// The offending field, for validation errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// Kept on error responses so [`localise_errors`] can re-render the message.
#[derive(Debug, Clone)]
struct RenderedError(std::sync::Arc<AppError>);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let mut response = render(&self, Lang::En);
        response
            .extensions_mut()
            .insert(RenderedError(std::sync::Arc::new(self)));
        response
    }
}

fn render(err: &AppError, lang: Lang) -> Response {
    let body = ErrorBody {
        error: err.code().to_owned(),
        message: err.message(lang),
        field: err.field().map(str::to_owned),
    };
    let mut response = (err.status(), Json(body)).into_response();
    if let AppError::RateLimited {
        retry_after_secs, ..
    } = err
    {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
    }
    if lang != Lang::En {
        response.headers_mut().insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(lang.code()),
        );
    }
    response
}

/// The first supported language of an `Accept-Language` header, if any.
pub fn preferred_lang(value: Option<&HeaderValue>) -> Option<Lang> {
    let value = value?.to_str().ok()?;
    let mut choices: Vec<(f32, Lang)> = value
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let lang = Lang::parse(pieces.next()?)?;
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            Some((quality, lang))
        })
        .collect();
    choices.sort_by(|a, b| b.0.total_cmp(&a.0));
    choices.first().map(|(_, lang)| *lang)
}

/// Middleware: renders error messages in the `Accept-Language` language and
/// turns axum's plain-text fallbacks (404, 405, 413 from the body limit) into
/// the JSON error shape.
pub async fn localise_errors(request: Request<axum::body::Body>, next: Next) -> Response {
    let lang = preferred_lang(request.headers().get(header::ACCEPT_LANGUAGE)).unwrap_or(Lang::En);
    let response = next.run(request).await;
    if let Some(RenderedError(err)) = response.extensions().get::<RenderedError>().cloned() {
        if lang == Lang::En {
            return response;
        }
        return with_headers_of(render(&err, lang), &response);
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json") || v.starts_with("text/event-stream"));
    let status = response.status();
    if is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let err = match status {
        StatusCode::NOT_FOUND => AppError::NotFound {
            code: "not_found",
            msg: ApiErrorMsg::RouteNotFound,
        },
        StatusCode::METHOD_NOT_ALLOWED => AppError::BadRequest {
            code: "method_not_allowed",
            msg: ApiErrorMsg::MethodNotAllowed,
            detail: String::new(),
        },
        StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
        StatusCode::REQUEST_TIMEOUT => AppError::BadRequest {
            code: "timeout",
            msg: ApiErrorMsg::Timeout,
            detail: String::new(),
        },
        _ => return response,
    };
    let mut rendered = with_headers_of(render(&err, lang), &response);
    *rendered.status_mut() = status;
    rendered
}

/// Keeps the headers other layers put on the original response (CORS,
/// `Allow`, ...) on a re-rendered error.
fn with_headers_of(mut rendered: Response, original: &Response) -> Response {
    for (name, value) in original.headers() {
        if name != header::CONTENT_TYPE
            && name != header::CONTENT_LENGTH
            && !rendered.headers().contains_key(name)
        {
            rendered.headers_mut().insert(name.clone(), value.clone());
        }
    }
    rendered
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => AppError::NotJson,
            JsonRejection::JsonDataError(err) => AppError::Invalid {
                code: "invalid_field",
                msg: ApiErrorMsg::InvalidField,
                field: "body",
                detail: err.body_text(),
            },
            JsonRejection::JsonSyntaxError(err) => AppError::BadRequest {
                code: "malformed_json",
                msg: ApiErrorMsg::MalformedJson,
                detail: err.body_text(),
            },
            JsonRejection::BytesRejection(err) => {
                if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    AppError::PayloadTooLarge
                } else {
                    AppError::BadRequest {
                        code: "unreadable_body",
                        msg: ApiErrorMsg::MalformedJson,
                        detail: err.body_text(),
                    }
                }
            }
            other => AppError::BadRequest {
                code: "malformed_json",
                msg: ApiErrorMsg::MalformedJson,
                detail: other.body_text(),
            },
        }
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        AppError::BadRequest {
            code: "invalid_query",
            msg: ApiErrorMsg::BadParameter,
            detail: rejection.body_text(),
        }
    }
}

impl From<PathRejection> for AppError {
    fn from(rejection: PathRejection) -> Self {
        AppError::BadRequest {
            code: "invalid_path",
            msg: ApiErrorMsg::BadParameter,
            detail: rejection.body_text(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Conflict(what) => AppError::AlreadyExists(what),
            StoreError::StaleVersion => AppError::ConcurrentUpdate,
            StoreError::NotFound => AppError::review_not_found(),
            other => AppError::Internal(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_supported() {
        let header = HeaderValue::from_static("de-DE, ru;q=0.8, en;q=0.5");
        assert_eq!(preferred_lang(Some(&header)), Some(Lang::Ru));
        let header = HeaderValue::from_static("de");
        assert_eq!(preferred_lang(Some(&header)), None);
    }

    #[test]
    fn rate_limit_message_names_the_wait() {
        let err = AppError::RateLimited {
            code: "rate_limited",
            retry_after_secs: 7,
        };
        assert!(err.message(Lang::En).contains('7'));
        assert_eq!(err.status(), StatusCode::TOO_MANY_REQUESTS);
    }
}
