//! Merchant webhook endpoints: the recent deliveries, setting the URL, and
//! a test delivery. Sending is done by the worker in
//! [`crate::server::rules::outbox`].

use axum::extract::State;
use axum::http::StatusCode;

use crate::server::http::auth::SiteMerchant;
use crate::server::http::dto::{
    DeliveriesOut, DeliveriesQuery, DeliveryOut, PingOut, WebhookOut, WebhookUrlBody,
};
use crate::server::http::error::ErrorCode;
use crate::server::http::error::{AppError, ErrorBody};
use crate::server::http::{load_site, ApiJson, ApiQuery};
use crate::server::rules::accounts::random_token;
use crate::server::rules::hours::rfc3339;
use crate::server::rules::outbox as webhooks;
use crate::server::storage::{DeliveryRecord, WriteBatch};
use crate::server::{now_ms, AppState};

fn delivery_out(d: DeliveryRecord) -> DeliveryOut {
    DeliveryOut {
        next_attempt_at: (d.status == "pending").then(|| rfc3339(d.next_attempt_at)),
        created_at: rfc3339(d.created_at),
        delivered_at: d.delivered_at.map(rfc3339),
        id: d.id,
        event: d.event,
        status: d.status,
        attempts: d.attempts,
        last_status_code: d.last_status_code,
        last_error: d.last_error,
        url: d.url,
    }
}

/// Recent webhook deliveries, newest first, with their status, attempts and
/// last error.
#[utoipa::path(get, path = "/api/v1/sites/{site}/webhooks/deliveries", tag = "merchant",
    params(("site" = String, Path, description = "Site id"), DeliveriesQuery),
    responses((status = 200, body = DeliveriesOut), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn deliveries(
    State(state): State<AppState>,
    signed_in: SiteMerchant,
    ApiQuery(query): ApiQuery<DeliveriesQuery>,
) -> Result<ApiJson<DeliveriesOut>, AppError> {
    let site = load_site(&state, &signed_in.site).await?;
    let limit = match query.limit {
        None => 50,
        Some(n) if (1..=200).contains(&n) => n,
        Some(_) => {
            return Err(AppError::out_of_range(
                ErrorCode::InvalidLimit,
                "limit",
                1,
                200,
            ))
        }
    };
    let items = state.store.deliveries(&site.id, limit).await?;
    Ok(ApiJson(DeliveriesOut {
        webhook_url: site.webhook_url,
        items: items.into_iter().map(delivery_out).collect(),
    }))
}

/// Sets (or with `null`/`""` removes) the site's webhook URL; owners only.
/// Returns the webhook's signing secret once: with the first URL, or when
/// `rotate_secret` is true.
#[utoipa::path(post, path = "/api/v1/sites/{site}/webhooks", tag = "merchant",
    params(("site" = String, Path, description = "Site id")),
    request_body = WebhookUrlBody,
    responses((status = 200, body = WebhookOut), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "another site, or not the owner"),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn set_url(
    State(state): State<AppState>,
    signed_in: SiteMerchant,
    ApiJson(body): ApiJson<WebhookUrlBody>,
) -> Result<ApiJson<WebhookOut>, AppError> {
    signed_in.merchant.require_owner(&signed_in.site)?;
    let mut site = load_site(&state, &signed_in.site).await?;
    site.webhook_url = match body.url.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(url) => Some(
            webhooks::validate_url(url, state.config.webhook_allow_private)
                .map_err(|_| AppError::invalid(ErrorCode::InvalidUrl, "url"))?,
        ),
    };
    // The signing secret is the webhook's own, made with the first URL or
    // on request, and shown only then (as Stripe does).
    let new_secret = (site.webhook_url.is_some()
        && (site.webhook_secret.is_none() || body.rotate_secret))
        .then(|| format!("whsec_{}", random_token()));
    if new_secret.is_some() {
        site.webhook_secret = new_secret.clone();
    }
    state.store.update_site(&site).await?;
    Ok(ApiJson(WebhookOut {
        webhook_url: site.webhook_url,
        secret: new_secret,
    }))
}

/// Queues a `ping` delivery to the current webhook URL.
#[utoipa::path(post, path = "/api/v1/sites/{site}/webhooks/test", tag = "merchant",
    params(("site" = String, Path, description = "Site id")),
    responses((status = 202, body = PingOut), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "no webhook URL set")),
    security(("bearer" = []), ("cookie" = [])))]
pub async fn test(
    State(state): State<AppState>,
    signed_in: SiteMerchant,
) -> Result<(StatusCode, ApiJson<PingOut>), AppError> {
    let site = load_site(&state, &signed_in.site).await?;
    let now = now_ms();
    let data = serde_json::json!({ "requested_by": signed_in.merchant.user.display_name });
    let delivery = webhooks::delivery(&site, webhooks::PING, None, data, now)
        .ok_or_else(|| AppError::invalid(ErrorCode::NoWebhookUrl, "url"))?;
    let id = delivery.id.clone();
    state
        .store
        .write(WriteBatch {
            webhooks: vec![delivery],
            ..WriteBatch::default()
        })
        .await?;
    state.metrics.webhook_queued(webhooks::PING, 1);
    Ok((StatusCode::ACCEPTED, ApiJson(PingOut { id })))
}
