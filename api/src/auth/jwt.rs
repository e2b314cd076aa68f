//! Access tokens: HS256 JWTs, algorithm pinned, with exp, nbf, iat, iss, aud and sub required
//! and checked.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

pub const ISSUER: &str = "solidarity-map";
pub const AUDIENCE: &str = "solidarity-map-admin";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Claims {
    /// The user's id.
    pub sub: String,
    pub iss: String,
    pub aud: String,
    pub iat: u64,
    pub nbf: u64,
    pub exp: u64,
    /// The user's session epoch when the token was issued (see `users.session_epoch`).
    pub epoch: i32,
    /// Whether the sign-in used a second factor.
    pub mfa: bool,
    /// The sign-in this token belongs to (its refresh tokens' family): revoking the family ends
    /// the token at once.
    pub sid: String,
}

/// No access token is good for longer than this, whatever it says (`ACCESS_TOKEN_MINUTES` is
/// at most 15).
pub const MAX_LIFETIME_SECS: u64 = 15 * 60;

fn unix(at: SystemTime) -> u64 {
    at.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

pub fn issue(
    key: &[u8],
    user_id: &str,
    epoch: i32,
    mfa: bool,
    sid: &str,
    ttl: Duration,
    now: SystemTime,
) -> anyhow::Result<String> {
    let now = unix(now);
    let claims = Claims {
        sub: user_id.to_owned(),
        iss: ISSUER.to_owned(),
        aud: AUDIENCE.to_owned(),
        iat: now,
        nbf: now,
        exp: now + ttl.as_secs(),
        epoch,
        mfa,
        sid: sid.to_owned(),
    };
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(key),
    )
    .map_err(|e| anyhow::anyhow!("signing a token: {e}"))
}

/// The claims of a token we issued that is valid now; `None` for anything else (another
/// algorithm, `none`, another key, a changed payload, another audience or issuer, expired, not
/// yet valid, issued in the future, or living longer than [`MAX_LIFETIME_SECS`] — a token signed
/// with the right key but a distant `exp` is refused too).
pub fn verify(key: &[u8], token: &str) -> Option<Claims> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.algorithms = vec![Algorithm::HS256];
    validation.set_audience(&[AUDIENCE]);
    validation.set_issuer(&[ISSUER]);
    validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud", "sub"]);
    validation.validate_exp = true;
    validation.validate_nbf = true;
    validation.leeway = 5;
    let claims = jsonwebtoken::decode::<Claims>(token, &DecodingKey::from_secret(key), &validation)
        .ok()?
        .claims;
    let now = unix(SystemTime::now());
    let sane = claims.iat <= now + validation.leeway
        && claims.exp.saturating_sub(claims.iat) <= MAX_LIFETIME_SECS
        && !claims.sid.is_empty();
    sane.then_some(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_token_verifies_and_an_expired_one_does_not() {
        let now = SystemTime::now();
        let token = issue(
            b"key",
            "user-1",
            3,
            true,
            "family-1",
            Duration::from_secs(600),
            now,
        )
        .unwrap();
        let claims = verify(b"key", &token).unwrap();
        assert_eq!(
            (claims.sub.as_str(), claims.epoch, claims.mfa),
            ("user-1", 3, true)
        );
        assert!(verify(b"other key", &token).is_none());
        let old = issue(
            b"key",
            "user-1",
            3,
            true,
            "family-1",
            Duration::from_secs(600),
            now - Duration::from_secs(3600),
        )
        .unwrap();
        assert!(verify(b"key", &old).is_none());
        let forever = issue(
            b"key",
            "user-1",
            3,
            true,
            "family-1",
            Duration::from_secs(10 * 365 * 24 * 3600),
            now,
        )
        .unwrap();
        assert!(verify(b"key", &forever).is_none(), "a 10-year token");
        let from_the_future = issue(
            b"key",
            "user-1",
            3,
            true,
            "family-1",
            Duration::from_secs(600),
            now + Duration::from_secs(3600),
        )
        .unwrap();
        assert!(verify(b"key", &from_the_future).is_none());
    }
}
