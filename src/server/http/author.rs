//! The author's private link: `GET /api/v1/reviews/{id}` with the author
//! token in `X-Candor-Token`, and the author's actions (answer a details
//! request, confirm or reopen a resolution, withdraw). A token in the URL
//! (`?token=`) is refused with 400 `token_in_url`: URLs end up in logs.

use axum::extract::State;
use axum::http::HeaderMap;

use crate::core::model::{Resolution, Status};
use crate::server::http::dto::{
    AuthorTokenHeader, AuthorView, DetailsAnswer, PrivateMessageOut, TokenQuery,
};
use crate::server::http::error::{AppError, ErrorBody, ErrorCode};
use crate::server::http::{ApiJson, ApiPath, ApiQuery};
use crate::server::rules::hours::rfc3339;
use crate::server::rules::moderation::{author_action, authorised_review, AuthorAction};
use crate::server::rules::views::review_item;
use crate::server::storage::{ReplyRecord, ReviewRecord};
use crate::server::AppState;

fn token(query: &TokenQuery, headers: &HeaderMap) -> Result<String, AppError> {
    #[allow(deprecated)] // read only to refuse it
    if query.token.is_some() {
        return Err(AppError::BadRequest {
            code: ErrorCode::TokenInUrl,
            detail: String::new(),
        });
    }
    headers
        .get("x-candor-token")
        .and_then(|v| v.to_str().ok())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .ok_or(AppError::unauthorized(ErrorCode::MissingToken))
}

async fn author_view(
    app: &AppState,
    review: &ReviewRecord,
    replies: &[ReplyRecord],
) -> Result<AuthorView, AppError> {
    let state = &review.state;
    let live = state.status != Status::Withdrawn;
    let private_messages = app
        .store
        .private_messages(&review.id)
        .await?
        .into_iter()
        .map(|m| PrivateMessageOut {
            text: m.text,
            author: m.author,
            created_at: rfc3339(m.created_at),
        })
        .collect();
    Ok(AuthorView {
        review: review_item(review, replies),
        site: review.site.clone(),
        answer_due_at: review.answer_due_at.map(rfc3339),
        details_requested: state.details_requested_at.is_some()
            && state.details_answered_at.is_none(),
        can_confirm: live && state.resolution == Some(Resolution::ResolvedByMerchant),
        can_reopen: live && state.resolution.is_some(),
        can_withdraw: live,
        private_messages,
    })
}

/// The author's view of their review, including hidden or held state.
#[utoipa::path(get, path = "/api/v1/reviews/{id}", tag = "author",
    params(("id" = String, Path, description = "Review id"), AuthorTokenHeader),
    responses((status = 200, body = AuthorView),
        (status = 400, body = ErrorBody, description = "token_in_url: a `token` query parameter was sent (the author token belongs in the X-Candor-Token header; an address ends up in logs)"),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn view(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<TokenQuery>,
    headers: HeaderMap,
) -> Result<ApiJson<AuthorView>, AppError> {
    let token = token(&query, &headers)?;
    let review = authorised_review(&state, &id, &token).await?;
    let replies = state
        .store
        .replies(std::slice::from_ref(&review.id))
        .await?;
    let mut view = author_view(&state, &review, &replies).await?;
    crate::server::rules::insights::attach_incidents(state.store.as_ref(), [&mut view.review])
        .await?;
    Ok(ApiJson(view))
}

async fn act(
    state: &AppState,
    id: &str,
    token: &str,
    action: AuthorAction,
) -> Result<ApiJson<AuthorView>, AppError> {
    let (review, replies) = author_action(state, id, token, action).await?;
    Ok(ApiJson(author_view(state, &review, &replies).await?))
}

/// Answers the merchant's request for order number and date (kept private).
#[utoipa::path(post, path = "/api/v1/reviews/{id}/details", tag = "author",
    params(("id" = String, Path, description = "Review id"), AuthorTokenHeader),
    request_body = DetailsAnswer,
    responses((status = 200, body = AuthorView),
        (status = 400, body = ErrorBody, description = "token_in_url: a `token` query parameter was sent (the author token belongs in the X-Candor-Token header; an address ends up in logs)"),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn details(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<TokenQuery>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<DetailsAnswer>,
) -> Result<ApiJson<AuthorView>, AppError> {
    let token = token(&query, &headers)?;
    let action = AuthorAction::AnswerDetails {
        order_ref: body.order_ref,
        order_date: body.order_date,
    };
    act(&state, &id, &token, action).await
}

/// Confirms the merchant's resolution (badge becomes `resolved_confirmed`).
#[utoipa::path(post, path = "/api/v1/reviews/{id}/confirm", tag = "author",
    params(("id" = String, Path, description = "Review id"), AuthorTokenHeader),
    responses((status = 200, body = AuthorView),
        (status = 400, body = ErrorBody, description = "token_in_url: a `token` query parameter was sent (the author token belongs in the X-Candor-Token header; an address ends up in logs)"),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn confirm(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<TokenQuery>,
    headers: HeaderMap,
) -> Result<ApiJson<AuthorView>, AppError> {
    let token = token(&query, &headers)?;
    act(&state, &id, &token, AuthorAction::Confirm).await
}

/// Reopens a resolution the author disagrees with.
#[utoipa::path(post, path = "/api/v1/reviews/{id}/reopen", tag = "author",
    params(("id" = String, Path, description = "Review id"), AuthorTokenHeader),
    responses((status = 200, body = AuthorView),
        (status = 400, body = ErrorBody, description = "token_in_url: a `token` query parameter was sent (the author token belongs in the X-Candor-Token header; an address ends up in logs)"),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn reopen(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<TokenQuery>,
    headers: HeaderMap,
) -> Result<ApiJson<AuthorView>, AppError> {
    let token = token(&query, &headers)?;
    act(&state, &id, &token, AuthorAction::Reopen).await
}

/// Withdraws the review; only its author can.
#[utoipa::path(post, path = "/api/v1/reviews/{id}/withdraw", tag = "author",
    params(("id" = String, Path, description = "Review id"), AuthorTokenHeader),
    responses((status = 200, body = AuthorView),
        (status = 400, body = ErrorBody, description = "token_in_url: a `token` query parameter was sent (the author token belongs in the X-Candor-Token header; an address ends up in logs)"),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn withdraw(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<TokenQuery>,
    headers: HeaderMap,
) -> Result<ApiJson<AuthorView>, AppError> {
    let token = token(&query, &headers)?;
    act(&state, &id, &token, AuthorAction::Withdraw).await
}
