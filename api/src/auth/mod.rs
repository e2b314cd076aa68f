//! Admin and moderator authentication: argon2id passwords, short-lived JWT access tokens with
//! rotating refresh tokens, TOTP, sign-in throttling, and the extractors handlers use.

pub mod extract;
pub mod jwt;
pub mod password;
pub mod session;
pub mod throttle;
pub mod totp;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::config::AuthSettings;

/// What the auth handlers share: settings, the throttle, and a hash to check unknown accounts
/// against so that they cost the same time as known ones.
pub struct AuthState {
    pub settings: AuthSettings,
    pub throttle: throttle::LoginThrottle,
    pub dummy_hash: String,
    /// How many passwords were checked with argon2 (for tests and monitoring).
    pub password_checks: Arc<AtomicU64>,
}

impl AuthState {
    pub fn new(settings: AuthSettings) -> anyhow::Result<Self> {
        let dummy_hash = password::hash("not a password anyone has, 8e3f1c")?;
        Ok(Self {
            throttle: throttle::LoginThrottle::new(&settings),
            settings,
            dummy_hash,
            password_checks: Arc::new(AtomicU64::new(0)),
        })
    }

    /// Checks a password against a stored hash (or the dummy), counting the check.
    pub fn verify_password(&self, password: &str, stored: Option<&str>) -> bool {
        self.password_checks.fetch_add(1, Ordering::Relaxed);
        let matches = password::verify(password, stored.unwrap_or(&self.dummy_hash));
        matches && stored.is_some()
    }
}
