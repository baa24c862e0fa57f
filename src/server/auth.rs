//! Merchant authentication: argon2 password hashes, sessions identified by a
//! random token (sent as an HttpOnly cookie or a bearer token; only its
//! SHA-256 is stored), and the CSRF rule for cookie sessions: a mutating
//! request must carry the `X-Candor-CSRF` header, which a cross-site form or
//! image cannot send and a cross-origin script can only send after a CORS
//! preflight that only the site's own origins pass.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, Method};
use rand::RngCore;

use crate::core::model::Role;
use crate::server::error::{ApiErrorMsg, AppError};
use crate::server::storage::{Membership, UserRecord};
use crate::server::validate::sha256_hex;
use crate::server::AppState;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "candor_session";
/// Header a cookie-authenticated mutating request must carry.
pub const CSRF_HEADER: &str = "x-candor-csrf";

/// Hashes a password with argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `password` matches a stored PHC hash.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A random secret as 64 hex characters (session and author tokens, site
/// secrets).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// A random public id with a prefix, e.g. `r_3f9a0c...` (16 hex digits).
pub fn random_id(prefix: &str) -> String {
    let mut bytes = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{prefix}{}", hex::encode(bytes))
}

/// Compares two strings in time independent of where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A signed-in merchant, extracted from a bearer token or the session cookie.
#[derive(Debug, Clone)]
pub struct Merchant {
    /// The account.
    pub user: UserRecord,
    /// Sites and roles.
    pub memberships: Vec<Membership>,
    /// SHA-256 of the session token (for logout).
    pub session_sha256: String,
}

impl Merchant {
    /// The merchant's role on `site`, or 403 when they have none.
    pub fn role_on(&self, site: &str) -> Result<Role, AppError> {
        self.memberships
            .iter()
            .find(|m| m.site == site)
            .map(|m| m.role)
            .ok_or_else(AppError::not_your_site)
    }

    /// Requires the owner role on `site`.
    pub fn require_owner(&self, site: &str) -> Result<(), AppError> {
        match self.role_on(site)? {
            Role::Owner => Ok(()),
            Role::Moderator => Err(AppError::Forbidden {
                code: "owner_only",
                msg: ApiErrorMsg::OwnerOnly,
            }),
        }
    }
}

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
            return Err(AppError::Forbidden {
                code: "csrf_failed",
                msg: ApiErrorMsg::CsrfFailed,
            });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong", &hash));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn tokens_are_random_hex() {
        let (a, b) = (random_token(), random_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(constant_time_eq(&a, &a.clone()));
        assert!(!constant_time_eq(&a, &b));
        assert!(random_id("r_").starts_with("r_"));
    }
}
