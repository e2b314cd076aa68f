//! Secrets handed to people: owner tokens (random, stored only as a hash) and form tokens
//! (the time a form was shown, signed with the server's key).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use shared::domain::FieldError;

/// A new owner token: 32 random bytes (256 bits), URL-safe.
pub fn new_owner_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// What is stored of a token: its SHA-256, hex. A leaked database does not give the links.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.trim().as_bytes()))
}

/// Lower-case hexadecimal, two digits a byte.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A key for one purpose derived from the operator's secret, so that one secret serves form
/// tokens and access tokens without either key revealing the other.
pub fn derive_key(secret: &[u8], purpose: &str) -> Vec<u8> {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return Vec::new();
    };
    mac.update(purpose.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// 32 random bytes.
pub fn random_key() -> anyhow::Result<Vec<u8>> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(bytes.to_vec())
}

/// The server's signing key for form tokens.
#[derive(Clone)]
pub struct FormKey(Vec<u8>);

impl std::fmt::Debug for FormKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FormKey(..)")
    }
}

/// How long a form token stays usable.
const FORM_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);

fn unix_millis(at: SystemTime) -> u128 {
    at.duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
}

impl FormKey {
    pub fn new(secret: &[u8]) -> Self {
        Self(secret.to_vec())
    }

    /// A random key, for a single server that has no configured secret: its form tokens do not
    /// survive a restart, which only means a visitor reloads the form.
    pub fn random() -> anyhow::Result<Self> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
        Ok(Self(bytes.to_vec()))
    }

    fn signature(&self, issued: &str) -> String {
        // HMAC accepts keys of any length, so this cannot fail.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) else {
            return String::new();
        };
        mac.update(issued.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    /// A token saying "this form was shown at `at`".
    pub fn issue(&self, at: SystemTime) -> String {
        let issued = unix_millis(at).to_string();
        format!("{issued}.{}", self.signature(&issued))
    }

    /// Checks that the token is ours, at least `min_fill` old and not expired.
    pub fn check(
        &self,
        field: &str,
        token: &str,
        min_fill: Duration,
        now: SystemTime,
    ) -> Result<(), FieldError> {
        let invalid = || {
            FieldError::new(
                field,
                "invalid_form_token",
                "reload the form and send it again",
            )
        };
        let (issued, signature) = token.trim().split_once('.').ok_or_else(invalid)?;
        let expected = self.signature(issued);
        let same = expected.len() == signature.len()
            && expected
                .bytes()
                .zip(signature.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        let issued_ms: u128 = issued.parse().map_err(|_| invalid())?;
        if !same {
            return Err(invalid());
        }
        let now_ms = unix_millis(now);
        let age = now_ms.saturating_sub(issued_ms);
        if age > FORM_TOKEN_LIFETIME.as_millis() {
            return Err(FieldError::new(
                field,
                "form_expired",
                "the form was open too long: reload it and send it again",
            ));
        }
        if age < min_fill.as_millis() || issued_ms > now_ms {
            return Err(FieldError::new(
                field,
                "too_fast",
                "the form was sent too quickly after it was shown; wait a moment and send it again",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_tokens_are_long_random_and_hashed() {
        let (a, b) = (new_owner_token().unwrap(), new_owner_token().unwrap());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn form_tokens_enforce_the_fill_time_and_the_signature() {
        let key = FormKey::new(b"test key");
        let shown = SystemTime::now();
        let token = key.issue(shown);
        let min = Duration::from_secs(3);
        assert_eq!(
            key.check("form_token", &token, min, shown + Duration::from_secs(1))
                .unwrap_err()
                .rule,
            "too_fast"
        );
        assert!(
            key.check("form_token", &token, min, shown + Duration::from_secs(4))
                .is_ok()
        );
        let forged = FormKey::new(b"other key").issue(shown);
        assert_eq!(
            key.check("form_token", &forged, min, shown + Duration::from_secs(4))
                .unwrap_err()
                .rule,
            "invalid_form_token"
        );
        assert_eq!(
            key.check(
                "form_token",
                &token,
                min,
                shown + Duration::from_secs(25 * 3600)
            )
            .unwrap_err()
            .rule,
            "form_expired"
        );
    }
}
