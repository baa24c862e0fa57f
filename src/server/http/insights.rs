//! Insights endpoints: statistics, crisis alerts and incident notices. The
//! merchant endpoints need a session with a role on the site (401 without,
//! 403 for other sites' merchants); the open incidents list is public.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;

use crate::server::http::auth::SiteMerchant;
use crate::server::http::error::ErrorCode;
use crate::server::http::error::{AppError, ErrorBody};
use crate::server::http::{load_site, ApiJson, ApiPath, ApiQuery};
use crate::server::rules::insights::{self, DEFAULT_DAYS, MAX_DAYS};
use crate::server::wire::insights::{
    CrisisOut, IncidentBody, IncidentClosed, IncidentCreated, IncidentsOut, StatsOut, StatsQuery,
};
use crate::server::{now_ms, AppState};

/// The insights routes, merged into the API router.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/sites/{site}/stats", get(stats))
        .route("/api/v1/sites/{site}/crisis", get(crisis))
        .route(
            "/api/v1/sites/{site}/incidents",
            get(incidents).post(open_incident),
        )
        .route(
            "/api/v1/sites/{site}/incidents/{id}/close",
            post(close_incident),
        )
}

/// Statistics over the last `days` days (today included), days in the site's
/// time zone, every day present.
#[utoipa::path(get, path = "/api/v1/sites/{site}/stats", tag = "merchant",
    params(("site" = String, Path, description = "Site id"), StatsQuery),
    responses((status = 200, body = StatsOut), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn stats(
    State(state): State<AppState>,
    signed_in: SiteMerchant,
    ApiQuery(query): ApiQuery<StatsQuery>,
) -> Result<ApiJson<StatsOut>, AppError> {
    let days = query.days.unwrap_or(DEFAULT_DAYS);
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(AppError::out_of_range(
            ErrorCode::InvalidDays,
            "days",
            1,
            MAX_DAYS,
        ));
    }
    let site = load_site(&state, &signed_in.site).await?;
    Ok(ApiJson(
        insights::stats(state.store.as_ref(), &state.topics, &site, days, now_ms()).await?,
    ))
}

/// Topics whose complaints now rise far above their usual rate.
#[utoipa::path(get, path = "/api/v1/sites/{site}/crisis", tag = "merchant",
    params(("site" = String, Path, description = "Site id")),
    responses((status = 200, body = CrisisOut), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn crisis(
    State(state): State<AppState>,
    signed_in: SiteMerchant,
) -> Result<ApiJson<CrisisOut>, AppError> {
    let site = load_site(&state, &signed_in.site).await?;
    Ok(ApiJson(
        insights::crisis(state.store.as_ref(), &state.topics, &site.id, now_ms()).await?,
    ))
}

/// The site's open incident notices, newest first (public).
#[utoipa::path(get, path = "/api/v1/sites/{site}/incidents", tag = "public",
    params(("site" = String, Path, description = "Site id")),
    responses((status = 200, body = IncidentsOut), (status = 404, body = ErrorBody)))]
pub async fn incidents(
    State(state): State<AppState>,
    ApiPath(site): ApiPath<String>,
) -> Result<ApiJson<IncidentsOut>, AppError> {
    let site = load_site(&state, &site).await?;
    let items = state.store.open_incidents(&site.id).await?;
    Ok(ApiJson(IncidentsOut {
        items: items
            .iter()
            .map(crate::server::rules::views::incident_out)
            .collect(),
    }))
}

/// Posts a public incident notice, links the listed reviews to it and
/// answers their unanswered complaints with its text.
#[utoipa::path(post, path = "/api/v1/sites/{site}/incidents", tag = "merchant",
    params(("site" = String, Path, description = "Site id")),
    request_body = IncidentBody,
    responses((status = 201, body = IncidentCreated), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn open_incident(
    State(state): State<AppState>,
    signed_in: SiteMerchant,
    ApiJson(body): ApiJson<IncidentBody>,
) -> Result<(StatusCode, ApiJson<IncidentCreated>), AppError> {
    let site = load_site(&state, &signed_in.site).await?;
    let created = insights::open_incident(
        &state,
        &site,
        &signed_in.merchant,
        &body.topic,
        &body.text,
        &body.review_ids,
    )
    .await?;
    Ok((StatusCode::CREATED, ApiJson(created)))
}

/// Closes an open incident notice.
#[utoipa::path(post, path = "/api/v1/sites/{site}/incidents/{id}/close", tag = "merchant",
    params(("site" = String, Path, description = "Site id"),
        ("id" = i64, Path, description = "Incident id")),
    responses((status = 200, body = IncidentClosed), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn close_incident(
    State(state): State<AppState>,
    signed_in: SiteMerchant,
    ApiPath(path): ApiPath<(String, i64)>,
) -> Result<ApiJson<IncidentClosed>, AppError> {
    let site = load_site(&state, &signed_in.site).await?;
    Ok(ApiJson(
        insights::close_incident(&state, &site, &signed_in.merchant, path.1).await?,
    ))
}
