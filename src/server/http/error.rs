//! The HTTP side of errors: every failure becomes
//! `{"error": "snake_case_code", "message": "human text"}` with the status
//! chosen here (the rules never pick one), in English or in the language of
//! `Accept-Language`.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use crate::core::lang::Lang;
use crate::core::model::TransitionError;
pub use crate::server::rules::error::{ErrorCode, RuleError};
use crate::server::storage::StoreError;

/// Every way an API request can fail: a rule's refusal, or a request that
/// could not even be read.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A rule refused (validation, authorisation, state, storage).
    #[error(transparent)]
    Rule(#[from] RuleError),
    /// 400: the body or a parameter cannot be parsed.
    #[error("bad request: {code}: {detail}")]
    BadRequest {
        /// Which problem.
        code: ErrorCode,
        /// What exactly was wrong (English, shown only in English).
        detail: String,
    },
    /// 415: the body is not JSON.
    #[error("body is not JSON")]
    NotJson,
    /// 413: the body is too large.
    #[error("payload too large")]
    PayloadTooLarge,
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        AppError::Rule(err.into())
    }
}

impl From<TransitionError> for AppError {
    fn from(err: TransitionError) -> Self {
        AppError::Rule(err.into())
    }
}

impl AppError {
    /// 422 for a field with an invalid value.
    pub fn invalid(code: ErrorCode, field: &'static str) -> Self {
        RuleError::invalid(code, field).into()
    }

    /// 422 for a number outside `min..=max`.
    pub fn out_of_range(
        code: ErrorCode,
        field: &'static str,
        min: impl ToString,
        max: impl ToString,
    ) -> Self {
        RuleError::out_of_range(code, field, min, max).into()
    }

    /// 422 for a value longer than `max`.
    pub fn too_long(code: ErrorCode, field: &'static str, max: impl ToString) -> Self {
        RuleError::too_long(code, field, max).into()
    }

    /// 404 for an unknown site.
    pub fn site_not_found() -> Self {
        RuleError::site_not_found().into()
    }

    /// 404 for an unknown review.
    pub fn review_not_found() -> Self {
        RuleError::review_not_found().into()
    }

    /// 401 for a missing or expired session.
    pub fn unauthenticated() -> Self {
        RuleError::unauthenticated().into()
    }

    /// 404 for an incident notice that does not exist or is closed.
    pub fn incident_not_found() -> Self {
        RuleError::incident_not_found().into()
    }

    /// 403 for a merchant of another site.
    pub fn not_your_site() -> Self {
        RuleError::not_your_site().into()
    }

    /// 404 with `code`.
    pub fn not_found(code: ErrorCode) -> Self {
        RuleError::NotFound(code).into()
    }

    /// 403 with `code`.
    pub fn forbidden(code: ErrorCode) -> Self {
        RuleError::Forbidden(code).into()
    }

    /// 401 with `code`.
    pub fn unauthorized(code: ErrorCode) -> Self {
        RuleError::Unauthorized(code).into()
    }

    /// 429 with `code`.
    pub fn rate_limited(code: ErrorCode, retry_after_secs: u64) -> Self {
        RuleError::RateLimited {
            code,
            retry_after_secs,
        }
        .into()
    }

    /// 500 (logged, never shown).
    pub fn internal(detail: impl Into<String>) -> Self {
        RuleError::Internal(detail.into()).into()
    }

    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::NotJson => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Rule(rule) => match rule {
                RuleError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
                RuleError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
                RuleError::Forbidden(_) => StatusCode::FORBIDDEN,
                RuleError::NotFound(_) => StatusCode::NOT_FOUND,
                RuleError::Conflict(_)
                | RuleError::Transition(_)
                | RuleError::AlreadyExists(_)
                | RuleError::ConcurrentUpdate => StatusCode::CONFLICT,
                RuleError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
                RuleError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            },
        }
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Rule(rule) => rule.code(),
            AppError::BadRequest { code, .. } => *code,
            AppError::NotJson => ErrorCode::UnsupportedMediaType,
            AppError::PayloadTooLarge => ErrorCode::PayloadTooLarge,
        }
    }

    /// The human message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AppError::Rule(rule) => rule.message(lang),
            AppError::BadRequest { code, detail } => {
                code.message(lang, &[("detail", detail.as_str()), ("field", "body")])
            }
            other => other.code().message(lang, &[]),
        }
    }

    fn field(&self) -> Option<&'static str> {
        match self {
            AppError::Rule(rule) => rule.field(),
            _ => None,
        }
    }

    fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::Rule(RuleError::RateLimited {
                retry_after_secs, ..
            }) => Some(*retry_after_secs),
            _ => None,
        }
    }
}

/// The JSON shape of every error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable snake_case code the UI can translate (one of [`ErrorCode`]).
    #[schema(schema_with = error_code_schema)]
    pub error: String,
    /// Human text, in English or the `Accept-Language` language.
    pub message: String,
    /// The offending field, for validation errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// The schema of [`ErrorBody::error`]: every [`ErrorCode`], so a client
/// (and the API fuzzer) knows the full set.
fn error_code_schema() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::Type::String)
        .description(Some("Stable snake_case code the UI can translate."))
        .enum_values(Some(ErrorCode::ALL.iter().map(|code| code.code())))
        .build()
}

/// Kept on error responses so [`localise_errors`] can re-render the message.
#[derive(Debug, Clone)]
struct RenderedError(std::sync::Arc<AppError>);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Rule(RuleError::Internal(detail)) = &self {
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
        error: err.code().code().to_owned(),
        message: err.message(lang),
        field: err.field().map(str::to_owned),
    };
    let mut response = (err.status(), Json(body)).into_response();
    if let Some(retry_after_secs) = err.retry_after() {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
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
        StatusCode::NOT_FOUND => AppError::not_found(ErrorCode::NotFound),
        StatusCode::METHOD_NOT_ALLOWED => AppError::BadRequest {
            code: ErrorCode::MethodNotAllowed,
            detail: String::new(),
        },
        StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
        StatusCode::REQUEST_TIMEOUT => AppError::BadRequest {
            code: ErrorCode::Timeout,
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
            JsonRejection::JsonDataError(err) => RuleError::Invalid {
                code: ErrorCode::InvalidField,
                field: "body",
                args: vec![("detail", err.body_text())],
            }
            .into(),
            JsonRejection::JsonSyntaxError(err) => AppError::BadRequest {
                code: ErrorCode::MalformedJson,
                detail: err.body_text(),
            },
            JsonRejection::BytesRejection(err) => {
                if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    AppError::PayloadTooLarge
                } else {
                    AppError::BadRequest {
                        code: ErrorCode::UnreadableBody,
                        detail: err.body_text(),
                    }
                }
            }
            other => AppError::BadRequest {
                code: ErrorCode::MalformedJson,
                detail: other.body_text(),
            },
        }
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        AppError::BadRequest {
            code: ErrorCode::InvalidQuery,
            detail: rejection.body_text(),
        }
    }
}

impl From<PathRejection> for AppError {
    fn from(rejection: PathRejection) -> Self {
        AppError::BadRequest {
            code: ErrorCode::InvalidPath,
            detail: rejection.body_text(),
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
        let err = AppError::rate_limited(ErrorCode::RateLimited, 7);
        assert!(err.message(Lang::En).contains('7'));
        assert_eq!(err.status(), StatusCode::TOO_MANY_REQUESTS);
    }
}
