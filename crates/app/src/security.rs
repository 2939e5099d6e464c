//! Secrets: argon2id password hashes, random tokens, and the SHA-256 digests under which tokens
//! are stored (a session id or API token is never stored in the clear).

use crate::error::{AppError, AppResult};
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use domain::FieldError;
use sha2::{Digest, Sha256};

pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 1024;

/// A password as typed. `Debug` never shows it.
#[derive(Clone)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

impl Password {
    /// A new password must be 12 to 1,024 characters (NIST SP 800-63B: length, not composition).
    pub fn new(field: &str, raw: &str) -> Result<Password, FieldError> {
        let n = raw.chars().count();
        if n < PASSWORD_MIN {
            return Err(FieldError::with_limit(field, "error-password-too-short", PASSWORD_MIN as u64));
        }
        if n > PASSWORD_MAX {
            return Err(FieldError::with_limit(field, "error-password-too-long", PASSWORD_MAX as u64));
        }
        Ok(Password(raw.to_owned()))
    }
    /// A password offered at login: no policy, it is only compared.
    pub fn offered(raw: &str) -> Password {
        Password(raw.chars().take(PASSWORD_MAX).collect())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

fn argon2() -> Argon2<'static> {
    // OWASP's recommended argon2id parameters: 19 MiB, 2 passes, 1 lane.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash_password(password: &Password) -> AppResult<String> {
    argon2()
        .hash_password(password.expose().as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("password hashing: {e}")))
}

pub fn verify_password(password: &Password, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(hash) => argon2().verify_password(password.expose().as_bytes(), &hash).is_ok(),
        Err(_) => false,
    }
}

/// Verifying against this costs as much as against a real hash, so that a login for an unknown
/// address takes as long as one for a known address.
pub fn dummy_verify(password: &Password) {
    static DUMMY: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    if let Some(hash) = DUMMY.get_or_init(|| hash_password(&Password::offered("not-a-real-password-at-all")).ok()) {
        let _ = verify_password(password, hash);
    }
}

/// 32 random bytes as URL-safe text (hex), with a prefix that says what the token is for.
pub fn random_token(prefix: &str) -> AppResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("random: {e}")))?;
    let mut out = String::with_capacity(prefix.len() + 64);
    out.push_str(prefix);
    for b in bytes {
        out.push_str(&format!("{b:02x}"));
    }
    Ok(out)
}

pub fn digest(secret: &str) -> String {
    let hash = Sha256::digest(secret.as_bytes());
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let password = Password::new("password", "correct horse battery staple").unwrap();
        let hash = hash_password(&password).unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(verify_password(&password, &hash));
        assert!(!verify_password(&Password::offered("wrong horse battery staple"), &hash));
        assert!(!verify_password(&password, "not a hash"));
    }

    #[test]
    fn password_policy_is_length() {
        assert_eq!(Password::new("password", "short").unwrap_err().limit, Some(12));
        assert!(Password::new("password", &"x".repeat(1025)).is_err());
        assert_eq!(format!("{:?}", Password::offered("secret")), "Password(***)");
    }

    #[test]
    fn tokens_are_random_and_digests_stable() {
        let a = random_token("kks_").unwrap();
        assert!(a.starts_with("kks_") && a.len() == 68);
        assert_ne!(a, random_token("kks_").unwrap());
        assert_eq!(digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert!(constant_time_eq("abc", "abc") && !constant_time_eq("abc", "abd") && !constant_time_eq("a", "ab"));
    }
}
