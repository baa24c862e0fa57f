//! Saved replies: texts a site's merchants write once for common cases and
//! reuse in the reply editor (the reply checker still applies to them).

use axum::extract::State;
use axum::http::StatusCode;

use crate::server::http::auth::SiteMerchant;
use crate::server::http::dto::{SavedRepliesOut, SavedReplyBody, SavedReplyOut};
use crate::server::http::error::{AppError, ErrorBody, ErrorCode};
use crate::server::http::{ApiJson, ApiPath};
use crate::server::rules::hours::rfc3339;
use crate::server::rules::moderation::REPLY_MAX;
use crate::server::rules::validate;
use crate::server::storage::SavedReplyRecord;
use crate::server::{now_ms, AppState};

/// Longest title, in characters.
pub const TITLE_MAX: usize = 100;

fn saved_reply_out(record: SavedReplyRecord) -> SavedReplyOut {
    SavedReplyOut {
        id: record.id,
        title: record.title,
        text: record.text,
        created_by: record.created_by,
        created_at: rfc3339(record.created_at),
    }
}

fn not_found() -> AppError {
    AppError::not_found(ErrorCode::SavedReplyNotFound)
}

/// Cleans and checks a title and text. The limits hold for the text as
/// sent too (as the OpenAPI document says), not only once cleaned.
fn clean(body: SavedReplyBody) -> Result<(String, String), AppError> {
    validate::check_length("title", &body.title, 0, TITLE_MAX)?;
    validate::check_length("text", &body.text, 0, REPLY_MAX)?;
    let title = validate::clean_line(&body.title);
    validate::check_length("title", &title, 1, TITLE_MAX)?;
    let text = validate::clean_text(&body.text);
    validate::check_length("text", &text, 1, REPLY_MAX)?;
    Ok((title, text))
}

/// The site's saved replies, oldest first.
#[utoipa::path(get, path = "/api/v1/sites/{site}/saved-replies", tag = "merchant",
    params(("site" = String, Path, description = "Site id")),
    responses((status = 200, body = SavedRepliesOut), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn list(
    State(state): State<AppState>,
    signed_in: SiteMerchant,
) -> Result<ApiJson<SavedRepliesOut>, AppError> {
    let items = state.store.saved_replies(&signed_in.site).await?;
    Ok(ApiJson(SavedRepliesOut {
        items: items.into_iter().map(saved_reply_out).collect(),
    }))
}

/// Saves a reply for later use.
#[utoipa::path(post, path = "/api/v1/sites/{site}/saved-replies", tag = "merchant",
    params(("site" = String, Path, description = "Site id")),
    request_body = SavedReplyBody,
    responses((status = 201, body = SavedReplyOut), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn create(
    State(state): State<AppState>,
    signed_in: SiteMerchant,
    ApiJson(body): ApiJson<SavedReplyBody>,
) -> Result<(StatusCode, ApiJson<SavedReplyOut>), AppError> {
    let (title, text) = clean(body)?;
    let record = state
        .store
        .create_saved_reply(
            &signed_in.site,
            &title,
            &text,
            &signed_in.merchant.user.display_name,
            now_ms(),
        )
        .await?;
    Ok((StatusCode::CREATED, ApiJson(saved_reply_out(record))))
}

/// Changes a saved reply's title and text.
#[utoipa::path(put, path = "/api/v1/sites/{site}/saved-replies/{id}", tag = "merchant",
    params(("site" = String, Path, description = "Site id"),
        ("id" = i64, Path, description = "Saved reply id")),
    request_body = SavedReplyBody,
    responses((status = 200, body = SavedReplyOut), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn update(
    State(state): State<AppState>,
    signed_in: SiteMerchant,
    ApiPath((_site, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<SavedReplyBody>,
) -> Result<ApiJson<SavedReplyOut>, AppError> {
    let (title, text) = clean(body)?;
    let record = state
        .store
        .update_saved_reply(&signed_in.site, id, &title, &text, now_ms())
        .await?
        .ok_or_else(not_found)?;
    Ok(ApiJson(saved_reply_out(record)))
}

/// Deletes a saved reply.
#[utoipa::path(delete, path = "/api/v1/sites/{site}/saved-replies/{id}", tag = "merchant",
    params(("site" = String, Path, description = "Site id"),
        ("id" = i64, Path, description = "Saved reply id")),
    responses((status = 204, description = "deleted"), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn delete(
    State(state): State<AppState>,
    signed_in: SiteMerchant,
    ApiPath((_site, id)): ApiPath<(String, i64)>,
) -> Result<StatusCode, AppError> {
    if !state.store.delete_saved_reply(&signed_in.site, id).await? {
        return Err(not_found());
    }
    Ok(StatusCode::NO_CONTENT)
}
