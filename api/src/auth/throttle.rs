//! Sign-in throttling, answered before any password is checked: per client address, and per
//! account and address together (so that an attacker's address cannot lock the real user out).
//! The state lives in the database (`login_throttle`), so every instance on it counts the same
//! attempts; each limit is a generic cell rate algorithm: a burst, then one attempt per period.

use std::net::IpAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use diesel::prelude::*;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::config::AuthSettings;
use crate::db::AnyConnection;
use crate::db::schema::login_throttle;
use crate::error::ApiError;

#[derive(Clone, Copy)]
struct Limit {
    period_ms: i64,
    /// How far ahead of now the theoretical arrival time may run: (burst - 1) periods.
    tolerance_ms: i64,
}

impl Limit {
    fn new(burst: u32, period: Duration) -> Self {
        let period_ms = i64::try_from(period.as_millis())
            .unwrap_or(i64::MAX / 4)
            .max(1);
        Self {
            period_ms,
            tolerance_ms: period_ms.saturating_mul(i64::from(burst.max(1) - 1)),
        }
    }
}

pub struct LoginThrottle {
    per_ip: Limit,
    per_account: Limit,
    /// Keys are stored as an HMAC under this key, so the table holds no address or e-mail.
    key: Vec<u8>,
}

impl LoginThrottle {
    pub fn new(settings: &AuthSettings) -> Self {
        Self {
            per_ip: Limit::new(settings.login_ip_burst, settings.login_ip_period),
            per_account: Limit::new(settings.login_account_burst, settings.login_account_period),
            key: crate::secrets::derive_key(&settings.jwt_key, "login-throttle"),
        }
    }

    /// Counts an attempt (in a transaction of its own); `RateLimited` with the seconds to wait
    /// when over either limit.
    pub fn attempt(
        &self,
        conn: &mut AnyConnection,
        ip: IpAddr,
        account: &str,
    ) -> Result<(), ApiError> {
        let now = now_ms();
        let outcome = crate::db::write_transaction(conn, |conn| {
            if let Err(wait) = self.take(conn, &format!("ip {ip}"), self.per_ip, now)? {
                return Ok(Err(wait));
            }
            let pair = format!("account {} {ip}", account.trim().to_lowercase());
            self.take(conn, &pair, self.per_account, now)
        })?;
        outcome.map_err(|retry_after| ApiError::RateLimited { retry_after })
    }

    fn take(
        &self,
        conn: &mut AnyConnection,
        name: &str,
        limit: Limit,
        now: i64,
    ) -> QueryResult<Result<(), u64>> {
        let key_hash = self.hash(name);
        let stored: Option<i64> = login_throttle::table
            .find(&key_hash)
            .select(login_throttle::not_before_ms)
            .first(conn)
            .optional()?;
        let arrival = stored.unwrap_or(now).max(now);
        let ahead = arrival - now;
        if ahead > limit.tolerance_ms {
            let wait_ms = u64::try_from(ahead - limit.tolerance_ms).unwrap_or(0);
            return Ok(Err(wait_ms.div_ceil(1000).max(1)));
        }
        let next = arrival.saturating_add(limit.period_ms);
        if stored.is_some() {
            diesel::update(login_throttle::table.find(&key_hash))
                .set(login_throttle::not_before_ms.eq(next))
                .execute(conn)?;
        } else {
            diesel::insert_into(login_throttle::table)
                .values((
                    login_throttle::key_hash.eq(&key_hash),
                    login_throttle::not_before_ms.eq(next),
                ))
                .execute(conn)?;
        }
        Ok(Ok(()))
    }

    fn hash(&self, name: &str) -> String {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.key) else {
            return String::new();
        };
        mac.update(name.as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Forgets limits that are idle again (their arrival time has passed). Call in a write
/// transaction.
pub fn forget_idle(conn: &mut AnyConnection, now: chrono::NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(
        login_throttle::table
            .filter(login_throttle::not_before_ms.lt(now.and_utc().timestamp_millis())),
    )
    .execute(conn)
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
