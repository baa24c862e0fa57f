//! Operator endpoints: `GET /metrics` (OpenMetrics text format) and the
//! middleware that counts requests by route and status.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::server::http::error::{AppError, ErrorCode};
use crate::server::metrics::Gauges;
use crate::server::rules::accounts::constant_time_eq;
use crate::server::AppState;

/// Counts every request by method, matched route pattern (never the raw
/// path) and status, and its time to the response head.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    // Labels come from closed sets only: a made-up method (hyper accepts
    // any token, even 400 KB long) is `other`, an unmatched path is
    // `unmatched`; so junk requests cannot grow the series without bound.
    let method = metric_method(request.method());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let response = next.run(request).await;
    state.metrics.request(
        method,
        &route,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

/// The method label: a standard method's name, or `other`.
pub fn metric_method(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Prometheus metrics of this instance (OpenMetrics text, which Prometheus
/// reads natively). Off with
/// `metrics = false` (404). It needs `Authorization: Bearer <metrics_token>`;
/// without a configured token it answers 401, unless `metrics_public` (the
/// demo, or a private network) opens it.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "OpenMetrics text format (`# EOF`-terminated)",
            content_type = "application/openmetrics-text"),
        (status = 401, body = crate::server::http::error::ErrorBody),
        (status = 404, body = crate::server::http::error::ErrorBody)),
    security((), ("bearer" = [])))]
pub async fn metrics(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if !state.config.metrics {
        return Err(AppError::not_found(ErrorCode::NotFound));
    }
    match &state.config.metrics_token {
        Some(expected) => {
            let given = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(str::trim)
                .unwrap_or("");
            if !constant_time_eq(given, expected) {
                return Err(AppError::unauthenticated());
            }
        }
        None if state.config.metrics_public => {}
        None => return Err(AppError::unauthenticated()),
    }
    let outbox = match state.store.delivery_counts().await {
        Ok(counts) => counts,
        Err(err) => {
            tracing::warn!(error = %err, "metrics: outbox counts unavailable");
            Vec::new()
        }
    };
    let gauges = Gauges {
        sse_connections: state.hub.subscribers(),
        pools: state.store.pool_stats(),
        outbox,
        backend: state.store.backend(),
    };
    let body = state.metrics.render(&gauges);
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(crate::server::metrics::CONTENT_TYPE),
        )],
        body,
    )
        .into_response())
}
