//! Public endpoints: submitting, the review list, the live status, the
//! moderation log and the health check.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;

use crate::server::http::dto::{
    HealthOut, ListQuery, LogCountOut, LogEntryOut, ModerationLogOut, PageQuery, ReviewList,
    StatusOut, SubmitResponse, SubmitReview, SummaryOut,
};
use crate::server::http::error::ErrorCode;
use crate::server::http::error::{AppError, ErrorBody};
use crate::server::http::{load_site, page_number, ApiJson, ApiPath, ApiQuery, ClientIp};
use crate::server::rules::hours::rfc3339;
use crate::server::rules::live_status;
use crate::server::rules::submission;
use crate::server::rules::views::{replies_by_review, review_item};
use crate::server::storage::{ReviewFilter, ReviewSort};
use crate::server::{now_ms, AppState};

/// Reviews per page of the public list.
pub const PAGE_SIZE: i64 = 20;

/// Health check: answers when the database does.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, body = HealthOut), (status = 500, body = ErrorBody)))]
pub async fn healthz(State(state): State<AppState>) -> Result<ApiJson<HealthOut>, AppError> {
    state.store.site("").await?;
    Ok(ApiJson(HealthOut {
        status: "ok".to_owned(),
        backend: state.store.backend().to_owned(),
    }))
}

/// Submits a review or complaint. Published immediately (held only as part of
/// a template campaign); answers only after the write is durable.
#[utoipa::path(post, path = "/api/v1/sites/{site}/reviews", tag = "public",
    params(("site" = String, Path, description = "Site id")),
    request_body = SubmitReview,
    responses(
        (status = 201, body = SubmitResponse),
        (status = 400, body = ErrorBody), (status = 403, body = ErrorBody, description = "banned"),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody, description = "rate limited; see Retry-After")))]
pub async fn submit(
    State(state): State<AppState>,
    ApiPath(site): ApiPath<String>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<SubmitReview>,
) -> Result<(StatusCode, ApiJson<SubmitResponse>), AppError> {
    let site = load_site(&state, &site).await?;
    let response = submission::submit(&state, &site, body.into(), ip).await?;
    Ok((StatusCode::CREATED, ApiJson(response)))
}

fn parse_sort(sort: Option<&str>) -> Result<ReviewSort, AppError> {
    match sort.unwrap_or("newest") {
        "newest" => Ok(ReviewSort::Newest),
        "oldest" => Ok(ReviewSort::Oldest),
        "highest" => Ok(ReviewSort::Highest),
        "lowest" => Ok(ReviewSort::Lowest),
        _ => Err(AppError::invalid(ErrorCode::InvalidSort, "sort")),
    }
}

/// Published reviews with replies and badges, and the summary.
#[utoipa::path(get, path = "/api/v1/sites/{site}/reviews", tag = "public",
    params(("site" = String, Path, description = "Site id"), ListQuery),
    responses((status = 200, body = ReviewList), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiPath(site): ApiPath<String>,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<ApiJson<ReviewList>, AppError> {
    let site = load_site(&state, &site).await?;
    if query.rating.is_some_and(|r| !(1..=5).contains(&r)) {
        return Err(AppError::invalid(ErrorCode::InvalidRating, "rating"));
    }
    let page = page_number(query.page)?;
    let product = query.product.filter(|p| !p.is_empty());
    let filter = ReviewFilter {
        product: product.clone(),
        rating: query.rating,
        sort: parse_sort(query.sort.as_deref())?,
        limit: PAGE_SIZE + 1,
        offset: (page - 1) * PAGE_SIZE,
    };
    let store = state.store.as_ref();
    let mut reviews = store.published(&site.id, &filter).await?;
    let has_more = reviews.len() as i64 > PAGE_SIZE;
    reviews.truncate(PAGE_SIZE as usize);
    let replies = replies_by_review(store, &reviews).await?;
    let mut items: Vec<_> = reviews
        .iter()
        .map(|r| review_item(r, replies.get(&r.id).map(Vec::as_slice).unwrap_or(&[])))
        .collect();
    crate::server::rules::insights::attach_incidents(store, items.iter_mut()).await?;
    let counts = store.summary(&site.id, product.as_deref()).await?;
    let total: i64 = counts
        .histogram
        .iter()
        .enumerate()
        .map(|(i, n)| (i as i64 + 1) * n)
        .sum();
    let summary = SummaryOut {
        count: counts.count,
        average: (counts.count > 0)
            .then(|| (total as f64 / counts.count as f64 * 100.0).round() / 100.0),
        histogram: counts
            .histogram
            .iter()
            .enumerate()
            .map(|(i, n)| ((i + 1).to_string(), *n))
            .collect::<BTreeMap<_, _>>(),
        resolved_share: (counts.complaints > 0)
            .then(|| (counts.resolved as f64 / counts.complaints as f64 * 1000.0).round() / 1000.0),
        typical_answer_minutes: live_status::typical_answer_minutes(store, &site.id, now_ms())
            .await?,
    };
    Ok(ApiJson(ReviewList {
        items,
        summary,
        page,
        has_more,
    }))
}

/// The live support status: online, open now, promise and real answer times.
#[utoipa::path(get, path = "/api/v1/sites/{site}/status", tag = "public",
    params(("site" = String, Path, description = "Site id")),
    responses((status = 200, body = StatusOut), (status = 404, body = ErrorBody)))]
pub async fn status(
    State(state): State<AppState>,
    ApiPath(site): ApiPath<String>,
) -> Result<ApiJson<StatusOut>, AppError> {
    let site = load_site(&state, &site).await?;
    Ok(ApiJson(
        live_status::compute(state.store.as_ref(), &site, now_ms()).await?,
    ))
}

/// The public moderation log: counts and entries with reasons and who acted,
/// never the hidden text.
#[utoipa::path(get, path = "/api/v1/sites/{site}/moderation-log", tag = "public",
    params(("site" = String, Path, description = "Site id"), PageQuery),
    responses((status = 200, body = ModerationLogOut), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "`invalid_page`")))]
pub async fn moderation_log(
    State(state): State<AppState>,
    ApiPath(site): ApiPath<String>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<ApiJson<ModerationLogOut>, AppError> {
    let site = load_site(&state, &site).await?;
    let page = page_number(query.page)?;
    let store = state.store.as_ref();
    let counts = store
        .moderation_counts(&site.id)
        .await?
        .into_iter()
        .map(|c| LogCountOut {
            action: c.action,
            reason: c.reason,
            count: c.count,
        })
        .collect();
    let entries = store
        .moderation_log(&site.id, 50, (page - 1) * 50)
        .await?
        .into_iter()
        .map(|e| LogEntryOut {
            action: e.action,
            reason: e.reason,
            actor: e.actor,
            review_id: e.review_id,
            created_at: rfc3339(e.created_at),
        })
        .collect();
    Ok(ApiJson(ModerationLogOut {
        counts,
        entries,
        page,
    }))
}
