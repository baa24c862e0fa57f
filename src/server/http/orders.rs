//! `POST /api/v1/sites/{site}/orders`: the shop registers an order so that
//! reviews quoting its number (or written from its e-mail) get the
//! `verified_order` badge. Authenticated by an HMAC-SHA256 signature with the
//! site's secret over `"{timestamp}.{body}"`, sent as
//! `X-Candor-Timestamp` (Unix seconds, within 5 minutes) and
//! `X-Candor-Signature: sha256=<hex>`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::server::http::dto::{OrderBody, OrderOut};
use crate::server::http::error::{AppError, ErrorBody, ErrorCode};
use crate::server::http::{load_site, ApiJson, ApiPath};
use crate::server::rules::error::RuleError;
use crate::server::rules::submission::PRODUCT_MAX;
use crate::server::rules::validate;
use crate::server::storage::OrderRecord;
use crate::server::{now_ms, AppState};

/// Most products one order may list.
pub const MAX_PRODUCTS: usize = 100;

/// How far the signed timestamp may be from the server's clock.
pub const SIGNATURE_SKEW_SECS: i64 = 300;

/// The signature header value for `body` signed at `timestamp` with
/// `secret` (what the shop computes).
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn verify(secret: &str, headers: &HeaderMap, body: &[u8], now_secs: i64) -> Result<(), AppError> {
    let invalid = || AppError::unauthorized(ErrorCode::InvalidSignature);
    let timestamp: i64 = headers
        .get("x-candor-timestamp")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(invalid)?;
    // `abs_diff`: a timestamp near i64::MIN must not overflow (a panic).
    if now_secs.abs_diff(timestamp) > SIGNATURE_SKEW_SECS.unsigned_abs() {
        return Err(invalid());
    }
    let given = headers
        .get("x-candor-signature")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().strip_prefix("sha256="))
        .and_then(|v| hex::decode(v).ok())
        .ok_or_else(invalid)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).map_err(|_| invalid())?;
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.verify_slice(&given).map_err(|_| invalid())
}

/// Registers an order (HMAC-signed by the shop's server).
#[utoipa::path(post, path = "/api/v1/sites/{site}/orders", tag = "shop",
    params(("site" = String, Path, description = "Site id"),
        ("X-Candor-Timestamp" = i64, Header, description = "Unix seconds"),
        ("X-Candor-Signature" = String, Header, description = "sha256=<hex HMAC of \"{timestamp}.{body}\">")),
    request_body = OrderBody,
    responses((status = 200, body = OrderOut), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    ApiPath(site): ApiPath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<ApiJson<OrderOut>, AppError> {
    let site = load_site(&state, &site).await?;
    let now = now_ms();
    verify(&site.secret, &headers, &body, now / 1000)?;
    let order: OrderBody = serde_json::from_slice(&body).map_err(|e| {
        AppError::from(RuleError::Invalid {
            code: ErrorCode::InvalidField,
            field: "body",
            args: vec![("detail", e.to_string())],
        })
    })?;
    let email = match order.email.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(email) => Some(validate::email(email)?),
    };
    let delivered_at = match order.delivered.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(value) => Some(parse_delivered(value).ok_or_else(|| {
            AppError::from(RuleError::Invalid {
                code: ErrorCode::InvalidField,
                field: "delivered",
                args: vec![("detail", "YYYY-MM-DD or RFC 3339".to_owned())],
            })
        })?),
    };
    let lang = match order.lang.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(tag) => Some(
            crate::core::lang::Lang::parse(tag)
                .ok_or_else(|| AppError::invalid(ErrorCode::InvalidLang, "lang"))?
                .code()
                .to_owned(),
        ),
    };
    let email_sha256 = match order.email_sha256.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(h) if h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()) => {
            Some(h.to_ascii_lowercase())
        }
        Some(_) => {
            return Err(AppError::invalid(
                ErrorCode::InvalidEmailSha256,
                "email_sha256",
            ))
        }
    };
    let order_date = match order.order_date.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(d) => Some(validate::order_date(
            d,
            crate::server::rules::hours::from_ms(now).date_naive(),
        )?),
    };
    let products = order.products.unwrap_or_default();
    if products.len() > MAX_PRODUCTS {
        return Err(AppError::from(RuleError::Invalid {
            code: ErrorCode::TooManyProducts,
            field: "products",
            args: vec![("max", MAX_PRODUCTS.to_string())],
        }));
    }
    let products = products
        .iter()
        .filter_map(|p| validate::optional_line("products", Some(p), PRODUCT_MAX).transpose())
        .collect::<Result<Vec<String>, RuleError>>()?;
    let from_email = email.as_deref().map(validate::sha256_hex);
    if let (Some(given), Some(derived)) = (&email_sha256, &from_email) {
        if given != derived {
            return Err(AppError::invalid(
                ErrorCode::InvalidEmailSha256,
                "email_sha256",
            ));
        }
    }
    let record = OrderRecord {
        products: products.clone(),
        site: site.id.clone(),
        order_ref: validate::order_ref(&order.order_ref)?,
        order_date: order_date.clone(),
        email_sha256: email_sha256.or(from_email),
        created_at: now,
    };
    let order_ref = record.order_ref.clone();
    let verified = crate::server::rules::orders::register(&state, record).await?;
    crate::server::rules::review_requests::schedule(
        &state,
        &site,
        &order_ref,
        order_date.as_deref(),
        &products,
        crate::server::rules::review_requests::OrderContact {
            email,
            delivered_at,
            lang,
        },
        now,
    )
    .await?;
    Ok(ApiJson(OrderOut {
        verified_reviews: verified,
    }))
}

/// A delivery time: `YYYY-MM-DD` (midnight UTC) or RFC 3339, in Unix ms.
fn parse_delivered(value: &str) -> Option<i64> {
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(value) {
        return Some(at.timestamp_millis());
    }
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()?
        .and_hms_opt(0, 0, 0)
        .map(|d| d.and_utc().timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_and_expire() {
        let body = br#"{"order_ref":"A-1"}"#;
        let mut headers = HeaderMap::new();
        headers.insert("x-candor-timestamp", "1000".parse().unwrap());
        headers.insert(
            "x-candor-signature",
            sign("s3cret", 1000, body).parse().unwrap(),
        );
        assert!(verify("s3cret", &headers, body, 1100).is_ok());
        assert!(verify("other", &headers, body, 1100).is_err());
        assert!(verify("s3cret", &headers, b"{}", 1100).is_err());
        assert!(verify("s3cret", &headers, body, 2000).is_err());
        headers.insert("x-candor-timestamp", i64::MIN.to_string().parse().unwrap());
        assert!(verify("s3cret", &headers, body, 1100).is_err());
    }
}
