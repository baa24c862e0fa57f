//! Merchant authentication over HTTP: sessions identified by a random token
//! (sent as an HttpOnly cookie or a bearer token; only its SHA-256 is
//! stored), and the CSRF rule for cookie sessions: a mutating request must
//! carry the `X-Candor-CSRF` header, which a cross-site form or image cannot
//! send and a cross-origin script can only send after a CORS preflight that
//! only the site's own origins pass.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, Method};

use crate::core::model::Role;
use crate::server::http::error::{AppError, ErrorCode};
pub use crate::server::rules::accounts::Merchant;
use crate::server::rules::validate::sha256_hex;
use crate::server::AppState;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "candor_session";
/// Header a cookie-authenticated mutating request must carry.
pub const CSRF_HEADER: &str = "x-candor-csrf";

/// Where a request's session token came from.
fn session_token(parts: &Parts) -> Option<(String, bool)> {
    if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
        let value = value.to_str().ok()?;
        let token = value.strip_prefix("Bearer ")?.trim();
        return Some((token.to_owned(), false));
    }
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == SESSION_COOKIE).then(|| (value.to_owned(), true))
        })
}

impl FromRequestParts<AppState> for Merchant {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let (token, from_cookie) = session_token(parts).ok_or_else(AppError::unauthenticated)?;
        let mutating = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if from_cookie && mutating && !parts.headers.contains_key(CSRF_HEADER) {
            return Err(AppError::forbidden(ErrorCode::CsrfFailed));
        }
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(AppError::unauthenticated());
        }
        let session_sha256 = sha256_hex(&token);
        let now = chrono::Utc::now().timestamp_millis();
        let user = state
            .store
            .session_user(&session_sha256, now)
            .await?
            .ok_or_else(AppError::unauthenticated)?;
        let memberships = state.store.memberships(user.id).await?;
        Ok(Merchant {
            user,
            memberships,
            session_sha256,
        })
    }
}

/// A signed-in merchant with a role on the site named in the path
/// (`/sites/{site}/...`): authorisation is decided before the body is read,
/// so an outsider gets 401/403, never a validation error.
#[derive(Debug, Clone)]
pub struct SiteMerchant {
    /// The merchant.
    pub merchant: Merchant,
    /// The site from the path.
    pub site: String,
    /// Their role there.
    pub role: Role,
}

impl FromRequestParts<AppState> for SiteMerchant {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let merchant = Merchant::from_request_parts(parts, state).await?;
        let axum::extract::Path(params) = axum::extract::Path::<
            std::collections::HashMap<String, String>,
        >::from_request_parts(parts, state)
        .await?;
        let site = params
            .get("site")
            .cloned()
            .ok_or_else(AppError::site_not_found)?;
        let role = merchant.role_on(&site)?;
        Ok(SiteMerchant {
            merchant,
            site,
            role,
        })
    }
}

/// The `Set-Cookie` value that starts a session.
pub fn session_cookie(token: &str, max_age_secs: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{secure}"
    )
}

/// The `Set-Cookie` value that ends a session.
pub fn clear_cookie(secure: bool) -> String {
    session_cookie("", 0, secure)
}
