//! Secrets handed to people: owner tokens (random, stored only as a hash), form tokens
//! (the time a form was shown, signed with the server's key) and the key that seals e-mails
//! waiting in the outbox.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
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
pub const FORM_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// A form token that passed [`FormKey::check`]: what the write it allows records, in the same
/// transaction, so that the token allows only one ([`crate::db::models::form_token`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsableFormToken {
    /// [`token_hash`] of the token: nothing about who sent it.
    pub hash: String,
    /// When the token stops being accepted anyway; its record can go then.
    pub expires_at: SystemTime,
}

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

    /// A token saying "this form was shown at `at`", with a random nonce so that no two forms
    /// get the same token (each token allows one submission).
    pub fn issue(&self, at: SystemTime) -> anyhow::Result<String> {
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
        let signed = format!("{}.{}", unix_millis(at), URL_SAFE_NO_PAD.encode(nonce));
        Ok(format!("{signed}.{}", self.signature(&signed)))
    }

    /// Checks that the token is ours, at least `min_fill` old and not expired. Tokens issued
    /// before they had a nonce (`<millis>.<signature>`) are still read.
    pub fn check(
        &self,
        field: &str,
        token: &str,
        min_fill: Duration,
        now: SystemTime,
    ) -> Result<UsableFormToken, FieldError> {
        let invalid = || {
            FieldError::new(
                field,
                "invalid_form_token",
                "reload the form and send it again",
            )
        };
        let (signed, signature) = token.trim().rsplit_once('.').ok_or_else(invalid)?;
        let issued = signed.split('.').next().unwrap_or_default();
        let expected = self.signature(signed);
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
        let issued_at = UNIX_EPOCH + Duration::from_millis(u64::try_from(issued_ms).unwrap_or(0));
        Ok(UsableFormToken {
            hash: token_hash(token),
            expires_at: issued_at + FORM_TOKEN_LIFETIME,
        })
    }
}

/// Seals e-mail bodies while they wait in the outbox (XChaCha20-Poly1305), so that neither the
/// database nor a backup holds the owner links and invitations they carry.
#[derive(Clone)]
pub struct OutboxKey([u8; 32]);

impl std::fmt::Debug for OutboxKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OutboxKey(..)")
    }
}

/// What a sealed body starts with: no e-mail we write does.
pub const SEALED_PREFIX: &str = "sealed:v1:";

/// The nonce's length: XChaCha20's 24 bytes are enough to pick them at random.
const NONCE_LEN: usize = 24;

impl OutboxKey {
    /// A key of any length (one derived from `SECRET_KEY`, or random), reduced to 32 bytes.
    pub fn new(key: &[u8]) -> Self {
        Self(Sha256::digest(key).into())
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&self.0.into())
    }

    /// Whether `stored` was written by [`OutboxKey::seal`] (with this key or another).
    pub fn is_sealed(stored: &str) -> bool {
        stored.starts_with(SEALED_PREFIX)
    }

    /// `plaintext`, encrypted and bound to `context` (the message's id and recipient, so that
    /// a sealed body moved to another row, or to another recipient, does not open).
    pub fn seal(&self, plaintext: &str, context: &str) -> anyhow::Result<String> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
        let payload = Payload {
            msg: plaintext.as_bytes(),
            aad: context.as_bytes(),
        };
        let sealed = self
            .cipher()
            .encrypt(&XNonce::from(nonce), payload)
            .map_err(|_| anyhow::anyhow!("sealing an e-mail body failed"))?;
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        Ok(format!("{SEALED_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// The plaintext of a sealed body, or `None` when it was sealed with another key (a changed
    /// `SECRET_KEY`, or a random one from before a restart), for another context, or altered.
    pub fn open(&self, stored: &str, context: &str) -> Option<String> {
        let bytes = URL_SAFE_NO_PAD
            .decode(stored.strip_prefix(SEALED_PREFIX)?)
            .ok()?;
        let (nonce, sealed) = bytes.split_at_checked(NONCE_LEN)?;
        let nonce: [u8; NONCE_LEN] = nonce.try_into().ok()?;
        let payload = Payload {
            msg: sealed,
            aad: context.as_bytes(),
        };
        let plain = self.cipher().decrypt(&XNonce::from(nonce), payload).ok()?;
        String::from_utf8(plain).ok()
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
        let token = key.issue(shown).unwrap();
        assert_ne!(token, key.issue(shown).unwrap(), "a nonce tells them apart");
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
        let forged = FormKey::new(b"other key").issue(shown).unwrap();
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
        let usable = key
            .check("form_token", &token, min, shown + Duration::from_secs(4))
            .unwrap();
        assert_eq!(usable.hash, token_hash(&token));
        assert_eq!(usable.expires_at, shown_ms(shown) + FORM_TOKEN_LIFETIME);
    }

    fn shown_ms(at: SystemTime) -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(unix_millis(at) as u64)
    }

    #[test]
    fn tokens_from_before_the_nonce_are_still_read() {
        let key = FormKey::new(b"test key");
        let shown = SystemTime::now();
        let issued = unix_millis(shown).to_string();
        let old = format!("{issued}.{}", key.signature(&issued));
        assert!(
            key.check(
                "form_token",
                &old,
                Duration::ZERO,
                shown + Duration::from_secs(1)
            )
            .is_ok()
        );
    }

    #[test]
    fn sealed_bodies_open_only_with_the_same_key_and_context() {
        let key = OutboxKey::new(b"a key");
        let sealed = key
            .seal("/owner#secret-token", "id\nto@example.org")
            .unwrap();
        assert!(OutboxKey::is_sealed(&sealed));
        assert!(!sealed.contains("secret-token"));
        assert_ne!(
            sealed,
            key.seal("/owner#secret-token", "id\nto@example.org")
                .unwrap()
        );
        assert_eq!(
            key.open(&sealed, "id\nto@example.org").as_deref(),
            Some("/owner#secret-token")
        );
        assert_eq!(key.open(&sealed, "id\nthief@example.org"), None);
        assert_eq!(
            OutboxKey::new(b"another key").open(&sealed, "id\nto@example.org"),
            None
        );
        assert_eq!(key.open("plain text", "id\nto@example.org"), None);
        assert_eq!(key.open("sealed:v1:AAAA", "id\nto@example.org"), None);
    }
}
