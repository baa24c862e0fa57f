//! Public endpoints: submitting, the review list, the live status, the
//! moderation log and the health check.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::server::http::dto::{
    HealthOut, ListQuery, LogCountOut, LogEntryOut, ModerationLogOut, PageQuery, ReviewList,
    StatusOut, SubmitResponse, SubmitReview, SummaryOut, VoteHeaders,
};
use crate::server::http::error::ErrorCode;
use crate::server::http::error::{AppError, ErrorBody};
use crate::server::http::{load_site, page_number, ApiJson, ApiPath, ApiQuery, ClientIp};
use crate::server::rules::hours::rfc3339;
use crate::server::rules::listing::{self, PageRequest};
use crate::server::rules::live_status;
use crate::server::rules::submission;
use crate::server::rules::votes::{self, VoteOut};
use crate::server::storage::ReviewSort;
use crate::server::{now_ms, AppState};

/// Reviews per page of the public list.
pub use crate::server::rules::listing::PAGE_SIZE;

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
        (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "banned, or a review request's link that is not valid"),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "the review request's link was used already"),
        (status = 413, body = ErrorBody),
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
        "helpful" => Ok(ReviewSort::Helpful),
        _ => Err(AppError::invalid(ErrorCode::InvalidSort, "sort")),
    }
}

/// A header's text, if it is sent and readable.
fn header_text<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
}

/// Casts this browser's vote or takes it back.
async fn vote_as(
    state: &AppState,
    id: &str,
    headers: &HeaderMap,
    ip: std::net::IpAddr,
    cast: bool,
) -> Result<ApiJson<VoteOut>, AppError> {
    let voter = header_text(headers, "x-candor-voter");
    let token = header_text(headers, "x-candor-token");
    Ok(ApiJson(
        votes::vote(state, id, voter, token, ip, cast).await?,
    ))
}

/// "Me too" on a published complaint, "Helpful" on a published review: one
/// vote per browser and per client address. Idempotent: a second press
/// from the same browser answers the count as it is.
#[utoipa::path(put, path = "/api/v1/reviews/{id}/vote", tag = "public",
    params(("id" = String, Path, description = "Review id"), VoteHeaders),
    responses((status = 200, body = VoteOut),
        (status = 403, body = ErrorBody, description = "`own_review`: the author's own review (the same address, or the author token sent)"),
        (status = 404, body = ErrorBody, description = "`review_not_found`: no such published review (hidden, held and withdrawn ones included)"),
        (status = 409, body = ErrorBody, description = "`already_voted`: another browser at this address voted on it"),
        (status = 422, body = ErrorBody, description = "`invalid_voter`: the X-Candor-Voter header is missing or malformed"),
        (status = 429, body = ErrorBody, description = "rate limited; see Retry-After")))]
pub async fn vote(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Result<ApiJson<VoteOut>, AppError> {
    vote_as(&state, &id, &headers, ip, true).await
}

/// Takes this browser's vote back. Idempotent: without a vote from this
/// browser it answers the count as it is.
#[utoipa::path(delete, path = "/api/v1/reviews/{id}/vote", tag = "public",
    params(("id" = String, Path, description = "Review id"), VoteHeaders),
    responses((status = 200, body = VoteOut),
        (status = 403, body = ErrorBody, description = "`own_review`: the author's own review (the same address, or the author token sent)"),
        (status = 404, body = ErrorBody, description = "`review_not_found`: no such published review (hidden, held and withdrawn ones included)"),
        (status = 422, body = ErrorBody, description = "`invalid_voter`: the X-Candor-Voter header is missing or malformed"),
        (status = 429, body = ErrorBody, description = "rate limited; see Retry-After")))]
pub async fn unvote(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Result<ApiJson<VoteOut>, AppError> {
    vote_as(&state, &id, &headers, ip, false).await
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
) -> Result<Response, AppError> {
    // Only answers that were built succeed from the cache, so a request
    // found there was valid.
    let key = format!(
        "{site}\n{:?}\n{:?}\n{:?}\n{:?}",
        query.product, query.rating, query.sort, query.page
    );
    let changes = state.hub.changes();
    if let Some(body) = state.lists.get(&key, changes) {
        return Ok(json_response(body));
    }
    let list = build_list(&state, &site, query).await?;
    let body =
        Bytes::from(serde_json::to_vec(&list).map_err(|e| AppError::internal(e.to_string()))?);
    state.lists.put(key, changes, body.clone());
    Ok(json_response(body))
}

fn json_response(body: Bytes) -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

async fn build_list(
    state: &AppState,
    site: &str,
    query: ListQuery,
) -> Result<ReviewList, AppError> {
    let site = load_site(state, site).await?;
    if query.rating.is_some_and(|r| !(1..=5).contains(&r)) {
        return Err(AppError::invalid(ErrorCode::InvalidRating, "rating"));
    }
    let page = page_number(query.page)?;
    let product = query.product.filter(|p| !p.is_empty());
    let request = PageRequest {
        product: product.clone(),
        rating: query.rating,
        sort: parse_sort(query.sort.as_deref())?,
        page,
    };
    let store = state.store.as_ref();
    let listed = listing::page(store, &site.id, &request).await?;
    let (items, has_more) = (listed.items, listed.has_more);
    let counts = listing::summary(store, &site.id, product.as_deref()).await?;
    let summary = summary_out(state, &site.id, &counts).await?;
    Ok(ReviewList {
        items,
        summary,
        page,
        has_more,
    })
}

/// The summary as the list sends it: the rules' summary and the site's
/// typical answer time.
pub async fn summary_out(
    state: &AppState,
    site: &str,
    counts: &listing::Summary,
) -> Result<SummaryOut, AppError> {
    Ok(SummaryOut {
        count: counts.count,
        average: counts.average,
        histogram: counts
            .histogram
            .iter()
            .enumerate()
            .map(|(i, n)| ((i + 1).to_string(), *n))
            .collect::<BTreeMap<_, _>>(),
        resolved_share: counts.resolved_share,
        typical_answer_minutes: live_status::typical_answer_minutes(
            state.store.as_ref(),
            site,
            now_ms(),
        )
        .await?,
    })
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
