//! `GET /api/v1/sites/{site}/export`: a merchant's export of one table as
//! CSV or JSON, streamed page by page.

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

use crate::server::export::{ExportFormat, ExportWhat, Exporter};
use crate::server::http::auth::SiteMerchant;
use crate::server::http::dto::ExportQuery;
use crate::server::http::error::ErrorCode;
use crate::server::http::error::{AppError, ErrorBody};
use crate::server::http::{load_site, ApiQuery};
use crate::server::AppState;

/// Exports the site's reviews (private fields included), replies or
/// moderation log. CSV cells that a spreadsheet would run as a formula are
/// prefixed with `'`.
#[utoipa::path(get, path = "/api/v1/sites/{site}/export", tag = "merchant",
    params(("site" = String, Path, description = "Site id"), ExportQuery),
    responses(
        (status = 200, description = "CSV (text/csv) or a JSON array (application/json)",
            content((String = "text/csv"), (Vec<Object> = "application/json"))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn export(
    State(state): State<AppState>,
    signed_in: SiteMerchant,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> Result<Response, AppError> {
    let site = load_site(&state, &signed_in.site).await?;
    let format = ExportFormat::parse(query.format.as_deref().unwrap_or("csv"))
        .ok_or_else(|| AppError::invalid(ErrorCode::InvalidFormat, "format"))?;
    let what = ExportWhat::parse(query.what.as_deref().unwrap_or("reviews"))
        .ok_or_else(|| AppError::invalid(ErrorCode::InvalidWhat, "what"))?;
    let mut exporter = Exporter::new(state.store.clone(), &site.id, what, format);
    // The header and the first page are read before answering, so a failing
    // database is a proper error response rather than a cut stream.
    let mut first = String::new();
    for _ in 0..2 {
        if let Some(chunk) = exporter.next_chunk().await? {
            first.push_str(&chunk);
        }
    }
    let rest = futures::stream::unfold(exporter, |mut exporter| async move {
        match exporter.next_chunk().await {
            Ok(Some(chunk)) => Some((Ok(Bytes::from(chunk)), exporter)),
            Ok(None) => None,
            Err(err) => {
                tracing::error!(error = %err, "export failed midway");
                Some((Err(std::io::Error::other(err.to_string())), exporter))
            }
        }
    });
    let body = futures::StreamExt::chain(
        futures::stream::once(async move { Ok::<_, std::io::Error>(Bytes::from(first)) }),
        rest,
    );
    let filename = format!("{}-{}.{}", site.id, what.as_str(), format.extension());
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(format.content_type()),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        Body::from_stream(body),
    )
        .into_response())
}
