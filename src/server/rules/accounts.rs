//! Accounts: argon2 password hashes, random tokens and ids, and who a
//! signed-in merchant is (their sites and roles).

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::RngCore;

use crate::core::model::Role;
use crate::server::rules::error::{ErrorCode, RuleError};
use crate::server::storage::{Membership, UserRecord};

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
    pub fn role_on(&self, site: &str) -> Result<Role, RuleError> {
        self.memberships
            .iter()
            .find(|m| m.site == site)
            .map(|m| m.role)
            .ok_or_else(RuleError::not_your_site)
    }

    /// Requires the owner role on `site`.
    pub fn require_owner(&self, site: &str) -> Result<(), RuleError> {
        match self.role_on(site)? {
            Role::Owner => Ok(()),
            Role::Moderator => Err(RuleError::Forbidden(ErrorCode::OwnerOnly)),
        }
    }
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
